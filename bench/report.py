"""The year's statistics report over 100,000 cases, on SQLite and PostgreSQL.

No seed tool is on main yet, so this seeds its own database in bulk (SQLAlchemy Core
``executemany``, no audit chain: the report reads no hashes): 100,000 cases opened over
2026 in both workflows, about 60 % closed with every outcome, two parties each, a closing
transition event per closed case (a tenth made by the system), signatures, issues and
agreement items for the agreements, three deadlines per case in every status, escalations,
and meetings. Then ``ReportCommands.statistics`` for 2026 as the admin (every case), three
times; the median is reported.

The baseline, measured in the same run on the same database, is the bare driver grouping
the year's cases once (``SELECT workflow, count(*) FROM cases WHERE opened_at in the year
GROUP BY workflow``): the floor of any figure over the year. The report's CPU time in this
process is printed too (on SQLite it is the whole work, so it shows what a busy machine's
wall time hides).

    .venv/bin/python bench/report.py             # 100,000 cases, both databases (a few minutes)
    .venv/bin/python bench/report.py --cases 20000 --only sqlite

Target: the report in ≤ 2 s on each database. Exit status 1 when it is missed.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchkit import WORKFLOWS, Target, median, postgres_target, sqlite_target
from sqlalchemy import insert, text

from mediation.app import build_app
from mediation.config import Settings
from mediation.core.clock import FrozenClock
from mediation.storage import migrate
from mediation.storage.agreement import issues, items, signatures
from mediation.storage.cases import cases, events, parties, users
from mediation.storage.deadlines import deadlines, reminders
from mediation.storage.meetings import meetings
from mediation.workflow.engine import Actor

TARGET_SECONDS = 2.0
YEAR_START = datetime(2025, 12, 31, 15, tzinfo=UTC)  # 2026-01-01 00:00 in Seoul
ENDS = {"public_conflict": ["closed_resolved", "closed_monitored", "closed_not_accepted",
                            "closed_impasse", "closed_withdrawn", "closed_referred",
                            "closed_inactive"],
        "neighbor_dispute": ["closed_settled", "closed_unresolved", "closed_not_accepted",
                             "closed_withdrawn", "closed_referred", "closed_inactive"]}
OPEN = {"public_conflict": ["intake", "diagnosis", "mediation", "implementation"],
        "neighbor_dispute": ["intake", "counselling", "follow_up"]}
MEDIATORS = [f"m{i:02d}" for i in range(40)]
DISTRICTS = ["종로구", "중구", "용산구", "성동구", "은평구", "마포구", "강남구", "송파구"]
CHUNK = 5000


def _rows(n: int, rnd: random.Random) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in (
        "cases", "parties", "events", "signatures", "issues", "items", "deadlines",
        "reminders", "meetings")}
    party_id = deadline_id = 0
    for cid in range(1, n + 1):
        wf = "public_conflict" if rnd.random() < 0.4 else "neighbor_dispute"
        opened = YEAR_START + timedelta(minutes=rnd.randrange(365 * 24 * 60))
        closed = rnd.random() < 0.6
        end = opened + timedelta(days=rnd.uniform(5, 300))
        closed = closed and end < YEAR_START + timedelta(days=365)
        state = rnd.choice(ENDS[wf]) if closed else rnd.choice(OPEN[wf])
        out["cases"].append({
            "id": cid, "number": f"B-{cid:06d}", "title": "가상 사건", "summary": "",
            "workflow": wf, "workflow_version": 1, "state": state, "closed": closed,
            "conflict_types": rnd.sample(["interest", "value", "siting", "policy"], rnd.randrange(3)),
            "district": rnd.choice(DISTRICTS), "channel": rnd.choice(["complaint", "phone", None]),
            "grade": rnd.choice(["A", "B", "C", None]), "alert": "none", "alert_indicators": [],
            "mediator": rnd.choice(MEDIATORS), "supervisor": "sup", "opened_at": opened,
            "closed_at": end if closed else None, "updated_at": end if closed else opened,
            "audit_head": "0" * 64, "version": 2})
        ids = []
        for k in range(2):
            party_id += 1
            ids.append(party_id)
            out["parties"].append({"id": party_id, "case_id": cid, "name": f"당사자 {k}",
                                   "role": "applicant", "lang": "ko", "created_at": opened})
        out["events"].append({"case_id": cid, "seq": 1, "at": opened, "actor": "admin",
                              "kind": "opened", "to_state": None, "details": "{}",
                              "prev_hash": "0" * 64,
                              "hash": "1" * 64})
        if closed:
            out["events"].append({"case_id": cid, "seq": 2, "at": end,
                                  "actor": "system" if rnd.random() < 0.1 else "admin",
                                  "kind": "transition", "to_state": state, "details": "{}",
                                  "prev_hash": "1" * 64, "hash": "2" * 64})
        if state in ("closed_resolved", "closed_settled", "implementation", "follow_up"):
            signed = opened + (end - opened) / 2
            for p in ids:
                out["signatures"].append({"case_id": cid, "party_id": p, "signed_at": signed,
                                          "recorded_by": "admin"})
            out["items"].append({"case_id": cid, "text": "이행", "owner_party_id": ids[0],
                                 "due": (signed + timedelta(days=60)).date(),
                                 "status": rnd.choice(["open", "done", "waived", "breached"]),
                                 "created_at": signed, "updated_at": signed})
            if rnd.random() < 0.2:
                out["issues"].append({"case_id": cid, "text": "쟁점", "status": "unresolved",
                                      "created_at": signed})
        for rule in ("acknowledge", "progress_notice", "site_visit"):
            deadline_id += 1
            due = opened + timedelta(days=rnd.uniform(0.1, 40))
            status = rnd.choice(["met", "met", "cancelled", "open"])
            out["deadlines"].append({
                "id": deadline_id, "case_id": cid, "rule": rule, "seq": 1, "kind": "state",
                "title_ko": rule, "title_en": rule, "basis": "-", "schedule": {},
                "start_at": opened, "due_at": due, "original_due_at": due, "status": status,
                "adjustments": [], "extensions": 0, "generation": 0, "opened_at": opened,
                "closed_at": None if status == "open" else due + timedelta(days=rnd.uniform(-3, 3))})
            if rnd.random() < 0.2:
                out["reminders"].append({
                    "key": f"b:{deadline_id}", "case_id": cid, "deadline_id": deadline_id,
                    "kind": "escalation", "audience": "supervisor", "recipients": [],
                    "send_at": due, "status": "sent", "sent_at": due, "message_id": f"<{deadline_id}@b>",
                    "created_at": opened})
        if rnd.random() < 0.5:
            out["meetings"].append({"case_id": cid, "kind": "joint", "starts_at": opened + timedelta(days=10),
                                    "place": "회의실", "status": "held", "attended": [],
                                    "absent": [], "excused": [], "notices": [],
                                    "created_at": opened, "updated_at": opened})
    return out


def seed(target: Target, n: int) -> Settings:
    home = Path(tempfile.mkdtemp(prefix="mediation-bench-home-"))
    settings = Settings(home=home, database_url=target.url, workflows_dir=WORKFLOWS)
    app = build_app(settings, clock=FrozenClock(YEAR_START))
    migrate.upgrade(app.db)
    rows = _rows(n, random.Random(12))
    with app.db.write() as conn:
        conn.execute(insert(users), [
            {"username": u, "name": u, "email": f"{u}@example.org", "role": role,
             "active": True, "created_at": YEAR_START}
            for u, role in (("admin", "admin"), ("sup", "supervisor"),
                            *((m, "mediator") for m in MEDIATORS))])
        for table, key in ((cases, "cases"), (parties, "parties"), (events, "events"),
                           (signatures, "signatures"), (issues, "issues"), (items, "items"),
                           (deadlines, "deadlines"), (reminders, "reminders"),
                           (meetings, "meetings")):
            batch = rows[key]
            for i in range(0, len(batch), CHUNK):
                conn.execute(insert(table), batch[i:i + CHUNK])
        if target.backend == "postgres":
            for table in ("cases", "parties", "deadlines", "agreement_items"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    with app.db.write() as conn:  # this schema's tables only: others share the server
        conn.execute(text("ANALYZE" if target.backend == "sqlite" else
                          "ANALYZE users, cases, parties, case_events, agreement_signatures, "
                          "dispute_issues, agreement_items, deadlines, reminders, meetings"))
    app.close()
    return settings


BASELINE = ("SELECT workflow, count(*) FROM cases WHERE opened_at >= {p} AND opened_at < {p} "
            "GROUP BY workflow")


def _baseline(app: Any, end: datetime) -> None:
    """The floor of any report over the year: the bare driver groups the year's cases once."""
    with app.db.read() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql(BASELINE.format(p="%s"), (YEAR_START, end)).all()
        else:
            fmt = "%Y-%m-%d %H:%M:%S.%f"
            conn.exec_driver_sql(BASELINE.format(p="?"), (YEAR_START.strftime(fmt),
                                                          end.strftime(fmt))).all()


