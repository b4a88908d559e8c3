"""h134 (issue 15): Ask reads its own readings back.

Every answer says its reading in words (``Intent.interpretation``: "top 5 products by licence waste (unused seats),
2027-01-01..2027-03-31") and offers other complete readings in the same words. Those words are a question too: a user
pastes them, edits one ("top 3" for "top 5"), or clicks an alternative on the Ask page. Read as ordinary English they
were often read as something else (the ISO range as a value range, a measure's gloss as another measure), so the
words of a reading are read here by the grammar that writes them, and a reading is taken only when writing it again
gives the same words: the round trip is a property checked on every use, never a list of cases.

``candidates`` gives every intent whose interpretation is the text (validated by the catalogue), the plainest first
where words leave a slot unsaid (a two-period change with no direction said reads as every row's change);
``read_back`` turns the first into the parser's outcome (marked ``own_words``: the engine's second look at the words,
``moat.ai.agreement``, reads English cues such as "how many", which a reading's words hold by construction); ``reads_back_to`` is the engine's check that an alternative's
words ask that very reading (the Ask page offers only those as buttons).

Kept apart from the parser (which calls ``read_back`` before its rules) and from the catalogue (whose ``interpretation``
this inverts); the catalogue's words are read through its own tables (metric labels, groupings, filter kinds), so a
new measure or kind is read back as soon as the catalogue writes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from moat.ai.catalogue import ANOMALY_SERIES, FILTER_KINDS, METRICS, Intent, Threshold, validate
from moat.ai.reading import Parse

_PLURAL = {"client": "clients", "technician": "technicians", "product": "products", "segment": "segments",
           "vendor": "vendors", "month": "months", "quarter": "quarters"}
_GROUPING = {**{v: k for k, v in _PLURAL.items()}, **{k: k for k in _PLURAL}}  # plural or singular noun -> grouping
_LABEL = {m.label: m.name for m in METRICS.values()}
_LABELS = "(?:" + "|".join(re.escape(label) for label in sorted(_LABEL, key=len, reverse=True)) + ")"
_DAY = r"\d{4}-\d\d-\d\d"


def _span(a: str, b: str) -> str:
    """A period as a reading writes it ("2027-01-01..2027-03-31"), its days in the named groups."""
    return rf"(?P<{a}>{_DAY})\.\.(?P<{b}>{_DAY})"


_NUM = r"-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?%?"
_THRESHOLD = re.compile(rf"(?P<op>between|outside) (?P<lo>{_NUM}) and (?P<hi>{_NUM})|(?P<cmp><=|>=|<|>) (?P<v>{_NUM})")
_KIND_WORD = "|".join([*FILTER_KINDS, "vendor"])
_FILTER_SPLIT = re.compile(rf", (?=(?:every )?(?:{_KIND_WORD}) )")
_CHANGES = ("any", None, "down", "up")
_ONE_OF = ("client", "technician", "segment", "product")  # the grouping of one named entity's figure, in preference  # a two-period reading with no direction said: every row's change first

# The tail every general reading ends with: the two periods compared, or one period (after a month-over-month note)
_COMPARED = re.compile(", " + _span("cs", "ce") + " against " + _span("s", "e")
                       + r", both values and the change(?P<rel> \(also in percent of the earlier value\))?"
                       + r"(?: \(only those that (?P<dir>fell|rose)\))?$")
_ONE_SPAN = re.compile(r"(?P<mom>, with the change from the month before)?, " + _span("s", "e") + "$")
_BAND = re.compile(r", against the target band (?P<lo>\d+)%-(?P<hi>\d+)%$")
_COUNT = re.compile(rf"number of (?P<who>\w+)(?:, with (?P<label>{_LABELS}) (?P<thr>.+)|, with some (?P<some>{_LABELS})|, with (?P<rec>{_LABELS}) recorded)?")
_TREND = re.compile(rf"(?P<label>{_LABELS}) per month(?P<running> \(running total\))?")
_SINGLE = re.compile(rf"(?P<total>total )?(?P<label>{_LABELS})(?:, checked against the mark \((?P<mark>.+)\))?")
_MARK_CHANGE = re.compile(r"the (?P<dir>fall|rise)(?P<rel> in percent)? (?P<thr>.+)")
_RANKED = re.compile(rf"(?:(?P<hl>highest|lowest) first: |(?P<side>top|bottom) (?:(?P<n>\d+) )?)?(?P<noun>[a-z]+) by "
                     rf"(?P<by>{_LABELS})(?:, (?P<shown_label>{_LABELS}) shown)?(?:, (?P<shown>lowest|highest) first)?"
                     r"(?:, where (?P<cond>.+))?")
_WHERE_CHANGE = re.compile(r"the (?P<dir>fall|rise)(?P<rel> in percent)? is (?P<thr>.+)")
_LICENCES_OF = re.compile(r"number of clients with licences of (?P<products>.+?)(?:, in segment (?P<segment>.+?))?, "
                          + _span("s", "e"))
_SHARE = re.compile(rf"share of total (?P<label>{_LABELS}) from (?P<part>.+) \(their (?P=label) over everyone's\), as a "
                    r"percentage, " + _span("s", "e"))
_SHARE_TOP = re.compile(rf"the (?P<side>top|bottom) (?P<n>\d+) (?P<who>[a-z]+)(?: of (?P<filters>.+))? by (?P<label>{_LABELS})")
_OVER = re.compile(rf"(?P<label>{_LABELS}) in " + _span("s", "e") + rf" as a share of (?:(?P<of>{_LABELS})|"
                   rf"(?P<plabel>{_LABELS}) in " + _span("ps", "pe") + r")(?: for (?P<filters>.+))? \(one over "
                   r"the other, as a percentage\)")
_EACH = re.compile(rf"(?P<count>number of )?(?P<who>[a-z]+) with (?P<label>{_LABELS}) (?P<thr>.+?) in (?P<mode>every one|at "
                   rf"least one) of (?P<spans>{_DAY}\.\.{_DAY}(?:, {_DAY}\.\.{_DAY})+), each period on its own"
                   rf"(?: \(their (?P=label) in each period\))?(?:, for (?P<filters>.+))?")
_LACKING = re.compile(r"(?P<count>number of )?clients with activity(?: in segment (?P<segment>.+?))?(?:, of client "
                      r"(?P<client>.+?))? holding no seats of (?P<products>.+?) \(0 seat-months purchased\), " + _span("s", "e"))
_RISK = re.compile(r"(?P<head>number of clients|risk score \(0-100\)|riskiest [^,]+|least risky [^,]+|clients by risk score, "
                   r"(?:riskiest|least risky) first)(?:, with risk score (?P<thr>[^,]+))?(?:, for (?P<filters>.+?))?, "
                   + _span("s", "e") + r" \(revenue, hours, margin and time entries from \d{4}-\d\d-\d\d on compared with "
                   r"before\)")
_UNUSUAL = re.compile(r"(?:(?P<count>number of )|top (?P<n>\d+) )?unusual months in (?P<series>[a-z]+(?:/[a-z]+)*)(?:, for "
                      r"(?P<filters>.+?))?, " + _span("s", "e") + r" \(robust z beyond 3\.5 against each client's own "
                      r"months of the 12-month window\)")
_PASSING = re.compile(rf"total (?P<label>{_LABELS}) of the (?P<who>[a-z]+) with (?P<on>{_LABELS}) (?P<thr>.+?) \(one sum, "
                      r"and how many [a-z]+ it covers\)(?:, for (?P<filters>.+))?, " + _span("s", "e"))


def normal(text: str) -> str:
    """The words as compared: spaces collapsed, a trailing question mark or full stop dropped, "A .. B" as "A..B"."""
    text = re.sub(r"\s*\.\.\s*(?=\d)", "..", " ".join(text.split()))
    return re.sub(r"\s*[?.!]+$", "", text).strip()


class _Names:
    """The names a reading may filter by, each kind's names by their lower-case form (the reading writes them as the
    data holds them; a pasted reading may change their case)."""

    def __init__(self, vocab: Any) -> None:
        products = [p for p, _vendor in getattr(vocab, "products", ())]
        vendors = [v for _p, v in getattr(vocab, "products", ()) if v]
        kinds: dict[str, Iterable[str]] = {
            "client": getattr(vocab, "clients", ()), "technician": getattr(vocab, "technicians", ()),
            "product": products, "segment": getattr(vocab, "segments", ()),
            "category": getattr(vocab, "cost_categories", ()), "vendor": vendors}
        self.by_kind = {kind: {n.casefold(): n for n in names} for kind, names in kinds.items()}

    def names(self, kind: str, text: str) -> tuple[str, ...] | None:
        """The names of ``text`` ("A / B") as the data holds them, sorted as a reading holds them; None if one is unknown."""
        known = self.by_kind.get(kind, {})
        found = [known.get(n.strip().casefold()) for n in text.split(" / ")]
        return None if any(n is None for n in found) else tuple(sorted(n for n in found if n is not None))

    def filters(self, text: str | None) -> tuple[tuple[tuple[str, tuple[str, ...]], ...],
                                                 tuple[tuple[str, tuple[str, ...]], ...]] | None:
        """(filters, names left out) of a reading's "for ..." words; None when a part is not a reading's."""
        if not text:
            return (), ()
        kept: dict[str, tuple[str, ...]] = {}
        out: dict[str, tuple[str, ...]] = {}
        for part in _FILTER_SPLIT.split(text):
            m = re.fullmatch(rf"every (?P<kind>{_KIND_WORD}) except (?P<names>.+)|(?P<k>{_KIND_WORD}) (?P<n>.+)", part)
            if m is None:
                return None
            kind, target = (m["kind"], out) if m["kind"] else (m["k"], kept)
            names = self.names(kind, m["names"] or m["n"])
            if names is None or kind in target:
                return None
            target[kind] = names
        return tuple(sorted(kept.items())), tuple(sorted(out.items()))


def _value(text: str, kind: str) -> float | None:
    if text.endswith("%") != (kind == "percent"):
        return None
    try:
        number = float(text.rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return number / 100 if kind == "percent" else number


def _threshold(text: str | None, kind: str) -> Threshold | None:
    """The threshold a reading writes as ``Threshold.text(kind)`` ("between 60% and 75%", "> 5,000")."""
    m = _THRESHOLD.fullmatch(text or "")
    if m is None:
        return None
    if m["op"]:
        lo, hi = _value(m["lo"], kind), _value(m["hi"], kind)
        return None if lo is None or hi is None else Threshold(m["op"], lo, hi)
    v = _value(m["v"], kind)
    return None if v is None else Threshold(m["cmp"], v)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _spans(text: str) -> list[tuple[date, date]] | None:
    found = []
    for span in text.split(", "):
        a, _, b = span.partition("..")
        start, end = _day(a), _day(b)
        if start is None or end is None or end < start:
            return None
        found.append((start, end))
    return found


def _base(metric: str, grouping: str, start: date, end: date, **slots: Any) -> Intent:
    """An intent with the slots a reading says; its period's label is the period as the reading writes it."""
    return replace(Intent(metric, grouping, start, end, f"{start.isoformat()}..{end.isoformat()}"), **slots)


