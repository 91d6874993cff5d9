"""Stories of the document register through the CLI and the service, on SQLite and on
PostgreSQL: writing one letter per party, numbering, hashing and verifying files, the audit
trail, refusals, an office's override folder, parallel rendering, and the documents a
workflow transition produces in the same operation."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, START, Cli, Result
from support.workflows import issuing_anywhere

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.parties.commands import PartyFields


@pytest.fixture(autouse=True)
def every_kind_anywhere(cli: Cli, tmp_path: Path) -> None:
    """These stories are about the register and its sending, not about the states in which
    a kind may be issued: their workflows issue every kind anywhere."""
    cli.env["MEDIATION_WORKFLOWS_DIR"] = str(issuing_anywhere(tmp_path / "workflows"))


def open_case(app: App, parties: tuple[tuple[str, str], ...] = (("홍길동", "ko"),
                                                                ("Jane Doe", "en"))) -> str:
    """A case of mediator kim (supervisor park) with the given parties (name, language)."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title="가상 시설 입지 갈등", summary="가상의 사안",
                                             location="가상구 가상동 1")).number
    for i, (name, lang) in enumerate(parties, 1):
        app.parties.add_party(park, number, PartyFields(
            name=name, role="resident_group", lang=lang, email=f"p{i}@example.org",
            address=f"서울특별시 가상구 가상로 {i}"))
    return number


def ok(result: Result) -> Any:
    assert result.code == 0, result.err
    return json.loads(result.out) if result.out.strip().startswith(("[", "{")) else result.out


def render(cli: Cli, number: str, kind: str, *extra: str, user: str = "kim") -> Result:
    return cli("letter", "render", number, kind, *extra, "--json", user=user)


# one letter per recipient --------------------------------------------------------------

def test_a_mediator_writes_one_invitation_per_party_each_in_its_own_language(
        app: App, cli: Cli) -> None:
    # Given a case with a Korean-speaking and an English-speaking party
    number = open_case(app)
    # When the mediator writes invitations to every party as text
    docs = ok(render(cli, number, "invitation", "--all-parties", "--format", "txt"))
    # Then there is one numbered letter per party, in the party's language
    assert [d["number"] for d in docs] == ["갈등조정담당관-2026-0001", "갈등조정담당관-2026-0002"]
    assert [(d["recipient"], d["lang"], d["status"]) for d in docs] == [
        ("홍길동", "ko", "issued"), ("Jane Doe", "en", "issued")]
    korean, english = (Path(d["output_path"]).read_text(encoding="utf-8") for d in docs)
    assert "수신  홍길동 귀하" in korean and "Jane Doe" not in korean
    assert "To  Jane Doe" in english and "홍길동" not in english
    assert "갈등조정담당관-2026-0002" in english
    # And the register holds the template, its hash, the file's hash and who wrote it
    assert docs[0]["template"] == "letters/ko/invitation.j2"
    assert len(docs[0]["template_sha256"]) == 64
    assert docs[0]["generated_by"] == "kim"


def test_each_document_is_an_event_of_the_case_and_the_chain_still_verifies(
        app: App, cli: Cli) -> None:
    number = open_case(app)
    docs = ok(render(cli, number, "receipt", "--all-parties", "--format", "html"))
    events = ok(cli("case", "history", number, "--json"))
    written = [e for e in events if e["kind"] == "document"]
    assert [e["details"]["document"] for e in written] == [d["number"] for d in docs]
    assert [e["details"]["sha256"] for e in written] == [d["output_sha256"] for d in docs]
    assert ok(cli("audit", "verify", number, "--json"))["ok"] is True


def test_the_register_keeps_the_context_the_document_was_rendered_from(
        app: App, cli: Cli) -> None:
    number = open_case(app)
    doc = ok(render(cli, number, "extension", "--party", "1", "--format", "txt",
                    "--reason", "추가 자료 확인", "--new-date", "2027-02-26"))[0]
    shown = ok(cli("letter", "show", doc["number"], "--context", "--json"))
    assert shown["context"]["doc"]["number"] == doc["number"]
    assert shown["context"]["reason"] == "추가 자료 확인"
    assert shown["context"]["new_date"] == "2027-02-26"
    assert shown["context"]["recipient"]["name"] == "홍길동"
    assert shown["context"]["parties"] == []


