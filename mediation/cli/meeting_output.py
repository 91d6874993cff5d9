"""What the meeting commands print: a meeting's line, the report of its notices (e-mailed,
for the post, not sent), a warning about its time, what the absence rule did, and a meeting
in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mediation.views.jsonable import to_jsonable

from .context import Ctx

if TYPE_CHECKING:
    from mediation.views.meetings import (
        AbsenceOutcome,
        HearingCtx,
        MeetingDetail,
        MeetingResult,
        MeetingView,
        NoticeReport,
        TimeWarning,
    )


def meeting_line(v: MeetingView, ctx: Ctx) -> str:
    from mediation.core.formats import kdatetime
    from mediation.core.vocabulary import MEETING_KINDS, MEETING_STATUSES, title

    openness = ctx.pick("공개", "public") if v.public else ctx.pick("비공개", "closed")
    line = (f"{v.id}\t[{title(MEETING_STATUSES, v.status, ctx.lang)}]\t"
            f"{kdatetime(v.starts_at, ctx.lang)}\t{title(MEETING_KINDS, v.kind, ctx.lang)}\t"
            f"{v.place}\t{openness}")
    if v.case_closed and v.status == "scheduled":
        line += "\t" + ctx.pick("※ 사건 종결됨: 열리지 않을 회의입니다. `meeting cancel`로 "
                                 "취소하고 통지하세요",
                                 "※ case closed: this meeting will not be held; cancel it "
                                 "(and notify) with `meeting cancel`")
    return line


def result_json(result: MeetingResult) -> dict[str, object]:
    """The meeting's own fields at the top (as ``meeting list --json`` has them, ``notices``
    the numbers of all its notices), with ``notice_report`` (what became of the notices
    this command wrote, or null), ``absences`` and ``warning`` beside them."""
    data: dict[str, object] = to_jsonable(result.meeting)
    data["notice_report"] = to_jsonable(result.notice_report)
    data["absences"] = to_jsonable(result.absences)
    data["warning"] = to_jsonable(result.warning)
    data["withdrawal_unsupported"] = result.withdrawal_unsupported
    return data


def time_warning_line(ctx: Ctx, warning: TimeWarning | None) -> str | None:
    """One line when the meeting starts on a day off or outside office hours."""
    if warning is None:
        return None
    return ctx.pick(f"mediation: 경고: {warning.ko}", f"mediation: warning: {warning.en}")


def notice_lines(ctx: Ctx, report: NoticeReport | None) -> list[str]:
    if report is None:
        return [ctx.pick("통지를 작성하지 않았습니다(--no-notice 또는 통지 없이 잡은 회의).",
                         "No notices written (--no-notice, or a meeting scheduled without).")]
    if not report.documents:
        return [ctx.pick("통지할 당사자가 없습니다.", "No parties to notify.")]
    lines = [f"{ctx.pick('전자우편', 'e-mailed')}  {s.document} → {s.to}" for s in report.sent]
    lines += [f"{ctx.pick('우편 발송 필요', 'needs the post')}  {p.document}  {p.recipient}  "
              f"{p.address or ctx.pick('(주소 없음)', '(no address)')}" for p in report.postal]
    lines += [f"{ctx.pick('발송 안 됨', 'NOT sent')}  {d}" for d in report.unsent]
    return lines


def mail_warning(ctx: Ctx, number: str, report: NoticeReport | None) -> str | None:
    """One line when e-mail failed: the notices stay registered; how to send them again."""
    if report is None or not report.unsent:
        return None
    from .text import one_line

    again = f"mediation letter send {number} {' '.join(report.unsent)}"
    why = ctx.pick(report.error_ko or "", report.error_en or "")
    return one_line(ctx.pick(
        f"mediation: 경고: 통지 {len(report.unsent)}건을 전자우편으로 보내지 못했습니다({why}). "
        f"회의와 통지 문서는 등록되어 있습니다. 다시 보내려면: {again}",
        f"mediation: warning: {len(report.unsent)} notice(s) could not be e-mailed ({why}). "
        f"The meeting and its notices are registered. To send them again: {again}"))


def absence_line(ctx: Ctx, o: AbsenceOutcome) -> str:
    meetings = ", ".join(f"#{m}" for m in o.meetings)
    head = ctx.pick(f"불출석 규칙: 신청인 {o.party_name}(#{o.party_id})의 정당한 사유 없는 불출석 "
                    f"{o.absences}회(기준 {o.limit}회; 회의 {meetings})",
                    f"Absence rule: applicant {o.party_name} (#{o.party_id}) missed {o.absences} "
                    f"meetings without excuse (limit {o.limit}; meetings {meetings})")
    queued = ctx.pick("갈등조정관과 갈등조정담당관에게 알림 메일을 발송 대기열에 넣었습니다"
                      "(reminders run-due)",
                      "an e-mail to the mediator and the supervisor is queued "
                      "(sent by reminders run-due)")
    if o.action == "withdraw":
        what = ctx.pick(f"시스템이 '{o.trigger}'을(를) 실행하여 사건을 '{o.state_ko or o.state}' "
                        f"상태로 종결했습니다(철회 간주); {queued}",
                        f"the system fired '{o.trigger}': the case is closed as "
                        f"'{o.state_en or o.state}' (deemed withdrawn); {queued}")
        if o.scheduled:
            what += ctx.pick(f"; 예정된 회의 {_ids(o.scheduled)}은(는) 남아 있습니다"
                             "(`meeting cancel`로 취소)",
                             f"; meetings {_ids(o.scheduled)} are still scheduled "
                             "(cancel them with `meeting cancel`)")
    else:
        what = queued
    return f"{head} — {what}. {ctx.pick('근거', 'Basis')}: {ctx.pick(o.basis, o.basis_en or o.basis)}"


def _ids(ids: tuple[int, ...]) -> str:
    return ", ".join(f"#{i}" for i in ids)


def hearing_lines(ctx: Ctx, h: HearingCtx) -> list[str]:
    """A hearing's speakers and how to take part (행정절차법 제38조), as given."""
    from mediation.core.formats import kdate

    none = ctx.pick("(정하지 않음: 통지서에 기본 문구)", "(not given: the notice's default wording)")
    return [f"{ctx.pick('발표자', 'Speakers')}: {', '.join(h.speakers) or none}",
            f"{ctx.pick('발표 신청 기한', 'Apply to speak by')}: "
            f"{kdate(h.apply_by, ctx.lang) if h.apply_by else none}",
            f"{ctx.pick('발표 신청 방법', 'How to apply')}: {h.apply_how or none}",
            f"{ctx.pick('온라인 의견 제출', 'Comments online')}: {h.comments or none}"]


