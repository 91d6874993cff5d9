"""The one exception root of the package and its structured subclasses.

Every error carries its fields and builds a Korean and an English message when it is
created; the CLI picks the language and maps ``exit_code`` to the process status.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from mediation.core.formats import topic


class MediationError(Exception):
    """Root of every error the package raises on purpose."""

    exit_code: ClassVar[int] = 1
    ko: ClassVar[str] = "알 수 없는 오류가 발생했습니다: {detail}"
    en: ClassVar[str] = "Unexpected error: {detail}"

    def __init__(self, **fields: Any) -> None:
        self.fields: Mapping[str, Any] = fields
        self.messages = {
            "ko": self.ko.format(**fields),
            "en": self.en.format(**fields),
        }
        super().__init__(self.messages["en"])

    def message(self, lang: str = "ko") -> str:
        """The one-line message in ``lang`` (Korean unless ``en``)."""
        return self.messages.get(lang, self.messages["ko"])


class BadInput(MediationError):
    """The user gave a value the product cannot accept."""

    exit_code = 2
    ko = "잘못된 입력입니다 ({field}): {reason_ko}"
    en = "Invalid input ({field}): {reason_en}"


class NotAChoice(BadInput):
    """A value outside a closed vocabulary; lists the choices in the reader's language."""

    ko = "잘못된 입력입니다 ({field}): '{value}'은(는) 다음 중 하나가 아닙니다: {choices_ko}"
    en = "Invalid input ({field}): '{value}' is not one of: {choices_en}"


class NotADistrict(BadInput):
    """A district that is not one of the office's list (``MEDIATION_DISTRICTS_FILE``)."""

    ko = ("잘못된 입력입니다 (district): '{value}'은(는) 등록된 자치구가 아닙니다{hint_ko}. "
          "자치구는 목록에 있는 그대로 씁니다 (목록: mediation case districts)")
    en = ("Invalid input (district): '{value}' is not a listed district{hint_en}. Write a "
          "district exactly as listed (see: mediation case districts)")


class DefinitionError(MediationError):
    """A workflow file is malformed; names the file and the key path."""

    exit_code = 2
    ko = "{path}: {where}: {reason_ko}"
    en = "{path}: {where}: {reason_en}"


class NotFound(MediationError):
    """A case, party, user, meeting or workflow that does not exist."""

    exit_code = 3
    ko = "{what_ko} '{key}'을(를) 찾을 수 없습니다. {hint_ko}"
    en = "No {what_en} '{key}'. {hint_en}"

    KINDS: ClassVar[dict[str, tuple[str, str, str, str]]] = {
        "case": ("사건", "case", "`mediation case list`로 번호를 확인하세요.",
                 "See `mediation case list` for case numbers."),
        "party": ("당사자", "party", "`mediation party list 사건번호`로 확인하세요.",
                  "See `mediation party list NUMBER`."),
        "user": ("사용자", "user", "`mediation user list`로 확인하세요.",
                 "See `mediation user list`."),
        "login": ("로그인 계정에 연결된 사용자", "user for the OS login",
                  "관리자가 `mediation user add 이름 ... --login 계정` 또는 "
                  "`mediation user update 이름 --login 계정`으로 연결하세요.",
                  "An admin maps it: `mediation user add NAME ... --login LOGIN` or "
                  "`mediation user update NAME --login LOGIN`."),
        "workflow": ("업무흐름", "workflow", "`mediation workflow list`로 확인하세요.",
                     "See `mediation workflow list`."),
        "issue": ("쟁점", "issue", "`mediation issue list 사건번호`로 확인하세요.",
                  "See `mediation issue list NUMBER`."),
        "item": ("합의 항목", "agreement item", "`mediation agreement show 사건번호`로 확인하세요.",
                 "See `mediation agreement show NUMBER`."),
        "meeting": ("회의", "meeting", "`mediation meeting list 사건번호`로 확인하세요.",
                    "See `mediation meeting list NUMBER`."),
        "file": ("파일", "file", "경로를 확인하세요.", "Check the path."),
        "document": ("문서", "document", "`mediation letter list 사건번호`로 확인하세요.",
                     "See `mediation letter list NUMBER`."),
        "calendar feed": ("일정 구독 주소", "calendar feed",
                          "웹 콘솔의 '내 정보'에서 새 주소를 받으세요.",
                          "Get a new address on the console's settings page."),
        "attachment": ("첨부 파일", "attachment", "`mediation attach list 사건번호`로 확인하세요.",
                       "See `mediation attach list NUMBER`."),
    }

    def __init__(self, *, kind: str, key: object) -> None:
        what_ko, what_en, hint_ko, hint_en = self.KINDS[kind]
        super().__init__(kind=kind, key=key, what_ko=what_ko, what_en=what_en,
                         hint_ko=hint_ko, hint_en=hint_en)