def _general(text: str, names: _Names) -> Iterator[Intent]:
    """Readings written by ``Intent.interpretation``'s general path: counts, trends, single figures, rankings."""
    slots: dict[str, Any] = {}
    if m := _COMPARED.search(text):
        start, end, cs, ce = _day(m["s"]), _day(m["e"]), _day(m["cs"]), _day(m["ce"])
        slots |= {"compare_start": cs, "compare_end": ce, "relative": bool(m["rel"])}
        changes: tuple[str | None, ...] = {"fell": ("down",), "rose": ("up",)}.get(m["dir"] or "", _CHANGES)
    elif m := _ONE_SPAN.search(text):
        start, end = _day(m["s"]), _day(m["e"])
        changes = ("mom",) if m["mom"] else (None,)
    else:
        return
    if start is None or end is None or None in (slots.get("compare_start", start), slots.get("compare_end", end)):
        return
    head = text[:m.start()]
    if band := _BAND.search(head):
        slots["band"] = (int(band["lo"]) / 100, int(band["hi"]) / 100)
        head = head[:band.start()]
    cut = head.find(", for ")
    said = names.filters(head[cut + len(", for "):] if cut >= 0 else None)
    if said is None:
        return
    slots["filters"], slots["excluded"] = said
    head = head[:cut] if cut >= 0 else head
    for intent in _heads(head, slots, start, end, names):
        for change in changes:
            yield replace(intent, change=change if intent.change is None else intent.change)