def measure(settings: Settings, rounds: int) -> tuple[float, float, float]:
    """The report's wall time, its CPU time in this process, the baseline's wall time
    (medians of ``rounds``)."""
    app = build_app(settings, clock=FrozenClock(datetime(2027, 1, 10, tzinfo=UTC)))
    admin = Actor(username="admin", role="admin")
    walls, cpus, baselines = [], [], []
    end = YEAR_START + timedelta(days=365)
    for _ in range(rounds):
        start = time.perf_counter()
        _baseline(app, end)
        baselines.append(time.perf_counter() - start)
        start, cpu = time.perf_counter(), time.process_time()
        report = app.reports.statistics(admin, date(2026, 1, 1), date(2026, 12, 31))
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    print(f"    opened {report.opened:,}, closed {report.closed:,}, "
          f"settlement {report.settlement.rate:.3f}")
    app.close()
    return median(walls), median(cpus), median(baselines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=("sqlite", "postgres"), help="one database")
    args = parser.parse_args()
    failed = False
    targets = {"sqlite": [sqlite_target], "postgres": [postgres_target]}.get(
        args.only or "", [sqlite_target, postgres_target])
    for make in targets:
        with make() as target:
            began = time.perf_counter()
            settings = seed(target, args.cases)
            print(f"{target.backend}: seeded {args.cases:,} cases in "
                  f"{time.perf_counter() - began:.0f} s")
            report, cpu, baseline = measure(settings, args.rounds)
            ok = report <= TARGET_SECONDS
            failed |= not ok
            print(f"  report {report:.2f} s wall, {cpu:.2f} s CPU in this process (target "
                  f"≤ {TARGET_SECONDS:.0f} s: {'met' if ok else 'MISSED'}); baseline (the bare "
                  f"driver groups the year's cases once) {baseline:.2f} s; report / baseline "
                  f"{report / baseline:.1f}×")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
