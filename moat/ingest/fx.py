"""Exchange rates: the table that lets rows in another currency be loaded (issue 3), and the conversion.

Without a rate, an amount in a currency other than the company's base currency is quarantined, never summed
with base-currency amounts. ``load_rates`` stores a small CSV of monthly rates (``currency, month,
rate_to_base``: 1 unit of ``currency`` is ``rate_to_base`` units of the base currency) in ``fx_rates``, with an
audit row; a later file replaces the rate of the same currency and month (the audit row keeps the old value).
Ingestion then converts invoice and cost amounts and licence unit costs/prices at the rate of the row's month,
rounded half-up to 4 decimals (the stored scale), and keeps the file's currency and amount in the
``original_*`` columns. Rates are kept per base currency, so changing the ``base_currency`` setting never
applies rates quoted against another base.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import polars as pl

from moat.db import Connection, atomic, frame, rows
from moat.errors import FileRejected
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.ingest import currency_names, readers, values
from moat.ingest.headings import exact_col
from moat.ingest.sources.currency_signs import YEN_CURRENCIES, YEN_SIGN
from moat.snapshots import file_sha256, now_utc

# Datasets whose money can be converted, and the date that picks the month's rate (others stay quarantined).
CONVERTIBLE = {"invoices": ("amount",), "costs": ("amount",), "licenses": ("unit_cost", "unit_price")}
RATE_COLUMNS = {
    "currency": ("currency", "currency code", "ccy", "cur", "from", "from currency"),
    "month": ("month", "period", "date", "rate month", "valid for"),
    "rate_to_base": ("rate_to_base", "rate to base", "rate", "fx rate", "exchange rate", "to base"),
}
LOAD_HINT = "load it with `moat rates load FILE.csv` (columns currency, month, rate_to_base), then `moat quarantine retry`"
_CENT4 = Decimal("0.0001")
_LIMIT = Decimal(10) ** 14  # DECIMAL(18,4) holds 14 integer digits


def _norm(cell: str) -> str:
    return " ".join(cell.strip().lower().replace("_", " ").split())


def _header_map(header: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for cell in header:
        for target, names in RATE_COLUMNS.items():
            if target not in found and _norm(cell) in {_norm(n) for n in names}:
                found[target] = cell
    return found


def parse_rates(data: bytes, file_name: str, base_currency: str) -> pl.DataFrame:
    """Rows (currency, month, rate_to_base) of a rates file; ``FileRejected`` listing the bad rows otherwise."""
    known = {_norm(n) for names in RATE_COLUMNS.values() for n in names}
    table = readers.read(data, file_name, is_known=lambda cell: _norm(cell) in known)
    cols = _header_map(table.header)
    missing = [t for t in RATE_COLUMNS if t not in cols]
    if missing:
        raise FileRejected(file_name, f"no column for {', '.join(missing)} (header: {', '.join(table.header)})",
                           "give columns currency, month, rate_to_base, e.g. EUR,2026-10,1.0850")
    df = table.rows.select(
        pl.col(readers.ROW).alias("row"),
        currency_names.codes(exact_col(cols["currency"])).alias("currency"),  # `Euro` is EUR (h63 F20)
        exact_col(cols["month"]).alias("month_text"), exact_col(cols["rate_to_base"]).alias("rate_text"),
    ).filter(pl.col("currency").is_not_null() | values.present(pl.col("month_text")) | values.present(pl.col("rate_text")))
    df = df.with_columns(values.date(df["month_text"], None).dt.truncate("1mo").alias("month"),
                         values.decimal_string(df["rate_text"], values.uses_decimal_comma([df["rate_text"]])).alias("rate_s"))
    base = base_currency.upper()
    problems: list[str] = []
    records: dict[tuple[str, date], tuple[Decimal, int]] = {}
    for r in df.iter_rows(named=True):
        where = f"row {r['row']}"
        cur, month, rate_s = r["currency"], r["month"], r["rate_s"]
        if cur is None or len(cur) != 3 or not cur.isalpha():
            problems.append(f"{where}: currency {cur!r} is not a 3-letter code such as EUR")
            continue
        if cur == base:
            problems.append(f"{where}: {cur} is the base currency (its rate is always 1)")
            continue
        if month is None:
            problems.append(f"{where}: month {r['month_text']!r} is not a month (e.g. 2026-10)")
            continue
        try:
            rate = Decimal(rate_s) if rate_s is not None else None
        except InvalidOperation:
            rate = None
        if rate is None or rate <= 0 or rate >= Decimal(10) ** 10:
            problems.append(f"{where}: rate {r['rate_text']!r} is not a positive number")
            continue
        rate = rate.quantize(Decimal("0.00000001"), ROUND_HALF_UP)
        previous = records.get((cur, month))
        if previous is not None and previous[0] != rate:
            problems.append(f"{where}: a second, different {cur} rate for {month:%Y-%m} (row {previous[1]})")
            continue
        records[(cur, month)] = (rate, r["row"])
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise FileRejected(file_name, "; ".join(problems[:5]) + more, "fix those rows and load the file again; nothing was loaded")
    if not records:
        raise FileRejected(file_name, "holds no rates", "give one row per currency and month, e.g. EUR,2026-10,1.0850")
    return pl.DataFrame(
        [(c, m, r) for (c, m), (r, _) in sorted(records.items())],
        schema={"currency": pl.Utf8, "month": pl.Date, "rate_to_base": pl.Decimal(18, 8)}, orient="row",
    )


def load_rates(con: Connection, user: User, data: bytes, file_name: str, base_currency: str) -> dict[str, Any]:
    """Store a rates file (one transaction with its audit row); returns counts and what it replaced."""
    require(user, "map")
    base = base_currency.upper()
    name = Path(file_name).name
    parsed = parse_rates(data, name, base)
    sha = file_sha256(data)

    def write() -> list[dict[str, Any]]:
        replaced = rows(
            con,
            "SELECT f.currency, strftime(f.month, '%Y-%m'), CAST(f.rate_to_base AS VARCHAR), CAST(n.rate_to_base AS VARCHAR) "
            "FROM fx_rates f JOIN _moat_rates n USING (currency, month) WHERE f.base_currency = ? "
            "AND f.rate_to_base <> n.rate_to_base ORDER BY 1, 2",
            [base],
        )
        con.execute("DELETE FROM fx_rates WHERE base_currency = ? AND (currency, month) IN (SELECT currency, month FROM _moat_rates)", [base])
        con.execute(
            "INSERT INTO fx_rates (base_currency, currency, month, rate_to_base, file_name, sha256, loaded_by, loaded_at) "
            "SELECT ?, currency, month, rate_to_base, ?, ?, ?, ? FROM _moat_rates",
            [base, name, sha, user.name, now_utc()],
        )
        changes = [{"currency": c, "month": m, "old_rate": o, "new_rate": n} for c, m, o, n in replaced]
        audit.append(con, user, "load_rates", f"fx_rates:{name}",
                     {"file": name, "sha256": sha, "base_currency": base, "rates": parsed.height, "replaced": changes})
        return changes

    con.register("_moat_rates", parsed)
    try:
        changes = atomic(con, write)
    finally:
        con.unregister("_moat_rates")
    return {"file": name, "base_currency": base, "rates_loaded": parsed.height, "replaced": changes,
            "currencies": sorted(set(parsed["currency"].to_list()))}


def list_rates(con: Connection, base_currency: str | None = None) -> pl.DataFrame:
    return frame(
        con,
        "SELECT base_currency, currency, month, rate_to_base, file_name, loaded_by, loaded_at FROM fx_rates "
        "WHERE ? IS NULL OR base_currency = ? ORDER BY base_currency, currency, month",
        [base_currency, base_currency],
    )


def rates(con: Connection, base_currency: str) -> pl.DataFrame:
    """(currency, month, rate) against ``base_currency``, for the pipeline's join."""
    return frame(con, "SELECT currency AS __currency, month AS __month, rate_to_base AS __fx_rate FROM fx_rates WHERE base_currency = ?",
                 [base_currency.upper()]).with_columns(pl.col("__fx_rate").cast(pl.Decimal(18, 8)))