class Refused(MediationError):
    """The workflow or the permissions refuse the request."""

    exit_code = 4
    ko = "{reason_ko}"
    en = "{reason_en}"


class AlreadyIssued(Refused):
    """A kind issued once per recipient (the agreement, a receipt) is issued again only as a
    correction of the one on record."""

    ko = ("'{kind_ko}'은(는) 이미 발행되었습니다: {document} ({date_ko}). 같은 문서가 필요하면 "
          "`mediation letter print {document}`, 고쳐 낼 때는 `--replaces {document}`, 잘못 "
          "발행했으면 `mediation letter void {document} --reason 사유`를 쓰세요.")
    en = ("The {kind_en} was already issued: {document} ({date_en}). For the same document use "
          "`mediation letter print {document}`; to issue a corrected version add "
          "`--replaces {document}`; if it was issued by mistake, `mediation letter void "
          "{document} --reason TEXT`.")

    def __init__(self, *, document: str, kind_ko: str, kind_en: str, date: Any) -> None:
        from mediation.core.formats import kdate

        super().__init__(document=document, kind_ko=kind_ko, kind_en=kind_en,
                         date_ko=kdate(date, "ko"), date_en=kdate(date, "en"))


class NotCurrent(Refused):
    """A document that is no longer the one in force (voided, or replaced by a correction)."""

    ko = "문서 {document}은(는) {state_ko}. {hint_ko}"
    en = "Document {document} is {state_en}. {hint_en}"

    def __init__(self, *, document: str, status: str, by: str | None = None,
                 reason: str | None = None) -> None:
        if status == "replaced":
            state_ko, state_en = f"{by}(으)로 정정되었습니다", f"replaced by {by}"
            hint_ko, hint_en = f"{by}을(를) 쓰세요.", f"Use {by}."
        elif status == "draft":
            state_ko, state_en = "결재를 기다리는 초안입니다", "a draft awaiting approval"
            hint_ko = (f"사건의 담당관(또는 관리자)이 `mediation letter approve {document}`로 "
                       "결재한 뒤에 발송할 수 있습니다.")
            hint_en = (f"The case's supervisor (or an admin) approves it first: `mediation "
                       f"letter approve {document}`.")
        elif status == "returned":
            state_ko, state_en = "반려되었습니다", "returned by the approver"
            hint_ko = f"정정본을 `--replaces {document}`로 작성하세요."
            hint_en = f"Write a corrected version with `--replaces {document}`."
        elif status == "void":
            state_ko, state_en = "무효 처리되었습니다", "void"
            hint_ko = f"(사유: {reason})" if reason else ""
            hint_en = f"(reason: {reason})" if reason else ""
        else:
            state_ko, state_en = "아직 발행되지 않았습니다", "not issued yet"
            hint_ko, hint_en = "잠시 후 다시 하세요.", "Try again in a moment."
        super().__init__(document=document, state_ko=state_ko, state_en=state_en,
                         hint_ko=hint_ko, hint_en=hint_en)


class TriggerNotAvailable(Refused):
    ko = ("'{trigger}'은(는) 현재 단계 '{state_ko}'에서 사용할 수 없습니다. 가능한 트리거: "
          "{available_ko}")
    en = ("'{trigger}' is not available at '{state_en}'. Available triggers: {available_en}")


class GuardFailed(Refused):
    """A step whose conditions are unmet; named by its title, with the trigger one types."""

    ko = "{named_ko} 아직 할 수 없습니다: {reasons_ko}"
    en = "{title_en} ({trigger}) cannot be done yet: {reasons_en}"


