"""Spreadsheet-formula injection: text that a spreadsheet would run as a formula is written as inert text.

A cell whose text begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — or their full-width forms
(``＝＋－＠``, which some spreadsheets fold to the ASCII ones), also after leading spaces — can be evaluated by
Excel, LibreOffice or Google Sheets (``=HYPERLINK(...)``, ``@SUM(...)``, DDE payloads), so it is prefixed with ``'``.
This module is the one place that decides it: the page downloads, ``moat export``, the facade's ``export`` and every
CSV the CLI prints (``moat metrics|insights ... --format csv``, ``moat quarantine export``, DP packs) call it.
Numbers are left alone: a numeric value is written as a number, and text that is nothing but a plain number
literal (``-1234.50``, as in the Overview summary's value column) cannot run anything, so it stays a number too
— a negative amount must never turn into text.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_LITERAL = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def is_number_literal(text: str) -> bool:
    """True for text such as ``-12.5`` or ``+3e2`` that a spreadsheet reads as a plain number, not a formula."""
    return bool(_NUMBER_LITERAL.match(text))


def escape_text(text: str) -> str:
    """``text`` made inert for a spreadsheet: prefixed with ``'`` when it starts like a formula."""
    stripped = text.lstrip(" \u3000")
    if stripped.startswith(TRIGGERS) and not is_number_literal(stripped):
        return "'" + text
    return text


def escape_row(values: list[Any]) -> list[Any]:
    """A CSV row's cells: text escaped (``escape``), None as an empty cell, numbers untouched."""
    return ["" if v is None else escape(v) for v in values]


def escape(value: Any) -> Any:
    """Escape one cell: strings may be prefixed, every other type (numbers, dates, booleans, None) is kept."""
    if isinstance(value, str):
        return escape_text(value)
    return value


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)