def test_numbers_run_on_across_cases_within_the_year(app: App, cli: Cli) -> None:
    first, second = open_case(app), open_case(app)
    ok(render(cli, first, "receipt", "--party", "1", "--format", "txt"))
    later = ok(render(cli, second, "receipt", "--party", "3", "--format", "txt"))
    assert later[0]["number"] == "갈등조정담당관-2026-0002"
    listed = ok(cli("letter", "list", second, "--json"))
    assert [d["number"] for d in listed] == ["갈등조정담당관-2026-0002"]


def test_the_agreement_is_one_document_for_the_whole_council(app: App, cli: Cli) -> None:
    number = open_case(app)
    doc = ok(render(cli, number, "agreement", "--format", "txt", "--lang", "ko"))
    assert len(doc) == 1 and doc[0]["recipient_kind"] == "council"
    text = Path(doc[0]["output_path"]).read_text(encoding="utf-8")
    assert "홍길동" in text and "Jane Doe" in text
    assert text.count("(서명 또는 인)") == 4  # two parties, the mediating body and the chair


def test_an_explicit_language_overrides_the_party_language(app: App, cli: Cli) -> None:
    number = open_case(app)
    doc = ok(render(cli, number, "receipt", "--party", "2", "--lang", "ko", "--format", "txt"))
    assert doc[0]["lang"] == "ko"
    assert "접수 안내" in Path(doc[0]["output_path"]).read_text(encoding="utf-8")


def test_a_meeting_notice_has_its_calendar_file_in_the_register(app: App, cli: Cli) -> None:
    # Given a meeting two weeks after today
    number = open_case(app)
    # When the notice is written to one party
    doc = ok(render(cli, number, "meeting_notice", "--party", "1", "--format", "html",
                    "--meeting-at", "2026-12-08T14:30", "--meeting-place", "가상구청 소회의실",
                    "--agenda", "임시 주차 대책"))[0]
    # Then the calendar file is registered beside the letter with its own hash
    assert len(doc["companions"]) == 1
    ics = Path(doc["companions"][0]["path"])
    assert ics.suffix == ".ics"
    assert "DTSTART:20261208T053000Z" in ics.read_text(encoding="utf-8")
    assert ok(cli("letter", "verify", doc["number"], "--json"))["ok"] is True


def test_a_summons_less_than_seven_days_ahead_is_refused_unless_asked(app: App, cli: Cli) -> None:
    number = open_case(app)
    args = ("--party", "1", "--format", "txt", "--meeting-at", "2026-11-27T14:00",
            "--meeting-place", "가상구청")
    refused = render(cli, number, "meeting_notice", *args)
    assert refused.code == 4 and "7" in refused.err
    assert ok(cli("letter", "list", number, "--json")) == []
    assert ok(render(cli, number, "meeting_notice", *args, "--short-notice"))[0]["status"] == "issued"


# verification ----------------------------------------------------------------------

def test_verify_notices_a_changed_or_missing_file(app: App, cli: Cli) -> None:
    # Given a registered letter
    number = open_case(app)
    doc = ok(render(cli, number, "progress", "--party", "1", "--format", "html"))[0]
    path = Path(doc["output_path"])
    assert cli("letter", "verify", doc["number"]).code == 0
    # When somebody edits the file
    path.write_text(path.read_text(encoding="utf-8").replace("진행상황", "진행 상황"),
                    encoding="utf-8")
    # Then verify fails with exit 4 and says so
    changed = cli("letter", "verify", doc["number"])
    assert changed.code == 4 and "변경됨" in changed.out
    # And a deleted file fails too
    path.unlink()
    missing = cli("letter", "verify", doc["number"], "--json")
    assert missing.code == 4
    assert json.loads(missing.out)["files"][0]["actual"] is None