def convert(amounts: pl.Series, rate: pl.Series) -> pl.Series:
    """amount x rate, rounded half-up to 4 decimals, in exact ``Decimal`` arithmetic (null where either is null).

    Done in Python over the distinct (amount, rate) pairs (a file repeats few amounts per month) because polars'
    decimal multiplication truncates the scale. A result too large for DECIMAL(18,4) is null; the caller
    quarantines it.
    """
    pairs = pl.DataFrame({"v": amounts, "r": rate}).unique()
    out = []
    for v, r in pairs.iter_rows():
        c = None if v is None or r is None else (v * r).quantize(_CENT4, ROUND_HALF_UP)
        out.append(c if c is None or abs(c) < _LIMIT else None)
    table = pairs.with_columns(pl.Series("c", out, dtype=values.MONEY_DTYPE))
    joined = pl.DataFrame({"v": amounts, "r": rate}).join(table, on=["v", "r"], how="left", nulls_equal=True, maintain_order="left")
    return joined["c"].alias(amounts.name)


# --- conversion of a file's rows (the pipeline's currency phase) -----------------------------------------------

DOLLAR_CURRENCIES = {"USD", "CAD", "AUD", "NZD", "SGD", "HKD"}
IDX = "__i"


def _signs(has_currency_column: bool, profile_currency: str | None, base: str) -> tuple[pl.Expr, pl.Expr]:
    """(what a sign the marker holds means alone, whether the currency column agrees with the marker).

    A sign several currencies write (`$`, `kr`, `¥`) agrees with a column naming any of them; alone it is the
    profile's or the base currency when that is one of them, else its first (USD, JPY; a bare `kr` is null:
    ``refuse_unresolved_krone``). Any other marker agrees only with its own code."""
    marker, col = pl.col("__marker"), pl.col("__v_currency") if has_currency_column else pl.lit(None, dtype=pl.Utf8)
    own = [c for c in ((profile_currency or "").upper(), base) if c]
    alone = marker
    agree = marker.is_null() | (marker == col)
    for sign, family, default, settings in ((values.KRONE, values.KRONE_CURRENCIES, None, own),
                                            ("$", tuple(DOLLAR_CURRENCIES), "USD", [base]),  # as before h124: the base
                                            (YEN_SIGN, YEN_CURRENCIES, YEN_CURRENCIES[0], own)):
        fallback = next((c for c in settings if c in family), default)
        alone = pl.when(marker == sign).then(pl.lit(fallback, dtype=pl.Utf8)).otherwise(alone)
        agree = agree | ((marker == sign) & col.is_in(list(family)))
    return alone, agree.fill_null(False)


