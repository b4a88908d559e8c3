"""h76 F3: without a clients file, the privacy budget came back whenever the same data arrived as other bytes.

The ledger charges a release to every *client-month* it describes, so that reloading the same data (other bytes,
new snapshots) restores nothing. It took the clients from ``cur_clients`` only: an MSP that loads no clients file
(time entries and invoices name the clients; README: a clients file is optional), or a client that only the
activity files name, had no client-months charged at all. Only the older per-file rule stood, and that is the
one a reload defeats: 3 releases of epsilon 1 (the whole budget), the same files loaded again with one blank line
added and the old snapshots rolled back, and a 4th release of the same clients went through (4 against 3).
Now the clients a release describes are those of the activity files too.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat.errors import BudgetExceeded
from moat.metrics.periods import Period
from moat.privacy import ledger, releases
from moat.snapshots import rollback

PERIOD = Period(date(2026, 8, 1), date(2026, 10, 31))


def _release(session) -> None:
    releases.release(session.con, session.user, releases.request(session.con, ["total_revenue"], 1.0, period=PERIOD))


def test_reloading_the_same_data_does_not_restore_the_budget_without_a_clients_file(demo_path: Path, tmp_path: Path) -> None:
    with moat.open(demo_path) as s:
        first = {d: i for i, d in s.con.execute("SELECT snapshot_id, dataset FROM snapshots").fetchall()}
        rollback(s.con, s.user, first["clients"])  # an MSP without a clients file: the activity files name clients
        assert s.con.execute("SELECT count(*) FROM cur_clients").fetchone()[0] == 0
        for _ in range(3):
            _release(s)
        assert ledger.units_spent(s.con, PERIOD) == pytest.approx(3.0)  # each client-month carries the 3 releases
        with pytest.raises(BudgetExceeded):
            _release(s)
        # the same data as other bytes, the old snapshots rolled back: the files' own spend is gone
        for path in s.export_datasets(tmp_path / "again", "csv"):
            if path.suffix == ".csv" and path.stem != "clients":
                path.write_bytes(path.read_bytes() + b"\n")
                s.ingest(path)
        for dataset, snapshot_id in first.items():
            if dataset != "clients":
                rollback(s.con, s.user, snapshot_id)
        assert s.con.execute("SELECT count(*) FROM cur_invoices").fetchone()[0] > 0
        assert ledger.remaining(s.con, period=PERIOD) == pytest.approx(0.0)
        with pytest.raises(BudgetExceeded):
            _release(s)
