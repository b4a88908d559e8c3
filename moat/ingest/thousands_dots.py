"""`1.850` in a file that shows no decimal mark anywhere: 1,850 (a thousands dot) or 1.85? (h69 D5)

A spreadsheet in a comma-decimal locale (es-ES, de-DE, it-IT, nl-NL, pt-BR) formatted `#.##0` writes 1850 as
`1.850`; Google Sheets' "Download > CSV" writes the displayed value with `,` as the field delimiter whatever the
locale, so the file is comma-separated and a dot-decimal reading makes every amount a thousandth (17,425.00 loaded
as 691.75, exit 0). In a `;`-separated file the dots are thousands (``values.uses_decimal_comma``); a
comma-separated file decides here, over the money columns, only when no number in the file shows its decimal mark:

* a money column that has grouped values (`1.850`, `12.500`) beside whole numbers under 1,000 written without
  decimals (`675`) is a `#.##0` format: a format that showed three decimals would write `675.000`. Read as
  thousands, with a warning.
* grouped values alone (every amount `d.ddd`) could be either: the file is refused naming the column, a value and
  its two readings. Amounts in 3-decimal currencies (KWD, BHD, OMR) write every amount with three decimals, small
  ones too (`0.500` proves a decimal dot and never reaches here).
"""

from __future__ import annotations

import polars as pl

from moat.errors import FileRejected
from moat.ingest import values

_GROUPED = r"^-?[1-9][0-9]{0,2}(?:\.[0-9]{3})+$"
_SMALL_WHOLE = r"^-?[0-9]{1,3}$"
_LARGE_WHOLE = r"^-?[0-9]{4,}$"


def _cells(series: pl.Series) -> pl.Series:
    return series.cast(pl.Utf8).drop_nulls().unique().str.replace_all(r"[\s\u00a0\u202f$€£%A-Za-z()]", "")


def thousands(money: dict[str, pl.Series], numeric: list[pl.Series], file_name: str, warnings: list[str]) -> bool:
    """Whether a comma-separated file's dots are thousands separators (read it with the decimal comma); refuses the
    file when its money columns cannot tell. ``money``: file heading -> cells of the columns that hold money;
    ``numeric``: every number column (any decimal mark shown in one decides for the file)."""
    if not numeric or values.uses_decimal_comma(numeric, False) or not values.uses_decimal_comma(numeric, True):
        return False  # a decimal mark is shown somewhere, or no grouped value: the usual reading stands
    grouped = {h: _cells(s) for h, s in money.items()}
    grouped = {h: s for h, s in grouped.items() if bool(s.str.contains(_GROUPED).any())}
    if not grouped:
        return False  # the grouped values are in a non-money column (quantities, hours): left as before
    formatted = [h for h, s in grouped.items()
                 if bool(s.str.contains(_SMALL_WHOLE).any()) and not bool(s.str.contains(_LARGE_WHOLE).any())]
    if len(formatted) == len(grouped):
        heads = ", ".join(repr(h) for h in formatted)
        example = grouped[formatted[0]].filter(grouped[formatted[0]].str.contains(_GROUPED)).sort()[0]
        warnings.append(f"{heads}: the dot is a thousands separator ({example} is {example.replace('.', '')}: whole "
                        "amounts under 1,000 are written without decimals, a `#.##0` format); numbers were read that way")
        return True
    h = next(h for h in grouped if h not in formatted)
    example = grouped[h].filter(grouped[h].str.contains(_GROUPED)).sort()[0]
    whole = example.replace(".", "")
    raise FileRejected(
        file_name,
        f"column {h!r} writes amounts like {example} and no number in the file shows its decimal mark: {example} "
        f"could be {int(whole):,} (a thousands dot, as a comma-decimal spreadsheet writes it) or {float(example):.2f} "
        "(a decimal dot); nothing was loaded",
        "export the amounts with their decimals shown (format the column with two decimals: 1.850,00 or 1,850.00) "
        "and load it again")