def row_currency(work: pl.DataFrame, has_currency_column: bool, profile_currency: str | None, base: str) -> pl.Expr:
    """Each row's currency: the currency column where the cell's marker agrees with it (a `$` cell in a CAD row is
    CAD; a `¥` cell in a CNY row is CNY, h124), else the marker, else the column, else the profile's, else the base.

    A marker the column contradicts (`€` in a USD row) is quarantined by ``marker_conflicts``; the marker's reading
    here only keeps the row's money out of the base currency until then."""
    parts = []
    if "__marker" in work.columns:
        alone, agree = _signs(has_currency_column, profile_currency, base)
        if has_currency_column:
            parts.append(pl.when(agree & pl.col("__v_currency").is_not_null()).then(pl.col("__v_currency")))
        parts.append(alone)
    if has_currency_column:
        dollar = base if base in DOLLAR_CURRENCIES else "USD"
        parts.append(pl.col("__v_currency").replace({"$": dollar}))
    if profile_currency:
        parts.append(pl.lit(profile_currency))
    return pl.coalesce([*parts, pl.lit(base)]) if parts else pl.lit(base)


def marker_conflicts(work: pl.DataFrame, has_currency_column: bool, profile_currency: str | None, base: str,
                     money_columns: list[str]) -> pl.Expr:
    """Per row, why its money cell's currency marker contradicts its currency column (`€1,500.00` in a row whose
    `Currency` says USD, `¥1.500` in a GBP row), else null: which of the two is right is not guessed (h124 L4)."""
    if "__marker" not in work.columns or not has_currency_column:
        return pl.lit(None, dtype=pl.Utf8)
    _, agree = _signs(has_currency_column, profile_currency, base)
    cell = pl.coalesce([values.text(exact_col(c)) for c in money_columns]) if money_columns else pl.lit("")
    return pl.when(~agree & pl.col("__v_currency").is_not_null()).then(pl.format(
        "the amount `{}` is marked {} but the row's currency column says {}: which one is right is not guessed; make "
        "the cell's sign and the currency column agree (for the yuan, `¥` with CNY) and load the file again",
        cell, pl.col("__marker"), pl.col("__v_currency")))


def refuse_unresolved_krone(work: pl.DataFrame, has_currency_column: bool, profile_currency: str | None, base: str,
                            file_name: str, money_columns: list[str]) -> None:
    """A money cell written with a bare ``kr`` whose currency nothing in the file or the settings names: refused.

    Why not SEK (what "kr" used to mean here): Danish, Swedish and Norwegian kroner are all written "kr", and their
    rates differ by about 50%, so a guess is a confidently wrong amount."""
    if "__marker" not in work.columns or profile_currency and profile_currency.upper() in values.KRONE_CURRENCIES \
            or base in values.KRONE_CURRENCIES:
        return
    bare = pl.col("__marker") == values.KRONE
    if has_currency_column:
        bare = bare & ~pl.col("__v_currency").is_in(values.KRONE_CURRENCIES).fill_null(False)
    hit = work.filter(bare.fill_null(False))
    if hit.height == 0:
        return
    from moat.ingest.readers import ROW

    row = hit.row(0, named=True)
    cell = next((str(row[c]) for c in money_columns if c in row and row[c] and "kr" in str(row[c]).lower()), "kr")
    raise FileRejected(
        file_name,
        f"{hit.height} amount{'s are' if hit.height > 1 else ' is'} written in \"kr\" (row {row.get(ROW)}: `{cell[:40]}`), "
        "which is Danish, Swedish or Norwegian kroner (DKK, SEK or NOK): which one is not written anywhere",
        "write the code in the cells (`1.234,56 DKK`), add a Currency column, or load it with a mapping profile that "
        "says `currency: DKK` (or SEK / NOK): moat ingest FILE --mapping map.yaml; if kroner are the company's own currency, "
        "set base_currency (MOAT_BASE_CURRENCY=DKK)")


