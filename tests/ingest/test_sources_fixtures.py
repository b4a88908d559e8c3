"""Every real-export fixture loads through ``moat ingest`` to its hand-computed totals, and no mutation of it
loads as something else.

Each ``tests/fixtures/sources/<source_id>/expected.json`` names its file, the CLI flags it needs, the dataset and
source it must be detected as, the row counts, and totals computed by hand from the file (see the README beside
the fixtures). The checks go through the real CLI in a subprocess (as a user runs it) on a DuckDB file on disk,
and read totals back with ``moat metrics ... --format json`` (the glossary's rules: drafts and voids are not
revenue, subscriptions cost every month they cover) or SQL on the ``cur_*`` views where no metric shows them.

Mutations (drop a required column, rename every header to an unknown name, move whole columns, shift the header
one column against its data) must end in a refusal (exit 2) or a quarantine: exit 0 with another dataset, or with
the damaged rows loaded as if nothing were wrong, is the defect these tests exist for.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import os
import random
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

SOURCES = Path(__file__).resolve().parents[1] / "fixtures" / "sources"
FIXTURES = sorted(p.name for p in SOURCES.iterdir() if (p / "expected.json").is_file())


def expected(source_id: str) -> dict[str, Any]:
    return json.loads((SOURCES / source_id / "expected.json").read_text(encoding="utf-8"))


def moat(db: Path, *args: str, cwd: Path, currency: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m moat --db DB ARGS`` in ``cwd`` (lookup files are named relative to the fixture)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MOAT_")}
    # the install's files (users, audit key and anchors) beside the test database, never in the fixture folder (cwd)
    env["MOAT_USERS_FILE"] = str(db.parent / "users.yaml")
    env["MOAT_AUDIT_KEY_FILE"] = str(db.parent / "audit.key")
    if currency:
        env["MOAT_BASE_CURRENCY"] = currency
    return subprocess.run([sys.executable, "-m", "moat", "--db", str(db), *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def ingest(db: Path, source_id: str, *, file: Path | None = None, args: list[str] | None = None) -> tuple[int, dict[str, Any] | None, str]:
    """(exit code, the file's report or None, stderr) of ``moat ingest FILE FLAGS --json``."""
    ex = expected(source_id)
    target = file or SOURCES / source_id / ex["file"]
    flags = ex.get("args", []) if args is None else args
    done = moat(db, "ingest", str(target), *flags, "--json", cwd=SOURCES / source_id, currency=ex.get("base_currency"))
    report = None
    if done.stdout.strip().startswith("{"):
        files = json.loads(done.stdout)["files"]
        report = files[0] if files else None
    return done.returncode, report, done.stderr + done.stdout


def metric(db: Path, source_id: str, name: str) -> list[dict[str, Any]]:
    ex = expected(source_id)
    start, end = ex["period"]
    done = moat(db, "metrics", name, "--from", start, "--to", end, "--format", "json", cwd=SOURCES / source_id,
                currency=ex.get("base_currency"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def key(name: str) -> str:
    return " ".join(name.casefold().split())


def dec(value: object) -> Decimal:
    return Decimal(str(value if value is not None else 0))


def sql(db: Path, query: str, params: list[object] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(query, params or []).fetchall()
    finally:
        con.close()


def load(tmp_path: Path, source_id: str) -> tuple[Path, dict[str, Any]]:
    """A fresh database with the fixture's prerequisites loaded, then the fixture itself (asserted to load)."""
    db = tmp_path / "moat.duckdb"
    for before in expected(source_id).get("before", []):
        rc, _, out = ingest(db, before)
        assert rc == 0, f"prerequisite {before} did not load: {out[-2000:]}"
    rc, report, out = ingest(db, source_id)
    assert rc == 0, out[-4000:]
    assert report is not None, out[-4000:]
    return db, report


@pytest.mark.parametrize("source_id", FIXTURES)
def test_fixture_loads_to_hand_computed_totals(tmp_path: Path, source_id: str) -> None:
    ex = expected(source_id)
    db, r = load(tmp_path, source_id)
    assert r["dataset"] == ex["dataset"]
    assert r.get("source") == source_id, f"detected {r.get('source')!r} ({r.get('source_confidence')})"
    assert isinstance(r.get("source_confidence"), str) and r["source_confidence"], "how sure the match is, in words"
    for rule, want in ex.get("row_rules", {}).items():
        got = (r.get("row_rules") or {}).get(rule)
        assert (got or 0) > 0 if want == ">0" else got == want, f"row rule {rule}: {got!r}, expected {want}"
    new_clients = {key(n) for n in r.get("new_clients", [])}
    for wrong in ex.get("not_clients", []) + ex.get("absent_clients", []):
        assert key(wrong) not in new_clients, f"{wrong!r} reported as a new client"
    counts = {k: r[k] for k in ("rows_read", "rows_loaded", "rows_quarantined", "rows_skipped")}
    assert counts == ex["counts"], r.get("errors")
    assert r["rows_read"] == r["rows_loaded"] + r["rows_quarantined"] + r["rows_skipped"]

    assert_totals(db, source_id, ex)
    names = {key(n) for (n,) in sql(db, "SELECT client_name FROM cur_clients UNION SELECT client_name FROM cur_invoices "
                                        "UNION SELECT client_name FROM cur_time_entries UNION SELECT client_name FROM cur_licenses "
                                        "UNION SELECT client_name FROM cur_costs") if n}
    for wrong in ex.get("not_clients", []) + ex.get("absent_clients", []):
        assert key(wrong) not in names, f"{wrong!r} became a client"
    techs = {key(n) for (n,) in sql(db, "SELECT technician_name FROM cur_time_entries UNION SELECT technician_name FROM cur_technicians") if n}
    for wrong in ex.get("not_technicians", []):
        assert key(wrong) not in techs, f"{wrong!r} became a technician"


def assert_totals(db: Path, source_id: str, ex: dict[str, Any]) -> None:
    """The hand-computed totals of ``expected.json``, read back through the metrics and the ``cur_*`` views."""
    if "revenue" in ex or "client_hours" in ex or "licence_cost" in ex or "other_cost" in ex:
        prof = {key(row["client_name"]): row for row in metric(db, source_id, "profitability") if row.get("client_name")}
        for field_, column in (("revenue", "revenue"), ("client_hours", "hours"), ("licence_cost", "license_cost"),
                               ("other_cost", "other_cost")):
            if field_ not in ex:
                continue
            want = {key(c): Decimal(v) for c, v in ex[field_].items()}
            got = {c: dec(row.get(column)) for c, row in prof.items() if dec(row.get(column)) != 0}
            assert got == want, f"{field_}: {got} != {want}"
    if "technician_hours" in ex:
        util = {key(row["technician_name"]): row for row in metric(db, source_id, "utilization")}
        got = {t: (dec(row["worked_hours"]), dec(row["billable_hours"])) for t, row in util.items() if dec(row["worked_hours"])}
        want = {key(t): (Decimal(w), Decimal(b)) for t, (w, b) in ex["technician_hours"].items()}
        assert got == want
    if "overhead" in ex:
        overhead = sql(db, "SELECT coalesce(sum(amount), 0) FROM cur_costs WHERE client_key IS NULL")[0][0]
        assert dec(overhead) == Decimal(ex["overhead"])
    for pair, (purchased, assigned, active) in ex.get("seats", {}).items():
        client, product = pair.split("|")
        found = sql(db, "SELECT sum(seats_purchased), sum(seats_assigned), sum(seats_active) FROM cur_licenses "
                        "WHERE lower(trim(client_name)) = lower(?) AND lower(trim(product)) = lower(?) "
                        "AND coalesce(month, start_date) <= ?::DATE "
                        "AND (month IS NOT NULL AND month >= ?::DATE OR month IS NULL AND coalesce(end_date, ?::DATE) >= ?::DATE)",
                    [client, product, ex["period"][1], ex["period"][0], ex["period"][1], ex["period"][0]])
        assert found == [(purchased, assigned, active)], f"{pair}: {found}"
    if "clients" in ex:
        got = {key(n): s for n, s in sql(db, "SELECT client_name, status FROM cur_clients")}
        assert got == {key(n): s for n, s in ex["clients"].items()}
    if "monthly_fees" in ex:
        got = {key(n): dec(f) for n, f in sql(db, "SELECT client_name, monthly_fee FROM cur_clients")}
        assert got == {key(n): Decimal(f) for n, f in ex["monthly_fees"].items()}
    if "technicians" in ex:
        got = {key(n): dec(c) for n, c in sql(db, "SELECT technician_name, hourly_cost FROM cur_technicians")}
        assert got == {key(n): Decimal(c) for n, c in ex["technicians"].items()}


@pytest.mark.parametrize("source_id", [s for s in FIXTURES if expected(s).get("needs")])
def test_missing_flag_is_refused_naming_it(tmp_path: Path, source_id: str) -> None:
    """A per-tenant file without ``--client`` or an id-only file without ``--lookup``: exit 2 with exactly that hint,
    nothing written."""
    ex = expected(source_id)
    db = tmp_path / "moat.duckdb"
    rc, _, out = ingest(db, source_id, args=[])
    assert rc == 2, out[-2000:]
    assert ex["needs"] in out
    if db.exists():
        assert sql(db, "SELECT count(*) FROM snapshots")[0][0] == 0


# --- mutations ---------------------------------------------------------------------------------------------------


def _header_index(records: list[list[str]], required: list[str]) -> int:
    return next(i for i, rec in enumerate(records) if any(c.strip() in required for c in rec))


def mutate_csv(path: Path, out: Path, required: list[str], change: Any) -> None:
    """Rewrite a CSV fixture with ``change(header, rows) -> (header, rows)`` applied to its table, keeping its BOM,
    delimiter and line ending; rows narrower than the header (title rows) are left as they are."""
    raw = path.read_bytes()
    bom = raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    newline = "\r\n" if "\r\n" in text else "\n"
    delimiter = ";" if text.split(newline, 1)[0].count(";") > text.split(newline, 1)[0].count(",") else ","
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    h = _header_index(records, required)
    width = len(records[h])
    table = [r for r in records[h + 1:] if len(r) == width]
    header, table = change(list(records[h]), [list(r) for r in table])
    it = iter(table)
    rebuilt = records[:h] + [header] + [next(it) if len(r) == width else r for r in records[h + 1:]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline, delimiter=delimiter).writerows(rebuilt)
    out.write_bytes((codecs.BOM_UTF8 if bom else b"") + buf.getvalue().encode("utf-8"))


def mutate_xlsx(path: Path, out: Path, required: list[str], change: Any) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    h = _header_index([[str(c or "") for c in r] for r in rows], required)
    header, table = change([str(c or "") for c in rows[h]], rows[h + 1:])
    fresh = openpyxl.Workbook()
    sheet = fresh.active
    sheet.title = ws.title
    for r in rows[:h] + [header] + table:
        sheet.append(r)
    fresh.save(out)


def mutate(source_id: str, tmp_path: Path, change: Any) -> Path:
    ex = expected(source_id)
    src = SOURCES / source_id / ex["file"]
    out = tmp_path / f"mutated{src.suffix}"
    (mutate_xlsx if src.suffix == ".xlsx" else mutate_csv)(src, out, ex["required_columns"], change)
    return out


def drop(column: str) -> Any:
    def change(header: list[str], rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
        j = [c.strip() for c in header].index(column)
        return header[:j] + header[j + 1:], [r[:j] + r[j + 1:] for r in rows]
    return change


def unknown_headers(header: list[str], rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    return [f"Field {i}" for i in range(1, len(header) + 1)], rows


def shuffled(header: list[str], rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    """Whole columns (header with its data) in another order: the same file to any reader that goes by names."""
    order = list(range(len(header)))
    random.Random(14).shuffle(order)
    return [header[j] for j in order], [[r[j] if j < len(r) else None for j in order] for r in rows]


def header_shifted(header: list[str], rows: list[list[Any]]) -> tuple[list[str], list[list[Any]]]:
    """Every header one column to the left of its data: names that promise what the cells contradict."""
    return header[1:] + header[:1], rows


def refused_or_quarantined(rc: int, report: dict[str, Any] | None, ex: dict[str, Any], out: str) -> None:
    assert rc in (0, 2), out[-3000:]
    if rc == 2:
        return
    assert report is not None and report["dataset"] == ex["dataset"], f"loaded as {report and report['dataset']}: {out[-1500:]}"
    assert report["rows_loaded"] == 0 or report["rows_quarantined"] > 0, f"damaged file loaded clean: {report}"


MUTATIONS = [(s, c) for s in FIXTURES for c in expected(s)["required_columns"]]


@pytest.mark.parametrize(("source_id", "column"), MUTATIONS)
def test_dropping_a_required_column_is_refused(tmp_path: Path, source_id: str, column: str) -> None:
    ex = expected(source_id)
    db = tmp_path / "moat.duckdb"
    for before in ex.get("before", []):
        assert ingest(db, before)[0] == 0
    rc, report, out = ingest(db, source_id, file=mutate(source_id, tmp_path, drop(column)))
    refused_or_quarantined(rc, report, ex, out)
    if rc == 0:
        assert report is not None and report["rows_loaded"] == 0, f"{column} dropped, still loaded {report['rows_loaded']} rows"


@pytest.mark.parametrize("source_id", FIXTURES)
def test_unknown_headers_are_refused(tmp_path: Path, source_id: str) -> None:
    ex = expected(source_id)
    db = tmp_path / "moat.duckdb"
    for before in ex.get("before", []):
        assert ingest(db, before)[0] == 0
    rc, report, out = ingest(db, source_id, file=mutate(source_id, tmp_path, unknown_headers))
    refused_or_quarantined(rc, report, ex, out)
    if rc == 0:
        assert report is not None and report["rows_loaded"] == 0


@pytest.mark.parametrize("source_id", FIXTURES)
def test_shuffled_columns_load_to_the_same_totals_or_are_refused(tmp_path: Path, source_id: str) -> None:
    ex = expected(source_id)
    db = tmp_path / "moat.duckdb"
    for before in ex.get("before", []):
        assert ingest(db, before)[0] == 0
    rc, report, out = ingest(db, source_id, file=mutate(source_id, tmp_path, shuffled))
    assert rc in (0, 2), out[-3000:]
    if rc == 0 and report is not None and report["rows_loaded"]:
        # whatever was loaded from the reordered file adds up to the same hand-computed totals: same columns, same data
        assert report["dataset"] == ex["dataset"], f"loaded as {report['dataset']}"
        assert_totals(db, source_id, ex)


@pytest.mark.parametrize("source_id", FIXTURES)
def test_headers_shifted_against_data_are_refused_or_quarantined(tmp_path: Path, source_id: str) -> None:
    ex = expected(source_id)
    db = tmp_path / "moat.duckdb"
    for before in ex.get("before", []):
        assert ingest(db, before)[0] == 0
    rc, report, out = ingest(db, source_id, file=mutate(source_id, tmp_path, header_shifted))
    refused_or_quarantined(rc, report, ex, out)


# --- two plausible readings --------------------------------------------------------------------------------------

TWO_READINGS = SOURCES / "_two_readings"


def test_a_file_two_real_sources_fit_equally_is_asked_about_not_guessed(tmp_path: Path) -> None:
    """A HaloPSA-style "invoiced time" report (each timesheet entry with the invoice it went on: Agent, Customer,
    Date, Time Taken, Charge Type, Num, Amount, Due Date) is time entries to one reading and an invoice list to
    another, with the same number of headers each: exit 2 listing both, nothing written; ``--source`` picks one and
    each reading loads to its own hand-computed totals."""
    db = tmp_path / "moat.duckdb"
    done = moat(db, "ingest", "invoiced_time.csv", "--json", cwd=TWO_READINGS)
    assert done.returncode == 2, done.stdout + done.stderr
    report = json.loads(done.stdout)["files"][0]
    assert report["rejected"] is True and report["rows_loaded"] == 0
    assert set(report["candidates"]) == {"qbo_invoice_list", "halo_timesheets"}
    assert "--source qbo_invoice_list" in report["errors"][0]["reason"] and "--source halo_timesheets" in report["errors"][0]["reason"]
    if db.exists():
        assert sql(db, "SELECT count(*) FROM snapshots")[0][0] == 0

    as_time = moat(db, "ingest", "invoiced_time.csv", "--source", "halo_timesheets", "--json", cwd=TWO_READINGS)
    assert as_time.returncode == 0, as_time.stderr
    assert json.loads(as_time.stdout)["files"][0]["dataset"] == "time_entries"
    hours = {key(n): dec(h) for n, h in sql(db, "SELECT client_name, sum(hours) FROM cur_time_entries GROUP BY 1")}
    assert hours == {"acme dental llc": Decimal("2.25"), "bluewater logistics inc": Decimal("2.00"), "northwind legal": Decimal("1.25")}
    assert sql(db, "SELECT count(*) FROM cur_invoices")[0][0] == 0

    other = tmp_path / "other.duckdb"
    as_invoices = moat(other, "ingest", "invoiced_time.csv", "--source", "qbo_invoice_list", "--json", cwd=TWO_READINGS)
    assert as_invoices.returncode == 0, as_invoices.stderr
    r = json.loads(as_invoices.stdout)["files"][0]
    assert (r["dataset"], r["rows_loaded"], r["rows_skipped"]) == ("invoices", 3, 1)  # 1042's two lines are one invoice
    revenue = {key(n): dec(a) for n, a in sql(other, "SELECT client_name, sum(amount) FROM cur_invoices GROUP BY 1")}
    assert revenue == {"acme dental llc": Decimal("281.25"), "bluewater logistics inc": Decimal("300.00"),
                       "northwind legal": Decimal("156.25")}


# --- the README's list of sources is the declarations' ------------------------------------------------------------

LEVELS = {"sample": "sample file", "columns": "column list", "assumed": "assumed"}


def readme_sources() -> dict[str, list[str]]:
    """source id -> the cells of its row in README.md's supported-sources table."""
    text = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            rows[cells[0].strip("`")] = cells
    return rows


def test_readme_lists_every_declared_source_with_what_it_needs() -> None:
    from moat.ingest.sources import SOURCES as DECLARED

    table = readme_sources()
    assert set(table) >= {s.id for s in DECLARED}, sorted({s.id for s in DECLARED} - set(table))
    for s in DECLARED:
        _, export, dataset, needs, checked, _cannot = table[s.id]
        assert export == f"{s.vendor} — {s.report}" and dataset == s.dataset, s.id
        assert ("--client NAME" in needs) == s.needs_client, f"{s.id}: needs {needs!r}"
        assert ("--lookup" in needs) == bool(s.lookups), f"{s.id}: needs {needs!r}"
        assert checked == s.verified, f"{s.id}: README says {checked!r}, the declaration {s.verified!r}"


def test_every_declared_source_has_a_fixture_at_its_declared_verification_level() -> None:
    from moat.ingest.sources import SOURCES as DECLARED

    missing = [s.id for s in DECLARED if s.id not in FIXTURES]
    assert not missing, f"sources without a fixture: {missing}"
    for s in DECLARED:
        assert LEVELS[expected(s.id)["verified"]] == s.verified, s.id

