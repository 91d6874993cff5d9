"""Stories of the document templates, rendered without a database: the golden files of every
kind in both languages, the official numbering and end mark, the calendar invitation, the
office details, and templates that misbehave (hostile input, escapes from the sandbox,
undefined names, runaway loops, an office's override folder)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import ROOT

from mediation.core.titles import Title
from mediation.render.context import PartyCtx, RecipientCtx
from mediation.render.office import Office, load_office
from mediation.render.outline import TextWriter, label
from mediation.render.samples import sample_context, sample_variants
from mediation.render.templates import Limits, TemplateProblem, Templates
from mediation.workflow.dockinds import KINDS

SHIPPED = ROOT / "templates"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates(SHIPPED)


def override(tmp_path: Path, name: str, source: str) -> Templates:
    """Templates with an office override folder holding one file."""
    path = tmp_path / "override" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")
    return Templates(SHIPPED, tmp_path / "override", Limits(seconds=1.0))


# golden files ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["txt", "html"])
@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("kind", list(KINDS))
def test_every_document_kind_renders_exactly_its_golden_file(templates: Templates, kind: str,
                                                             lang: str, fmt: str) -> None:
    # Given the fictional sample case with meetings, agreed items and issues
    ctx = sample_context(kind, lang)
    # When the document is rendered
    rendered = templates.render(KINDS[kind], lang, fmt, ctx)
    # Then it is exactly the reviewed golden file (scripts/update-golden rewrites them)
    golden = GOLDEN / f"{kind}.{lang}.{fmt}"
    assert rendered.text == golden.read_text(encoding="utf-8"), f"differs from {golden}"


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_case_without_meetings_items_or_issues_still_renders_every_kind(
        templates: Templates, kind: str) -> None:
    # Given the sample case before meetings, agreement items and issues are recorded
    ctx = sample_context(kind, "ko", full=False)
    # When the document is rendered as text
    text = templates.render(KINDS[kind], "ko", "txt", ctx).text
    # Then it says what it can, and nothing from the missing data
    assert ctx.case.number in text
    assert "제3차 갈등조정협의회" not in text
    assert "임시 주차면 80면" not in text


def test_an_agreement_without_items_says_so_instead_of_an_empty_table(templates: Templates) -> None:
    ctx = sample_context("agreement", "ko", full=False)
    text = templates.render(KINDS["agreement"], "ko", "txt", ctx).text
    assert "합의 항목이 아직 기록되지 않았습니다." in text
    assert "5. 합의하지 못한 쟁점\n\n없음" in text


# the official form -------------------------------------------------------------------

def test_items_are_numbered_in_the_official_order() -> None:
    # Given/When the first and second labels at each of the eight levels
    ko = [label(level, n) for level in range(1, 9) for n in (1, 2)]
    en = [label(level, 2, "en") for level in range(1, 9)]
    # Then they follow 1. → 가. → 1) → 가) → (1) → (가) → ① → ㉮
    assert ko == ["1.", "2.", "가.", "나.", "1)", "2)", "가)", "나)", "(1)", "(2)", "(가)", "(나)",
                  "①", "②", "㉮", "㉯"]
    assert en == ["2.", "b.", "2)", "b)", "(2)", "(b)", "②", "ⓑ"]
    assert [label(level, 1, style="report") for level in range(1, 5)] == ["□", "○", "-", "·"]


def test_a_deeper_item_restarts_under_each_new_parent() -> None:
    # Given a writer
    w = TextWriter("ko")
    # When items at levels 1, 2, 2, 1, 2 are written
    lines = [w.item(level, caller=lambda: "x") for level in (1, 2, 2, 1, 2)]
    # Then the second level restarts at 가. under the second parent
    assert [line.split()[0] for line in lines] == ["1.", "가.", "나.", "2.", "가."]


def test_the_body_ends_with_the_end_mark_after_its_last_sentence(templates: Templates) -> None:
    ctx = sample_context("receipt", "ko")
    text = templates.render(KINDS["receipt"], "ko", "txt", ctx).text
    html = templates.render(KINDS["receipt"], "ko", "html", ctx).text
    assert "문의하여 주시기 바랍니다.  끝.\n" in text
    assert "문의하여 주시기 바랍니다.\u00a0\u00a0끝.</p>" in html


def test_the_end_mark_follows_the_attachments_when_there_are_any(templates: Templates) -> None:
    ctx = sample_context("result_notice", "ko")
    text = templates.render(KINDS["result_notice"], "ko", "txt", ctx).text
    assert "붙임  협의결과문 사본 1부.  끝.\n" in text


def test_a_letter_has_the_head_body_and_foot_of_the_official_form(templates: Templates) -> None:
    # Given an invitation to one party
    ctx = sample_context("invitation", "ko")
    # When it is rendered
    text = templates.render(KINDS["invitation"], "ko", "txt", ctx).text
    # Then the head, the body and the foot carry what the rules ask, in that order
    expected = ["서울특별시", "수신  홍길동(가상동 주민대책위원회) 귀하", "제목  갈등조정협의회 참여 요청",
                "1. ", "가. ", "끝.", "서울특별시장", "기안자 갈등조정관 김조정",
                "검토자 갈등조정팀장", "결재권자 갈등조정담당관 박담당",
                "시행 갈등조정담당관-2026-0107 (2026. 11. 24.)", "우 04500",
                "https://mediation.example.org", "전화번호 02-000-0000", "팩스번호 02-000-0001",
                "kim@example.org", "부분공개(6)", "담당자 갈등조정담당관 갈등조정관 김조정"]
    positions = [text.index(part) for part in expected]
    assert positions == sorted(positions)
    assert "회신 기한: 2026. 12. 24.까지" in text


def test_a_party_letter_names_no_other_party(templates: Templates) -> None:
    # Given the sample case's three parties
    ctx = sample_context("meeting_notice", "ko", party_index=0)
    # When the first party's letters are rendered
    text = templates.render(KINDS["meeting_notice"], "ko", "txt", ctx).text
    html = templates.render(KINDS["meeting_notice"], "ko", "html", ctx).text
    # Then neither shows another party's name or address
    for other in ("김상인", "시장길 2", "Jane Doe"):
        assert other not in text
        assert other not in html
    assert ctx.parties == ()


def test_dates_times_and_money_follow_the_letter_language(templates: Templates) -> None:
    ko = templates.render(KINDS["impact_analysis"], "ko", "txt", sample_context("impact_analysis", "ko"))
    en = templates.render(KINDS["meeting_notice"], "en", "txt", sample_context("meeting_notice", "en"))
    assert "금4,250,000,000원(금사십이억오천만원)" in ko.text
    assert "2026. 11. 24." in ko.text
    assert "8 Dec 2026, 14:30 to 16:30" in en.text


# the calendar invitation ---------------------------------------------------------------

def test_a_meeting_notice_comes_with_a_calendar_invitation(templates: Templates) -> None:
    # Given a meeting notice with a meeting at 14:30 Seoul time
    ctx = sample_context("meeting_notice", "ko")
    # When its calendar file is rendered
    rendered = templates.render_calendar(KINDS["meeting_notice"], "ko", ctx)
    # Then it is an RFC 5545 event in UTC with CRLF lines of at most 75 octets
    assert rendered is not None
    ics = rendered.text
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "\r\nDTSTART:20261208T053000Z\r\n" in ics
    assert "\r\nDTEND:20261208T073000Z\r\n" in ics
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    unfolded = ics.replace("\r\n ", "")
    assert "LOCATION:가상구청 3층 소회의실(예시)" in unfolded
    assert "CLASS:CONFIDENTIAL" in unfolded
    assert "김상인" not in unfolded


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_meeting_notice_by_post_lists_no_calendar_file_and_one_by_e_mail_does(
        templates: Templates, lang: str) -> None:
    # Given every meeting notice the sample case has (a meeting, its change, its cancellation,
    # a public hearing and its change and cancellation) to a party with e-mail, and the same
    # to that party once its record has no e-mail address
    kind = KINDS["meeting_notice"]
    base = sample_context("meeting_notice", lang)
    contexts = [base, *(ctx for _, ctx in sample_variants("meeting_notice", lang))]
    assert base.recipient.delivery == "email"
    for ctx in contexts:
        by_post = replace(ctx, recipient=replace(ctx.recipient, delivery="post"))
        for fmt in ("txt", "html"):
            # When each is rendered
            mailed = templates.render(kind, lang, fmt, ctx).text
            posted = templates.render(kind, lang, fmt, by_post).text
            # Then the e-mailed letter lists the calendar file it carries and says how to use it
            assert mailed.count(".ics") == 2
            assert ("일정 파일(.ics) 1부." if lang == "ko" else "Calendar file (.ics), 1 copy.") in mailed
            # And the letter by post mentions no calendar file, and has no attachment list
            assert ".ics" not in posted
            assert ("붙임" if lang == "ko" else "Attachments") not in posted
        # And only the e-mailed one has a calendar file
        assert templates.render_calendar(kind, lang, ctx) is not None
        assert templates.render_calendar(kind, lang, by_post) is None


def test_no_calendar_file_without_a_meeting(templates: Templates) -> None:
    ctx = replace(sample_context("meeting_notice", "ko"), meeting=None)
    assert templates.render_calendar(KINDS["meeting_notice"], "ko", ctx) is None
    text = templates.render(KINDS["meeting_notice"], "ko", "txt", ctx).text
    assert "일시 및 장소: 정해지는 대로 따로 알려 드리겠습니다." in text
    assert "붙임" not in text


# office details ----------------------------------------------------------------------

def test_office_details_come_from_the_environment_over_the_office_file(tmp_path: Path) -> None:
    # Given an office file and an environment variable that overrides one of its values
    path = tmp_path / "office.yaml"
    path.write_text("agency: {ko: 가상특별시, en: Virtual City}\nphone: 02-123-4567\n"
                    "doc_prefix: 가상과\n", encoding="utf-8")
    env = {"MEDIATION_OFFICE_FILE": str(path), "MEDIATION_OFFICE_PHONE": "02-999-9999",
           "MEDIATION_OFFICE_SENDER": "가상특별시장"}
    # When the office is loaded
    office = load_office(env)
    # Then each value comes from the nearest source and the examples are no longer in use
    assert office.agency == Title(ko="가상특별시", en="Virtual City")
    assert office.phone == "02-999-9999"
    assert office.sender.ko == "가상특별시장"
    assert office.doc_prefix == "가상과"
    assert office.example is False
    assert load_office({}).example is True


def test_an_unknown_key_in_the_office_file_is_refused_by_name(tmp_path: Path) -> None:
    from mediation.core.errors import BadInput

    path = tmp_path / "office.yaml"
    path.write_text("agncy: 가상특별시\n", encoding="utf-8")
    with pytest.raises(BadInput, match="agncy"):
        load_office({"MEDIATION_OFFICE_FILE": str(path)})


def test_a_configured_office_prints_its_own_details_and_no_example_warning(
        templates: Templates) -> None:
    office = replace(Office(), agency=Title(ko="가상특별시", en="Virtual City"), example=False)
    from mediation.render.context import office_ctx

    ctx = replace(sample_context("receipt", "ko"), office=office_ctx(office, "ko"))
    text = templates.render(KINDS["receipt"], "ko", "txt", ctx).text
    assert text.startswith("가상특별시\n")
    assert "예시 기관 정보" not in text


# hostile input and misbehaving templates ----------------------------------------------

def _named(ctx_kind: str, name: str) -> object:
    ctx = sample_context(ctx_kind, "ko")
    party = PartyCtx(id=9, name=name, role="stakeholder", role_title="이해관계인",
                     organization=None, representative=False, address=None, email=None,
                     phone=None, lang="ko")
    return replace(ctx, recipient=RecipientCtx(kind="party", name=name, party_id=9),
                   parties=(party,))


def test_a_script_tag_in_a_party_name_is_escaped_in_html(templates: Templates) -> None:
    # Given a party whose name carries markup
    ctx = _named("invitation", "<script>alert(1)</script>")
    # When the letter is rendered as HTML and as text
    html = templates.render(KINDS["invitation"], "ko", "html", ctx).text  # type: ignore[arg-type]
    text = templates.render(KINDS["invitation"], "ko", "txt", ctx).text  # type: ignore[arg-type]
    # Then the HTML shows the characters and runs nothing; the text keeps them as typed
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in text


def test_markup_in_an_agreement_table_cell_is_escaped(templates: Templates) -> None:
    ctx = _named("agreement", '<img src=x onerror="alert(1)">')
    html = templates.render(KINDS["agreement"], "ko", "html", ctx).text  # type: ignore[arg-type]
    assert "<img" not in html
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html


def test_a_template_reaching_for_python_internals_fails_cleanly(tmp_path: Path) -> None:
    # Given an override template that climbs from a context object to Python's internals
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}{% set title = 'x' %}{% block content %}\n"
                 "{{ case.__class__.__mro__[1].__subclasses__() }}\n{% endblock %}\n")
    # When it is rendered
    with pytest.raises(TemplateProblem) as caught:
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))
    # Then the sandbox refuses, naming the file and line
    message = caught.value.message("en")
    assert "letters/ko/receipt.j2 line 2" in message
    assert "unsafe" in message


def test_a_template_cannot_call_format_strings_on_internals(tmp_path: Path) -> None:
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}{% set title = 'x' %}{% block content %}"
                 "{{ '{0.__class__.__init__.__globals__}'.format(case) }}{% endblock %}")
    with pytest.raises(TemplateProblem, match=r"unsafe|access to attribute"):
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))


def test_an_undefined_variable_fails_naming_it(tmp_path: Path) -> None:
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}{% set title = 'x' %}{% block content %}\n\n"
                 "{% call item(1) %}{{ case.number }} {{ reply_deadline }}{% endcall %}\n"
                 "{% endblock %}\n")
    with pytest.raises(TemplateProblem) as caught:
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))
    message = caught.value.message("en")
    assert "'reply_deadline' is undefined" in message
    assert "receipt.j2 line 3" in message


def test_a_syntax_error_names_the_file_and_line(tmp_path: Path) -> None:
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}\n{% block content %}\n{% if %}\n{% endblock %}\n")
    with pytest.raises(TemplateProblem, match=r"receipt\.j2 line 3: syntax error"):
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))


def test_a_runaway_loop_is_stopped_by_the_time_limit(tmp_path: Path) -> None:
    # Given a template that loops ten billion times without writing anything
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}{% set title = 'x' %}{% block content %}"
                 "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}"
                 "{% endfor %}{% endblock %}")
    # When it is rendered with a one-second limit
    with pytest.raises(TemplateProblem, match="took longer than 1 s"):
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))


@pytest.mark.parametrize("expression, reason", [
    ("'x' * 10**7", "repetition"),
    ("range(10**7)|list", "range"),
    ("'x'|center(10**8)", "too large"),
    ("'%099999999d'|format(1)", "too large"),
    ("('x' * 1000)|replace('x', 'y' * 1000)", "replace"),
    ("2 ** 100000000", "exponent"),
])
def test_expressions_that_would_build_huge_values_are_refused(
        tmp_path: Path, expression: str, reason: str) -> None:
    t = override(tmp_path, "letters/ko/receipt.j2",
                 "{% extends layout %}{% set title = 'x' %}{% block content %}"
                 f"{{{{ {expression} }}}}{{% endblock %}}")
    with pytest.raises(TemplateProblem, match=reason):
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))


def test_output_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "override" / "letters/ko/receipt.j2"
    path.parent.mkdir(parents=True)
    path.write_text("{% extends layout %}{% set title = 'x' %}{% block content %}"
                    "{% for i in range(90000) %}{{ case.summary }}{% endfor %}{% endblock %}",
                    encoding="utf-8")
    t = Templates(SHIPPED, tmp_path / "override", Limits(seconds=5, max_chars=200_000))
    # (the block that collects them is refused before its text is joined)
    with pytest.raises(TemplateProblem, match=r"(larger than 200000 characters|\(limit 200000\))"):
        t.render(KINDS["receipt"], "ko", "txt", sample_context("receipt", "ko"))


def test_an_override_folder_changes_the_wording_and_the_template_hash(
        tmp_path: Path, templates: Templates) -> None:
    # Given an office's own receipt notice in its override folder
    source = (SHIPPED / "letters/ko/receipt.j2").read_text(encoding="utf-8")
    t = override(tmp_path, "letters/ko/receipt.j2",
                 source.replace("평소 시정에 관심을 가져 주셔서 감사합니다.",
                                "가상구 주민 여러분께 알립니다."))
    ctx = sample_context("receipt", "ko")
    # When both are rendered
    mine, shipped = (x.render(KINDS["receipt"], "ko", "txt", ctx) for x in (t, templates))
    # Then the office's wording wins, the shipped layout is still used, and the hashes differ
    assert "1. 가상구 주민 여러분께 알립니다." in mine.text
    assert "평소 시정에" not in mine.text
    assert "서울특별시장" in mine.text
    assert mine.template_sha256 != shipped.template_sha256
    assert "partials/_letter.txt.j2" in mine.used


def test_the_template_hash_covers_the_layout_as_well(tmp_path: Path, templates: Templates) -> None:
    source = (SHIPPED / "partials/_foot.txt.j2").read_text(encoding="utf-8")
    t = override(tmp_path, "partials/_foot.txt.j2", source + "추가 안내\n")
    ctx = sample_context("receipt", "ko")
    assert (t.render(KINDS["receipt"], "ko", "txt", ctx).template_sha256
            != templates.render(KINDS["receipt"], "ko", "txt", ctx).template_sha256)


def test_every_shipped_template_passes_the_template_check(templates: Templates) -> None:
    from mediation.render.check import check_templates

    results = check_templates(templates)
    assert [r for r in results if not r.ok] == []
    checked = {r.template for r in results}
    assert {"letters/ko/agreement.j2", "letters/en/agreement.j2",
            "letters/en/meeting_notice.ics.j2", "partials/_letter.html.j2"} <= checked


def test_the_template_check_reports_a_broken_override_with_file_and_line(tmp_path: Path) -> None:
    from mediation.render.check import check_templates

    t = override(tmp_path, "letters/en/progress.j2",
                 "{% extends layout %}{% set title = 'x' %}\n{% block content %}\n"
                 "{{ case.numbr }}\n{% endblock %}\n")
    failed = [r for r in check_templates(t) if not r.ok]
    assert failed
    assert all(r.template == "letters/en/progress.j2" for r in failed)
    assert re.search(r"progress\.j2 line 3: .*numbr", failed[0].problem or "")


# workflow files ------------------------------------------------------------------------

WORKFLOW = """\
name: tiny
version: 1
title: {ko: 작은 흐름, en: Tiny}
states:
  open: {title: {ko: 열림, en: Open}, initial: true}
  done: {title: {ko: 끝, en: Done}, final: true, outcome: impasse}
transitions:
  - trigger: finish
    from: open
    to: done
    title: {ko: 끝내기, en: Finish}
    documents: [%s]
"""


def test_a_workflow_names_the_documents_a_transition_produces() -> None:
    from mediation.workflow.loader import parse

    wf = parse(WORKFLOW % "result_notice, result_report", "tiny.yaml")
    assert wf.transitions[0].documents == ("result_notice", "result_report")


def test_an_unknown_document_kind_in_a_workflow_is_refused_with_its_key_path() -> None:
    from mediation.core.errors import DefinitionError
    from mediation.workflow.loader import parse

    with pytest.raises(DefinitionError) as caught:
        parse(WORKFLOW % "receipt, minutes", "tiny.yaml")
    assert caught.value.message("en") == (
        "tiny.yaml: transitions[0].documents[1]: unknown document kind 'minutes' (known: "
        + ", ".join(KINDS) + ")")
