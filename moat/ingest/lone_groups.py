"""An amount written with one separator and three digits after it (`¥150,000`, `€1.500`), read by its currency (h111).

The file's decimal mark is a vote over all its number cells (``values.uses_decimal_comma``); a cell such as `150,000`
fits both readings, and it followed the vote. In a file voted decimal-comma, `¥150,000` was 150.00 (exit 0, 1,000
times too small: h101 L4), yet a yen has no decimals, so the comma can only group thousands. Each such cell is read
by the currency of its row (the cell's marker, the currency column, the profile, the base: ``fx.row_currency``):

- a currency without decimals (``sources.currency_decimals.ZERO_DECIMAL``): the separator groups thousands, always
  (`¥150,000` is 150,000 and `¥1.500` is 1,500 whatever the file's vote), and the report says so;
- a currency written in the cell with two decimals (`€1.500` among `1,234.50`, `$1,500` among `1.234,50`): three
  digits cannot be its cents, but the file reads the separator as its decimal mark: 1.50 or 1,500 is a guess either
  way, so the row is quarantined naming both readings and how to write it; so is a bare `1.500` in a document amount
  column whose other amounts all have two decimals (a cell pasted from another locale);
- a three-decimal currency (`BHD 1.500`, ``THREE_DECIMAL``) or a cell with no currency in it: the file's reading.
"""

from __future__ import annotations

import polars as pl

from moat.ingest import values
from moat.ingest.headings import series
from moat.ingest.sources.currency_decimals import THREE_DECIMAL, ZERO_DECIMAL

CURRENCY = "__currency"  # the row's currency column ``phases.derive`` computes
# fields whose bare three-digit cells are doubted when the column writes two decimals: a document's amount. Unit prices
# and rates may carry three or four decimals (`1.125` a seat), so theirs follow the file.
BARE_CHECKED = frozenset({"amount"})


def _two_decimal_column(raw: pl.Series, hit: pl.Series, mark: str) -> bool:
    """Whether every other cell of the column written with decimals has exactly two (`1,234.50`, `250.00`), at least
    two of them: then `1.500` is no amount of that column's style but a thousands group from another locale."""
    cells = values.text(raw.filter(~hit)).drop_nulls().str.replace_all(r"[\s\u00a0\u202f]", "")
    digits = cells.str.extract(r"[0-9]" + ("," if mark == "," else r"\.") + r"([0-9]+)[^0-9.,]*$", 1).drop_nulls()
    return digits.len() >= 2 and bool((digits.str.len_chars() == 2).all())


def apply(work: pl.DataFrame, money: dict[str, str], decimal_comma: bool, warnings: list[str]) -> pl.DataFrame:
    """``work`` with ``__v_<field>`` re-read where a zero-decimal currency makes the separator a thousands mark, and
    ``__e_<field>`` set where a symbol's two decimals contradict the file's reading (module doc). ``money`` is field ->
    column of every money field."""
    mark = "," if decimal_comma else "."
    updates: list[pl.Series] = []
    for target, col in money.items():
        value_col, error_col = f"__v_{target}", f"__e_{target}"
        if value_col not in work.columns:
            continue
        raw = series(work, col).cast(pl.Utf8)
        hit = (values.lone_group(raw) == mark).fill_null(False)
        if not hit.any():
            continue
        currency = work[CURRENCY] if CURRENCY in work.columns else pl.Series([None] * work.height, dtype=pl.Utf8)
        zero = hit & currency.is_in(list(ZERO_DECIMAL)).fill_null(False)
        marker = values.currency_marker(raw)
        doubt = hit & ~zero & ~currency.is_in(list(THREE_DECIMAL)).fill_null(False)
        marked = doubt & marker.is_not_null()
        bare = doubt & marker.is_null() & pl.Series([target in BARE_CHECKED and _two_decimal_column(raw, hit, mark)] * work.height)
        two = marked | bare
        value = work[value_col]
        if zero.any():
            grouped = values.money(raw, not decimal_comma)
            value = pl.select(pl.when(pl.lit(zero)).then(pl.lit(grouped)).otherwise(pl.lit(value))).to_series()
            example = raw.filter(zero)[0]
            codes = ", ".join(sorted(set(currency.filter(zero).to_list())))
            warnings.append(f"{int(zero.sum())} amounts in `{col}` are in {codes}, a currency without decimals: the "
                            f"separator in `{example}` groups thousands, so it was read {grouped.filter(zero)[0]:,.0f}, "
                            f"not {work[value_col].filter(zero)[0]:,.2f} as this file's decimal {'comma' if decimal_comma else 'dot'} "
                            "would read it")
        if two.any():
            other = "1.234,50" if not decimal_comma else "1,234.50"
            why = (pl.when(pl.lit(marked)).then(pl.format("a {} amount has two decimals", pl.lit(currency)))
                   .otherwise(pl.lit(f"every other amount in `{col}` with decimals has two")))
            reason = pl.format(
                "amount `{}` has three digits after its only separator: {}, so this is a thousands separator as in "
                + other + ", but this file writes decimals with a " + ("comma" if decimal_comma else "dot")
                + " and would read it as a fraction; write it with its cents (e.g. 1500.00) and load the file again",
                pl.lit(raw), why)
            old = work[error_col] if error_col in work.columns else pl.Series([None] * work.height, dtype=pl.Utf8)
            error = pl.select(pl.when(pl.lit(two) & pl.lit(old).is_null()).then(reason).otherwise(pl.lit(old))).to_series()
            updates.append(error.alias(error_col))
            value = pl.select(pl.when(pl.lit(two)).then(None).otherwise(pl.lit(value))).to_series()
        updates.append(value.alias(value_col))
    return work.with_columns(updates) if updates else work