def test_an_unknown_document_number_is_not_found(cli: Cli) -> None:
    result = cli("letter", "verify", "갈등조정담당관-2026-9999")
    assert result.code == 3 and "갈등조정담당관-2026-9999" in result.err


# refusals -------------------------------------------------------------------------

@pytest.mark.parametrize("args, code, words", [
    (("invitation",), 2, "--party 번호나 --all-parties를 주세요"),
    (("agreement", "--party", "1"), 2, "--party/--all-parties를 빼세요"),
    (("invitation", "--party", "99"), 3, "99"),
    (("minutes", "--party", "1"), 2, "문서 종류가 아닙니다"),
    (("extension", "--party", "1", "--new-date", "2027-01-01"), 2, "--reason"),
    (("extension", "--party", "1", "--reason", "x"), 2, "--new-date"),
    (("closure", "--party", "1"), 2, "--reason"),
])
def test_incomplete_requests_are_refused_before_any_number_is_used(
        app: App, cli: Cli, args: tuple[str, ...], code: int, words: str) -> None:
    number = open_case(app)
    result = render(cli, number, *args, "--format", "txt")
    assert result.code == code, result.err
    assert words in result.err
    assert ok(cli("letter", "list", number, "--json")) == []


def test_a_mediator_cannot_write_letters_for_another_mediators_case(app: App, cli: Cli) -> None:
    number = open_case(app)
    result = render(cli, number, "receipt", "--party", "1", "--format", "txt", user="lee")
    assert result.code == 4
    assert ok(cli("letter", "list", number, "--json")) == []


def test_a_closure_notice_gives_the_note_of_the_closing_step_as_its_reason(
        app: App, cli: Cli) -> None:
    # Given a case withdrawn with a note
    number = open_case(app)
    app.moves.advance(app.users.actor("kim"), number, "withdraw", note="신청인이 서면으로 철회함")
    # When the closure notice is written
    doc = ok(render(cli, number, "closure", "--party", "1", "--format", "txt"))[0]
    text = Path(doc["output_path"]).read_text(encoding="utf-8")
    # Then it gives that note as the reason, with the wording of a withdrawal, and the remedies
    assert "조정 신청 철회에 따른 종결 통지" in text
    assert "사유: 신청인이 서면으로 철회함" in text
    assert "구제 절차 안내" in text


