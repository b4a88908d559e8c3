"""A realistic synthetic MSP with stories worth discovering, generated vectorised (1M entries in seconds).

Planted stories (tests and the README tour rely on them):
- "Meridian Dental Group": fee cut by 40% from the 6th month on, while a senior technician keeps spending
  many hours there -> turns unprofitable after the cut.
- "Harbor Logistics": pays for many Microsoft 365 seats that nobody uses (about 45% active).
- "Priya Shah" is over-utilised (well above 80% billable); "Tom Becker" is under-utilised (well below 70%).
Everything is loaded through ``moat.snapshots.commit`` exactly like an upload.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl

from moat.db import Connection, scalar
from moat.governance.permissions import User, local_operator
from moat.metrics.periods import add_months, month_end
from moat.names import normalize
from moat.privacy.bounds import DEFAULT_SEGMENTS
from moat.snapshots import commit

SEGMENTS = list(DEFAULT_SEGMENTS)  # the public DP segment keys, in the order the generator draws from
AGREEMENTS = ["managed", "block", "t&m"]
PREFIXES = [
    "Acme", "Bluewater", "Cedar", "Summit", "Northwind", "Granite", "Pioneer", "Lakeside", "Redwood", "Silverline",
    "Oakridge", "Brightpath", "Keystone", "Riverbend", "Ironclad", "Evergreen", "Harborview", "Sterling", "Crescent",
    "Maple", "Falcon", "Horizon", "Beacon", "Copperfield", "Westgate", "Sunrise", "Trident", "Vantage", "Willow", "Zenith",
]
SUFFIXES = [
    "Law Partners", "Family Clinic", "Manufacturing", "Foundation", "Capital", "Retail Group", "Dental", "Logistics",
    "Accounting", "Engineering", "Realty", "Medical Center", "Credit Union", "Architects", "Outfitters",
]
SEGMENT_OF_SUFFIX = {
    "Law Partners": "legal", "Family Clinic": "healthcare", "Manufacturing": "manufacturing", "Foundation": "nonprofit",
    "Capital": "finance", "Retail Group": "retail", "Dental": "healthcare", "Logistics": "manufacturing",
    "Accounting": "finance", "Engineering": "manufacturing", "Realty": "retail", "Medical Center": "healthcare",
    "Credit Union": "finance", "Architects": "legal", "Outfitters": "retail",
}
FIRST = ["Alex", "Sam", "Jordan", "Maria", "Chen", "Fatima", "Lars", "Aisha", "Diego", "Nina", "Omar", "Grace",
         "Ivan", "Keiko", "Leo", "Mei", "Noah", "Olga", "Raj", "Sara", "Yusuf", "Zoe", "Ben", "Clara"]
LAST = ["Novak", "Okafor", "Lindqvist", "Garcia", "Wong", "Haddad", "Fischer", "Mensah", "Rossi", "Kowalski",
        "Tanaka", "Dubois", "Silva", "Nguyen", "Brennan", "Ivanova", "Costa", "Moreau", "Patel", "Hughes"]
SKUS = [  # vendor, product, unit_cost, unit_price
    ("Microsoft", "Microsoft 365 Business Premium", 22.00, 26.40),
    ("Microsoft", "Microsoft 365 Business Basic", 6.00, 7.20),
    ("Microsoft", "Microsoft 365 E3", 36.00, 43.20),
    ("Microsoft", "Exchange Online Plan 1", 4.00, 4.80),
    ("Microsoft", "Defender for Business", 3.00, 3.60),
    ("Datto", "Datto SaaS Protection", 3.25, 4.50),
    ("SentinelOne", "SentinelOne Complete", 4.75, 6.50),
    ("Huntress", "Huntress Managed EDR", 3.50, 5.00),
]
WORK_TYPES = ["helpdesk", "remote support", "onsite support", "project", "maintenance", "security review"]

MERIDIAN = "Meridian Dental Group"
HARBOR = "Harbor Logistics"
PRIYA = "Priya Shah"
TOM = "Tom Becker"


@dataclass(frozen=True)
class DemoSummary:
    clients: int
    technicians: int
    time_entries: int
    invoices: int
    licenses: int
    costs: int
    start: date
    end: date


def default_end(today: date | None = None) -> date:
    """Demo data ends with the last whole month before today."""
    today = today or date.today()
    return today.replace(day=1) - timedelta(days=1)


def _names(rng: np.random.Generator, count: int, parts_a: list[str], parts_b: list[str], sep: str) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    combos = [(a, b) for a in parts_a for b in parts_b]
    order = rng.permutation(len(combos))
    n = 0
    while len(names) < count:
        a, b = combos[order[n % len(combos)]]
        name = f"{a}{sep}{b}" if n < len(combos) else f"{a}{sep}{b} {n // len(combos) + 1}"
        if normalize(name) not in seen:
            seen.add(normalize(name))
            names.append(name)
        n += 1
    return names


def generate(scale: float = 1, seed: int = 7, end: date | None = None, months: int = 13) -> dict[str, pl.DataFrame]:
    """Canonical frames for every dataset (with keys and row keys), ready for ``snapshots.commit``."""
    rng = np.random.default_rng(seed)
    end = end or default_end()
    start = add_months(end.replace(day=1), -(months - 1))
    n_clients = max(8, round(40 * scale))
    n_techs = max(4, round(15 * scale))
    n_entries = max(200, round(10_000 * scale))

    # --- clients
    client_names = [MERIDIAN, HARBOR] + _names(rng, n_clients - 2, PREFIXES, SUFFIXES, " ")
    suffix_segment = [next((s for k, s in SEGMENT_OF_SUFFIX.items() if name.startswith(tuple(PREFIXES)) and k in name), None) for name in client_names]
    segments = [seg or SEGMENTS[int(rng.integers(len(SEGMENTS)))] for seg in suffix_segment]
    segments[0], segments[1] = "healthcare", "manufacturing"
    agreements = rng.choice(AGREEMENTS, size=n_clients, p=[0.6, 0.2, 0.2]).tolist()
    agreements[0], agreements[1] = "managed", "managed"
    size = np.clip(rng.lognormal(3.0, 0.6, n_clients), 5, 150).round().astype(int)  # users per client
    size[0], size[1] = 45, 80
    fee = np.where(np.array(agreements) == "t&m", 0.0, (size * rng.uniform(150, 210, n_clients)).round(-1))
    clients = pl.DataFrame({
        "client_name": client_names, "segment": segments, "agreement_type": agreements,
        "monthly_fee": fee, "status": ["active"] * n_clients,
        "start_date": [start - timedelta(days=int(d)) for d in rng.integers(30, 2000, n_clients)],
        "end_date": [None] * n_clients,
    }).with_columns(pl.col("end_date").cast(pl.Date))

    # --- technicians
    tech_names = [PRIYA, TOM] + _names(rng, n_techs - 2, FIRST, LAST, " ")
    tech_cost = rng.uniform(38, 62, n_techs).round(2)
    tech_cost[0], tech_cost[1] = 58.0, 42.0
    roles = rng.choice(["L1 technician", "L2 technician", "L3 engineer", "project engineer"], size=n_techs).tolist()
    roles[0], roles[1] = "L3 engineer", "L1 technician"
    technicians = pl.DataFrame({
        "technician_name": tech_names, "hourly_cost": tech_cost, "weekly_capacity_hours": [40.0] * n_techs, "role": roles,
    })

    # --- time entries: weekdays in range, technician and client weights carry the stories
    days = np.arange(np.datetime64(start), np.datetime64(end) + 1)
    weekdays = days[np.is_busday(days)]
    entry_day = weekdays[rng.integers(0, len(weekdays), n_entries)]
    tech_w = np.ones(n_techs)
    tech_w[0], tech_w[1] = 1.2, 0.55
    tech_idx = rng.choice(n_techs, size=n_entries, p=tech_w / tech_w.sum())
    client_w = size.astype(float)
    client_idx = rng.choice(n_clients, size=n_entries, p=client_w / client_w.sum())
    # Priya spends a third of her time at Meridian from the fee cut on.
    cut = np.datetime64(add_months(start, 5))
    priya_meridian = (tech_idx == 0) & (entry_day >= cut) & (rng.random(n_entries) < 0.33)
    client_idx = np.where(priya_meridian, 0, client_idx)
    hours = rng.choice([1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0], size=n_entries, p=[0.12, 0.14, 0.2, 0.2, 0.16, 0.1, 0.08])
    agreement_arr = np.array(agreements)[client_idx]
    p_billable = np.select([agreement_arr == "t&m", agreement_arr == "block"], [0.95, 0.88], 0.78)
    p_billable = np.where(tech_idx == 0, 0.97, np.where(tech_idx == 1, 0.55, p_billable))
    billable = rng.random(n_entries) < p_billable
    bill_rate = np.where(agreement_arr == "t&m", 150.0, np.where(agreement_arr == "block", 135.0, 0.0))
    order = np.argsort(entry_day, kind="stable")
    time_entries = pl.DataFrame({
        "entry_id": [f"TE-{i:07d}" for i in range(1, n_entries + 1)],
        "technician_name": np.array(tech_names)[tech_idx[order]],
        "client_name": np.array(client_names)[client_idx[order]],
        "date": entry_day[order].astype("datetime64[D]"),
        "hours": hours[order],
        "billable": billable[order],
        "work_type": rng.choice(WORK_TYPES, size=n_entries)[order],
        "bill_rate": np.where(bill_rate[order] > 0, bill_rate[order], np.nan),
    }).with_columns(pl.col("date").cast(pl.Date), pl.col("bill_rate").fill_nan(None))

    # --- invoices: monthly fees (t&m billed on billable hours), a few projects, credit notes and drafts
    month_starts = [add_months(start, i) for i in range(months)]
    te_month = time_entries.with_columns(pl.col("date").dt.truncate("1mo").alias("month"))
    billed = (
        te_month.filter(pl.col("billable") & pl.col("bill_rate").is_not_null())
        .group_by("client_name", "month").agg((pl.col("hours") * pl.col("bill_rate")).sum().alias("tm"))
    )
    base = pl.DataFrame({
        "client_name": np.repeat(client_names, months),
        "month": np.tile(np.array(month_starts, dtype="datetime64[D]"), n_clients),
        "fee": np.repeat(fee, months),
        "agreement": np.repeat(agreements, months),
    }).with_columns(pl.col("month").cast(pl.Date))
    base = base.join(billed, on=["client_name", "month"], how="left").with_columns(pl.col("tm").fill_null(0.0))
    base = base.with_columns(
        pl.when((pl.col("client_name") == MERIDIAN) & (pl.col("month") >= add_months(start, 5)))
        .then(pl.col("fee") * 0.6).otherwise(pl.col("fee")).alias("fee")
    )
    amount = base.select(
        pl.when(pl.col("agreement") == "t&m").then(pl.col("tm")).otherwise(pl.col("fee") + pl.col("tm") * 0.25).alias("a")
    ).to_series().round(2)
    invoices = base.select(
        "client_name", (pl.col("month") + pl.duration(days=27)).alias("date"),
    ).with_columns(amount=amount, category=pl.lit("managed services"), currency=pl.lit("USD"), status=pl.lit("paid"))
    n_proj = max(5, n_clients // 3)
    projects = pl.DataFrame({
        "client_name": rng.choice(client_names[2:], size=n_proj),
        "date": weekdays[rng.integers(0, len(weekdays), n_proj)].astype("datetime64[D]"),
        "amount": rng.uniform(1500, 12000, n_proj).round(2),
        "category": "project", "currency": "USD",
        "status": rng.choice(["paid", "sent", "draft"], size=n_proj, p=[0.7, 0.2, 0.1]),
    }).with_columns(pl.col("date").cast(pl.Date))
    n_credit = max(2, n_clients // 10)
    credits = pl.DataFrame({
        "client_name": rng.choice(client_names[2:], size=n_credit),
        "date": weekdays[rng.integers(0, len(weekdays), n_credit)].astype("datetime64[D]"),
        "amount": -rng.uniform(100, 600, n_credit).round(2),
        "category": "credit note", "currency": "USD", "status": "paid",
    }).with_columns(pl.col("date").cast(pl.Date))
    invoices = pl.concat([invoices, projects, credits]).filter(pl.col("amount") != 0).sort("date", "client_name")
    invoices = invoices.with_columns(
        pl.format("INV-{}", pl.int_range(1, pl.len() + 1).cast(pl.Utf8).str.zfill(6)).alias("invoice_number")
    )

    # --- licences: monthly billing lines per client x SKU
    rows = []
    for ci, name in enumerate(client_names):
        n_sku = 3 if ci == 1 else int(rng.integers(1, 4))
        picks = [0, 4, 6] if ci == 1 else rng.choice(len(SKUS), size=n_sku, replace=False).tolist()
        for si in picks:
            purchased = int(size[ci] if si in (0, 1, 2) else max(1, size[ci] * 0.9))
            rows.append((name, si, purchased))
    lic_base = pl.DataFrame(rows, schema=["client_name", "sku", "purchased"], orient="row")
    lic = lic_base.join(pl.DataFrame({"month": month_starts}), how="cross")
    n_lic = lic.height
    assigned_share = rng.uniform(0.88, 1.0, n_lic)
    active_share = rng.uniform(0.85, 1.0, n_lic)
    harbor = (lic["client_name"] == HARBOR).to_numpy()
    active_share = np.where(harbor, rng.uniform(0.40, 0.50, n_lic), active_share)
    purchased = lic["purchased"].to_numpy()
    assigned = np.floor(purchased * assigned_share).astype(int)
    active = np.floor(assigned * active_share).astype(int)
    sku_idx = lic["sku"].to_numpy()
    licenses = pl.DataFrame({
        "client_name": lic["client_name"],
        "vendor": [SKUS[i][0] for i in sku_idx],
        "product": [SKUS[i][1] for i in sku_idx],
        "month": lic["month"],
        "seats_purchased": purchased, "seats_assigned": assigned, "seats_active": active,
        "unit_cost": [SKUS[i][2] for i in sku_idx], "unit_price": [SKUS[i][3] for i in sku_idx],
    })

    # --- costs: direct client costs and company overhead
    n_direct = max(10, n_clients)
    direct = pl.DataFrame({
        "client_name": rng.choice(client_names, size=n_direct),
        "date": weekdays[rng.integers(0, len(weekdays), n_direct)].astype("datetime64[D]"),
        "amount": rng.uniform(80, 2500, n_direct).round(2),
        "category": rng.choice(["hardware", "subcontractor", "travel"], size=n_direct),
    }).with_columns(pl.col("date").cast(pl.Date))
    overhead = pl.DataFrame({
        "client_name": [None] * (months * 3),
        "date": [add_months(m, 0) + timedelta(days=4) for m in month_starts for _ in range(3)],
        "amount": [amt * max(1.0, scale ** 0.5) for _ in month_starts for amt in (6500.0, 1800.0, 950.0)],
        "category": [c for _ in month_starts for c in ("rent", "psa and rmm tools", "insurance")],
    }).with_columns(pl.col("client_name").cast(pl.Utf8))
    costs = pl.concat([direct, overhead]).sort("date").with_columns(
        pl.format("C-{}", pl.int_range(1, pl.len() + 1).cast(pl.Utf8).str.zfill(6)).alias("cost_id")
    )
    return {
        "clients": clients, "technicians": technicians, "time_entries": time_entries,
        "invoices": invoices, "licenses": licenses, "costs": costs,
    }


def with_keys(dataset: str, df: pl.DataFrame) -> pl.DataFrame:
    """Add resolved keys, row keys and source rows the way ingestion does for clean names."""
    df = df.with_columns(pl.int_range(2, pl.len() + 2).alias("source_row"))  # row 1 is the header
    if "client_name" in df.columns:
        names = df.select(pl.col("client_name").unique().drop_nulls())["client_name"].to_list()
        mapping = pl.DataFrame({"client_name": names, "client_key": [normalize(n) for n in names]}, schema={"client_name": pl.Utf8, "client_key": pl.Utf8})
        df = df.join(mapping, on="client_name", how="left")
    if "technician_name" in df.columns:
        names = df["technician_name"].unique().to_list()
        mapping = pl.DataFrame({"technician_name": names, "technician_key": [normalize(n) for n in names]})
        df = df.join(mapping, on="technician_name", how="left")
    key = {
        "clients": pl.col("client_key"),
        "technicians": pl.col("technician_key"),
        "time_entries": pl.col("entry_id"),
        "invoices": pl.col("invoice_number"),
        "costs": pl.col("cost_id"),
        "licenses": pl.concat_str([pl.col("client_key"), pl.col("product").str.to_lowercase(), pl.col("month").cast(pl.Utf8)], separator="|"),
    }[dataset]
    return df.with_columns(key.alias("row_key")).sort("source_row")


def load(con: Connection, scale: float = 1, seed: int = 7, end: date | None = None, user: User | None = None) -> DemoSummary:
    """Generate and commit the demo MSP (one snapshot per dataset)."""
    user = user or local_operator("demo")
    frames = generate(scale, seed, end)
    for dataset in ("clients", "technicians", "time_entries", "invoices", "licenses", "costs"):
        df = with_keys(dataset, frames[dataset])
        label = f"demo:{dataset}(scale={scale},seed={seed},end={end or default_end()})"
        commit(con, user, dataset, df, file_name=label, sha256=hashlib.sha256(label.encode()).hexdigest(),
               rows_read=df.height, quality_score=100.0, details={"demo": True})
    te = frames["time_entries"]
    return DemoSummary(
        clients=frames["clients"].height, technicians=frames["technicians"].height, time_entries=te.height,
        invoices=frames["invoices"].height, licenses=frames["licenses"].height, costs=frames["costs"].height,
        start=te["date"].min(), end=month_end(te["date"].max()),
    )


def is_empty(con: Connection) -> bool:
    return scalar(con, "SELECT count(*) FROM snapshots WHERE status = 'active'") == 0
