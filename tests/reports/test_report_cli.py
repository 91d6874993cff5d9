"""The statistics report through the CLI on both backends, against six hand-built cases whose
figures are computed by hand below (times in Seoul):

- P3 public_conflict, kim/park, opened 2025-12-19 10:00, referred 2026-01-05 10:00
- P1 public_conflict, kim/park, 은평구, grade A, complaint, types interest+value, opened
  2026-01-15 09:00, diagnosed 09:30, withdrawn 2026-04-15 09:00
- N1 neighbor_dispute, kim/park, 마포구, phone, opened 2026-03-03 09:00, visited 09:30, met
  separately 10:00, a joint meeting held 2026-03-12 14:00, both parties signed by
  2026-03-20 10:00 (settled), item 1 (due 04-30) done 04-10, item 2 (due 06-30) waived
  06-01, confirmed (closed_settled) 2026-06-15 09:00
- P2 public_conflict, lee/park, 은평구, grade C, complaint, type interest, opened
  2026-05-11 09:00, diagnosed 05-13 10:00, monitored, monitoring ended 2026-07-01 09:00
- P4 public_conflict, lee/choi, early warning, opened 2026-10-01 09:00, left at intake; the
  reminder sweep runs at 13:30 the same day and sends its acknowledgement escalation
- P5 public_conflict, kim/park, opened 2026-12-01 09:00, diagnosed 09:10, still open
- P6 public_conflict, kim/park, opened 2027-01-05 09:00 (after the period)

The report of 2026 is asked on 2027-01-10 09:00.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import Cli, as_json, ok, refused
from support.cases import at

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import FrozenClock
from mediation.parties.commands import PartyFields

ASKED = at(2027, 1, 10, 9)
HTML = {"MEDIATION_DOCUMENT_FORMAT": "html"}


def _open(app: App, clock: FrozenClock, when: datetime, workflow: str, mediator: str,
          supervisor: str, **fields: Any) -> str:
    clock.set(when)
    admin = app.users.actor("admin")
    return app.cases.open_case(admin, workflow=workflow, mediator=mediator, supervisor=supervisor,
                               fields=CaseFields(title="가상 통계 사건", **fields)).number


def _go(cli: Cli, number: str, trigger: str, when: datetime, user: str = "admin") -> None:
    ok(cli("case", "advance", number, trigger, "--note", "통계 시험", user=user, now=when, **HTML))


def build(app: App, clock: FrozenClock, cli: Cli) -> dict[str, str]:
    n: dict[str, str] = {}
    n["P3"] = _open(app, clock, at(2025, 12, 19, 10), "public_conflict", "kim", "park")
    _go(cli, n["P3"], "refer", at(2026, 1, 5, 10))
    n["P1"] = _open(app, clock, at(2026, 1, 15, 9), "public_conflict", "kim", "park",
                    district="은평구", grade="A", channel="complaint", types=("interest", "value"))
    _go(cli, n["P1"], "diagnose", at(2026, 1, 15, 9, 30))
    _go(cli, n["P1"], "withdraw", at(2026, 4, 15, 9))
    n["N1"] = neighbour(app, clock, cli)
    n["P2"] = _open(app, clock, at(2026, 5, 11, 9), "public_conflict", "lee", "park",
                    district="은평구", grade="C", channel="complaint", types=("interest",))
    _go(cli, n["P2"], "diagnose", at(2026, 5, 13, 10))
    _go(cli, n["P2"], "monitor", at(2026, 5, 13, 10, 5), user="park")
    _go(cli, n["P2"], "end_monitoring", at(2026, 7, 1, 9), user="park")
    n["P4"] = _open(app, clock, at(2026, 10, 1, 9), "public_conflict", "lee", "choi",
                    channel="early_warning")
    ok(cli("reminders", "run-due", now=at(2026, 10, 1, 13, 30)))
    n["P5"] = _open(app, clock, at(2026, 12, 1, 9), "public_conflict", "kim", "park")
    _go(cli, n["P5"], "diagnose", at(2026, 12, 1, 9, 10))
    n["P6"] = _open(app, clock, at(2027, 1, 5, 9), "public_conflict", "kim", "park")
    return n


def neighbour(app: App, clock: FrozenClock, cli: Cli) -> str:
    number = neighbour_until_settled(app, clock, cli)
    agreement = as_json(cli("agreement", "show", number, "--json", now=at(2026, 4, 10, 9)))
    first, second = (i["id"] for i in agreement["items"])
    ok(cli("commitment", "done", number, str(first), "--note", "설치 확인", now=at(2026, 4, 10, 9)))
    ok(cli("commitment", "waive", number, str(second), "--reason", "이사", now=at(2026, 6, 1, 9)))
    _go(cli, number, "confirm", at(2026, 6, 15, 9))
    return number


def neighbour_until_settled(app: App, clock: FrozenClock, cli: Cli) -> str:
    """N1 up to its settlement on 2026-03-20 (both parties signed, in follow-up)."""
    number = _open(app, clock, at(2026, 3, 3, 9), "neighbor_dispute", "kim", "park",
                   district="마포구", channel="phone")
    admin = app.users.actor("admin")
    first = app.parties.add_party(admin, number, PartyFields(name="가상 세대 1", role="applicant")).id
    _go(cli, number, "visit", at(2026, 3, 3, 9, 30))
    clock.set(at(2026, 3, 3, 9, 40))
    second = app.parties.add_party(admin, number, PartyFields(name="가상 세대 2",
                                                              role="respondent")).id
    _go(cli, number, "meet_separately", at(2026, 3, 3, 10))
    clock.set(at(2026, 3, 3, 10, 10))
    for party in (first, second):
        app.parties.consent(admin, number, party, declined=False)
    _go(cli, number, "counsel", at(2026, 3, 3, 10, 20))
    meeting = ok(cli("meeting", "schedule", number, "--at", at(2026, 3, 12, 14).isoformat(),
                     "--place", "주민센터", now=at(2026, 3, 3, 10, 30), **HTML)).out.strip()
    ok(cli("meeting", "record", number, meeting, "--attended", str(first), str(second),
           now=at(2026, 3, 12, 16)))
    _go(cli, number, "draft_settlement", at(2026, 3, 13, 9))
    items = [ok(cli("agreement", "item", "add", number, "--text", text, "--owner", str(first),
                    "--due", due, now=at(2026, 3, 13, 9, 10))).out.strip()
             for text, due in (("방음매트 설치", "2026-04-30"), ("야간 소음 자제", "2026-06-30"))]
    ok(cli("agreement", "sign", number, str(first), now=at(2026, 3, 19, 10)))
    ok(cli("agreement", "sign", number, str(second), now=at(2026, 3, 20, 10)))
    assert len(items) == 2
    _go(cli, number, "settle", at(2026, 3, 20, 10, 5))
    return number


def rows(breakdowns: list[dict[str, Any]], field: str) -> dict[str | None, tuple[int, int]]:
    found = next(b for b in breakdowns if b["field"] == field)
    return {r["value"]: (r["opened"], r["closed"]) for r in found["rows"]}


@pytest.fixture
def built(app: App, clock: FrozenClock, cli: Cli) -> dict[str, str]:
    return build(app, clock, cli)


def test_the_years_figures_equal_the_hand_computed_ones(cli: Cli, built: dict[str, str]) -> None:
    # Given the six cases above; When the admin asks for 2026's report as JSON
    r = as_json(cli("report", "--year", "2026", "--by", "workflow", "district", "type", "grade",
                    "channel", "--json", now=ASKED))
    # Then opened in 2026: P1 N1 P2 P4 P5 = 5 (P3 opened in 2025, P6 in 2027);
    # closed in 2026: P3 01-05, P1 04-15, N1 06-15, P2 07-01 = 4
    assert (r["opened"], r["closed"]) == (5, 4)
    b = r["breakdowns"]
    # public: opened P1 P2 P4 P5, closed P3 P1 P2; neighbour: N1 opened and closed
    assert rows(b, "workflow") == {"neighbor_dispute": (1, 1), "public_conflict": (4, 3)}
    # 은평구 P1 P2; 마포구 N1; none: P4 P5 opened, P3 closed
    assert rows(b, "district") == {"마포구": (1, 1), "은평구": (2, 2), None: (2, 1)}
    # interest P1 P2; value P1; no type: N1 (1, 1), P3 (0, 1), P4 and P5 (1, 0 each)
    assert rows(b, "type") == {"interest": (2, 2), "value": (1, 1), None: (3, 2)}
    assert rows(b, "grade") == {"A": (1, 1), "C": (1, 1), None: (3, 2)}
    assert rows(b, "channel") == {"complaint": (2, 2), "early_warning": (1, 0), "phone": (1, 1),
                                  None: (1, 1)}
    # months: opened Jan Mar May Oct Dec, closed Jan (P3) Apr Jun Jul
    months = {m["month"]: (m["opened"], m["closed"]) for m in r["months"] if m["opened"] or m["closed"]}
    assert months == {"2026-01": (1, 1), "2026-03": (1, 0), "2026-04": (0, 1), "2026-05": (1, 0),
                      "2026-06": (0, 1), "2026-07": (0, 1), "2026-10": (1, 0), "2026-12": (1, 0)}
    assert len(r["months"]) == 12
    # outcomes: N1 agreement (signed 03-20), P1 withdrawn, P2 monitored, P3 referred
    outcomes = {o["outcome"]: o["cases"] for o in r["outcomes"] if o["cases"]}
    assert outcomes == {"agreement": 1, "withdrawn": 1, "monitored": 1, "referred": 1}
    # settlement rate: 1 settled ÷ (4 − 1 referred − 1 monitored) = 1 / 2
    assert (r["settlement"]["settled"], r["settlement"]["base"], r["settlement"]["rate"]) == (1, 2, 0.5)
    assert "합의율 =" in r["settlement"]["definition"]["ko"]
    days = {d["name"]: d for d in r["durations"]}
    # to agreement: N1 03-03 09:00 → 03-20 10:00 = 17 days 1 hour
    assert days["to_agreement"]["cases"] == 1
    assert days["to_agreement"]["median"] == pytest.approx(17 + 1 / 24, abs=1e-6)
    # to closure: P3 17, P2 51, P1 90, N1 104 days; median (51 + 90) / 2 = 70.5;
    # 90th percentile at rank 0.9 × 3 = 2.7: 90 + 0.7 × (104 − 90) = 99.8
    assert (days["to_closure"]["cases"], days["to_closure"]["median"]) == (4, pytest.approx(70.5))
    assert days["to_closure"]["p90"] == pytest.approx(99.8)
    deadlines = {d["rule"]: (d["on_time"], d["late"], d["missed"], d["escalations"])
                 for d in r["deadlines"]}
    # a rule is counted by its name over both workflows (the same obligation)
    assert deadlines == {
        # public: P1 (30 min) and P5 (10 min) on time, P2 two days late, P4 open past due,
        # P4's escalation sent by the sweep at 13:30, P3's due in 2025; neighbour: N1 at 09:30
        "acknowledge": (3, 1, 1, 1),
        # public: P1, P2 closed after their first notice fell due, P4 open past due; P3 closed
        # before its due time (not counted); P5's falls due in 2027; neighbour: N1's fell due
        # in April, the case closed in June
        "progress_notice": (0, 0, 4, 0),
        # N1: visited by 10:00, counselling left on 03-20 (due in June)
        "site_visit": (1, 0, 0, 0),
        "counselling_period": (1, 0, 0, 0),
        # item 1 done before 04-30; item 2 waived before its due date (not counted)
        "commitment": (1, 0, 0, 0),
    }
    both = next(d for d in r["deadlines"] if d["rule"] == "acknowledge")["workflows"]
    assert sorted(both) == ["neighbor_dispute", "public_conflict"]
    # commitments of signed agreements due in 2026: item 1 done, item 2 waived
    assert {c["value"]: c["count"] for c in r["commitments"]} == {"open": 0, "done": 1, "waived": 1,
                                                                 "breached": 0}
    assert [(m["value"], m["count"]) for m in r["meetings"]] == [("joint", 1)]
    # open at 2027-01-01 00:00: P4 (lee) and P5 (kim); P6 opened after
    assert [(c["mediator"], c["open_cases"]) for c in r["caseload"]] == [("kim", 1), ("lee", 1)]


def test_a_mediator_and_a_supervisor_see_the_figures_of_their_own_cases(
        cli: Cli, built: dict[str, str]) -> None:
    # When lee (P2, P4) and park (all but P4) ask for 2026
    lee = as_json(cli("report", "--year", "2026", "--json", user="lee", now=ASKED))
    park = as_json(cli("report", "--from", "2026-01-01", "--to", "2026-12-31", "--json",
                       user="park", now=ASKED))
    # Then lee's covers P2 (opened, closed, monitored) and P4 (opened, open at the end)
    assert (lee["opened"], lee["closed"]) == (2, 1)
    assert [(c["mediator"], c["open_cases"]) for c in lee["caseload"]] == [("lee", 1)]
    assert {o["outcome"]: o["cases"] for o in lee["outcomes"] if o["cases"]} == {"monitored": 1}
    # ... and park's everything but P4: opened P1 N1 P2 P5, closed all four
    assert (park["opened"], park["closed"]) == (4, 4)
    assert [(c["mediator"], c["open_cases"]) for c in park["caseload"]] == [("kim", 1)]


def test_the_report_is_written_as_csv_xlsx_and_pdf(cli: Cli, built: dict[str, str],
                                                   tmp_path: Path) -> None:
    # When the report is printed as a table, and written as CSV, XLSX and PDF
    text = ok(cli("report", "--year", "2026", now=ASKED)).out
    english = ok(cli("report", "--year", "2026", now=ASKED, MEDIATION_LANG="en")).out
    ok(cli("report", "--year", "2026", "--format", "csv", "--out", str(tmp_path / "r.csv"), now=ASKED))
    ok(cli("report", "--year", "2026", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"),
           now=ASKED))
    ok(cli("report", "--year", "2026", "--format", "pdf", "--out", str(tmp_path / "r.pdf"),
           now=ASKED))
    # Then the table is in Korean (English on request) with the rate's definition
    assert "■ 사건 결과" in text and "합의율 = (합의 성립 + 부분 합의)" in text
    assert "50.0%" in text and "■ Outcomes" in english
    # ... the CSV starts with a BOM and holds the same figures
    raw = (tmp_path / "r.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert ["종결 사건", "4", ""] in lines and ["신청 철회", "1"] in lines
    # ... the workbook has a sheet per table, typed cells and frozen headers
    from openpyxl import load_workbook

    book = load_workbook(tmp_path / "r.xlsx")
    assert "사건 결과" in book.sheetnames and "자치구별 접수·종결" in book.sheetnames
    sheet = book["처리 기간(일)"]
    assert sheet.freeze_panes == "A2"
    assert sheet["C3"].value == pytest.approx(70.5) and sheet["B3"].value == 4
    assert book["요약"]["B7"].value == 0.5 and book["요약"]["B7"].number_format == "0.0%"
    # ... and the PDF has its Korean text in the Korean font, the approval box, and charts
    # drawn as vectors (no picture in it)
    from pypdf import PdfReader

    pdf = PdfReader(str(tmp_path / "r.pdf"))
    words = "".join(page.extract_text() for page in pdf.pages)
    assert "조정 사건 통계 보고" in words and "월별 접수·종결 사건" in words
    assert "갈등조정담당관" in words and "기한 내 이행" in words
    fonts = {str(f.get_object()["/BaseFont"]) for page in pdf.pages
             for f in page["/Resources"].get("/Font", {}).values()}
    assert fonts and all("Nanum" in f for f in fonts), fonts
    pictures = [x for page in pdf.pages
                for x in (page["/Resources"].get("/XObject") or {}).values()
                if x.get_object().get("/Subtype") == "/Image"]
    assert pictures == []


def test_a_period_needs_both_ends_and_xlsx_needs_a_file(cli: Cli) -> None:
    # When a period lacks an end, mixes --year with --from/--to, or a file format has no --out
    half = refused(cli("report", "--from", "2026-01-01", now=ASKED), 2)
    both = refused(cli("report", "--year", "2026", "--from", "2026-01-01", "--to", "2026-02-01",
                       now=ASKED), 2)
    backwards = refused(cli("report", "--from", "2026-02-01", "--to", "2026-01-01", now=ASKED), 2)
    no_file = refused(cli("report", "--format", "xlsx", now=ASKED, MEDIATION_LANG="en"), 2)
    # Then each is refused in one line, in Korean unless English is asked for
    assert "--from과 --to가 모두 필요" in half and "하나만" in both and "앞섭니다" in backwards
    assert "give --out FILE" in no_file


def test_a_reopened_case_counts_as_it_stands_now(app: App, clock: FrozenClock, cli: Cli) -> None:
    # Given a neighbour dispute settled on 2026-03-20 (N1 above) and reopened on 2026-05-04
    number = neighbour_until_settled(app, clock, cli)
    _go(cli, number, "reopen", at(2026, 5, 4, 9))
    # When the report of 2026 is asked
    r = as_json(cli("report", "--year", "2026", "--by", "workflow", "--json", now=ASKED))
    shown = as_json(cli("case", "show", number, "--json", now=ASKED))
    # Then it is opened and not closed, open at the year's end, and its outcome is the one
    # `case show` prints (the signatures stay in force: an agreement, reached on 03-20)
    assert (r["opened"], r["closed"]) == (1, 0)
    assert [(c["mediator"], c["open_cases"]) for c in r["caseload"]] == [("kim", 1)]
    counted = {o["outcome"]: o["cases"] for o in r["outcomes"] if o["cases"]}
    assert counted == ({shown["outcome"]: 1} if shown["outcome"] else {})
    # ... and its days to closure are not counted (it is open)
    assert next(d for d in r["durations"] if d["name"] == "to_closure")["cases"] == 0


def test_an_undone_closing_and_a_reopened_case_count_as_they_stand_now(
        app: App, clock: FrozenClock, cli: Cli) -> None:
    # Given a case withdrawn on 04-15 and reopened (closed by mistake) on 04-20, and a case
    # withdrawn on 02-01 whose withdrawal was undone on 02-02
    reopened = _open(app, clock, at(2026, 1, 15, 9), "public_conflict", "kim", "park")
    _go(cli, reopened, "diagnose", at(2026, 1, 15, 9, 30))
    _go(cli, reopened, "withdraw", at(2026, 4, 15, 9))
    ok(cli("case", "reopen", reopened, "--reason", "착오 종결", user="park", now=at(2026, 4, 20, 9)))
    undone = _open(app, clock, at(2026, 1, 20, 9), "public_conflict", "lee", "park")
    _go(cli, undone, "withdraw", at(2026, 2, 1, 9))
    ok(cli("case", "undo", undone, "--reason", "잘못 누름", user="park", now=at(2026, 2, 2, 9)))
    # When the report of 2026 is asked
    r = as_json(cli("report", "--year", "2026", "--by", "workflow", "--json", now=ASKED))
    # Then both are opened, neither closed nor with an outcome, both open at the year's end
    assert (r["opened"], r["closed"]) == (2, 0)
    assert [o for o in r["outcomes"] if o["cases"]] == []
    assert [(c["mediator"], c["open_cases"]) for c in r["caseload"]] == [("kim", 1), ("lee", 1)]
    assert {m["month"]: m["closed"] for m in r["months"] if m["closed"]} == {}
