"""Review h69 D14: a short name or company identifier that is the start of a known client's name (`Pioneer Law`,
`PioneerLaw` for `Pioneer Law Partners`) is held with "did you mean", never created as a new client.

Files under tests/fixtures/h71 (README.md: provenance and hand totals) through `moat ingest --json` into DuckDB on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.cli_runs import ingest_json, rows

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "h71"


@pytest.mark.parametrize("name, short", [("short_names_time.csv", "Pioneer Law"),
                                         ("cw_identifier_clients_time.csv", "PioneerLaw")])
def test_d14_start_of_a_known_name_is_held(tmp_path: Path, name: str, short: str) -> None:
    db = tmp_path / "p.duckdb"
    assert ingest_json(db, str(FIX / "clients_pioneer.csv"))[0] == 0
    rc, f = ingest_json(db, str(FIX / name))
    assert rc == 0 and short not in f["new_clients"]
    assert any(f"unknown client '{short}': did you mean 'Pioneer Law Partners'?" in e["reason"] for e in f["errors"])
    assert rows(db, f"select count(*) from cur_clients where client_name = '{short}'") == [(0,)]


def test_d35_m365_report_of_another_known_clients_tenant_is_refused(tmp_path: Path) -> None:
    """Partner Center NCE lines, then Acme Dental's Active users detail (all @acmedental.com) with --client
    "Bright Law LLP": was exit 0 writing 9 assigned / 7 active into Bright Law's seats (a warning only); refused naming
    Acme Dental, nothing written."""
    from tests.ingest.cli_runs import dump

    db = tmp_path / "m.duckdb"
    assert ingest_json(db, str(FIX / "partner_center_nce_recon.csv"))[0] == 0
    before = dump(db)
    rc, f = ingest_json(db, str(FIX / "m365_active_user_detail_acme_std.csv"), "--client", "Bright Law LLP")
    assert rc == 2 and "acmedental.com, which is the domain of 'Acme Dental'" in f["errors"][0]["reason"]
    assert "--client 'Acme Dental'" in f["errors"][0]["reason"]
    assert dump(db) == before
