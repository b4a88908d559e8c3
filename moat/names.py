"""Name normalisation: the key that decides whether "ACME Corp." and "Acme Corporation " are one client.

Case, whitespace, punctuation and accents are ignored, "&" means "and", and legal suffixes are dropped. Two
known clients that share a key are ambiguous and never auto-matched (see ``moat.ingest.resolve``).
"""

from __future__ import annotations

import re
import unicodedata

LEGAL_SUFFIXES = (
    "pty ltd", "inc", "llc", "ltd", "corp", "corporation", "co", "gmbh", "as", "bv", "sa", "pllc", "llp", "plc",
    "limited", "incorporated", "company",
)
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(re.escape(s) for s in sorted(LEGAL_SUFFIXES, key=len, reverse=True)) + r"))+$")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalize(name: str | None) -> str:
    """Matching key of a client or technician name ('' for blank)."""
    if name is None:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = text.replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    stripped = _SUFFIX_RE.sub("", text).strip()
    return stripped or text  # a name that is only a suffix ("Co") keeps itself


_PRODUCT_NOISE = re.compile(
    r"\((?:[^)]*)\)|\[(?:[^\]]*)\]|\b(?:monthly|annual|yearly|nce|trial|commitment|subscription|edition|license|licence|"
    r"plan|new commerce|1 month|1 year|p1m|p1y|month|year|term)\b")


def product_key(name: str | None) -> str:
    """Matching key of a licence product: case, punctuation, billing terms and bracketed options ignored.

    "MICROSOFT 365 BUSINESS PREMIUM" (an M365 report) = "Microsoft 365 Business Premium (NCE) - Monthly [options: ...]"
    (a distributor's line): seat reports meet billing lines on this key.
    """
    if name is None:
        return ""
    text = str(name).lower().split(" - ")[0] if " - " in str(name) else str(name).lower()
    text = _PRODUCT_NOISE.sub(" ", text.replace("&", " and "))
    return _NON_WORD.sub(" ", text).strip()


def first_last(name: str | None) -> str | None:
    """"Lee, Ann" -> "Ann Lee": the "Last, First" form PSA grids and payroll exports write people's names in.

    Only a name with exactly one comma and words on both sides; None otherwise (the name is kept as written).
    Used for technicians (people), never for clients, where "Smith, Jones and Partners" is a firm's name."""
    if name is None or str(name).count(",") != 1:
        return None
    last, first = (part.strip() for part in str(name).split(","))
    if not last or not first or not any(ch.isalpha() for ch in last) or not any(ch.isalpha() for ch in first):
        return None
    return f"{first} {last}"
