"""Documents per second through the real register: HTML letters per second, and PDF pages
per second for a bulk run of meeting notices to every party of a case, in one process and in
worker processes on every core, with the peak memory of each run.

Every measured run is ``DocumentCommands.render_documents`` on a throw-away SQLite database: reserve
the numbers, render each letter (sandboxed Jinja, then WeasyPrint for PDF), write it and its
calendar file, register it and append its event to the case's hash-chained audit trail. The
bulk runs show a progress bar on stderr.

Baselines, measured in the same run: WeasyPrint turning a minimal one-line HTML page into a
PDF (the floor of any PDF), and the sandboxed Jinja rendering of the same letters without
writing or registering anything.

Peak memory: each bulk run happens in a fresh process; the run is repeated with a fifth of
the parties, and the two peaks are compared, so a memory that grew with the number of
letters would show.

    .venv/bin/python bench/documents.py            # 500 parties, about 2 minutes
    .venv/bin/python bench/documents.py --quick    # 100 parties

Target: at least 15 PDF pages a second using both cores; the peak memory of the full run
within 1.25× (+10 MB) of the run with a fifth of the letters. Exit status 1 when missed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchkit import ROOT, WORKFLOWS, Verdicts, sqlite_target

TARGET_PAGES_PER_SECOND = 15.0
MEMORY_RATIO = 1.25
MEMORY_SLACK_MB = 10.0


def _app(url: str, home: Path, fmt: str = "pdf") -> Any:
    from mediation.app import build_app
    from mediation.config import Settings
    from mediation.core.clock import FrozenClock
    from mediation.render.office import DocumentSettings
    from mediation.storage import migrate
    from mediation.storage.db import Database

    from_env = Settings.from_env({"MEDIATION_HOME": str(home)})
    settings = Settings(home=home, database_url=url, workflows_dir=WORKFLOWS,
                        mail=from_env.mail, reminders=from_env.reminders,
                        documents=DocumentSettings(out_dir=home / "documents", format=fmt))
    db = Database(url)
    migrate.upgrade(db)
    db.dispose()
    from datetime import datetime

    from mediation.core.clock import SEOUL

    return build_app(settings, clock=FrozenClock(datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL)))


def seed(url: str, home: Path, parties: int) -> str:
    """Users, one case and ``parties`` parties, through the service; the case number."""
    from mediation.cases.commands import CaseFields
    from mediation.parties.commands import PartyFields

    app = _app(url, home)
    app.users.ensure_admin("admin")
    admin = app.users.actor("admin")
    app.users.add_user(admin, "kim", "김조정", "kim@example.org", "mediator")
    app.users.add_user(admin, "park", "박담당", "park@example.org", "supervisor")
    number: str = app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                supervisor="park",
                                fields=CaseFields(title="가상동 복합시설 입지 갈등",
                                                  summary="벤치마크용 가상 사안")).number
    for i in range(parties):
        app.parties.add_party(admin, number, PartyFields(
            name=f"가상 주민 {i + 1:03d}", role="resident_group",
            address=f"서울특별시 가상구 가상로 {i + 1}", email=f"p{i + 1}@example.org"))
    app.close()
    return number


def request(number: str, fmt: str, jobs: int, out: Path) -> Any:
    from datetime import datetime

    from mediation.core.clock import SEOUL
    from mediation.documents.register import LetterRequest
    from mediation.render.context import LetterInputs, MeetingCtx

    starts = datetime(2026, 12, 8, 14, 30, tzinfo=SEOUL)
    meeting = MeetingCtx(title="제3차 갈등조정협의회", purpose="임시 주차 대책 합의안 검토",
                         starts_at=starts, ends_at=starts.replace(hour=16),
                         place="가상구청 3층 소회의실", agenda=("지난 회의 결과 확인", "합의안 검토"))
    return LetterRequest(number=number, kind="meeting_notice", all_parties=True, fmt=fmt,
                         out=out, inputs=LetterInputs(meeting=meeting), jobs=jobs)


def run_once(url: str, home: str, number: str, fmt: str, jobs: int, out: str) -> None:
    """One bulk run in this (fresh) process; prints a JSON line with its numbers."""
    from mediation.cli.letters import ProgressBar

    app = _app(url, Path(home), fmt)
    kim = app.users.actor("kim")
    label = f"{fmt} x{jobs}"
    start, cpu_start = time.perf_counter(), os.times()
    views = app.documents.render_documents(kim, request(number, fmt, jobs, Path(out)),
                                 progress=ProgressBar(label))
    seconds, cpu_end = time.perf_counter() - start, os.times()
    cpu = (cpu_end.user + cpu_end.system + cpu_end.children_user + cpu_end.children_system
           - cpu_start.user - cpu_start.system - cpu_start.children_user
           - cpu_start.children_system)
    app.close()
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"letters": len(views), "pages": sum(v.pages or 0 for v in views),
                      "seconds": seconds, "cpu": cpu, "peak_mb": own,
                      "worker_peak_mb": children}))


def bulk(url: str, home: Path, number: str, fmt: str, jobs: int) -> dict[str, Any]:
    out = Path(tempfile.mkdtemp(prefix="letters-", dir=home))
    proc = subprocess.run([sys.executable, __file__, "--child", url, str(home), number, fmt,
                           str(jobs), str(out)], stdout=subprocess.PIPE, text=True, check=True,
                          cwd=ROOT)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def baseline_minimal_pdf(count: int) -> float:
    """Pages per second of WeasyPrint on a one-line page (the floor of any PDF)."""
    import weasyprint

    html = '<html style="font-family: NanumGothic"><p>가나다 한 줄</p></html>'
    weasyprint.HTML(string=html).write_pdf()
    start = time.perf_counter()
    for _ in range(count):
        weasyprint.HTML(string=html).write_pdf()
    return count / (time.perf_counter() - start)


def baseline_jinja(count: int) -> float:
    """Letters per second of the sandboxed Jinja rendering alone (no file, no register)."""
    from mediation.render.samples import sample_context
    from mediation.render.templates import Templates
    from mediation.workflow.dockinds import KINDS

    templates = Templates(ROOT / "templates")
    ctx = sample_context("meeting_notice", "ko")
    start = time.perf_counter()
    for _ in range(count):
        templates.render(KINDS["meeting_notice"], "ko", "html", ctx)
    return count / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="100 parties instead of 500")
    parser.add_argument("--parties", type=int, help="number of parties (letters per run)")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        url, home, number, fmt, jobs, out = args.child
        run_once(url, home, number, fmt, int(jobs), out)
        return 0
    parties = args.parties or (100 if args.quick else 500)
    cores = os.cpu_count() or 1
    verdicts = Verdicts()
    print(f"documents: meeting notices to {parties} parties, {cores} cores")
    with sqlite_target() as target:
        home = target.sqlite_path.parent if target.sqlite_path else Path(tempfile.mkdtemp())
        number = seed(target.url, home, parties)
        small_number = seed_small(target.url, home, max(1, parties // 5))
        floor = baseline_minimal_pdf(30)
        jinja = baseline_jinja(200)
        html = bulk(target.url, home, number, "html", 1)
        one = bulk(target.url, home, number, "pdf", 1)
        many = bulk(target.url, home, number, "pdf", cores)
        small = bulk(target.url, home, small_number, "pdf", cores)
    report(verdicts, parties, cores, floor, jinja, html, one, many, small)
    return 1 if verdicts.failed else 0


def seed_small(url: str, home: Path, parties: int) -> str:
    """A second case with a fifth of the parties, for the memory comparison."""
    from mediation.cases.commands import CaseFields
    from mediation.parties.commands import PartyFields

    app = _app(url, home)
    admin = app.users.actor("admin")
    number: str = app.cases.open_case(admin, workflow="public_conflict", mediator="kim",
                                supervisor="park", fields=CaseFields(title="작은 가상 사안")).number
    for i in range(parties):
        app.parties.add_party(admin, number, PartyFields(name=f"가상 주민 {i + 1:03d}",
                                                 role="resident_group"))
    app.close()
    return number


def report(verdicts: Verdicts, parties: int, cores: int, floor: float, jinja: float,
           html: dict[str, Any], one: dict[str, Any], many: dict[str, Any],
           small: dict[str, Any]) -> None:
    html_rate = html["letters"] / html["seconds"]
    one_rate = one["pages"] / one["seconds"]
    many_rate = many["pages"] / many["seconds"]
    print("baselines (same run)")
    verdicts.info("WeasyPrint, minimal one-line page", f"{floor:.1f} pages/s")
    verdicts.info("sandboxed Jinja only, meeting notice", f"{jinja:.0f} letters/s")
    print(f"register: {parties} meeting notices (+ .ics each), written and registered")
    verdicts.info("HTML letters, 1 process", f"{html_rate:.0f} letters/s",
                  f"{html_rate / jinja:.2f}x Jinja alone")
    verdicts.info("PDF, 1 process", f"{one_rate:.1f} pages/s",
                  f"{one_rate / floor:.2f}x the minimal page; {one['pages']} pages")
    verdicts.check(f"PDF, {cores} processes", f"{many_rate:.1f} pages/s",
                   f">= {TARGET_PAGES_PER_SECOND:g}", many_rate >= TARGET_PAGES_PER_SECOND)
    verdicts.info("  speed-up over 1 process", f"{many_rate / one_rate:.2f}x",
                  f"CPU busy {one['cpu'] / one['seconds']:.2f} and "
                  f"{many['cpu'] / many['seconds']:.2f} of {cores} cores")
    per_cpu = many["pages"] / many["cpu"]
    verdicts.info("  pages per CPU-second, all processes", f"{per_cpu:.1f}",
                  f"x {cores} idle cores = {per_cpu * cores:.0f} pages/s if nothing else runs")
    big = max(many["peak_mb"], many["worker_peak_mb"])
    little = max(small["peak_mb"], small["worker_peak_mb"])
    verdicts.info("peak memory, 1 process", f"{max(one['peak_mb'], 0):.0f} MB")
    verdicts.info(f"peak memory, {small['letters']} letters, {cores} processes", f"{little:.0f} MB",
                  "(largest process)")
    verdicts.check(f"peak memory, {many['letters']} letters, {cores} processes", f"{big:.0f} MB",
                   f"<= {MEMORY_RATIO:g}x +{MEMORY_SLACK_MB:g}MB",
                   big <= little * MEMORY_RATIO + MEMORY_SLACK_MB)


if __name__ == "__main__":
    sys.exit(main())
