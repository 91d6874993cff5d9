"""The scale fixture: a realistic database of N cases, built fast, in bulk.

    .venv/bin/python bench/seed.py --cases 100000 --db sqlite:////tmp/scale.db
    .venv/bin/python bench/seed.py --cases 10000 --db postgresql://postgres@127.0.0.1/test

The database is migrated and given its users through the real use cases (admin, three
supervisors, twenty mediators: the users' hash chain is the app's own). The cases are then
built in memory, a few thousand at a time, and written with one ``executemany`` per table
(``storage.bulk``), never one command or one use-case call per case:

- opened over the five years before now (numbers per year, as the app numbers them), spread
  over the workflows in ``workflows/``, districts, sectors and channels;
- 3–6 parties each, every one recorded with ``party_added`` and a consent event;
- a walk through the workflow's transitions: cases older than a year mostly reach a final
  state, recent ones are at every stage; guards are honoured (grade and chair recorded,
  agreement items added and every party signing before the moves that need them,
  commitments settled before those that need that);
- meetings (scheduled, held, cancelled) and documents in the register (no files), each with
  its event; agreements with their items (commitments, some done) and signatures;
- the open deadlines of each open case's state and its repeating notices, their due times
  computed by the app's own calendar code, with their reminders (the ones already past as
  sent, so that nothing is due when the fixture is done).

Every event is hashed by ``core.audit.event_hash`` into each case's chain, and each case row,
party, item and signature is what its events replay to, so ``mediation audit verify``
passes on the result. Random but reproducible (``--seed``).
"""

from __future__ import annotations

import argparse
import getpass
import random
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from benchkit import WORKFLOWS

from mediation.app import App, build_app
from mediation.config import Settings
from mediation.core.audit import GENESIS, EventRecord, canonical, event_hash
from mediation.core.calendar import WorkCalendar, build
from mediation.core.clock import SEOUL, SystemClock
from mediation.core.records import contacts_digest
from mediation.deadlines.commands import reminder_key
from mediation.storage import bulk, migrate
from mediation.storage.outbox import reminder_row
from mediation.workflow.definitions import (
    SYSTEM,
    DeadlineRuleDef,
    PeriodDef,
    TransitionDef,
    WorkflowDef,
)
from mediation.workflow.timeline import Schedule, due_after, plan_reminders

CHUNK = 2_000
YEARS = 5
SUPERVISORS = ("park", "choi", "jung")
MEDIATORS = tuple(f"med{i:02d}" for i in range(1, 21))
DISTRICTS = ("종로구", "중구", "용산구", "성동구", "광진구", "동대문구", "중랑구", "성북구", "강북구",
             "도봉구", "노원구", "은평구", "서대문구", "마포구", "양천구", "강서구", "구로구", "금천구",
             "영등포구", "동작구", "관악구", "서초구", "강남구", "송파구", "강동구")
SECTORS = ("regional_development", "housing", "transport", "environment", "welfare",
           "culture", "education", "neighbourhood")
CHANNELS = ("department_referral", "complaint", "early_warning", "phone", "visit", "media")
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ("민준", "서연", "도윤", "지우", "하준", "서윤", "은우", "지민", "예준", "수아", "시우", "하은")
PARTY_ROLES = ("applicant", "respondent", "resident_group", "department", "stakeholder",
               "group")
TOPICS = ("층간소음", "누수", "주차", "흡연", "반려동물", "악취", "일조권", "공사 소음", "도로 개설",
          "폐기물 처리시설", "재개발", "버스 노선", "공원 조성", "학교 이전")
GUARDED = {"agreement_has_items", "all_parties_signed", "commitments_settled"}


@dataclass
class Rows:
    """The rows of one chunk of cases, per table, and the ids handed out so far."""

    ids: dict[str, int]
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, name: str, row: dict[str, Any]) -> int:
        row_id = self.ids[name]
        self.ids[name] = row_id + 1
        self.tables.setdefault(name, []).append({"id": row_id, **row})
        return row_id


