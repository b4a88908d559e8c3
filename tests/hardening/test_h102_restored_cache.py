"""h102 F4: after a backup was restored and a file loaded, Ask served answers computed on the replaced data.

The answer cache (on disk, 30 days) is keyed by the database's identity (path and schema creation time: the same
for a restored backup of it) and ``snapshots.data_version``, which counted snapshots, rolled-back snapshots,
aliases and quarantine rows. Restore the backup taken at snapshot 6, load another file, and snapshot 7 is back with
other rows and the same version: "revenue in October 2026" answered 1,211,453.28 (with the discarded file's
1,000,000.00 invoice) while the data held 211,458.28, exit 0, marked as a cached answer only. The version now
hashes every snapshot's file hash, time and status.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from moat import config, db
from moat.admin import backup
from moat.ai import engine
from moat.governance.permissions import User

ADMIN = User("ada", "admin")
QUESTION = "revenue in October 2026"
AS_OF = date(2026, 11, 15)


def _ask(path: Path, cfg: config.Config) -> tuple[Decimal, bool]:
    con = db.connect(path)
    try:
        answer = engine.ask(con, ADMIN, QUESTION, AS_OF, config=cfg, model=None)
    finally:
        con.close()
    assert not answer.refused, answer.narrative
    return answer.rows[0][0], answer.cached


def _load(path: Path, name: str, amount: str, tmp_path: Path) -> None:
    from moat.ingest.pipeline import ingest_path

    file = tmp_path / name
    file.write_text(f"Invoice Number,Customer,Invoice Date,Amount\n{name},Harbor Logistics,2026-10-20,{amount}\n",
                    encoding="utf-8")
    con = db.connect(path)
    try:
        assert ingest_path(con, ADMIN, file)["rows_loaded"] == 1
    finally:
        con.close()


def _revenue(path: Path) -> Decimal:
    con = db.connect(path)
    try:
        return Decimal(str(db.scalar(con, "SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN DATE '2026-10-01' "
                                          "AND DATE '2026-10-31'")))
    finally:
        con.close()


def test_a_restored_backup_never_gets_the_replaced_datas_answers(demo_path: Path, ask_config: config.Config,
                                                                 tmp_path: Path) -> None:
    con = db.connect(demo_path)
    try:
        copy = backup.backup(con, ADMIN, tmp_path / "b" / "before.duckdb").path
    finally:
        con.close()
    before, _ = _ask(demo_path, ask_config)
    _load(demo_path, "X-1", "1000000", tmp_path)
    replaced, _ = _ask(demo_path, ask_config)
    assert replaced == before + Decimal("1000000")  # cached under the replaced data's version

    backup.restore(copy, demo_path, ADMIN)
    _load(demo_path, "Y-1", "5", tmp_path)
    truth = _revenue(demo_path)
    assert truth == before + Decimal("5")
    answered, cached = _ask(demo_path, ask_config)
    assert answered == truth and not cached, (answered, truth)