def test_a_template_failure_voids_the_numbers_it_did_not_use(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given an override folder whose English invitation is broken
    folder = tmp_path / "office-templates" / "letters" / "en"
    folder.mkdir(parents=True)
    (folder / "invitation.j2").write_text(
        "{% extends layout %}{% set title = 'x' %}{% block content %}{{ no_such_value }}"
        "{% endblock %}", encoding="utf-8")
    number = open_case(app)
    # When invitations are written to both parties (Korean first, then English)
    result = cli("letter", "render", number, "invitation", "--all-parties", "--format", "txt",
                 user="kim", MEDIATION_TEMPLATES_DIR=str(tmp_path / "office-templates"))
    # Then the command fails naming the template, the Korean letter stays issued, and the
    # English letter's number is void
    assert result.code == 2
    assert "letters/en/invitation.j2" in result.err and "no_such_value" in result.err
    listed = ok(cli("letter", "list", number, "--json"))
    assert [(d["number"], d["status"]) for d in listed] == [
        ("갈등조정담당관-2026-0001", "issued"), ("갈등조정담당관-2026-0002", "void")]
    assert cli("letter", "verify", "갈등조정담당관-2026-0002").code == 4


# an office's own templates ----------------------------------------------------------

def test_an_office_override_folder_changes_the_letters_it_writes(
        app: App, cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "office-templates" / "letters" / "ko"
    folder.mkdir(parents=True)
    source = (ROOT / "templates/letters/ko/receipt.j2").read_text(encoding="utf-8")
    (folder / "receipt.j2").write_text(source.replace("평소 시정에", "가상구청은 평소 시정에"),
                                       encoding="utf-8")
    number = open_case(app)
    result = cli("letter", "render", number, "receipt", "--party", "1", "--format", "txt",
                 "--json", user="kim", MEDIATION_TEMPLATES_DIR=str(tmp_path / "office-templates"),
                 MEDIATION_OFFICE_AGENCY="가상특별시")
    doc = ok(result)[0]
    text = Path(doc["output_path"]).read_text(encoding="utf-8")
    assert "가상구청은 평소 시정에" in text
    assert text.startswith("가상특별시\n")
    assert "예시 기관" not in result.err


def test_template_check_passes_on_the_shipped_templates_and_fails_on_a_broken_one(
        cli: Cli, tmp_path: Path) -> None:
    assert cli("template", "check").code == 0
    folder = tmp_path / "office-templates" / "letters" / "ko"
    folder.mkdir(parents=True)
    (folder / "progress.j2").write_text("{% extends layout %}\n{% block content %}\n"
                                        "{% for x in %}\n{% endblock %}\n", encoding="utf-8")
    result = cli("template", "check", MEDIATION_TEMPLATES_DIR=str(tmp_path / "office-templates"))
    assert result.code == 2
    assert "letters/ko/progress.j2 line 3" in result.out


# PDF, parallel rendering and fonts ---------------------------------------------------

def test_pdf_letters_are_rendered_in_two_processes_in_order(app: App, cli: Cli) -> None:
    # Given four parties
    number = open_case(app, tuple((f"당사자{i}", "ko") for i in range(1, 5)))
    # When their invitations are written as PDF by two worker processes
    docs = ok(render(cli, number, "invitation", "--all-parties", "--jobs", "2"))
    # Then every letter is a registered PDF naming its own recipient, in party order
    from pypdf import PdfReader

    assert [d["recipient"] for d in docs] == ["당사자1", "당사자2", "당사자3", "당사자4"]
    for d in docs:
        text = "".join(PdfReader(d["output_path"]).pages[0].extract_text().split())
        assert d["recipient"] in text and d["number"] in text
        assert d["pages"] == 1
        assert cli("letter", "verify", d["number"]).code == 0


def test_without_a_korean_font_no_pdf_and_no_number_are_produced(
        app: App, cli: Cli, tmp_path: Path) -> None:
    # Given a fontconfig without any font
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version=\"1.0\"?>\n<fontconfig><cachedir>{tmp_path}/c</cachedir>"
                    "</fontconfig>\n", encoding="utf-8")
    number = open_case(app)
    # When a PDF letter is asked for in a real process
    result = cli.proc("letter", "render", number, "receipt", "--party", "1", "--format", "pdf",
                      user="kim", FONTCONFIG_FILE=str(conf))
    # Then it fails with one line naming the package, and nothing is registered or written
    assert result.code == 1
    assert "fonts-nanum" in result.err
    assert len([line for line in result.err.splitlines() if "fonts-nanum" in line]) == 1
    assert ok(cli("letter", "list", number, "--json")) == []
    assert not (tmp_path / "documents").exists()


# documents a transition produces ----------------------------------------------------

def test_convening_the_council_writes_an_invitation_to_every_party_in_the_same_step(
        app: App, cli: Cli) -> None:
    # Given a case in the strategy state with two parties
    number = open_case(app)
    park = app.users.actor("park")
    app.cases.update_case(park, number, CaseFields(grade="B"))
    for trigger in ("diagnose", "plan"):
        app.moves.advance(park, number, trigger)
    # When the supervisor convenes the council
    assert cli("case", "advance", number, "convene", user="park").code == 0
    # Then each party has a registered invitation, produced by the convene step
    docs = ok(cli("letter", "list", number, "--json"))
    assert [(d["kind"], d["recipient"], d["trigger"], d["format"]) for d in docs] == [
        ("invitation", "홍길동", "convene", "pdf"), ("invitation", "Jane Doe", "convene", "pdf")]
    assert all(cli("letter", "verify", d["number"]).code == 0 for d in docs)
    # And the history shows the move followed by the two documents, with the chain intact
    kinds = [e["kind"] for e in ok(cli("case", "history", number, "--json"))]
    assert kinds[-3:] == ["transition", "document", "document"]
    assert ok(cli("audit", "verify", number, "--json"))["ok"] is True


def test_a_transition_whose_documents_cannot_be_written_does_not_happen(
        app: App, cli: Cli, tmp_path: Path) -> None:
    number = open_case(app)
    park = app.users.actor("park")
    app.cases.update_case(park, number, CaseFields(grade="B"))
    for trigger in ("diagnose", "plan"):
        app.moves.advance(park, number, trigger)
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><cachedir>{tmp_path}/c</cachedir></fontconfig>\n",
                    encoding="utf-8")
    result = cli.proc("case", "advance", number, "convene", user="park",
                      FONTCONFIG_FILE=str(conf))
    assert result.code == 1 and "fonts-nanum" in result.err
    assert ok(cli("case", "show", number, "--json"))["case"]["state"] == "strategy"
    assert ok(cli("letter", "list", number, "--json")) == []


