"""Rows chosen by one measure, another shown: "margin of our 3 biggest clients", "EHR of the 3 biggest clients by
hours", "the top 3 clients by revenue, their margin", "top 5 clients by gross profit, ranked by margin".

Why one module: the entities are CHOSEN by their size (revenue for clients, hours for "busiest" / "quietest", or the
measure written after "by" / "with the most"), and the asked measure is SHOWN for them (``Intent.chosen_by``). Read
with the superlative bound to the asked measure, each of these questions listed that measure's own top N (the clients
with the best margin), confidently: another set of clients than the one asked about. h117 (size words), h127 (the
size measure after the entities, quiet words, a limit then a sort) and h129 ("by revenue / billing / sales", its words
read) each added a rule for this; h132 merged them here, one entry (``rows_chosen_by``), the phrases declared apart:

- ``SIZE_OF``: a size word with no measure of its own ("our 3 biggest clients": by revenue);
- ``SIZE_MEASURES``: the words after "by" that name a size (their words are read as used);
- a size measure after the entities ("... by <measure>", "... with the most <measure>"), a quiet word (fewest hours),
  or the limit's measure before a sort word ("top 5 by gross profit, sorted by margin": the sort measure shown).

h132 also lets the size choose the rows of a threshold's list ("the biggest 3 clients under 30% margin": the biggest
of those under 30%), of a share ("what share of revenue comes from our 3 busiest clients": the busiest by hours), and
sorts the chosen rows by the shown measure when a sort word names it ("the 3 busiest clients, most profitable first";
``Intent.shown`` is then the direction of that sort)."""
from __future__ import annotations

import re
from dataclasses import replace

from moat.ai import lexicon as lx
from moat.ai.catalogue import METRICS, Intent
from moat.ai.periods import number
from moat.ai.reading import Reading
from moat.ai.size_choice_words import (
    LOW_WORDS,
    NOUN_KIND,
    SIZE_MEASURES,
    SIZE_OF,
    SORT_FIRST_HIGH,
    SORT_FIRST_LOW,
    SORT_WORDS,
)

_NUM = r"(?:(?:" + lx.NUM + r")\s+)?"
_NOUNS = "|".join(NOUN_KIND.values())
_MEASURE = "|".join(sorted((re.escape(w) for w in SIZE_MEASURES), key=len, reverse=True))
_SORT = "|".join(SORT_WORDS)

# a size word with no measure of its own after the entities (h117)
SIZED = re.compile(r"\b(?P<article>(?:our|the|my)\s+)?" + _NUM + r"(?P<size>biggest|largest|top|smallest|busiest)\s+" + _NUM
                   + r"(?P<noun>" + _NOUNS + r")\b(?:'s?|’s?)?"
                   r"(?!\s*(?:by|on|for|in terms of|according to|ranked|measured)\b)")
# h132: "top" needs its article ("top 3 clients" is a ranking of its own); "busiest" has its own measure, so a sort
# word after it sorts the rows it chose ("the 3 busiest clients ranked by profit")
_BUSIEST_SORTED = re.compile(r"\b(?:(?:our|the|my)\s+)?" + _NUM + r"(?P<size>busiest)\s+" + _NUM + r"(?P<noun>" + _NOUNS
                             + r")\b(?:'s?|’s?)?(?=\s*,?\s*(?:" + _SORT + r")\b)")


def _sized_phrases(text: str) -> list[re.Match[str]]:
    """The size phrases of ``text`` (SIZED, "top" only with its article, and "busiest" before a sort word)."""
    found = [m for m in SIZED.finditer(text) if m["article"] or m["size"] != "top"]
    return found + list(_BUSIEST_SORTED.finditer(text))
# h127: the size's own measure written after the entities, "with the most <measure>", a quiet word (fewest hours)
_SIZE_BY = re.compile(r"\b(?:our|the|my)\s+" + _NUM + r"(?P<size>biggest|largest|top|smallest|bottom)\s+" + _NUM
                      + r"(?P<noun>" + _NOUNS + r")\b(?:'s?|’s?)?\s+(?:by|on|in terms of)\s+(?P<rest>.*)")
_WITH_MOST = re.compile(r"\b(?:our|the|my)\s+" + _NUM + r"(?P<noun>" + _NOUNS + r")\s+with\s+the\s+"
                        r"(?P<size>most|fewest|least|highest|lowest|biggest|smallest)\s+(?P<rest>.*)")
_QUIET = re.compile(r"\b(?:our|the|my)\s+" + _NUM + r"(?P<size>quietest|least busy)\s+" + _NUM
                    + r"(?P<noun>" + _NOUNS + r")\b")
