"""What a reader meets on the commands added lately, word for word: Korean particles that fit
the word before them, English plurals that fit the count, a hint that tells what to do next,
and a Korean reason in a Korean error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Cli, as_json, ok, refused
from support.stories import drive_public

from mediation.app import App
from mediation.core.formats import object_, topic


def _case_of_hong(cli: Cli) -> str:
    number = ok(cli("case", "open", "--workflow", "neighbor_dispute", "--title", "층간소음",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant",
           "--phone", "010-1234-5678", user="kim"))
    return number


def test_the_topic_particle_follows_the_last_syllable() -> None:
    assert topic("정보주체 요구 처리") == "정보주체 요구 처리는"
    assert topic("접속기록 열람") == "접속기록 열람은"
    assert topic("감사 기준점(anchor) 작성") == "감사 기준점(anchor) 작성은"
    assert topic("감사 기준점(anchor)") == "감사 기준점(anchor)은"
    assert topic("2026-0001") == "2026-0001은(는)"
    assert topic("대응전략 수립(plan)") == "대응전략 수립(plan)은"


def test_the_object_particle_reads_past_every_name_in_parentheses() -> None:
    assert object_("조정 개시(open_mediation)") == "조정 개시(open_mediation)를"
    assert object_("부서 이관(모니터링)(monitor)") == "부서 이관(모니터링)(monitor)을"
    assert object_("'hong'") == "'hong'을(를)"
    assert object_("(x)") == "(x)을(를)"


def test_a_check_for_reviewers_refuses_a_mediator_with_a_hint_that_fits(cli: Cli) -> None:
    subject = refused(cli("privacy", "subject", "--name", "홍길동", user="kim"))
    assert subject == ("mediation: 정보주체 요구 처리는 관리자와 갈등조정담당관만 할 수 있습니다 "
                       "(사용자 'kim'). 관리자나 담당관에게 요청하세요.\n")
    english = refused(cli("privacy", "subject", "--name", "홍길동", "--lang", "en", user="kim"))
    assert english == ("mediation: A data subject's request is for admins and supervisors only "
                       "(not 'kim'); ask an admin or a supervisor.\n")
    due = refused(cli("privacy", "due", "--lang", "en", user="kim"))
    assert due.startswith("mediation: Listing the cases past retention is for admins")
    attach = refused(cli("attach", "verify", user="kim"))
    assert attach.endswith("담당 사건은 `mediation attach verify 사건번호`로 검증하세요.\n")
    audit = refused(cli("audit", "verify", user="kim"))
    assert audit.startswith("mediation: 데이터베이스 전체의 감사 기록 검증은 관리자와")
    assert audit.endswith("담당 사건은 `mediation audit verify 사건번호`로 검증하세요.\n")


def test_subject_counts_in_english_plurals(cli: Cli) -> None:
    _case_of_hong(cli)
    english = ok(cli("privacy", "subject", "--name", "홍길동", "--lang", "en")).out
    assert english.splitlines()[0] == "1 case, 1 party, 0 documents, 1 event"
    korean = ok(cli("privacy", "subject", "--name", "홍길동")).out
    assert korean.splitlines()[0] == "사건 1건, 당사자 1명, 문서 0건, 기록 1건"


def test_subject_asks_for_a_reason_in_korean(cli: Cli) -> None:
    _case_of_hong(cli)
    err = refused(cli("privacy", "subject", "--name", "홍길동", "--stop"), 2)
    assert err == ("mediation: 잘못된 입력입니다 (reason): --stop에는 --reason(사유)이 "
                   "필요합니다. 기록에 남을 사유를 적으세요\n")
    en = refused(cli("privacy", "subject", "--name", "홍길동", "--stop", "--lang", "en"), 2)
    assert en == "mediation: Invalid input (reason): --stop needs --reason (why, for the record)\n"


def test_subject_export_names_its_files_and_refuses_an_existing_file(cli: Cli,
                                                                     tmp_path: Path) -> None:
    _case_of_hong(cli)
    out = tmp_path / "hong.zip"
    korean = ok(cli("privacy", "subject", "--name", "홍길동", "--out", str(out),
                    "--reason", "열람 청구")).out
    assert korean.startswith(f"{out} (파일 ")
    assert "개, " in korean and "files" not in korean
    again = refused(cli("privacy", "subject", "--name", "홍길동", "--out", str(out),
                        "--reason", "열람 청구"), 2)
    assert again == (f"mediation: 잘못된 입력입니다 (out): {out} 파일이 이미 있습니다. "
                     "새 파일 이름을 주세요\n")


def test_resume_without_a_request_says_there_is_nothing_to_lift(cli: Cli) -> None:
    number = _case_of_hong(cli)
    ko = ok(cli("privacy", "subject", "--name", "홍길동", "--resume", "--reason", "철회")).out
    assert ko == f"{number} 당사자 #1 홍길동: 처리정지 요구 없음 (해제할 것 없음)\n"
    en = ok(cli("privacy", "subject", "--name", "홍길동", "--resume", "--reason", "철회",
                "--lang", "en")).out
    assert en == f"{number} party #1 홍길동: not stopped (nothing to lift)\n"


def test_search_takes_types_and_grades_by_their_titles_and_refuses_others(cli: Cli) -> None:
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 봉안당",
                    "--mediator", "kim", "--supervisor", "park", "--type", "입지",
                    "--grade", "b")).out.strip()
    # the short title the help lists (입지 for 입지(NIMBY/PIMFY)) names the type
    found = ok(cli("case", "search", "봉안당", "--type", "입지", "--grade", "B")).out
    assert found.startswith(number)
    assert ok(cli("case", "search", "봉안당", "--type", "siting")).out.startswith(number)
    # an unknown type or grade is an error naming the choices, not an empty result
    err = refused(cli("case", "search", "봉안당", "--type", "우주"), 2)
    assert err.startswith("mediation: 잘못된 입력입니다 (type): '우주'은(는) 다음 중 하나가 "
                          "아닙니다: 이익(interest), 가치(value), 입지(NIMBY/PIMFY)(siting)")
    assert refused(cli("case", "search", "봉안당", "--grade", "Z", "--lang", "en"), 2) == (
        "mediation: Invalid input (grade): 'Z' is not one of: A, B, C\n")


def test_a_bad_date_is_refused_in_korean(cli: Cli) -> None:
    assert refused(cli("case", "search", "소음", "--since", "2026-13-01"), 2) == (
        "mediation: 잘못된 입력입니다 (since): '2026-13-01'은(는) 날짜가 아닙니다 "
        "(예: 2026-11-24 또는 2026. 11. 24.)\n")
    assert refused(cli("case", "search", "소음", "--since", "2026-13-01", "--lang", "en"), 2) == (
        "mediation: Invalid input (since): '2026-13-01' is not a date like 2026-11-24\n")


def test_an_export_without_a_reason_says_what_to_do_in_korean(cli: Cli, tmp_path: Path) -> None:
    number = _case_of_hong(cli)
    out = tmp_path / "case.zip"
    err = refused(cli("case", "export", number, "--out", str(out)), 2)
    assert err == ("mediation: 잘못된 입력입니다 (reason): 개인 당사자의 정보가 있는 사건입니다. "
                   "반출 사유(--reason)를 주거나 --redact로 가림 처리본을 만드세요\n")
    made = ok(cli("case", "export", number, "--out", str(out), "--reason", "감사 요청")).out
    assert made.startswith(f"{out} (파일 ") and "files" not in made
    en = ok(cli("case", "export", number, "--out", str(tmp_path / "b.zip"), "--redact",
                "--lang", "en")).out
    assert " files, " in en
    checked = ok(cli("audit", "verify", "--file", str(out))).out
    assert checked.startswith(f"{out}: 감사 기록 정상 ({number}, 파일 ")
    assert "개, 기록 " in checked and checked.rstrip().endswith("건)")


def test_approving_and_returning_a_draft_read_right(cli: Cli,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")
    number = ok(cli("case", "open", "--workflow", "public_conflict", "--title", "가상 도로",
                    "--mediator", "kim", "--supervisor", "park")).out.strip()
    ok(cli("party", "add", number, "--name", "홍길동", "--role", "applicant", user="kim"))
    draft = ok(cli("letter", "render", number, "receipt", "--party", "1", user="kim")).out.split()[0]
    # a mediator is told the role by its title and who approves instead
    assert refused(cli("letter", "approve", draft, user="kim")) == (
        "mediation: 사용자 'kim'(갈등조정관)은(는) 문서를 결재할 권한이 없습니다. "
        "사건의 담당관이나 관리자가 합니다.\n")
    assert refused(cli("letter", "approve", draft, "--lang", "en", user="kim")) == (
        "mediation: User 'kim' (mediator) may not approve documents. The case's supervisor "
        "or an admin does.\n")
    # the supervisor's return names the document with its particle
    assert ok(cli("letter", "return", draft, "--comment", "주소 확인", user="park")).out == (
        f"{draft}을(를) 반려했습니다 — 주소 확인\n")


def test_party_options_are_explained_in_korean(cli: Cli) -> None:
    for command in ("add", "update"):
        shown = ok(cli("party", command, "--help")).out
        assert "역할: 신청인, 피신청인, 기관, 사업부서, 주민단체" in shown
    assert "당사자 이름: 개인, 단체 또는 기관" in ok(cli("party", "add", "--help")).out


def test_subject_names_documents_by_their_titles(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIATION_DOCUMENT_FORMAT", "txt")
    number = _case_of_hong(cli)
    [doc] = ok(cli("letter", "render", number, "receipt", "--party", "1", user="kim")).out.split(
        "\n")[:1]
    shown = ok(cli("privacy", "subject", "--name", "홍길동")).out
    assert f"  {doc.split()[0]}  {number}  접수 통지  홍길동  (수신, 발행)" in shown


def test_closed_cases_and_corrections_say_who_does_what(cli: Cli, app: App) -> None:
    number = drive_public(app, "intake")
    assert refused(cli("case", "undo", number, "--reason", "실수", user="kim")) == (
        f"mediation: 사용자 'kim'(갈등조정관)은(는) 사건 {number}의 마지막 상태 변경을 되돌릴 "
        "권한이 없습니다. 사건의 담당관이나 관리자에게 요청하세요.\n")
    assert "예시: mediation case undo 2026-0001 --reason" in ok(cli("case", "undo", "--help")).out


def test_a_temporary_password_says_it_must_be_changed(cli: Cli,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert ok(cli("user", "password", "kim", "--stdin", "--temporary")).out == (
        "kim의 일회용 비밀번호를 설정했습니다. 처음 `mediation web`에 로그인할 때 새 비밀번호로 "
        "바꿔야 합니다.\n")
    monkeypatch.setattr("sys.stdin", io.StringIO("correct horse battery\n"))
    assert ok(cli("user", "password", "kim", "--stdin", "--temporary", "--json")).out == (
        '{\n  "username": "kim",\n  "temporary": true\n}\n')


def test_the_report_names_its_reader_by_name_and_role_title(cli: Cli) -> None:
    shown = ok(cli("report", "--year", "2026", user="park")).out
    scope = next(line for line in shown.splitlines() if line.strip().startswith("범위"))
    assert "박담당 갈등조정담당관" in scope and "park" not in scope


def test_attachments_read_in_korean(cli: Cli, tmp_path: Path) -> None:
    number = _case_of_hong(cli)
    missing = tmp_path / "없음.pdf"
    assert refused(cli("attach", "add", number, str(missing), user="kim"), 2) == (
        f"mediation: 잘못된 입력입니다 (file): {missing}: 파일이 없거나 일반 파일이 아닙니다\n")
    complaint = tmp_path / "민원서.txt"
    complaint.write_text("민원 내용", encoding="utf-8")
    ok(cli("attach", "add", number, str(complaint), "--kind", "민원서", user="kim"))
    assert ok(cli("attach", "verify", number, user="kim")).out == f"{number} #1 민원서.txt: 정상\n"
    assert ok(cli("attach", "verify", number, "--lang", "en", user="kim")).out == (
        f"{number} #1 민원서.txt: OK\n")


def test_the_access_record_counts_one_party_in_english(cli: Cli) -> None:
    number = _case_of_hong(cli)
    shown = ok(cli("privacy", "log", "--lang", "en")).out
    assert f" {number} party 1 [party add]" in shown


def test_prune_counts_in_both_languages_and_says_when_nothing_is_due(cli: Cli) -> None:
    from datetime import datetime

    from mediation.core.clock import SEOUL

    _case_of_hong(cli)
    later = datetime(2030, 1, 2, 9, tzinfo=SEOUL)
    n = as_json(cli("privacy", "prune", "--dry-run", "--json", now=later))["records"]
    assert n == 1
    assert ok(cli("privacy", "prune", "--dry-run", now=later)).out == (
        "2028. 1. 2. 이전 접속기록 1건을 삭제할 수 있습니다 (#1).\n")
    assert ok(cli("privacy", "prune", "--dry-run", "--lang", "en", now=later)).out == (
        "1 access record before 2 Jan 2028 would be deleted (#1).\n")
    assert ok(cli("privacy", "prune", "--dry-run")).out.endswith(
        " 이전 접속기록이 없어 삭제할 것이 없습니다.\n")
    assert ok(cli("privacy", "subject", "--name", "김없음")).out == (
        "이름이 '김없음'인 개인 당사자가 없습니다.\n")
