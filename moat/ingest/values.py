"""Value parsers: the strings real exports carry -> typed values, vectorised with polars.

Every parser takes a string Series and returns a typed Series of the same length, null where the text is empty
*or* cannot be read. The pipeline compares "text present" with "value null" to quarantine unreadable cells with
the raw text, so a parser never raises on bad input (Hypothesis fuzzes that) and never guesses: ``1,234`` is one
thousand two hundred thirty-four only in a file that writes decimals with a dot; an ambiguous ``03/04/2026`` is
parsed only once the caller knows the file's date order.

Why the shape ``_by_unique(series, stages)``: export columns repeat a few hundred distinct values over a million
rows (dates, rates, hours, yes/no), so each parser runs its regex stages on the distinct values only — each stage
materialised as a column, because nested polars expressions that reuse a sub-expression re-evaluate it (the
tree grows exponentially) — and the result is joined back. A column of all-distinct values costs one pass more.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import polars as pl

from moat.ingest.headings import exact_col
from moat.ingest.sources.currency_signs import YEN_SIGN

MONEY_DTYPE = pl.Decimal(18, 4)
RAW = "raw"


def text(expr: pl.Expr) -> pl.Expr:
    """Trimmed text; empty or whitespace-only cells are null (exports write missing values both ways).

    The ASCII separator controls U+001C..U+001F count as blank too (Python's ``str.strip`` removes them, Unicode
    White_Space does not), so a stray unit separator is never kept as a label."""
    return expr.cast(pl.Utf8).str.strip_chars().str.strip_chars("\x1c\x1d\x1e\x1f").str.strip_chars().replace("", None)


def present(expr: pl.Expr) -> pl.Expr:
    """True where the cell holds any non-blank text (for 'present but unreadable' checks)."""
    return expr.cast(pl.Utf8).str.contains(r"\S").fill_null(False)


def _by_unique(series: pl.Series, parse: Callable[[pl.DataFrame], pl.Series]) -> pl.Series:
    """Apply ``parse`` (frame with column 'raw' of distinct values -> aligned Series) and map back to every row."""
    s = series.cast(pl.Utf8)
    distinct = pl.DataFrame({RAW: s.unique()})
    parsed = parse(distinct)
    keys = distinct[RAW]
    if keys.null_count():
        keep = keys.is_not_null()
        keys, parsed = keys.filter(keep), parsed.filter(keep)
    if keys.len() == 0:
        return pl.Series(series.name, [None] * s.len(), dtype=parsed.dtype)
    if not s.null_count() and parsed.n_unique() == 1:  # one result for every row ('$' on every rate): no lookup
        return pl.select(pl.repeat(parsed[0], s.len(), dtype=parsed.dtype)).to_series().alias(series.name)
    return s.replace_strict(keys, parsed, default=None, return_dtype=parsed.dtype).alias(series.name)


def _stages(df: pl.DataFrame, *steps: dict[str, pl.Expr]) -> pl.DataFrame:
    for step in steps:
        df = df.with_columns(**step)
    return df


# --- numbers and money -----------------------------------------------------------------------------------------

# Currency markers a money cell may carry; removed before the number is read, remembered as the cell's currency.
# "kr" / "kr." / "Kr" is the krone or krona of Denmark, Sweden or Norway: which one is said by the file's currency
# column, a mapping profile's ``currency`` or a Nordic ``base_currency``; otherwise the file is refused (never a guess).
# "R$" is the Brazilian real, "Fr." the Swiss franc (h111, h101 L3), "₩" the won.
_CURRENCY_TOKEN = (r"(?:US\$|USD|CA\$|C\$|CAD|AU\$|A\$|AUD|NZ\$|NZD|R\$|BRL|€|EUR|£|GBP|¥|JPY|₩|KRW|₹|INR|CHF|SFr\.?|Fr\.?|"
                   r"SEK|NOK|DKK|[Kk]r\.?|\$)")
SYMBOLS = {
    "US$": "USD", "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "R$": "BRL", "₩": "KRW", "Fr.": "CHF", "Fr": "CHF", "SFr.": "CHF", "SFr": "CHF",
}
_MARKER_SYMBOLS = {k: v for k, v in SYMBOLS.items() if k != YEN_SIGN}
KRONE = "kr"  # ``currency_marker``'s value for a bare "kr": one of ``KRONE_CURRENCIES``, not yet known which
KRONE_CURRENCIES = ("DKK", "SEK", "NOK")
_DOT_NUMBER = r"^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?$"
INDIAN_NUMBER = r"^[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}(?:\.[0-9]+)?$"  # 1,25,000.00 (``moat.ingest.digit_groups``)
_COMMA_NUMBER = r"^(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)?(?:,[0-9]+)?$"  # "0.400" is no thousands group


def _decimal_text(df: pl.DataFrame, decimal_comma: bool) -> pl.Series:
    """Canonical '-1234.50' text of each 'raw' number cell, or null when it is not a well-formed number.

    Thousands separators must be well placed ("1,234,567.00"); "1,2,3" is not a number in either convention. A cell
    that is no number in the file's convention but one in the other ("100.00" among "1.234,56", rows pasted from
    two sources) is read the only way it can be; a cell valid both ways ("1,234", "1.234") follows the file.
    """
    own = _decimal_text_as(df, decimal_comma)
    other = _decimal_text_as(df, not decimal_comma)
    return pl.select(pl.coalesce(pl.lit(own), pl.lit(other))).to_series().alias(own.name)


def _decimal_text_as(df: pl.DataFrame, decimal_comma: bool) -> pl.Series:
    pattern, thousands, dec = (_COMMA_NUMBER, ".", ",") if decimal_comma else (_DOT_NUMBER, ",", ".")
    c = pl.col("s")
    out = _stages(
        df,
        # U+2212 is the minus sign typesetting tools (Numbers, Word, PDF converters) write
        {"s": text(pl.col(RAW)).str.replace_all(r"[\s\u00a0\u202f'’]", "").str.replace("^\u2212", "-")},
        # "100.00 CR" is a credit (Sage, QuickBooks Desktop, bank exports), "100.00 DR" a debit
        {"cr": c.str.contains(r"(?i)[0-9)]CR$"), "s": c.str.replace(r"(?i)([0-9)])(?:CR|DR)$", "$1")},
        # "(120.00)" and, as QuickBooks writes a negative with a symbol, "$(120.00)": the symbol stays for the next step
        {"paren": c.str.contains(r"^" + _CURRENCY_TOKEN + r"?\(.*\)$"),
         "s": c.str.replace(r"^(" + _CURRENCY_TOKEN + r"?)\((.*)\)$", "$1$2")},
        # Swiss "no cents": `1500.-`, `Fr. 1'500.–` (a dash where the cents would be) is a whole amount (h111, h101 L3)
        {"s": c.str.replace(r"([0-9])([.,])[-\u2013\u2014]$", "${1}${2}00")},  # the mark before the dash is the decimal one
        {"tm": c.str.contains(r"^[^-]*[0-9]-$"), "s": c.str.replace(r"^([^-]*[0-9])-$", "$1")},
        {"s": c.str.replace(r"^" + _CURRENCY_TOKEN, "").str.replace(_CURRENCY_TOKEN + r"$", "")},
        # Excel's Accounting format shows zero as a dash: " - ", "$ -", "  -   " (spaces already gone) are 0
        {"zero": c == "-"},
        {"lm": c.str.starts_with("-"), "s": c.str.replace(r"^[+-]", "")},
        {"s": c.str.replace(r"^" + _CURRENCY_TOKEN, "")},
        # h74 D6: `1,25,000.00` (Indian grouping) is no western number; ``digit_groups`` refuses a column of both
        {"ok": (c.str.contains(pattern) | (pl.lit(not decimal_comma) & c.str.contains(INDIAN_NUMBER))) & c.str.contains(r"[0-9]"),
         "plain": c.str.replace_all(re.escape(thousands), "").str.replace(re.escape(dec), ".", literal=True)},
        {"plain": pl.when(pl.col("plain").str.starts_with(".")).then(pl.lit("0") + pl.col("plain")).otherwise(pl.col("plain"))},
        {"out": pl.when(pl.col("zero")).then(pl.lit("0")).when(~pl.col("ok")).then(None)
                  .when(pl.col("paren") | pl.col("tm") | pl.col("lm") | pl.col("cr")).then(pl.lit("-") + pl.col("plain"))
                  .otherwise(pl.col("plain"))},
    )
    return out["out"]


def decimal_string(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    return _by_unique(series, lambda df: _decimal_text(df, decimal_comma))


def _money_frame(df: pl.DataFrame, decimal_comma: bool) -> pl.Series:
    digits = _decimal_text(df, decimal_comma)
    # more than 14 integer digits cannot be stored in DECIMAL(18,4): unreadable rather than an overflow
    frame = pl.DataFrame({"d": digits}).with_columns(
        pl.when(pl.col("d").str.replace(r"^-", "").str.replace(r"\..*$", "").str.len_chars() <= 14).then(pl.col("d")).alias("d"))
    return frame["d"].cast(MONEY_DTYPE, strict=False)


def money(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    """Exact decimal money: '$1,234.50' -> 1234.5000, '1.234,50 €' (decimal comma) -> 1234.5, '(120.00)' -> -120."""
    return _by_unique(series, lambda df: _money_frame(df, decimal_comma))


def lone_group(series: pl.Series) -> pl.Series:
    """The separator ('.' or ',') of a cell written with one separator and exactly three digits after it ('¥150,000',
    '€1.500', '-1,500'), else null: the one shape a decimal mark and a thousands mark both fit, so the currency's
    decimals decide it (``moat.ingest.lone_groups``)."""
    def parse(df: pl.DataFrame) -> pl.Series:
        cell = text(pl.col(RAW)).str.replace_all(r"[\s\u00a0\u202f]", "")
        return df.select(cell.str.extract(r"^[^0-9.,]*[0-9]{1,3}([.,])[0-9]{3}[^0-9.,]*$", 1).alias("g"))["g"]
    return _by_unique(series, parse)


def currency_marker(series: pl.Series) -> pl.Series:
    """Currency written in a money cell ('€', 'EUR', 'US$' ...) as an ISO code, '$', '¥' and 'kr' kept as signs (each
    stands for several currencies), else null."""
    def parse(df: pl.DataFrame) -> pl.Series:
        out = _stages(
            df,
            {"s": text(pl.col(RAW)).str.replace_all(r"[\s\u00a0\u202f]", "")},
            {"a": pl.col("s").str.extract(r"^[(+-]*(" + _CURRENCY_TOKEN + r")", 1),
             "b": pl.col("s").str.extract(r"(" + _CURRENCY_TOKEN + r")[)-]*$", 1)},
            # a bare `¥` stays `¥` (yen or yuan: ``fx.row_currency`` decides, h124), as `$` and `kr` do
            {"t": pl.coalesce("a", "b").str.replace(r"^[Kk]r\.?$", KRONE).replace(_MARKER_SYMBOLS)},
        )
        return out["t"]
    return _by_unique(series, parse)


def number(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    """A plain number as Float64 (ratios, capacities); money uses ``money`` for exactness."""
    return decimal_string(series, decimal_comma).cast(pl.Float64, strict=False)


def percent(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    """'85%' and '85' -> 0.85; '0.85' -> 0.85 (a value above 1 without a % sign is read as percent points)."""
    s = series.cast(pl.Utf8)
    value = number(s.str.replace_all("%", ""), decimal_comma)
    has_sign = s.str.contains("%").fill_null(False)
    return pl.select(pl.when(has_sign | (value.abs() > 1)).then(value / 100).otherwise(value)).to_series().alias(series.name)


_NUM = r"([0-9]+(?:\.[0-9]+)?)"
_DURATIONS = (  # (pattern, seconds per captured group): what timesheets and APIs write for a duration
    # 1:30, 01:30:00 (an Excel time cell); `1:30 h` / `1:30 Std.` as German timesheets write it (h124)
    (r"^([0-9]{1,4}):([0-5][0-9])(?::([0-5][0-9](?:\.[0-9]+)?))?(?:\s*(?:H|HRS?|STD)\.?)?$", (3600, 60, 1)),
    (r"^PT(?:" + _NUM + r"H)?(?:" + _NUM + r"M)?(?:" + _NUM + r"S)?$", (3600, 60, 1)),  # ISO 8601: PT1H30M
    (r"^" + _NUM + r"\s*(?:H|HR|HRS|HOUR|HOURS)\.?,?\s*(?:" + _NUM + r"\s*(?:M|MIN|MINS|MINUTE|MINUTES)\.?)?$", (3600, 60)),  # 1h 30m
    (r"^([0-9]+)\s*H\s*([0-5][0-9])$", (3600, 60)),  # `1h30`: minutes after the h without their unit (h124)
    (r"^" + _NUM + r"\s*(?:M|MIN|MINS|MINUTE|MINUTES)\.?$", (60,)),  # 45 min
)


def hours(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    """Hours as an exact decimal: '1.5', '1,5' (decimal comma), '2 h' -> 2, and durations: '1:30', '01:30:00' (an
    Excel time cell), 'PT1H30M' (ISO 8601, what APIs give), '1h 30m', '45 min' -> 0.75."""
    def parse(df: pl.DataFrame) -> pl.Series:
        upper = text(pl.col(RAW)).str.to_uppercase()
        staged = _stages(df, {"s": text(pl.col(RAW)), "u": upper.str.replace(",", ".", literal=True) if decimal_comma else upper},
                         {"num": pl.col("s").str.replace(r"(?i)\s*(h|hrs?|hours?)$", "")})
        found: list[pl.Expr] = []
        for pattern, scale in _DURATIONS:
            groups = pl.col("u").str.extract_groups(pattern)
            parts = [groups.struct.field(str(i + 1)).cast(pl.Float64, strict=False)
                     for i in range(len(scale))]
            seconds = pl.sum_horizontal([p.fill_null(0) * k for p, k in zip(parts, scale, strict=True)])
            found.append(pl.when(pl.any_horizontal([p.is_not_null() for p in parts])).then(seconds / 3600))
        duration = staged.select(pl.coalesce(found).round(4).cast(MONEY_DTYPE, strict=False).alias("d"))["d"]
        plain = _money_frame(staged.select(pl.col("num").alias(RAW)), decimal_comma)
        return pl.select(pl.coalesce(pl.lit(duration), pl.lit(plain))).to_series()
    return _by_unique(series, parse)


def integer(series: pl.Series, decimal_comma: bool = False) -> pl.Series:
    """Whole numbers ('12', '12.0', '1,200'); '12.5' is unreadable as a seat count (null)."""
    def parse(df: pl.DataFrame) -> pl.Series:
        whole = pl.DataFrame({"v": _decimal_text(df, decimal_comma)}).with_columns(pl.col("v").str.replace(r"\.0*$", ""))
        return whole.select(pl.when(pl.col("v").str.contains(r"^-?[0-9]{1,15}$")).then(pl.col("v")).cast(pl.Int64, strict=False))["v"]
    return _by_unique(series, parse)


def uses_decimal_comma(columns: list[pl.Series], semicolon: bool = False) -> bool:
    """Does the file write decimals with a comma? Votes over its number columns ('1.234,50', '12,5' vs '12.50').

    Whole amounts with a thousands dot ('1.850', '12.400') decide nothing by themselves (1.85 or 1850?); in a
    semicolon-separated file, which is what Excel writes where the comma is the decimal mark, they are thousands,
    unless another cell shows a decimal dot ('0.750' or '2.5000' cannot be thousands).
    """
    comma = dot = grouped = 0
    for series in columns:
        s = series.cast(pl.Utf8).drop_nulls().unique().str.replace_all(r"[\s\u00a0\u202f$€£%A-Za-z()]", "")
        comma += int(s.str.contains(r"^-?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+),[0-9]{1,2}-?$").sum() or 0)
        comma += int(s.str.contains(r"^-?[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+-?$").sum() or 0)
        dot += int(s.str.contains(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)\.[0-9]{1,2}-?$").sum() or 0)
        dot += int(s.str.contains(r"^-?[0-9]{1,3}(?:,[0-9]{3})+\.[0-9]+-?$").sum() or 0)
        grouped += int(s.str.contains(r"^-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+-?$").sum() or 0) if semicolon else 0
        dot += int(s.str.contains(r"^-?(?:0\.[0-9]+|[0-9]+\.[0-9]{4,})-?$").sum() or 0)  # '0.750', '2.5000': a decimal dot
    return comma > dot or (comma == dot == 0 and grouped > 0)


# --- booleans --------------------------------------------------------------------------------------------------

TRUE_WORDS = {
    "billable", "b", "yes", "y", "true", "t", "1", "1.0", "x", "billed", "chargeable", "isbillable", "bill", "on",
}
FALSE_WORDS = {
    "donotbill", "nb", "nc", "nocharge", "no", "n", "false", "f", "0", "0.0", "nonbillable", "notbillable",
    "nobill", "internal", "off", "notcharged", "unbillable",
    "nodefault",  # ConnectWise: the entry never chose; the work type's default is not in the file (moat.ingest.sources.psa)
}
_BOOL_MAP = {**{w: True for w in TRUE_WORDS}, **{w: False for w in FALSE_WORDS}}


def boolean(series: pl.Series) -> pl.Series:
    """PSA yes/no dialects: Billable/DoNotBill/NoCharge, B/NB/NC, Yes/No, TRUE/FALSE, 1/0 (case, spaces, '-' ignored)."""
    def parse(df: pl.DataFrame) -> pl.Series:
        key = df.select(text(pl.col(RAW)).str.to_lowercase().str.replace_all(r"[\s_\-]", "").alias("k"))["k"]
        return key.replace_strict(_BOOL_MAP, default=None, return_dtype=pl.Boolean)
    return _by_unique(series, parse)


# --- enumerations ----------------------------------------------------------------------------------------------

ENUMS: dict[str, dict[str, str]] = {
    "agreement_type": {
        "managed": "managed", "managed services": "managed", "managed service": "managed", "msa": "managed",
        "fixed fee": "managed", "flat fee": "managed", "flat rate": "managed", "recurring": "managed",
        "all inclusive": "managed", "fully managed": "managed", "monthly": "managed",
        "block": "block", "block hours": "block", "block time": "block", "prepaid hours": "block", "prepaid": "block",
        "retainer": "block", "bank of hours": "block", "hour bank": "block", "prepay": "block",
        "t&m": "t&m", "t and m": "t&m", "tm": "t&m", "time and materials": "t&m", "time and material": "t&m",
        "time & materials": "t&m", "hourly": "t&m", "break fix": "t&m", "ad hoc": "t&m", "pay as you go": "t&m",
    },
    "status": {
        "active": "active", "current": "active", "live": "active", "churned": "churned", "inactive": "churned",
        "former": "churned", "cancelled": "churned", "canceled": "churned", "terminated": "churned",
        "lost": "churned", "prospect": "prospect", "lead": "prospect", "pending": "prospect",
    },
    "invoice_status": {
        "draft": "draft", "void": "void", "voided": "void", "deleted": "void", "cancelled": "void", "canceled": "void",
        "paid": "paid", "open": "open", "sent": "open", "unpaid": "open", "overdue": "open", "awaiting payment": "open",
        "authorised": "open", "authorized": "open", "submitted": "open", "partially paid": "open", "due": "open",
        "paidoff": "paid",  # lexoffice (h101)
        # WHMCS (h111): a Refunded invoice's money went back (not revenue); Collections and Payment Pending are still owed
        "refunded": "void", "collections": "open", "payment pending": "open",
    },
}


def _enum_key_text(label: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", label.lower().replace("&", " and ")).split())


def _enum_table(kind: str) -> dict[str, str]:
    return {_enum_key_text(k): v for k, v in ENUMS[kind].items()}


def _enum_keys(df: pl.DataFrame) -> pl.Series:
    return df.select(
        text(pl.col(RAW)).str.to_lowercase().str.replace_all("&", " and ").str.replace_all(r"[^a-z0-9]+", " ")
        .str.strip_chars().str.replace_all(r" +", " ").alias("k")
    )["k"]


def enumeration(series: pl.Series, kind: str) -> pl.Series:
    """The canonical label, or the original label (kept; the caller warns) when it is unknown."""
    table = _enum_table(kind)

    def parse(df: pl.DataFrame) -> pl.Series:
        keys = _enum_keys(df)
        mapped = keys.replace_strict(table, default=None, return_dtype=pl.Utf8)
        original = df.select(text(pl.col(RAW)))[RAW]
        return pl.select(pl.coalesce(pl.lit(mapped), pl.lit(original))).to_series()
    return _by_unique(series, parse)


def enum_known(series: pl.Series, kind: str) -> pl.Series:
    table = list(_enum_table(kind))
    return _by_unique(series, lambda df: _enum_keys(df).is_in(table))


# --- dates -----------------------------------------------------------------------------------------------------

_MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_MONTH_WORD = r"(?i)^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sept?(ember)?|oct(ober)?|nov(ember)?|dec(ember)?)$"
_ISO = r"^([0-9]{4})[-/.]([0-9]{1,2})[-/.]([0-9]{1,2})$"
_YEAR_MONTH = r"^([0-9]{4})[-/]([0-9]{1,2})$"
_MONTH_YEAR = r"^([0-9]{1,2})/([0-9]{4})$"
_NUMERIC = r"^([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]([0-9]{4}|[0-9]{2})$"
_SERIAL = r"^([0-9]{5})(?:\.[0-9]+)?$"
_D_MON_Y = r"^([0-9]{1,2})[\s-]+([A-Za-z]{3,9})\.?[\s,-]+([0-9]{4}|[0-9]{2})$"
_MON_D_Y = r"^([A-Za-z]{3,9})\.?\s+([0-9]{1,2})(?:st|nd|rd|th)?,?\s+([0-9]{4})$"
_MON_Y = r"^([A-Za-z]{3,9})\.?[\s-]+([0-9]{4})$"
_MON_YY = r"^([A-Za-z]{3})-([0-9]{2})$"  # Excel's mmm-yy month cells ("Mar-26" = March 2026; day-month is "26-Mar")
_COMPACT = r"^((?:19|20)[0-9]{2})(0[1-9]|1[0-2])(0[1-9]|[12][0-9]|3[01])$"  # yyyymmdd (ERP and bank exports)
_WEEKDAY = r"(?i)^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+"  # Excel's long date: "Monday, March 2, 2026"
_TIME_SUFFIX = r"(?i)(?:[T\s]+[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?\s*(?:am|pm)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)$"
# Excel's day zero is 1899-12-30 (after its 1900 leap-year bug); serials 25569..73050 cover 1970..2099.
_SERIAL_MIN, _SERIAL_MAX = 25569, 73050


def _year(expr: pl.Expr) -> pl.Expr:
    y = expr.cast(pl.Int32, strict=False)
    return pl.when(y < 70).then(y + 2000).when(y < 100).then(y + 1900).otherwise(y)


def _ymd(y: pl.Expr, m: pl.Expr, d: pl.Expr) -> pl.Expr:
    """A date from parts, null when the parts do not form a real date (Feb 30 included)."""
    y, m, d = y.cast(pl.Int32, strict=False), m.cast(pl.Int32, strict=False), d.cast(pl.Int32, strict=False)
    iso = pl.format("{}-{}-{}", y.cast(pl.Utf8).str.zfill(4), m.cast(pl.Utf8).str.zfill(2), d.cast(pl.Utf8).str.zfill(2))
    ok = y.is_between(1000, 9999) & m.is_between(1, 12) & d.is_between(1, 31)
    return pl.when(ok).then(iso).otherwise(None).str.strptime(pl.Date, "%Y-%m-%d", strict=False)


def _month_number(expr: pl.Expr) -> pl.Expr:
    key = expr.str.to_lowercase().str.slice(0, 3)
    return pl.when(expr.str.contains(_MONTH_WORD)).then(key.replace_strict(_MONTHS, default=None, return_dtype=pl.Int32))


def _date_parts(df: pl.DataFrame) -> pl.DataFrame:
    return _stages(
        df,
        {"s": text(pl.col(RAW)).str.replace(_TIME_SUFFIX, "").str.replace(_WEEKDAY, "")},
        {"iso": pl.col("s").str.extract_groups(_ISO), "ym": pl.col("s").str.extract_groups(_YEAR_MONTH),
         "my": pl.col("s").str.extract_groups(_MONTH_YEAR), "num": pl.col("s").str.extract_groups(_NUMERIC),
         "dmyt": pl.col("s").str.extract_groups(_D_MON_Y), "mdyt": pl.col("s").str.extract_groups(_MON_D_Y),
         "myt": pl.col("s").str.extract_groups(_MON_Y), "myy": pl.col("s").str.extract_groups(_MON_YY),
         "compact": pl.col("s").str.extract_groups(_COMPACT), "serial": pl.col("s").str.extract(_SERIAL, 1).cast(pl.Int64, strict=False)},
    )


def _f(col: str, n: int) -> pl.Expr:
    return exact_col(col).struct.field(str(n))


def _date_frame(df: pl.DataFrame, order: str | None) -> pl.Series:
    parts = _date_parts(df)
    candidates = {
        "c1": _ymd(_f("iso", 1), _f("iso", 2), _f("iso", 3)),
        "c2": _ymd(_f("ym", 1), _f("ym", 2), pl.lit(1)),
        "c3": _ymd(_f("my", 2), _f("my", 1), pl.lit(1)),
        "c4": _ymd(_year(_f("dmyt", 3)), _month_number(_f("dmyt", 2)), _f("dmyt", 1)),
        "c5": _ymd(_f("mdyt", 3), _month_number(_f("mdyt", 1)), _f("mdyt", 2)),
        "c6": _ymd(_f("myt", 2), _month_number(_f("myt", 1)), pl.lit(1)),
        "c6b": _ymd(_year(_f("myy", 2)), _month_number(_f("myy", 1)), pl.lit(1)),
        "c6c": _ymd(_f("compact", 1), _f("compact", 2), _f("compact", 3)),
        "c7": pl.when(pl.col("serial").is_between(_SERIAL_MIN, _SERIAL_MAX)).then(
            (pl.lit(0).cast(pl.Date) + pl.duration(days=pl.col("serial") - 25569)).cast(pl.Date)),  # 25569 = 1970-01-01
    }
    if order == "dmy":
        candidates["c8"] = _ymd(_year(_f("num", 3)), _f("num", 2), _f("num", 1))
    elif order == "mdy":
        candidates["c8"] = _ymd(_year(_f("num", 3)), _f("num", 1), _f("num", 2))
    out = parts.with_columns(**candidates)
    return out.select(pl.coalesce(list(candidates)).alias("d"))["d"]


def date(series: pl.Series, order: str | None) -> pl.Series:
    """Date from ISO, 'YYYY-MM', 'MM/YYYY', numeric a/b/y in ``order`` ('dmy' | 'mdy'), Excel serials, month names.

    With ``order`` None, numeric a/b/y dates stay null (the caller has established there are none, or asks).
    """
    return _by_unique(series, lambda df: _date_frame(df, order))


def date_order_evidence(series: pl.Series) -> tuple[int, int, int]:
    """(day_first_rows, month_first_rows, ambiguous_rows) over one column's a/b/yyyy dates.

    A first number above 12 proves day-first, a second number above 12 proves month-first; a column whose
    numeric dates are all <= 12 in both places cannot tell.
    """
    counts = series.cast(pl.Utf8).alias(RAW).value_counts(name="n")
    parts = _date_parts(counts)
    a = _f("num", 1).cast(pl.Int32, strict=False)
    b = _f("num", 2).cast(pl.Int32, strict=False)
    row = parts.select(
        pl.col("n").filter((a > 12) & (b <= 12)).sum(),
        pl.col("n").filter((b > 12) & (a <= 12)).sum().alias("m"),
        pl.col("n").filter((a <= 12) & (b <= 12)).sum().alias("x"),
    ).row(0)
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def contradicting_orders(work: pl.DataFrame, cols: list[str], row_col: str) -> str | None:
    """When some dates only read day-first, others only month-first and others either way, the file contradicts
    itself and the either-way ones cannot be read: a description naming one row of each kind (None otherwise)."""
    found: dict[str, tuple[int, str]] = {}
    for c in cols:
        counts = work.select(exact_col(c).cast(pl.Utf8).alias(RAW), exact_col(row_col).alias("row"), pl.lit(1).alias("n"))
        parts = _date_parts(counts)
        a = _f("num", 1).cast(pl.Int32, strict=False)
        b = _f("num", 2).cast(pl.Int32, strict=False)
        for kind, cond in (("day", (a > 12) & (b <= 12)), ("month", (b > 12) & (a <= 12)), ("either", (a <= 12) & (b <= 12))):
            hit = parts.filter(cond).head(1)
            if hit.height and kind not in found:
                found[kind] = (int(hit["row"][0]), str(hit[RAW][0]))
    if len(found) < 3:
        return None
    (dr, dv), (mr, mv), (er, ev) = found["day"], found["month"], found["either"]
    return (f"dates contradict each other: {dv} (row {dr}) only reads day-first, {mv} (row {mr}) only month-first, so "
            f"{ev} (row {er}) and every date like it cannot be read either way")


def proof_of_order(work: pl.DataFrame, cols: list[str], row_col: str, kind: str) -> tuple[int, str] | None:
    """(row, text) of the first a/b/y date that only reads ``kind``-first ("day" or "month"), or that reads
    "either" way, or None."""
    for c in cols:
        counts = work.select(exact_col(c).cast(pl.Utf8).alias(RAW), exact_col(row_col).alias("row"), pl.lit(1).alias("n"))
        parts = _date_parts(counts)
        a = _f("num", 1).cast(pl.Int32, strict=False)
        b = _f("num", 2).cast(pl.Int32, strict=False)
        cond = {"day": (a > 12) & (b <= 12), "month": (b > 12) & (a <= 12), "either": (a <= 12) & (b <= 12)}[kind]
        hit = parts.filter(cond).head(1)
        if hit.height:
            return int(hit["row"][0]), str(hit[RAW][0])
    return None


def is_numeric_date(series: pl.Series) -> pl.Series:
    """Rows whose text is an a/b/y date (the ones that need a day/month order)."""
    return series.cast(pl.Utf8).str.strip_chars().str.replace(_TIME_SUFFIX, "").str.contains(_NUMERIC).fill_null(False)