class NoteRequired(Refused):
    ko = "{title_ko}({trigger})에는 사유가 필요합니다. --note로 입력하세요."
    en = "{title_en} ({trigger}) needs a note: give one with --note."


class PermissionDenied(Refused):
    ko = "사용자 '{user}'({role_ko})은(는) {action_ko} 권한이 없습니다.{hint_ko}"
    en = "User '{user}' ({role}) may not {action_en}.{hint_en}"

    # the role by its title in Korean (``core.vocabulary.USER_ROLES``, which imports this module)
    ROLES_KO: ClassVar[dict[str, str]] = {"mediator": "갈등조정관", "supervisor": "갈등조정담당관",
                                          "admin": "관리자"}

    def __init__(self, **fields: Any) -> None:
        role = str(fields.get("role", ""))
        super().__init__(**{"role_ko": self.ROLES_KO.get(role, role), "hint_ko": "",
                            "hint_en": "", **fields})


class ReadDenied(Refused):
    """A user reads a case that is neither theirs nor one they supervise (admins read all)."""

    ko = "사건 {number}은(는) 담당 갈등조정관과 담당관, 관리자만 볼 수 있습니다 (사용자 '{user}')."
    en = ("Case {number} can be read only by its mediator, its supervisor and admins "
          "(not by '{user}').")


class ReviewersOnly(Refused):
    """A check over the whole database by a user who is neither an admin nor a supervisor."""

    ko = "{what_topic_ko} 관리자와 갈등조정담당관만 할 수 있습니다 (사용자 '{user}'). {hint_ko}"
    en = "{what_en} is for admins and supervisors only (not '{user}'); {hint_en}"

    # what to do next: the audit checks have a per-case form; other checks go to a reviewer
    AUDIT_HINT = ("담당 사건은 `mediation audit verify 사건번호`로 검증하세요.",
                  "verify a case of yours with `mediation audit verify NUMBER`.")
    ASK_HINT = ("관리자나 담당관에게 요청하세요.", "ask an admin or a supervisor.")

    def __init__(self, *, what_ko: str, what_en: str, user: str,
                 hint: tuple[str, str] = ASK_HINT) -> None:
        super().__init__(what_ko=what_ko, what_topic_ko=topic(what_ko), what_en=what_en,
                         user=user, hint_ko=hint[0], hint_en=hint[1])


class ClockBehind(Refused):
    """A change dated before the case's last recorded step: events never go back in time."""

    ko = ("사건 {number}의 마지막 기록({last})보다 이른 시각({now})으로는 기록할 수 없습니다. "
          "컴퓨터의 시계를 확인하세요.")
    en = ("Case {number} was last changed at {last}; a change dated {now} would go back in "
          "time. Check the computer's clock.")


class SimulationOnly(MediationError):
    """A simulation's setting (the clock, acting as anyone) in an office's database."""

    exit_code = 2
    ko = ("{setting}은(는) 모의 데이터베이스('mediation init --simulation')에서만 쓸 수 있습니다. "
          "이 데이터베이스는 업무용이므로 {instead}")
    en = ("{setting} is honoured only in a simulation database ('mediation init --simulation'); "
          "this is an office database, so {instead_en}")


class ConcurrentChange(MediationError):
    """Someone else changed the record between read and write."""

    exit_code = 5
    ko = "사건 {number}이(가) 조회 이후 다른 사용자에 의해 변경되었습니다. 다시 조회한 뒤 시도하세요."
    en = "Case {number} changed since you read it; show it again and retry."


class StorageError(MediationError):
    """The database could not be reached or is not initialised."""

    exit_code = 1
    ko = "데이터베이스 오류: {detail}"
    en = "Database error: {detail}"


class AuditBroken(MediationError):
    """The hash chain of a case does not verify."""

    exit_code = 4
    ko = "감사 기록 검증 실패: 사건 {number}의 {seq}번 이벤트 — {reason_ko}"
    en = "Audit verification failed: case {number}, event {seq} — {reason_en}"