def detail_lines(ctx: Ctx, d: MeetingDetail) -> list[str]:
    from mediation.core.vocabulary import PARTY_ROLES, title

    v = d.meeting
    lines = [meeting_line(v, ctx)]
    if v.agenda:
        lines.append(f"{ctx.pick('안건', 'Agenda')}:")
        lines += [f"  - {item.strip()}" for item in v.agenda.splitlines() if item.strip()]
    if v.forced_reason:
        lines.append(f"{ctx.pick('강행 사유(--force)', 'Forced because')}: {v.forced_reason}")
    if v.cancel_reason:
        lines.append(f"{ctx.pick('취소 사유', 'Cancelled because')}: {v.cancel_reason}")
    if v.notices:
        lines.append(f"{ctx.pick('통지 문서', 'Notices')}: {', '.join(v.notices)}")
    if d.hearing is not None:
        lines += hearing_lines(ctx, d.hearing)
    labels = {"attended": ctx.pick("출석", "attended"), "absent": ctx.pick("불출석", "absent"),
              "excused": ctx.pick("사유 있는 불출석", "excused")}
    for line in d.attendance:
        lines.append(f"  {labels[line.status]}\t#{line.party_id} {line.name} "
                     f"({title(PARTY_ROLES, line.role, ctx.lang)})")
    if d.minutes is None:
        lines.append(ctx.pick("회의록: 없음", "Minutes: none"))
    else:
        lines.append(f"{ctx.pick('회의록', 'Minutes')} (SHA-256 {v.minutes_sha256}):")
        lines.append(d.minutes.rstrip("\n"))
    return lines