@dataclass
class Chain:
    """One case being built: its row's values, its chain, its parties and agreement."""

    case_id: int
    number: str
    wf: WorkflowDef
    actor: str
    state: str
    at: datetime
    events: list[dict[str, Any]] = field(default_factory=list)
    head: str = GENESIS
    parties: list[int] = field(default_factory=list)
    items: dict[int, dict[str, Any]] = field(default_factory=dict)
    signed: set[int] = field(default_factory=set)
    open_items: set[int] = field(default_factory=set)
    entered: datetime | None = None
    rules: dict[str, int] = field(default_factory=dict)  # deadlines opened per rule

    def append(self, kind: str, at: datetime, details: dict[str, Any] | None = None, *,
               note: str | None = None, move: TransitionDef | None = None,
               actor: str | None = None) -> None:
        seq = len(self.events) + 1
        src, dest = (self.state, move.dest) if move else (None, None)
        if kind == "opened":
            dest = self.state
        actor = actor or self.actor
        record = EventRecord(number=self.number, seq=seq, at=at, actor=actor, kind=kind,
                             from_state=src, to_state=dest,
                             trigger=move.trigger if move else None, note=note,
                             details=canonical(details or {}), prev_hash=self.head)
        self.head = event_hash(record)
        self.events.append({"case_id": self.case_id, "seq": seq, "at": at, "actor": actor,
                            "kind": kind, "from_state": src, "to_state": dest,
                            "trigger": record.trigger, "note": note, "details": record.details,
                            "prev_hash": record.prev_hash, "hash": self.head})
        if move:
            self.state, self.entered = move.dest, at
        self.at = at