def _heads(head: str, slots: dict[str, Any], start: date, end: date, names: _Names) -> Iterator[Intent]:
    """The intents the first words of a general reading may be (the tail's slots given)."""
    if m := _COUNT.fullmatch(head):
        grouping = _GROUPING.get(m["who"])
        if grouping is None or not (m["label"] or m["some"] or m["rec"]):
            return  # a count with no condition does not say its measure
        metric = _LABEL[m["label"] or m["some"] or m["rec"]]
        threshold = _threshold(m["thr"], METRICS[metric].kind) if m["label"] else None
        if threshold is None and m["label"]:
            return
        for g in (grouping, "company") if grouping == "client" else (grouping,):
            yield _base(metric, g, start, end, count=True, threshold=threshold, **slots)
        return
    if m := _TREND.fullmatch(head):
        yield _base(_LABEL[m["label"]], "month", start, end, running=bool(m["running"]), **slots)
        return
    if m := _SINGLE.fullmatch(head):
        yield from _single(m, slots, start, end)
        return
    if m := _RANKED.fullmatch(head):
        yield from _ranked(m, slots, start, end)


def _single(m: re.Match[str], slots: dict[str, Any], start: date, end: date) -> Iterator[Intent]:
    metric = _LABEL[m["label"]]
    kind = METRICS[metric].kind
    extra: dict[str, Any] = {}
    if m["mark"]:
        said = _MARK_CHANGE.fullmatch(m["mark"])
        if said is not None:
            relative = bool(said["rel"])
            extra = {"threshold": _threshold(said["thr"], "percent" if relative else kind),
                     "change": "down" if said["dir"] == "fall" else "up"}
            if relative != slots.get("relative", False):
                return
        elif m["mark"].startswith(m["label"] + " "):
            extra = {"threshold": _threshold(m["mark"][len(m["label"]) + 1:], kind)}
        if extra.get("threshold") is None:
            return
    if m["total"]:
        yield _base(metric, "company", start, end, **slots, **extra)
        return
    one = {kind for kind, names in slots["filters"] if len(names) == 1}
    for grouping in _ONE_OF:  # one named entity's figure, as the parser groups it (a segment's product: the segment)
        if grouping in one:
            yield _base(metric, grouping, start, end, **slots, **extra)
    if m["label"].startswith("total "):  # "total utilisation": the company's figure writes no second "total"
        yield _base(metric, "company", start, end, **slots, **extra)


