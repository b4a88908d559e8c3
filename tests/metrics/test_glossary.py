"""The glossary's formulas checked to the cent against plain-Python calculations on a hand-made dataset."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest

from moat import metrics
from moat.demo import with_keys
from moat.governance.permissions import local_operator
from moat.metrics.periods import Period
from moat.snapshots import commit

JAN = Period(date(2026, 1, 1), date(2026, 1, 31))
D = Decimal

INVOICES = [  # client, date, amount, status
    ("Acme Corp", date(2026, 1, 1), "1000.00", "paid"),  # first day: inside
    ("Acme Corp", date(2026, 1, 31), "500.00", "sent"),  # last day: inside
    ("Acme Corp", date(2026, 2, 1), "300.00", "paid"),  # day after: outside
    ("Acme Corp", date(2026, 1, 15), "999.00", "Draft"),  # drafts are not revenue
    ("Acme Corp", date(2026, 1, 16), "50.00", "void"),
    ("Acme Corp", date(2026, 1, 20), "-100.00", "paid"),  # credit note counts, negative
    ("Cobalt Ltd", date(2026, 1, 10), "250.00", "paid"),  # revenue, no hours
]
ENTRIES = [  # technician, client, date, hours, billable, cost_rate
    ("Tess", "Acme Corp", date(2026, 1, 1), "2.5", True, None),
    ("Tess", "Acme Corp", date(2026, 1, 31), "1.25", False, None),
    ("Tess", "Acme Corp", date(2026, 1, 15), "1.0", True, "80.00"),
    ("Tess", "Acme Corp", date(2026, 2, 1), "7.0", True, None),  # outside
    ("Ugo", "Birch LLC", date(2026, 1, 12), "3.0", True, None),  # hours, no revenue
]
TECHS = [("Tess", "50.00", 40.0), ("Ugo", "41.10", 32.0)]
LICENSES = [  # client, product, month, start, end, purchased, assigned, active, unit_cost
    ("Acme Corp", "M365 Business Premium", date(2026, 1, 1), None, None, 10, 8, 5, "12.345"),
    ("Acme Corp", "Backup", None, date(2025, 12, 15), None, 3, 3, None, "7.00"),  # subscription, active missing
    ("Acme Corp", "M365 Business Premium", date(2026, 2, 1), None, None, 10, 8, 5, "12.345"),  # outside
]
COSTS = [("Acme Corp", date(2026, 1, 10), "33.33", "hardware"), (None, date(2026, 1, 5), "1000.00", "rent")]


def load(con) -> None:
    user = local_operator("test")
    frames = {
        "technicians": pl.DataFrame(
            [(n, D(c), w) for n, c, w in TECHS], schema={"technician_name": pl.Utf8, "hourly_cost": pl.Decimal(18, 4), "weekly_capacity_hours": pl.Float64}, orient="row"
        ),
        "time_entries": pl.DataFrame(
            [(f"E{i}", t, c, d, D(h), b, None if r is None else D(r)) for i, (t, c, d, h, b, r) in enumerate(ENTRIES)],
            schema={"entry_id": pl.Utf8, "technician_name": pl.Utf8, "client_name": pl.Utf8, "date": pl.Date,
                    "hours": pl.Decimal(9, 4), "billable": pl.Boolean, "cost_rate": pl.Decimal(18, 4)}, orient="row",
        ),
        "invoices": pl.DataFrame(
            [(f"I{i}", c, d, D(a), s) for i, (c, d, a, s) in enumerate(INVOICES)],
            schema={"invoice_number": pl.Utf8, "client_name": pl.Utf8, "date": pl.Date, "amount": pl.Decimal(18, 4), "status": pl.Utf8}, orient="row",
        ),
        "licenses": pl.DataFrame(
            [(c, p, m, s, e, pu, a, ac, D(u)) for c, p, m, s, e, pu, a, ac, u in LICENSES],
            schema={"client_name": pl.Utf8, "product": pl.Utf8, "month": pl.Date, "start_date": pl.Date, "end_date": pl.Date,
                    "seats_purchased": pl.Int32, "seats_assigned": pl.Int32, "seats_active": pl.Int32, "unit_cost": pl.Decimal(18, 4)}, orient="row",
        ),
        "costs": pl.DataFrame(
            [(f"C{i}", c, d, D(a), k) for i, (c, d, a, k) in enumerate(COSTS)],
            schema={"cost_id": pl.Utf8, "client_name": pl.Utf8, "date": pl.Date, "amount": pl.Decimal(18, 4), "category": pl.Utf8}, orient="row",
        ),
    }
    for name, df in frames.items():
        keyed = with_keys(name, df)
        if name == "licenses":  # subscription rows have no month: key them by start date like ingestion does
            keyed = keyed.with_columns(pl.concat_str([pl.col("client_key"), pl.col("product"), pl.coalesce("month", "start_date").cast(pl.Utf8)], separator="|").alias("row_key"))
        commit(con, user, name, keyed, file_name=f"{name}.csv", sha256=name, rows_read=df.height)


def expected_by_hand(period: Period) -> dict[str, dict[str, Decimal | None]]:
    """Independent plain-Python implementation of the glossary."""
    cost_of = {n: D(c) for n, c, _ in TECHS}
    out: dict[str, dict] = {}

    def row(client: str) -> dict:
        return out.setdefault(client, {"revenue": D(0), "labour_cost": D(0), "license_cost": D(0), "other_cost": D(0), "hours": D(0)})

    for c, d, a, s in INVOICES:
        if period.start <= d <= period.end and s.lower() not in ("draft", "void"):
            row(c)["revenue"] += D(a)
    for t, c, d, h, _b, r in ENTRIES:
        if period.start <= d <= period.end:
            row(c)["hours"] += D(h)
            row(c)["labour_cost"] += D(h) * (D(r) if r else cost_of[t])
    months = []
    m = date(period.start.year, period.start.month, 1)
    while m <= period.end:
        if m >= period.start:
            months.append(m)
        m = (m + timedelta(days=32)).replace(day=1)
    for c, _p, month, start, end, purchased, _a, _ac, unit in LICENSES:
        billed = [month] if month else [x for x in months if x >= start and (end is None or x <= end)]
        for x in billed:
            if x in months:
                row(c)["license_cost"] += purchased * D(unit)
    for c, d, a, _k in COSTS:
        if c and period.start <= d <= period.end:
            row(c)["other_cost"] += D(a)
    for r in out.values():
        r["gross_profit"] = r["revenue"] - r["labour_cost"] - r["license_cost"] - r["other_cost"]
        r["gross_margin"] = None if r["revenue"] == 0 else r["gross_profit"] / r["revenue"]
        r["ehr"] = None if r["hours"] == 0 else r["revenue"] / r["hours"]
    return out


@pytest.fixture
def con(empty_con):
    load(empty_con)
    return empty_con


def test_profitability_matches_hand_calculation_to_the_cent(con) -> None:
    got = {r["client_name"]: r for r in metrics.profitability(con, JAN).iter_rows(named=True)}
    want = expected_by_hand(JAN)
    assert set(got) == set(want) == {"Acme Corp", "Birch LLC", "Cobalt Ltd"}
    for client, w in want.items():
        for key in ("revenue", "labour_cost", "license_cost", "other_cost", "gross_profit", "hours"):
            assert got[client][key] == w[key], (client, key)
        for key in ("gross_margin", "ehr"):
            if w[key] is None:
                assert got[client][key] is None, (client, key)
            else:
                assert got[client][key] == pytest.approx(float(w[key]), abs=1e-12), (client, key)
    acme = got["Acme Corp"]
    # The numbers written out, so a reader can check them by hand.
    assert acme["revenue"] == D("1400")  # 1000 + 500 - 100 (draft, void and February excluded)
    assert acme["labour_cost"] == D("267.5")  # 2.5*50 + 1.25*50 + 1*80 (the entry's own cost_rate wins)
    assert acme["license_cost"] == D("144.45")  # 10*12.345 + 3*7 (subscription billed for January)
    assert acme["gross_profit"] == D("954.72")


def test_undefined_ratios_are_null_not_zero(con) -> None:
    got = {r["client_name"]: r for r in metrics.profitability(con, JAN).iter_rows(named=True)}
    assert got["Birch LLC"]["revenue"] == 0 and got["Birch LLC"]["gross_margin"] is None  # no revenue
    assert got["Birch LLC"]["ehr"] == 0.0  # revenue 0 over 3 hours is a defined 0
    assert got["Cobalt Ltd"]["ehr"] is None  # no hours


def test_period_edges_first_and_last_day_inside_next_day_outside(con) -> None:
    feb1 = Period(date(2026, 2, 1), date(2026, 2, 1))
    got = {r["client_name"]: r for r in metrics.profitability(con, feb1).iter_rows(named=True)}
    assert got["Acme Corp"]["revenue"] == D("300")
    assert got["Acme Corp"]["hours"] == D("7")
    jan31 = Period(date(2026, 1, 31), date(2026, 1, 31))
    got = {r["client_name"]: r for r in metrics.profitability(con, jan31).iter_rows(named=True)}
    assert got["Acme Corp"]["revenue"] == D("500") and got["Acme Corp"]["hours"] == D("1.25")


def test_licence_utilisation_activity_and_waste(con) -> None:
    lic = {r["client_name"]: r for r in metrics.licenses(con, JAN).iter_rows(named=True)}["Acme Corp"]
    assert lic["seats_purchased"] == 13 and lic["seats_assigned"] == 11
    assert lic["seats_active"] == 8  # 5 + 3 (missing active falls back to assigned)
    assert lic["license_utilization"] == pytest.approx(11 / 13)
    assert lic["license_activity"] == pytest.approx(8 / 11)
    assert lic["license_waste"] == D("61.725")  # (10-5)*12.345 + (3-3)*7
    assert lic["months_without_active"] == 1
    products = {r["product"]: r for r in metrics.licenses(con, JAN, by="product").iter_rows(named=True)}
    assert products["Backup"]["license_cost"] == D("21")


def test_subscription_open_end_runs_to_the_period_and_respects_end_date(con) -> None:
    q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
    products = {r["product"]: r for r in metrics.licenses(con, q1, by="product").iter_rows(named=True)}
    assert products["Backup"]["license_months"] == 3  # Jan, Feb, Mar (Dec 15 start: Dec 1 is before it)
    mid = Period(date(2026, 1, 15), date(2026, 3, 14))
    products = {r["product"]: r for r in metrics.licenses(con, mid, by="product").iter_rows(named=True)}
    assert products["Backup"]["license_months"] == 2  # Feb 1 and Mar 1 lie in the period, Jan 1 does not


def weekdays(period: Period) -> int:
    return sum(1 for i in range(period.days) if (period.start + timedelta(days=i)).weekday() < 5)


def test_utilisation_uses_weekdays_and_capacity(con) -> None:
    got = {r["technician_name"]: r for r in metrics.utilization(con, JAN).iter_rows(named=True)}
    assert weekdays(JAN) == 22
    tess, ugo = got["Tess"], got["Ugo"]
    assert tess["available_hours"] == pytest.approx(40 * 22 / 5)
    assert tess["billable_hours"] == D("3.5") and tess["worked_hours"] == D("4.75")
    assert tess["billable_utilization"] == pytest.approx(3.5 / 176)
    assert tess["total_utilization"] == pytest.approx(4.75 / 176)
    assert ugo["available_hours"] == pytest.approx(32 * 22 / 5)


def test_summary_totals_agree_with_clients_and_report_overhead(con) -> None:
    rows = {r["metric"]: r for r in metrics.summary(con, JAN).iter_rows(named=True)}
    want = expected_by_hand(JAN)
    assert D(rows["revenue"]["value"]) == sum(w["revenue"] for w in want.values())
    assert D(rows["gross_profit"]["value"]) == sum(w["gross_profit"] for w in want.values())
    assert D(rows["overhead"]["value"]) == D("1000")
    # December 2025 (the previous period) holds no activity: "not enough data", not a zero.
    assert rows["revenue"]["previous"] is None and rows["revenue"]["change"] is None


def test_labour_cost_unknown_without_technician_costs(empty_con) -> None:
    """The original layout brings no technician costs: say so rather than invent a cost from the billing rate."""
    df = pl.DataFrame(
        {"entry_id": ["x"], "technician_name": ["Nobody"], "client_name": ["Acme"], "date": [date(2026, 1, 5)],
         "hours": [D("2")], "billable": [True], "bill_rate": [D("150")]}
    )
    commit(empty_con, local_operator(), "time_entries", with_keys("time_entries", df), file_name="t.csv", sha256="t", rows_read=1)
    row = metrics.profitability(empty_con, JAN).row(0, named=True)
    assert row["labour_cost"] is None and row["gross_profit"] is None
    assert "technicians file" in row["note"]


def test_empty_database_gives_empty_frames_and_null_kpis(empty_con) -> None:
    assert metrics.profitability(empty_con, JAN).is_empty()
    assert metrics.licenses(empty_con, JAN).is_empty()
    rows = {r["metric"]: r for r in metrics.summary(empty_con, JAN).iter_rows(named=True)}
    assert rows["revenue"]["value"] is None and rows["clients"]["value"] == "0"