def test_rendering_uses_the_clock_of_the_service(app: App, cli: Cli) -> None:
    number = open_case(app)
    doc = ok(render(cli, number, "receipt", "--party", "1", "--format", "txt"))[0]
    assert datetime.fromisoformat(doc["generated_at"]) == START
    assert "(2026. 11. 24.)" in Path(doc["output_path"]).read_text(encoding="utf-8")


def test_a_template_failure_in_a_worker_process_is_reported_like_any_other(
        app: App, cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "office-templates" / "letters" / "ko"
    folder.mkdir(parents=True)
    (folder / "receipt.j2").write_text("{% extends layout %}{% set title = 'x' %}"
                                       "{% block content %}{{ missing_name }}{% endblock %}",
                                       encoding="utf-8")
    number = open_case(app, (("가", "ko"), ("나", "ko"), ("다", "ko")))
    result = cli("letter", "render", number, "receipt", "--all-parties", "--format", "html",
                 "--jobs", "2", user="kim",
                 MEDIATION_TEMPLATES_DIR=str(tmp_path / "office-templates"))
    assert result.code == 2
    assert "letters/ko/receipt.j2" in result.err and "missing_name" in result.err
    statuses = {d["status"] for d in ok(cli("letter", "list", number, "--json"))}
    assert statuses == {"void"}


def test_the_register_reads_as_text_too(app: App, cli: Cli) -> None:
    number = open_case(app)
    doc = ok(render(cli, number, "receipt", "--party", "1", "--format", "txt"))[0]
    listed = cli("letter", "list", number, user="kim")
    assert doc["number"] in listed.out and "발행" in listed.out and "홍길동" in listed.out
    assert "접수 통지" in listed.out  # issued, receipt: by their titles
    shown = cli("letter", "show", doc["number"], "--context", user="kim")
    assert f"파일 SHA-256     {doc['output_sha256']}" in shown.out
    assert '"issued_at": "2026-11-24T09:00:00+09:00"' in shown.out
    kinds = cli("letter", "kinds", "--lang", "en")
    assert "meeting_notice" in kinds.out and "Meeting notice (summons)" in kinds.out


def test_progress_is_a_bar_on_a_terminal_and_a_line_per_tenth_otherwise() -> None:
    import io

    from mediation.cli.letters import ProgressBar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    lines, tty = io.StringIO(), Tty()
    plain, bar = ProgressBar("pdf", lines), ProgressBar("pdf", tty)
    for done in range(1, 21):
        plain(done, 20)
        bar(done, 20)
    assert lines.getvalue().splitlines() == [f"pdf: {n}/20" for n in (1, 2, 4, 6, 8, 10, 12, 14,
                                                                        16, 18, 20)]
    assert tty.getvalue().endswith("\rpdf [" + "#" * 30 + "] 20/20\n")