def _ranked(m: re.Match[str], slots: dict[str, Any], start: date, end: date) -> Iterator[Intent]:
    grouping = _GROUPING.get(m["noun"])
    if grouping is None:
        return
    chosen = _LABEL[m["by"]]
    metric = _LABEL[m["shown_label"]] if m["shown_label"] else chosen
    order = {"highest": "desc", "top": "desc", "lowest": "asc", "bottom": "asc"}.get(m["hl"] or m["side"] or "")
    limit = int(m["n"]) if m["n"] else (1 if m["side"] else None)
    extra: dict[str, Any] = {"order": order, "limit": limit,
                             "chosen_by": chosen if m["shown_label"] else None,
                             "shown": {"lowest": "asc", "highest": "desc"}.get(m["shown"] or "")}
    if m["cond"]:
        kind = METRICS[metric].kind
        if said := _WHERE_CHANGE.fullmatch(m["cond"]):
            relative = bool(said["rel"])
            if relative != slots.get("relative", False):
                return
            extra |= {"threshold": _threshold(said["thr"], "percent" if relative else kind),
                      "change": "down" if said["dir"] == "fall" else "up"}
        elif m["cond"].startswith(METRICS[metric].label + " "):
            extra["threshold"] = _threshold(m["cond"][len(METRICS[metric].label) + 1:], kind)
        if extra.get("threshold") is None:
            return
    yield _base(metric, grouping, start, end, **slots, **extra)


def _licences_of(text: str, names: _Names) -> Iterator[Intent]:
    """'number of clients with licences of Huntress, in segment healthcare, ...' (``metric`` clients, a product filter)."""
    if not (m := _LICENCES_OF.fullmatch(text)):
        return
    products, start, end = names.names("product", m["products"]), _day(m["s"]), _day(m["e"])
    segment = names.names("segment", m["segment"]) if m["segment"] else ()
    if products is None or segment is None or start is None or end is None:
        return
    filters = tuple(sorted([("product", products)] + ([("segment", segment)] if segment else [])))
    for grouping in ("company", "segment"):
        yield _base("clients", grouping, start, end, filters=filters)