class NotInitialised(StorageError):
    """The database has no schema yet."""

    ko = "데이터베이스가 초기화되지 않았습니다 ({detail}). `mediation init`을 실행하세요."
    en = "The database is not initialised ({detail}). Run `mediation init`."


class BidiControl(BadInput):
    """A text holds a bidirectional control, which can show its characters in another order
    than they are stored (``2026-0001`` shown for ``1000-6202``)."""

    ko = ("잘못된 입력입니다 ({field}): 글자 방향을 바꾸는 제어 문자 {char}은(는) 쓸 수 "
          "없습니다")
    en = "Invalid input ({field}): the bidirectional control character {char} is not allowed"


class InvisibleText(BadInput):
    """A text with no visible character: only zero-width, format or blank characters."""

    ko = "잘못된 입력입니다 ({field}): 보이는 글자 없이 {chars}만 있습니다"
    en = "Invalid input ({field}): no visible character, only {chars}"


class UniqueIdentifier(BadInput):
    """A text holds a number shaped like a unique identifier (주민등록번호, 외국인등록번호,
    passport or driver's licence number), which the program never stores."""

    ko = ("잘못된 입력입니다 ({field}): {what_ko}로 보이는 번호가 있습니다 — 고유식별정보는 "
          "저장하지 않습니다. 번호를 지우고 다시 입력하세요 (아무것도 저장하지 않았습니다)")
    en = ("Invalid input ({field}): it holds what looks like a {what_en}; unique identifiers "
          "are never stored. Remove the number and try again (nothing was saved)")


class DatabaseBusy(MediationError):
    """The database stayed locked by other writers for the whole wait
    (``MEDIATION_DB_BUSY_SECONDS``), or a PostgreSQL deadlock or serialization failure."""

    exit_code = 5
    ko = "데이터베이스가 사용 중입니다({seconds:g}초 동안 기다림). 잠시 후 다시 시도하세요. ({detail})"
    en = "The database is busy (waited {seconds:g} s); try again in a moment. ({detail})"


class FolderNotWritable(MediationError):
    """A folder the program writes documents or mail into is not a folder, is full, is
    read-only or may not be written by this user."""

    exit_code = 2
    ko = "폴더 {folder}에 파일을 쓸 수 없습니다: {reason}"
    en = "Cannot write files in the folder {folder}: {reason}"


class NumberVoided(MediationError):
    """A reserved document number was voided (its holder looked gone) before its file was
    registered."""

    exit_code = 5
    ko = "문서 번호 {document}의 예약이 만료되어 무효 처리되었습니다. 문서를 다시 작성하세요."
    en = "The reservation of document number {document} expired and was voided; write it again."


class SignInFailed(Refused):
    """A wrong user name or password at the web console's sign-in (which one is not said)."""

    ko = "사용자 이름 또는 비밀번호가 맞지 않습니다."
    en = "The user name or the password is wrong."

    def __init__(self) -> None:
        MediationError.__init__(self)


class SignInLimited(Refused):
    """Too many failed sign-ins for this user or from this address within the window."""

    ko = "로그인 실패가 너무 많습니다. {minutes:g}분 뒤에 다시 시도하세요."
    en = "Too many failed sign-ins; try again in {minutes:g} minutes."


class WeakPassword(BadInput):
    """A password too short to set."""

    ko = "비밀번호는 {least}자 이상이어야 합니다."
    en = "A password needs at least {least} characters."

    def __init__(self, *, least: int) -> None:
        MediationError.__init__(self, least=least)


class TooLarge(Refused):
    """A file beyond the attachments' size limit (``MEDIATION_ATTACHMENT_MAX_MB``)."""

    ko = ("파일 {name}이(가) 첨부 한도 {limit_mb:g} MB를 넘어 받지 않았습니다 "
          "(한도는 MEDIATION_ATTACHMENT_MAX_MB로 정합니다).")
    en = ("The file {name} is larger than the attachment limit of {limit_mb:g} MB and was not "
          "added (the limit is MEDIATION_ATTACHMENT_MAX_MB).")

    def __init__(self, *, name: str, limit_mb: float) -> None:
        MediationError.__init__(self, name=name, limit_mb=limit_mb)
