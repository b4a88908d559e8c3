"""Real variants of the layouts the declared sources read: other report options, API pulls written another way, and
exports of another kind in the same columns. Each must load to its hand-computed totals as the source it is a variant
of, or be refused; no mutation of it may load as something else.

The fixtures are under ``tests/fixtures/sources/_variants/<name>/`` (provenance and hand totals in the README beside
the sources' fixtures); ``expected.json`` names the ``source`` each is a variant of. The checks are the ones every
source fixture passes (``test_sources_fixtures``): the real CLI in a subprocess on a DuckDB file on disk, totals read
back through ``moat metrics`` and the ``cur_*`` views.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest import test_sources_fixtures as fixtures

VARIANTS = sorted(f"_variants/{p.name}" for p in (fixtures.SOURCES / "_variants").iterdir() if (p / "expected.json").is_file())


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_loads_to_hand_computed_totals(tmp_path: Path, variant: str) -> None:
    ex = fixtures.expected(variant)
    db, r = fixtures.load(tmp_path, variant)
    assert (r["dataset"], r.get("source")) == (ex["dataset"], ex["source"]), r.get("source_confidence")
    counts = {k: r[k] for k in ("rows_read", "rows_loaded", "rows_quarantined", "rows_skipped")}
    assert counts == ex["counts"], r.get("errors") or r.get("warnings")
    assert r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] + r["rows_skipped"]
    for rule, want in ex.get("row_rules", {}).items():
        got = (r.get("row_rules") or {}).get(rule)
        assert (got or 0) > 0 if want == ">0" else got == want, f"row rule {rule}: {got!r}, expected {want}"
    fixtures.assert_totals(db, variant, ex)
    wrong = {fixtures.key(n) for n in ex.get("not_clients", [])}
    assert not wrong & {fixtures.key(n) for n in r.get("new_clients", [])}
    names = {fixtures.key(n) for (n,) in fixtures.sql(db, "SELECT client_name FROM cur_invoices UNION SELECT client_name FROM cur_time_entries "
                                                          "UNION SELECT client_name FROM cur_licenses UNION SELECT client_name FROM cur_clients") if n}
    assert not wrong & names, f"became clients: {wrong & names}"
    techs = {fixtures.key(n) for (n,) in fixtures.sql(db, "SELECT technician_name FROM cur_time_entries") if n}
    assert not {fixtures.key(n) for n in ex.get("not_technicians", [])} & techs


@pytest.mark.parametrize(("variant", "column"), [(v, c) for v in VARIANTS for c in fixtures.expected(v)["required_columns"]])
def test_variant_without_a_required_column_is_refused(tmp_path: Path, variant: str, column: str) -> None:
    fixtures.test_dropping_a_required_column_is_refused(tmp_path, variant, column)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_with_unknown_headers_is_refused(tmp_path: Path, variant: str) -> None:
    fixtures.test_unknown_headers_are_refused(tmp_path, variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_with_headers_shifted_against_its_data_is_refused_or_quarantined(tmp_path: Path, variant: str) -> None:
    fixtures.test_headers_shifted_against_data_are_refused_or_quarantined(tmp_path, variant)