# h127: "top 5 clients by gross profit, ranked by margin": the limit's measure chooses, the sort word's is shown
_SORTED_BY = re.compile(r"\b" + _NUM + r"(?P<size>top|bottom|best|worst|biggest|largest|smallest)\s+" + _NUM
                        + r"(?P<noun>" + _NOUNS + r"|products?)\s+by\s+(?P<rest>.+?)[\s,;]+"
                        r"(?:then\s+)?(?:" + _SORT + r")\s+(?:them\s+)?by\b")
# h129: "<top | biggest | N> [N] <clients | techs> by <revenue | billing | sales | gross profit | hours>", read as used
RANKED_BY = re.compile(r"\b(?:top|biggest|largest|leading|highest|" + lx.NUM + r")\s+" + _NUM
                       + r"(?P<noun>" + _NOUNS + r")\b(?:'s?)?\s*(?P<by>(?:\(\s*)?(?:by|in\s+terms\s+of|on)\s+"
                       r"(?P<measure>" + _MEASURE + r")\b(?:\s*\))?)")
_METRIC_WORDS = [(lx.compile_words(p), name) for p, name in lx.METRIC_PATTERNS]


def _article(m: re.Match[str]) -> bool:
    """Whether the size phrase opens with "our / the / my" ("our 3 biggest clients": entities chosen by size)."""
    said = m.groupdict().get("article")
    return bool(said) or bool(re.match(r"\s*(?:our|the|my)\b", m.group(0)))


def _kind(noun: str) -> str:
    return "product" if noun.startswith("product") else next(
        k for k, words in NOUN_KIND.items() if re.fullmatch(words, noun))


def _first_measure(text: str) -> str | None:
    hits = [(m.start(), i, name) for i, (pattern, name) in enumerate(_METRIC_WORDS) if (m := pattern.search(text))]
    return min(hits)[2] if hits else None


def _sized(intent: Intent) -> bool:
    """A list cut to N rows by an order, one period, no count (h132: a threshold, a share or a sort may come with it)."""
    return (intent.limit is not None and intent.order is not None and not intent.count and not intent.compared
            and not intent.each and not intent.passing_total)


def _by_size_word(text: str, intent: Intent) -> tuple[str, str] | None:
    """(size, order) from "our 3 biggest / busiest clients" with no measure of their own (h117). Without its article
    ("where did tech cost land? five biggest clients") the size word is the asked measure's own, as before h132,
    unless a threshold or a share leaves that measure no size to rank by ("biggest 3 clients under 30% margin")."""
    for m in _sized_phrases(text):
        if not _article(m) and m["size"] != "busiest" and intent.threshold is None and not intent.share:
            continue  # ("busiest" is a size whatever comes before it: hours)
        if intent.share and m["size"] == "top":
            continue  # "share of gross profit from the top 10 clients": the top by that measure (its concentration)
        kind = _kind(m["noun"])
        size = SIZE_OF.get(kind, {}).get(m["size"])
        if size is not None and kind == intent.grouping and size != intent.metric:
            return size, "asc" if m["size"] in LOW_WORDS else "desc"
    return None


def _by_named_size(text: str, intent: Intent) -> tuple[str, str] | None:
    """(size, order) from a size measure after the entities, or hours for a quiet word (h127)."""
    for pattern in (_SIZE_BY, _WITH_MOST, _QUIET):
        m = pattern.search(text)
        if m is None or _kind(m["noun"]) != intent.grouping:
            continue
        size = "hours" if pattern is _QUIET else _first_measure(m["rest"])
        if size is not None and size != intent.metric and size in METRICS:
            return size, "asc" if m["size"] in LOW_WORDS else "desc"
    return None


def _by_limit_measure(text: str, intent: Intent) -> tuple[str, str] | None:
    """(size, order) from the limit's measure when a sort word names another measure (h127)."""
    m = _SORTED_BY.search(text)
    if m is None or _kind(m["noun"]) != intent.grouping:
        return None
    size = _first_measure(m["rest"])
    if size is None or size == intent.metric or size not in METRICS:
        return None
    return size, "asc" if m["size"] in LOW_WORDS else "desc"


def _by_ranked_phrase(r: Reading, intent: Intent) -> tuple[str, str] | None:
    """(size, "desc") from "top 3 clients by revenue" when another measure is asked; its words read (h129)."""
    for m in RANKED_BY.finditer(r.text):
        kind = _kind(m["noun"])
        size = SIZE_MEASURES[re.sub(r"\s+", " ", m["measure"])]
        if kind != intent.grouping or size == intent.metric or (kind == "technician") != (size == "hours"):
            continue
        r.use(m.span("by"))  # the reading's own line says the rows are chosen by that size
        return size, "desc"
    return None