def rate_month(dataset: str) -> pl.Expr:
    """The month whose rate converts a row: the invoice/cost date, a licence line's month (or its start)."""
    when = pl.coalesce(pl.col("month"), pl.col("start_date")) if dataset == "licenses" else pl.col("date")
    return when.dt.truncate("1mo")


def convert_rows(con: Connection, dataset: str, typed: pl.DataFrame, foreign: pl.DataFrame,
                 base: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Look up the month's rate of each foreign-currency row and compute its base-currency amounts.

    Adds ``__fx_currency``, ``__fx_rate`` and ``__fx_<field>`` (converted) to ``typed``; the canonical columns keep
    the file's values until the row key is computed (a row's identity never depends on a rate). Returns the
    frame and the (IDX, reason) of rows without a rate or whose converted amount does not fit.
    """
    looked = (typed.select(IDX, rate_month(dataset).alias("__month"))
              .join(foreign, on=IDX, how="inner")
              .join(rates(con, base), on=["__currency", "__month"], how="left"))
    missing = looked.filter(pl.col("__fx_rate").is_null())
    reasons = [missing.filter(pl.col("__month").is_not_null()).select(IDX, pl.format(
        "amount in {} but the company's base currency is " + base + " and there is no {} rate for {}, so it is not summed "
        "with " + base + " amounts; " + LOAD_HINT, pl.col("__currency"), pl.col("__currency"),
        pl.col("__month").dt.strftime("%Y-%m")).alias("reason"))]
    reasons.append(missing.filter(pl.col("__month").is_null()).select(IDX, pl.format(
        "amount in {} but the company's base currency is " + base + "; without a valid date no month's rate can convert it",
        pl.col("__currency")).alias("reason")))
    found = looked.filter(pl.col("__fx_rate").is_not_null()).select(IDX, pl.col("__currency").alias("__fx_currency"), "__fx_rate")
    if found.height == 0:
        return typed, pl.concat(reasons)
    typed = typed.join(found, on=IDX, how="left", maintain_order="left")
    fields = [f for f in CONVERTIBLE[dataset] if f in typed.columns]
    typed = typed.with_columns([convert(typed[f], typed["__fx_rate"]).alias(f"__fx_{f}") for f in fields])
    too_big = typed.filter(pl.any_horizontal([exact_col(f).is_not_null() & pl.col("__fx_rate").is_not_null() & pl.col(f"__fx_{f}").is_null()
                                              for f in fields]))
    if too_big.height:
        reasons.append(too_big.select(IDX, pl.lit("the amount converted to " + base + " is too large to store").alias("reason")))
    return typed, pl.concat(reasons)


def apply_conversion(dataset: str, loaded: pl.DataFrame, base: str, fx_columns: tuple[str, ...]) -> pl.DataFrame:
    """Converted rows: base-currency amounts in the canonical columns, the file's in ``original_*``."""
    converted = pl.col("__fx_rate").is_not_null()
    fields = [f for f in CONVERTIBLE[dataset] if f"__fx_{f}" in loaded.columns]
    exprs = [pl.when(converted).then(pl.col("__fx_currency")).alias("original_currency"), pl.col("__fx_rate").alias("fx_rate")]
    for f in fields:
        exprs += [pl.when(converted).then(exact_col(f)).alias(f"original_{f}"),
                  pl.when(converted).then(pl.col(f"__fx_{f}")).otherwise(exact_col(f)).alias(f)]
    if "currency" in loaded.columns:
        exprs.append(pl.when(converted).then(pl.lit(base)).otherwise(pl.col("currency")).alias("currency"))
    out = loaded.with_columns(exprs)
    for column in fx_columns:
        if column not in out.columns:
            out = out.with_columns(pl.lit(None, dtype=values.MONEY_DTYPE).alias(column))
    return out.drop([c for c in out.columns if c.startswith("__fx_")])
