"""h116 (issue 15): forms a question writes that the parser's rules read in another form, written in that form first.

- "a row per product", "a row for each vendor", "1 row per product": the rows asked, one per entity, are the
  parser's "per <kind>"; left as they were, "one" was read as a number (a limit of 1) and "line" / "row" as a word not
  used, which flagged a plain per-entity list;
- "seat counts" (plural, "the highest seat counts by vendor"): the seat count the seat rules read; the plural
  "counts" was a word not used ("licence counts" is read by ``moat.ai.plain_phrasings``);
- "each full quarter", "every complete quarter", "per whole month": the per-quarter / per-month rows, which hold only
  whole quarters already; the adjective between kept "each" from reaching its noun, and one total was answered;
- "manuf segment", "fin sector", "mfrs vertical": a segment name shortened (``mentions.contracts``, the rule that reads
  shortened words of names) before a segment noun is that segment, a filter; it was left over and the segments grouped;
- h136: "product count", "vendor count", "technician count" (the kind, then "count") is the number of that kind, as
  "number of products" is read ("product count for <client> last month": the products the client held); left as
  written it was refused, or read as the client count of the named client (1) with confidence;
- "feb + mar", "oct & nov": two months joined by a sign are the two months joined by "and" (the sign left the second
  month unread, and "may" after it read as the verb).
"""

from __future__ import annotations

import re

from moat.ai.lexicon import SEGMENT_WORDS
from moat.ai.mentions import contracts
from moat.ai.periods import MONTHS

_ROW_PER = re.compile(r"\b(?:one|a|1|single|separate)\s+(?:lines?|rows?|entry|entries)\s+"
                      r"(?:per|for\s+each|for\s+every|each)\s+(?=[a-z])")
_SEAT_COUNTS = re.compile(r"\bseat\s+counts\b")
_SHORT_SEGMENT = re.compile(r"\b(?P<short>[a-z]{2,})\.?(?=\s+(?:segment|sector|vertical|industry)s?\b)")
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_MONTHS_PLUS = re.compile(r"\b(?P<a>" + _MONTH + r")\s*[+&]\s*(?P<b>" + _MONTH + r")\b")
# h136: the kind before "count" (seats and licences are counted by the seat rules: "seat count", "licence count")
_KIND_COUNT = re.compile(r"\b(?:(?P<distinct>distinct|different|unique)\s+)?(?P<kind>product|vendor|technician|tech|engineer|"
                         r"sku|supplier)s?\s+counts?\b")
_KIND_PLURAL = {"product": "products", "vendor": "vendors", "technician": "technicians", "tech": "technicians",
                "engineer": "technicians", "sku": "products", "supplier": "vendors"}
_EACH_FULL = re.compile(r"\b(?P<each>each|every|per)\s+(?:full|complete|completed|whole|entire|closed|finished)\s+"
                        r"(?=(?:calendar\s+)?(?:quarter|month)s?\b)")


def plain_forms(text: str) -> str:
    """The folded question with the forms of the module doc written as the parser's rules read them."""
    text = _SHORT_SEGMENT.sub(_segment, _MONTHS_PLUS.sub(lambda m: f"{m['a']} and {m['b']}", text))
    text = _EACH_FULL.sub(lambda m: f"{m['each']} ", text)
    text = _KIND_COUNT.sub(lambda m: f"number of {_KIND_PLURAL[m['kind']]}", text)
    return _SEAT_COUNTS.sub("seat count", _ROW_PER.sub("per ", text))


def _segment(m: re.Match[str]) -> str:
    """The segment a shortened word before a segment noun names, when it shortens exactly one ("manuf" -> manufacturing)."""
    short = m["short"].rstrip("s") if m["short"] not in SEGMENT_WORDS else m["short"]
    fits = [name for name in SEGMENT_WORDS if short != name and contracts(short, name)]
    return fits[0] if len(fits) == 1 else m.group(0)
