"""What the meeting commands print: a meeting's line, the report of its notices (e-mailed,
for the post, not sent), what the absence rule did, and a meeting in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import Ctx, to_jsonable

if TYPE_CHECKING:
    from ..meeting_views import AbsenceOutcome, MeetingDetail, MeetingResult, MeetingView, NoticeReport


def meeting_line(v: MeetingView, ctx: Ctx) -> str:
    from ..formats import kdatetime

    kind = {"joint": ctx.pick("합동회의", "joint"), "separate": ctx.pick("개별면담", "separate"),
            "hearing": ctx.pick("공청회", "hearing")}[v.kind]
    openness = ctx.pick("공개", "public") if v.public else ctx.pick("비공개", "closed")
    return (f"{v.id}\t[{v.status}]\t{kdatetime(v.starts_at, ctx.lang)}\t{kind}\t{v.place}\t"
            f"{openness}")


def result_json(result: MeetingResult) -> dict[str, object]:
    """The meeting's own fields at the top (as ``meeting list --json`` has them), with
    ``notices`` and ``absences`` beside them."""
    data: dict[str, object] = to_jsonable(result.meeting)
    data["notices"] = to_jsonable(result.notices)
    data["absences"] = to_jsonable(result.absences)
    return data


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
    from .main import one_line

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
    if o.action == "withdraw":
        what = ctx.pick(f"시스템이 '{o.trigger}'을(를) 실행하여 사건을 {o.state} 상태로 "
                        "종결했습니다(철회 간주)",
                        f"the system fired '{o.trigger}': the case is closed as {o.state} "
                        "(deemed withdrawn)")
    else:
        what = ctx.pick("갈등조정관과 갈등조정담당관에게 알림 메일을 발송 대기열에 넣었습니다"
                        "(reminders run-due)",
                        "an e-mail to the mediator and the supervisor is queued "
                        "(sent by reminders run-due)")
    return f"{head} — {what}. {ctx.pick('근거', 'Basis')}: {o.basis}"


def detail_lines(ctx: Ctx, d: MeetingDetail) -> list[str]:
    from ..vocabulary import PARTY_ROLES, title

    v = d.meeting
    lines = [meeting_line(v, ctx)]
    if v.agenda:
        lines.append(f"{ctx.pick('안건', 'Agenda')}:")
        lines += [f"  - {item.strip()}" for item in v.agenda.splitlines() if item.strip()]
    if v.forced_reason:
        lines.append(f"{ctx.pick('짧은 통지 사유', 'Short notice because')}: {v.forced_reason}")
    if v.cancel_reason:
        lines.append(f"{ctx.pick('취소 사유', 'Cancelled because')}: {v.cancel_reason}")
    if v.notices:
        lines.append(f"{ctx.pick('통지 문서', 'Notices')}: {', '.join(v.notices)}")
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