def _read_size_words(r: Reading, size: str) -> None:
    """The "by <size measure>" words of a phrase that chose the rows by that same size are read as used (h129)."""
    for m in RANKED_BY.finditer(r.text):
        if SIZE_MEASURES[re.sub(r"\s+", " ", m["measure"])] == size:
            r.use(m.span("by"))


def rows_chosen_by(r: Reading, intent: Intent) -> Intent:
    """The intent with ``chosen_by`` (and the order that cuts the rows) set when a size phrase chooses the listed
    entities and another measure is asked; else unchanged. h132: a threshold keeps the entities passing it before the
    size cuts them; a share takes the chosen entities' part; a sort word on the shown measure sorts the rows by it."""
    if intent.compared and intent.chosen_by is None:
        return _chosen_for_change(r.text, intent)
    if intent.chosen_by is not None or not _sized(intent):
        return intent
    plain = intent.threshold is None and not intent.share and intent.shown is None
    chosen = (_by_size_word(r.text, intent) or _by_named_size(r.text, intent)
              or (_by_limit_measure(r.text, intent) if intent.threshold is None and not intent.share else None)
              or (_by_ranked_phrase(r, intent) if plain else None))
    if chosen is None:
        return intent
    size, order = chosen
    _read_size_words(r, size)
    shown = None if intent.share else _sorted_by_shown(r, intent) or intent.shown
    return replace(intent, chosen_by=size, order=order, shown=shown)


def _chosen_for_change(text: str, intent: Intent) -> Intent:
    """h131 (h121 C1): "is margin up for our biggest client", "is revenue for our 3 biggest clients up on Q1": the
    entities are chosen by their size (in the later period), then the change of the asked measure is shown for each of
    them, whichever way it went. Read as a ranking of the change, the question listed the three biggest RISERS (or
    the one biggest rise of margin), confidently: other clients than the ones asked about. The size's own measure may
    be the asked one ("revenue for our 3 biggest clients"): the rows are still chosen by its level, not its change."""
    if intent.threshold is not None or intent.count or intent.each:
        return intent
    for m in _sized_phrases(text):
        kind = _kind(m["noun"])
        size = SIZE_OF.get(kind, {}).get(m["size"])
        if size is not None and kind == intent.grouping and (_article(m) or m["size"] == "busiest"):  # h131
            said = re.search(r"\b(?:" + lx.NUM + r")\b", m.group(0))
            limit = number(said.group(0)) if said else (5 if m["noun"].endswith("s") else 1)  # the plural's five
            return replace(intent, chosen_by=size, order="asc" if m["size"] in LOW_WORDS else "desc", change="any",
                           limit=limit or intent.limit)
    return intent


_SORT_PHRASE = re.compile(r"\b(?:" + _SORT + r")\s+(?:them\s+)?by\s+(?P<rest>[^,;]+)")
_FIRST_PHRASE = re.compile(r"\b(?P<side>" + "|".join(SORT_FIRST_HIGH + SORT_FIRST_LOW)
                           + r")\s+(?P<rest>(?:\w+\s+){0,3}?)first\b")


def _sorted_by_shown(r: Reading, intent: Intent) -> str | None:
    """h132: "asc" / "desc" when a sort word names the shown measure ("ranked by EHR", "most profitable first"): the
    chosen rows are listed in that measure's order; else None (they stay in the size's order)."""
    m = _SORT_PHRASE.search(r.text)
    if m is not None and _first_measure(m["rest"]) == intent.metric:
        r.use((m.start(), m.start("rest")))  # "sorted by", "listed by": the sort's words, read
        return "asc" if re.search(r"\b(?:lowest|least|smallest|worst)\s+first\b|\bascending\b", m["rest"]) else "desc"
    m = _FIRST_PHRASE.search(r.text)
    if m is not None and _first_measure(m["side"] + " " + m["rest"]) == intent.metric:
        r.use(m.span())  # "highest gross profit first"
        return "asc" if m["side"] in SORT_FIRST_LOW else "desc"
    return None


def without_size_words(text: str) -> str:
    """``text`` with the size phrases ("our 3 busiest clients") blanked: the measure a size word implies (hours for
    "busiest") is the rows' choice, never a measure of the figure asked (h132: "our 3 busiest clients' share of revenue"
    is a share of revenue, not hours named before the share word)."""
    for m in _sized_phrases(text):
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
    return text