def _share(text: str, names: _Names) -> Iterator[Intent]:
    """'share of total revenue from client Harbor (their revenue over everyone's), as a percentage, ...'."""
    if not (m := _SHARE.fullmatch(text)):
        return
    metric, start, end = _LABEL[m["label"]], _day(m["s"]), _day(m["e"])
    if start is None or end is None:
        return
    if top := _SHARE_TOP.fullmatch(m["part"]):
        grouping, said = _GROUPING.get(top["who"]), names.filters(top["filters"])
        if grouping is None or said is None or top["label"] != m["label"]:
            return
        orders: tuple[str | None, ...] = ("asc",) if top["side"] == "bottom" else ("desc", None)
        for order in orders:
            yield _base(metric, grouping, start, end, share=True, limit=int(top["n"]), order=order, filters=said[0],
                        excluded=said[1])
        return
    said = names.filters(m["part"])
    if said is None or not said[0] + said[1]:
        return
    kinds = [k for k, _ in said[0] + said[1]]
    for grouping in dict.fromkeys(["company", *kinds, "client"]):  # the part's share of the company's whole
        yield _base(metric, grouping, start, end, share=True, filters=said[0], excluded=said[1])


def _over(text: str, names: _Names) -> Iterator[Intent]:
    """'labour cost in A..B as a share of revenue (one over the other, as a percentage)' and the same over a longer
    period of the figure itself."""
    if not (m := _OVER.fullmatch(text)):
        return
    metric, start, end = _LABEL[m["label"]], _day(m["s"]), _day(m["e"])
    said = names.filters(m["filters"])
    if start is None or end is None or said is None:
        return
    if m["of"]:
        whole: dict[str, Any] = {"of_metric": _LABEL[m["of"]]}
    else:
        ps, pe = _day(m["ps"]), _day(m["pe"])
        if ps is None or pe is None or m["plabel"] != m["label"]:
            return
        whole = {"of_period": (ps, pe)}
    for grouping in dict.fromkeys([*(k for k in _ONE_OF if k in dict(said[0])), "company"]):
        yield _base(metric, grouping, start, end, filters=said[0], excluded=said[1], **whole)


def _each(text: str, names: _Names) -> Iterator[Intent]:
    """'clients with gross profit < 0 in at least one of A..B, C..D, each period on its own ...' (``each_answer``)."""
    if not (m := _EACH.fullmatch(text)):
        return
    grouping, metric = _GROUPING.get(m["who"]), _LABEL[m["label"]]
    threshold, spans, said = _threshold(m["thr"], METRICS[metric].kind), _spans(m["spans"]), names.filters(m["filters"])
    if grouping is None or threshold is None or spans is None or said is None:
        return
    for order in (None, "desc", "asc"):
        yield _base(metric, grouping, spans[0][0], spans[-1][1], threshold=threshold, count=bool(m["count"]),
                    each=tuple(spans), each_mode="all" if m["mode"] == "every one" else "any", order=order,
                    filters=said[0], excluded=said[1])


def _passing(text: str, names: _Names) -> Iterator[Intent]:
    """'total revenue of the clients with gross margin < 10% (one sum, and how many clients it covers), ...'."""
    if not (m := _PASSING.fullmatch(text)):
        return
    grouping, metric, on = _GROUPING.get(m["who"]), _LABEL[m["label"]], _LABEL[m["on"]]
    threshold, said = _threshold(m["thr"], METRICS[on].kind), names.filters(m["filters"])
    start, end = _day(m["s"]), _day(m["e"])
    if grouping is None or threshold is None or said is None or start is None or end is None:
        return
    for where in dict.fromkeys([None, on] if on == metric else [on]):
        yield _base(metric, grouping, start, end, threshold=threshold, passing_total=True, where_metric=where,
                    filters=said[0], excluded=said[1])


def _lacking(text: str, names: _Names) -> Iterator[Intent]:
    """'clients with activity holding no seats of Huntress (0 seat-months purchased), ...' (``lacking``): the clients'
    seat-months purchased of the products, which the reading checks are 0."""
    if not (m := _LACKING.fullmatch(text)):
        return
    products, start, end = names.names("product", m["products"]), _day(m["s"]), _day(m["e"])
    segment = names.names("segment", m["segment"]) if m["segment"] else ()
    client = names.names("client", m["client"]) if m["client"] else ()
    if products is None or segment is None or client is None or start is None or end is None:
        return
    filters = tuple(sorted(kv for kv in (("product", products), ("segment", segment), ("client", client)) if kv[1]))
    yield _base("seats_purchased", "client", start, end, filters=filters, lacking=True, count=bool(m["count"]))


