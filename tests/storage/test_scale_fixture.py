"""The scale fixture (``bench/seed.py``) builds cases in bulk that the program itself accepts:
every chain and every case row verifies, on both databases, and the schema is the
migrated one."""

from __future__ import annotations

import sys
from pathlib import Path

from conftest import ROOT

from mediation.app import build_app
from mediation.config import Settings
from mediation.core.clock import SystemClock

sys.path.append(str(ROOT / "bench"))  # bench/ is not a package
import seed
from benchkit import WORKFLOWS


def test_the_fixture_verifies_and_its_lists_read_back(database_url: str, tmp_path: Path) -> None:
    # Given a migrated, empty database
    # When the fixture adds 120 cases, then 30 more (numbers and ids continue)
    first = seed.seed(database_url, 120, tmp_path / "home", seed_value=3)
    more = seed.seed(database_url, 30, tmp_path / "home", seed_value=4)
    # Then every case, event and the rows they describe were written
    assert first["cases"] == 120 and more["cases"] == 30
    assert first["case_events"] > 120 * 7 and first["deadlines"] > 0 and first["reminders"] > 0
    # And `audit verify` over the whole database passes: each chain, each row its replay
    settings = Settings.from_env({"MEDIATION_HOME": str(tmp_path / "home"),
                                  "MEDIATION_DATABASE_URL": database_url,
                                  "MEDIATION_WORKFLOWS_DIR": str(WORKFLOWS)})
    app = build_app(settings, clock=SystemClock())
    try:
        admin = app.users.actor("admin")
        results = app.reading.verify(admin)
        broken = [(r.number, r.broken_seq, r.reason_en) for r in results if not r.ok]
        assert broken == [] and len(results) == 150 + 1  # the cases and the users' trail
        # And nothing is due: every reminder already past was sent when it was due
        assert app.reminders.reminder_page(admin, "due").total == 0
    finally:
        app.close()