class Seeder:
    def __init__(self, app: App, now: datetime, rng: random.Random) -> None:
        self.app, self.now, self.rng = app, now, rng
        self.workflows = sorted(app.workflows.values(), key=lambda w: w.name)
        policy = app.deadlines.policy
        self.calendar: WorkCalendar = build(policy.hours, {})
        self.domain = policy.domain
        self.case_numbers: dict[tuple[Any, ...], int] = {}
        self.doc_numbers: dict[tuple[Any, ...], int] = {}

    # one case -------------------------------------------------------------------------

    def case(self, rows: Rows, opened: datetime) -> None:
        rng = self.rng
        wf = self.workflows[0] if rng.random() < 0.6 else rng.choice(self.workflows)
        year = opened.astimezone(SEOUL).year
        seq = self.case_numbers[(year,)] = self.case_numbers.get((year,), 0) + 1
        mediator, supervisor = rng.choice(MEDIATORS), rng.choice(SUPERVISORS)
        chain = Chain(case_id=rows.ids["cases"], number=f"{year}-{seq:04d}", wf=wf,
                      actor=mediator, state=wf.initial.name, at=opened, entered=opened)
        rows.ids["cases"] += 1
        fields = self.fields(wf)
        chain.append("opened", opened, {"workflow": wf.name, "version": wf.version,
                                        "fields": fields, "mediator": mediator,
                                        "supervisor": supervisor})
        age = self.now - opened
        span = min(age - timedelta(hours=1), timedelta(days=rng.randint(20, 400)))
        # (cases are opened at least a day before now: every event is in the past)
        clock = Ticker(opened, span, rng)
        for _ in range(rng.randint(3, 6)):
            self.party(rows, chain, clock.next())
        steps = 40 if age > timedelta(days=365) else rng.randint(0, min(8, age.days // 10))
        self.walk(rows, chain, clock, steps)
        dormant = self.dormancy(chain)
        closed = wf.is_final(chain.state)
        rows.tables.setdefault("cases", []).append({
            "id": chain.case_id, "number": chain.number, "workflow": wf.name,
            "workflow_version": wf.version, "state": chain.state, "closed": closed,
            "mediator": mediator, "supervisor": supervisor, "opened_at": opened,
            "closed_at": chain.at if closed else None, "updated_at": chain.at,
            "audit_head": chain.head, "version": len(chain.events), "summary": "",
            "conflict_types": fields.get("conflict_types", []), "alert_indicators": [],
            "alert": "none", **{k: v for k, v in fields.items() if k != "conflict_types"},
            **{k: None for k in ("location", "department", "stage", "people_involved",
                                 "project_cost") if k not in fields}})
        if not closed:
            self.deadlines(rows, chain, dormant)
        rows.tables.setdefault("case_events", []).extend(chain.events)

    def fields(self, wf: WorkflowDef) -> dict[str, Any]:
        rng = self.rng
        district = rng.choice(DISTRICTS)
        out: dict[str, Any] = {
            "title": f"{district} {rng.choice(TOPICS)} 갈등", "district": district,
            "sector": rng.choice(SECTORS), "channel": rng.choice(CHANNELS),
            "grade": rng.choice("ABC"), "chair": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}"}
        if wf.name == "public_conflict":
            out["conflict_types"] = rng.sample(["interest", "value", "siting", "policy"], 2)
        return out

    def party(self, rows: Rows, chain: Chain, at: datetime) -> None:
        rng = self.rng
        n = len(chain.parties)
        values = {"name": f"{rng.choice(SURNAMES)}{rng.choice(GIVEN)}",
                  "role": PARTY_ROLES[n] if n < len(PARTY_ROLES) else "stakeholder",
                  "organization": None, "representative": n == 2, "lang": "ko",
                  "email": f"p{rows.ids['parties']}@example.org",
                  "phone": f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                  "address": None}
        party_id = rows.add("parties", {**values, "case_id": chain.case_id, "created_at": at,
                                        "consent": "given", "consent_at": at,
                                        "open_consent_at": None})
        chain.parties.append(party_id)
        chain.append("party_added", at, {
            "party_id": party_id, **{k: values[k] for k in ("name", "role", "organization",
                                                            "representative", "lang")},
            "contacts": contacts_digest(party_id, values)})
        chain.append("consent", at, {"party_id": party_id, "consent": "given"})

    # the walk ---------------------------------------------------------------------------

    def walk(self, rows: Rows, chain: Chain, clock: Ticker, steps: int) -> None:
        rng = self.rng
        for _ in range(steps):
            options = [t for t in chain.wf.transitions_from(chain.state)
                       if t.roles != (SYSTEM,) and (not t.note_required or rng.random() < 0.3)]
            if not options:
                return
            weights = [1 if chain.wf.is_final(t.dest) else 6 for t in options]
            move = rng.choices(options, weights)[0]
            if rng.random() < 0.3:
                self.meeting(rows, chain, clock.next())
            self.before(rows, chain, move, clock)
            chain.append("transition", clock.next(), note="사유 기록" if move.note_required else None,
                         move=move)
            if rng.random() < 0.4:
                self.document(rows, chain, clock.next())
            if chain.wf.is_final(chain.state):
                return

    def before(self, rows: Rows, chain: Chain, move: TransitionDef, clock: Ticker) -> None:
        """What the guards of ``move`` need: items, every signature, settled commitments."""
        guards = GUARDED.intersection(move.guards)
        if guards and not chain.items:
            for _ in range(self.rng.randint(1, 3)):
                self.item(rows, chain, clock.next())
        if "all_parties_signed" in guards:
            for party_id in chain.parties:
                if party_id not in chain.signed:
                    at = clock.next()
                    rows.add("agreement_signatures", {
                        "case_id": chain.case_id, "party_id": party_id, "signed_at": at,
                        "recorded_by": chain.actor, "voided_at": None})
                    chain.signed.add(party_id)
                    chain.append("agreement_signed", at, {"party_id": party_id})
        if "commitments_settled" in guards:
            for item_id in sorted(chain.open_items):
                self.settle(rows, chain, item_id, clock.next())

    def item(self, rows: Rows, chain: Chain, at: datetime) -> None:
        due = (at + timedelta(days=self.rng.randint(30, 180))).astimezone(SEOUL).date()
        values = {"text": f"{self.rng.choice(TOPICS)} 개선 조치 이행", "owner_party_id":
                  self.rng.choice(chain.parties), "due": due, "check_method": "현장 확인",
                  "cost_share": None}
        item_id = rows.add("agreement_items", {
            **values, "case_id": chain.case_id, "version": 1, "status": "open",
            "status_note": None, "status_at": None, "created_at": at, "updated_at": at})
        chain.items[item_id] = rows.tables["agreement_items"][-1]
        chain.open_items.add(item_id)
        chain.append("item_added", at, {"item_id": item_id, **values, "due": due.isoformat(),
                                        "voided_signatures": 0})

    def settle(self, rows: Rows, chain: Chain, item_id: int, at: datetime) -> None:
        chain.items[item_id].update(status="done", status_note="이행 확인", status_at=at)
        chain.open_items.discard(item_id)
        chain.append("commitment_done", at, {"item_id": item_id, "status": "done"},
                     note="이행 확인")

    def meeting(self, rows: Rows, chain: Chain, at: datetime) -> None:
        rng = self.rng
        starts = at + timedelta(days=rng.randint(7, 14))
        status = "held" if starts < self.now else "scheduled"
        kind = rng.choice(("joint", "separate"))
        meeting_id = rows.add("meetings", {
            "case_id": chain.case_id, "kind": kind, "starts_at": starts,
            "place": "시청 회의실", "agenda": "쟁점 협의", "public": False, "status": status,
            "forced_reason": None, "attended": chain.parties if status == "held" else [],
            "absent": [], "excused": [], "cancel_reason": None, "minutes": None,
            "minutes_sha256": None, "sequence": 0, "notices": [], "hearing": None,
            "created_at": at, "updated_at": at})
        chain.append("meeting_scheduled", at, {
            "meeting_id": meeting_id, "kind": kind, "starts_at": starts.isoformat(),
            "place": "시청 회의실", "public": False, "forced": False, "noticed": False})

    def document(self, rows: Rows, chain: Chain, at: datetime) -> None:
        kinds = [k for k in ("receipt", "progress", "result_notice")
                 if chain.wf.may_issue(k, chain.state)]
        if not kinds:
            return
        kind = self.rng.choice(kinds)
        year = at.astimezone(SEOUL).year
        prefix = "조정"
        seq = self.doc_numbers[(prefix, year)] = self.doc_numbers.get((prefix, year), 0) + 1
        number = f"{prefix}-{year}-{seq:04d}"
        party_id = chain.parties[0]
        digest = f"{rows.ids['documents']:064x}"
        rows.add("documents", {
            "number": number, "prefix": prefix, "year": year, "seq": seq,
            "case_id": chain.case_id, "kind": kind, "status": "issued",
            "recipient": "신청인", "recipient_kind": "party", "party_id": party_id,
            "lang": "ko", "format": "pdf", "template": f"{kind}.html.j2",
            "template_sha256": None, "context": "{}", "output_path": None,
            "output_sha256": digest, "output_bytes": 20_000, "pages": 1, "companions": [],
            "trigger": None, "generated_by": chain.actor, "generated_at": at, "sent_at": None,
            "sent_to": None, "reserved_by": None, "reserved_until": None})
        chain.append("document", at, {"document": number, "kind": kind, "party_id": party_id,
                                      "lang": "ko", "format": "pdf", "sha256": digest})

    # deadlines and reminders ------------------------------------------------------------

    def dormancy(self, chain: Chain) -> datetime | None:
        """A case left open and quiet for the dormancy period was noticed by the system,
        and closed as inactive once the notice went unanswered (as the sweep does): the
        time of a notice still running, else ``None``."""
        rule = next((r for r in chain.wf.deadlines if r.kind == "dormancy"), None)
        if rule is None or chain.wf.is_final(chain.state) or rule.close_after is None:
            return None
        noticed = due_after(self.calendar, chain.at, rule.length)
        if noticed >= self.now - timedelta(hours=1):
            return None
        chain.append("dormancy_notice", noticed, {"rule": rule.name, "basis": rule.basis,
                                                  "quiet_since": chain.at.isoformat()},
                     actor=SYSTEM)
        closes = due_after(self.calendar, noticed, rule.close_after)
        move = chain.wf.transition(chain.state, rule.trigger or "")
        if move is None or closes >= self.now - timedelta(hours=1):
            return noticed
        chain.append("transition", closes, move=move, actor=SYSTEM)
        return None

    def deadlines(self, rows: Rows, chain: Chain, dormant: datetime | None) -> None:
        entered = chain.entered or chain.at
        for rule in chain.wf.deadlines:
            if rule.kind == "dormancy" and dormant is not None:
                self.deadline(rows, chain, rule, dormant, period=rule.close_after)
            elif rule.kind == "state" and chain.state in rule.states:
                self.deadline(rows, chain, rule, entered)
            elif rule.kind == "repeat":
                self.deadline(rows, chain, rule, max(entered, self.now - timedelta(days=20)))
            elif rule.kind == "commitment" and chain.state in rule.states:
                for item_id in sorted(chain.open_items):
                    self.deadline(rows, chain, rule, entered, item_id)

    def deadline(self, rows: Rows, chain: Chain, rule: DeadlineRuleDef, start: datetime,
                 item_id: int | None = None, period: PeriodDef | None = None) -> None:
        period = period or rule.period
        if period is None:  # a commitment: due on the item's date
            due_day = chain.items[item_id or 0]["due"]
            period = PeriodDef(amount=max(1, (due_day - start.astimezone(SEOUL).date()).days),
                               unit="calendar_days")
        schedule = Schedule.of(rule, period)
        due = due_after(self.calendar, start, schedule.period)
        seq = chain.rules[rule.name] = chain.rules.get(rule.name, 0) + 1
        deadline_id = rows.add("deadlines", {
            "case_id": chain.case_id, "rule": rule.name, "seq": seq, "kind": rule.kind,
            "title_ko": rule.title.ko, "title_en": rule.title.en, "basis": rule.basis,
            "item_id": item_id, "schedule": schedule.to_json(), "start_at": start,
            "due_at": due, "original_due_at": due, "status": "open", "adjustments": [],
            "extensions": 0, "generation": 0, "opened_at": start, "closed_at": None,
            "closed_by": None})
        for plan in plan_reminders(self.calendar, schedule, start, due):
            row = reminder_row(key=reminder_key(deadline_id, 0, plan.slot),
                               case_id=chain.case_id, deadline_id=deadline_id, kind=plan.kind,
                               audience=plan.audience, send_at=plan.send_at, now=start,
                               domain=self.domain)
            if plan.send_at < self.now + timedelta(days=1):  # past: sent when it was due
                row.update(status="sent", next_at=None, sent_at=plan.send_at, attempts=1)
            rows.add("reminders", {"last_error": None, "claimed_by": None, "sent_at": None,
                                   **row})


class Ticker:
    """Moments along a case's life: each call a little later, all within ``span``."""

    def __init__(self, start: datetime, span: timedelta, rng: random.Random) -> None:
        self.at, self.rng = start, rng
        self.last = start + span
        self.step = span / 80

    def next(self) -> datetime:
        self.at = min(self.last, self.at + self.step * self.rng.uniform(0.2, 1.8))
        return self.at


# driving -----------------------------------------------------------------------------

def opened_times(n: int, now: datetime, rng: random.Random) -> list[datetime]:
    """``n`` moments over the five years before ``now``, in order, to the microsecond."""
    first = now - timedelta(days=365 * YEARS)
    seconds = (now - timedelta(days=1) - first).total_seconds()
    return sorted(first + timedelta(seconds=rng.uniform(0, seconds)) for _ in range(n))


def prepared_app(url: str, home: Path) -> App:
    settings = Settings.from_env({"MEDIATION_HOME": str(home), "MEDIATION_DATABASE_URL": url,
                                  "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS)})
    app = build_app(settings, clock=SystemClock())
    migrate.upgrade(app.db)
    app.users.ensure_admin("admin", os_login=getpass.getuser())  # the runner's account
    admin = app.users.actor("admin")
    known = {u.username for u in app.users.list_users()}
    for username, role in ((*((s, "supervisor") for s in SUPERVISORS),
                            *((m, "mediator") for m in MEDIATORS))):
        if username not in known:
            app.users.add_user(admin, username, f"가상 {username}", f"{username}@example.org",
                               role)
    return app


TABLE_ORDER = ("cases", "parties", "agreement_items", "agreement_signatures", "meetings",
               "documents", "case_events", "deadlines", "reminders")


def seed(url: str, n: int, home: Path, seed_value: int = 15) -> dict[str, int]:
    """Add ``n`` cases to the database at ``url``; the number of rows written per table."""
    with phases.of("migrating, users"):
        app = prepared_app(url, home)
    now = app.clock.now()
    rng = random.Random(seed_value)
    seeder = Seeder(app, now, rng)
    with app.db.read() as conn:
        ids = bulk.next_ids(conn)
        seeder.case_numbers = bulk.counters(conn, "case_counters")
        seeder.doc_numbers = bulk.counters(conn, "document_counters")
    written: dict[str, int] = {}
    times = opened_times(n, now, rng)
    for first in range(0, n, CHUNK):
        with phases.of("building rows"):
            rows = Rows(ids=ids)
            for opened in times[first:first + CHUNK]:
                seeder.case(rows, opened)
        with phases.of("writing rows"), app.db.write() as conn:
            for name in TABLE_ORDER:
                bulk.insert_rows(conn, name, rows.tables.get(name, []))
                written[name] = written.get(name, 0) + len(rows.tables.get(name, []))
        progress(first + CHUNK, n)
    with phases.of("counters"), app.db.write() as conn:
        bulk.raise_counters(conn, "case_counters", seeder.case_numbers)
        bulk.raise_counters(conn, "document_counters", seeder.doc_numbers)
        bulk.restart_sequences(conn)
    if app.db.engine.dialect.name == "postgresql":
        # what autovacuum does on a server in use after a load (the test server runs without
        # it): the planner's statistics, without which PostgreSQL plans for empty tables
        # (the reminder list joined 23,556 rows before taking its first 50: 187 ms, 1 ms
        # after), and the visibility map, without which a count read from an index still
        # visits every row it counts
        with phases.of("VACUUM ANALYZE"), app.db.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    app.db.dispose()
    return written


class Phases:
    """Wall and CPU seconds spent in each phase of the load (CPU: this process's only; a
    PostgreSQL server's work shows in the wall time)."""

    def __init__(self) -> None:
        self.spent: dict[str, list[float]] = {}

    @contextmanager
    def of(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            spent = self.spent.setdefault(name, [0.0, 0.0])
            spent[0] += time.perf_counter() - wall
            spent[1] += time.process_time() - cpu

    def lines(self) -> list[str]:
        return [f"  {name:<22} {wall:8.1f} s wall {cpu:8.1f} s CPU"
                for name, (wall, cpu) in self.spent.items()]


phases = Phases()


def progress(done: int, total: int) -> None:
    done = min(done, total)
    width = 40
    filled = width * done // total
    sys.stderr.write(f"\r  [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,} cases")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, required=True, help="how many cases to add")
    parser.add_argument("--db", required=True, help="sqlite:///path or postgresql://... URL")
    parser.add_argument("--home", type=Path, default=Path("/tmp/mediation-seed-home"),
                        help="MEDIATION_HOME for the run (no files are written)")
    parser.add_argument("--seed", type=int, default=15, help="random seed")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    written = seed(args.db, args.cases, args.home, args.seed)
    took = time.perf_counter() - start
    print(f"{args.cases:,} cases in {took:.1f} s ({args.cases / took:,.0f} cases/s)")
    for name, count in written.items():
        print(f"  {name:<22} {count:>12,}")
    print("\n".join(phases.lines()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