def _analytics(text: str, names: _Names) -> Iterator[Intent]:
    """Risk scores and unusual months (``Intent._analytics_interpretation``): the window's words are checked by writing
    the reading again (the half it compares from follows from the window)."""
    if m := _RISK.fullmatch(text):
        metric, head = "risk_score", m["head"]
        if head == "number of clients":
            shapes: list[dict[str, Any]] = [{"count": True}]
        elif head == "risk score (0-100)":
            shapes = [{}]
        elif ranked := re.fullmatch(r"(?P<side>riskiest|least risky) (?:(?P<n>\d+) clients|client)|clients by risk score, "
                                    r"(?P<side2>riskiest|least risky) first", head):
            side = ranked["side"] or ranked["side2"]
            orders: tuple[str | None, ...] = ("asc",) if side == "least risky" else ("desc", None)
            limit = int(ranked["n"]) if ranked["n"] else (1 if ranked["side"] else None)
            shapes = [{"order": o, "limit": limit} for o in orders]
        else:
            return
        threshold = _threshold(m["thr"], "score") if m["thr"] else None
        if m["thr"] and threshold is None:
            return
        extra: dict[str, Any] = {"threshold": threshold}
    elif m := _UNUSUAL.fullmatch(text):
        metric = "anomalies"
        series = tuple(m["series"].split("/"))
        shapes = [{"count": bool(m["count"]), "limit": int(m["n"]) if m["n"] else None, "order": o, "series": sr}
                  for sr in dict.fromkeys([() if series == ANOMALY_SERIES else series, series]) for o in (None, "desc")]
        extra = {}
    else:
        return
    said, start, end = names.filters(m["filters"]), _day(m["s"]), _day(m["e"])
    if said is None or start is None or end is None:
        return
    for shape in shapes:
        yield _base(metric, "client", start, end, filters=said[0], excluded=said[1], **extra, **shape)


_READERS = (_general, _licences_of, _share, _over, _each, _passing, _lacking, _analytics)


def candidates(text: str, vocab: Any) -> list[Intent]:
    """Every valid intent whose interpretation is ``text`` (compared as ``normal`` writes both, ignoring case), the
    plainest first; empty when the text is not a reading's words."""
    said = normal(text).casefold()  # a reading's words are lower case but for names, which are looked up as typed
    if ".." not in said:  # every reading names its period as A..B
        return []
    names = _Names(vocab)
    found: list[Intent] = []
    for read in _READERS:
        for intent in read(said, names):
            if intent in found or validate(intent):
                continue
            try:
                written = intent.interpretation()
            except (KeyError, AssertionError, TypeError, AttributeError):
                continue
            if normal(written).casefold() == said:
                found.append(intent)
    return found


def read_back(question: str, vocab: Any) -> Parse | None:
    """The parser's outcome for a question that is a reading's own words: that reading, as sure as its words are (they
    name every slot); None for any other question (the parser's rules read it)."""
    found = candidates(question, vocab)
    if not found:
        return None
    intent = found[0]
    return Parse(question, intent, 1.0, reasons=["read as a reading's own words (the interpretation written back)"],
                 own_words=True)


def _computed(intent: Intent) -> Intent:
    """The slots an answer's figures depend on: the period's label is words only; a count's rows are one number
    whatever their order; a condition in each period sorts by its own side unless told otherwise
    (``moat.ai.compile.each_period``); the company's figure in two periods is both values and the change whichever
    direction the question expected (with no mark to check)."""
    intent = replace(intent, period_label="")
    if intent.count and intent.limit is None:
        intent = replace(intent, order=None, shown=None)
    if intent.each and intent.threshold is not None and intent.order == (
            "asc" if intent.threshold.op in ("<", "<=") else "desc"):
        intent = replace(intent, order=None)
    if intent.compared and intent.grouping == "company" and intent.threshold is None and intent.change != "mom":
        intent = replace(intent, change="any")
    return intent


def reads_back_to(intent: Intent, vocab: Any) -> bool:
    """Whether asking ``intent``'s interpretation as a question gives ``intent`` itself (the Ask page's buttons)."""
    found = candidates(intent.interpretation(), vocab)
    return bool(found) and _computed(found[0]) == _computed(intent)
