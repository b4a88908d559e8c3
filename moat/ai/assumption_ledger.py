"""The assumption ledger (issue 15, h110): for each slot of a finished reading, whether the question STATED it or the
reading SUPPLIED it, and whether that supply is risky (``moat.ai.assumption_words`` declares the words and the policy).

Why: the worst defect of Ask is a confident wrong answer, and the held-out sets kept finding the same mechanism behind
them: a reading that supplied what the question never said (clients ranked when no one was named, a top 1 from "one
list", a margin compared with "5k", a ratio's denominator dropped, one total given for "clients whose ..."). Each rule
below checks one slot against the words of the question; a risky supply

- caps the reading's confidence under the review threshold (the answer is provisional; the engine holds this line
  whatever the configured threshold),
- records an assumption sentence the reply shows ("assumed clients: the question names no one to rank"), and
- offers the other reading(s) as alternatives where the ledger knows them; where the question's own words say which
  one it is (a money amount cannot be a margin; "one list" shows every row), that reading is answered and the
  supplied one offered instead.

A named denominator that no glossary ratio has ("hours logged over hours billed") is refused, naming the ratios held.
Supplies the README settles (a default period, "who" = clients, a margin ranked by client) are recorded as not risky.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from moat.ai import assumption_words as w
from moat.ai.catalogue import METRICS, Intent, Threshold, validate
from moat.ai.mentions import fold, normalize
from moat.ai.reading import Parse, Reading
from moat.ai.utilisation_unsaid import unsaid_utilisation

_ENTITY_KINDS = ("client", "technician", "product", "vendor", "segment")
_COUNTED = {"clients": "client", "technicians": "technician", "products": "product", "vendors": "vendor",
            "segments": "segment"}
_PLURAL = {"client": "clients", "technician": "technicians", "product": "products", "vendor": "vendors",
           "segment": "segments", "month": "months", "quarter": "quarters", "company": "one company figure"}


@dataclass(frozen=True)
class Assumption:
    """One slot the reading supplied: which, what it supplied, and why (the sentence the reply shows)."""

    slot: str  # grouping | limit | unit | denominator | shape | period
    supplied: str
    why: str
    risky: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"slot": self.slot, "supplied": self.supplied, "why": self.why, "risky": self.risky}


@dataclass
class _Finding:
    assumption: Assumption
    primary: Intent | None = None  # the reading the question's own words point to (answered instead)
    offers: list[Intent] = field(default_factory=list)  # other readings to offer

# h127 (h121 M): the glue words of a name are not blanked ("Defender for Business" took the "for" out of "what do
# clients pay in total for Microsoft", and the question slipped past the rule that reads it)
_NAME_GLUE = frozenset({"for", "and", "the", "with"})


def _said(question: str, corrected: str, intent: Intent) -> str:
    """The question folded, then as the parser corrected it ("vendr" -> "vendor"), with the words of the filters'
    names blanked (a limit word inside a name is no limit)."""
    text = fold(question) + " | " + corrected
    words = {t for _, names in intent.filters + intent.excluded for n in names for t in normalize(n).split()
             if len(t) > 2 and t not in _NAME_GLUE}
    if words:
        text = re.sub(r"\b(?:" + "|".join(map(re.escape, sorted(words))) + r")\b", " ", text)
    return text


def _valid(intent: Intent) -> Intent | None:
    return None if validate(intent) else intent


def _counted_kind(intent: Intent) -> str:
    """The kind of entity the reading lists or counts ("number of vendors": vendors)."""
    return _COUNTED.get(intent.metric, intent.grouping) if intent.grouping == "company" else intent.grouping


def _groupings_of(intent: Intent) -> list[Intent]:
    kinds = list(METRICS[intent.metric].by) + (["vendor"] if "product" in METRICS[intent.metric].by else [])
    return [alt for k in kinds if k != intent.grouping and (alt := _valid(replace(intent, grouping=k))) is not None]


def _grouping(text: str, intent: Intent) -> _Finding | None:
    """A kind of entity listed although the question names none."""
    g = intent.grouping
    if g not in _ENTITY_KINDS or any(k in (g, "product") for k, _ in intent.filters) or w.ANY_KIND_NOUN.search(text) \
            or intent.compare_start is not None:  # h66: "hours fallers, jun to jul": the changes, settled
        return None  # a kind named, or the rows named ("Microsoft and Huntress each")
    settled = w.SETTLED_GROUPING.get(intent.metric) == g
    if settled:
        return _Finding(Assumption("grouping", _PLURAL[g], f"no kind named: {METRICS[intent.metric].label} is "
                                   f"ranked by {g} (settled)", risky=False))
    return _Finding(Assumption("grouping", _PLURAL[g], f"assumed {_PLURAL[g]}: the question names no one to rank or "
                               f"list ({METRICS[intent.metric].label} is also held by "
                               f"{' and '.join(k for k in METRICS[intent.metric].by if k != g) or 'the company'})"),
                    offers=_groupings_of(intent))


def _shape(text: str, intent: Intent) -> _Finding | None:
    """One figure asked ("overall", "company-wide") but a list given, or a ranking asked but one figure given."""
    g = intent.grouping
    if g in _ENTITY_KINDS and not intent.filter(g) and not intent.count and intent.limit is None and intent.threshold is None \
            and not intent.share and intent.compare_start is None and (one := w.ONE_FIGURE.search(text)) \
            and not w.SPLIT_WORDS.search(text) and not w.RANK_WORDS.search(text):
        company = _valid(replace(intent, grouping="company", order=None, limit=None))
        return _Finding(Assumption("shape", f"one row per {g}", f"'{one.group(0)}' asks for one figure for the whole "
                                   f"company: that is answered; ask 'by {g}' for one row each"), primary=company)
    if g == "company" and not intent.filters and not intent.excluded and not intent.count and intent.compare_start is None \
            and (rank := w.RANK_WORDS.search(text) or (not w.ONE_FIGURE.search(text) and not w.TEAM_FIGURE.search(text)
                                                      and w.EACH_WORDS.search(text))) and METRICS[intent.metric].by:
        rows = _groupings_of(intent)
        kind = "technician" if "every" in rank.group(0) else w.SETTLED_GROUPING.get(intent.metric)
        rows.sort(key=lambda alt: alt.grouping != kind)
        said = rows[0] if rows and rows[0].grouping == kind and "every" not in rank.group(0) else None
        return _Finding(Assumption("shape", "one company figure", f"'{rank.group(0)}' asks for one row each, but the "
                                   "question names no rows: " + (f"one row per {said.grouping} is answered" if said else
                                                                 "one figure is given") +
                                   "; ask 'by client', 'by technician' or 'by product' for the rows you mean"),
                        primary=said, offers=rows)
    if intent.passing_total and (lead := re.match(r"\s*(?:(?:which|list|show|show me|the)\s+)*(?P<k>clients|accounts|"
                                                  r"technicians|products)\s+(?:whose|with|where|that|who)\b", text)) \
            and not re.search(r"\b(?:total|sum|summed|combined|altogether|in all|how much|add(?:s|ed)? up|together)\b", text):
        listed = _valid(replace(intent, metric=intent.where_metric or intent.metric, where_metric=None,
                                passing_total=False))
        return _Finding(Assumption("shape", "one total of the passing rows", f"'{lead.group(0).strip()}' lists them: "
                                   "each is listed; ask for the total of them for one sum"), primary=listed)
    return None


def _rows_named(text: str, intent: Intent) -> _Finding | None:
    """One company figure given although the question names its rows as the subject ("clients we billed")."""
    named = w.SUBJECT_KIND.search(text)
    if named is None or intent.grouping != "company" or intent.count or intent.compare_start is not None \
            or METRICS[intent.metric].kind == "count" or intent.filter("segment") or intent.excluded \
            or w.ONE_FIGURE.search(text) or w.TEAM_FIGURE.search(text):
        return None
    kind = _kind_of(named.group("noun"))
    rows = _valid(replace(intent, grouping=kind)) if kind else None
    if rows is None:
        return None
    return _Finding(Assumption("shape", "one company figure", f"'{named.group(0)}' names the rows, but one figure "
                               f"was given: one row per {kind} is offered"), offers=[rows])


def _direction(text: str, high: re.Pattern[str], low: re.Pattern[str], good: re.Pattern[str], bad: re.Pattern[str],
               higher_is_better: bool) -> tuple[str, str] | None:
    """("desc" | "asc", the words) of the first of the four kinds of words found, or None."""
    for pattern, way in ((high, "desc"), (low, "asc"), (good, "desc" if higher_is_better else "asc"),
                         (bad, "asc" if higher_is_better else "desc")):
        if (m := pattern.search(text)) is not None:
            return way, m.group(0)
    return None


def _order(text: str, intent: Intent) -> _Finding | None:
    """The rows selected one way ("top 3") and shown the other ("lowest first"): one of them was dropped."""
    if intent.limit is None or intent.shown is not None:  # h117: the rows chosen one way, shown the other, as asked
        return None
    better = METRICS[intent.metric].higher_is_better
    picked = _direction(text, w.SELECT_HIGH, w.SELECT_LOW, w.SELECT_GOOD, w.SELECT_BAD, better)
    shown = _direction(text, w.SHOWN_HIGH_FIRST, w.SHOWN_LOW_FIRST, w.SHOWN_GOOD_FIRST, w.SHOWN_BAD_FIRST, better)
    if picked is None or shown is None or picked[0] == shown[0]:
        return None
    selected = _valid(replace(intent, order=picked[0]))
    return _Finding(Assumption("order", f"{'bottom' if intent.order == 'asc' else 'top'} {intent.limit}",
                               f"'{picked[1]}' selects the rows and '{shown[1]}' only orders them: the {picked[1]} are "
                               "answered, in the order of the selection"),
                    primary=selected if selected != intent else None, offers=[intent] if selected != intent else [])


def _ranking_measure(text: str, intent: Intent) -> _Finding | None:
    """Rows picked by a size word ("our biggest client") ranked by the measure asked, which no word tied to the size."""
    size = w.SIZE_OF_ROWS.search(text)
    if (size is None or intent.limit is None or intent.metric in w.SIZE_MEASURES or re.search(r"\bby\b", text)
            or intent.chosen_by is not None):  # h117: the rows chosen by size, the measure shown for them, as asked
        return None
    by_revenue = _valid(replace(intent, metric="revenue"))
    return _Finding(Assumption("ranking measure", METRICS[intent.metric].label, f"'{size.group(0)}' names no measure: "
                               f"the rows are ranked by {METRICS[intent.metric].label}; the biggest by revenue may be "
                               "meant (ask e.g. 'the 3 biggest clients by revenue', then their figure)"),
                    offers=[by_revenue] if by_revenue else [])


def _limit(text: str, intent: Intent) -> _Finding | None:
    """A limit of one set by a word that is not a number of rows ("one list", a whole ranking asked)."""
    if intent.limit != 1 or intent.share or w.NUMBER_STATED.search(text):
        return None
    every = _valid(replace(intent, limit=None))
    if (container := w.LIMIT_CONTAINER.search(text)) is not None:
        return _Finding(Assumption("limit", "top 1", f"'{container.group(0)}' is how the answer is shown, not one "
                                   "row: every row is listed"), primary=every)
    if w.ONE_STATED.search(text):
        return None
    if (rank := w.RANK_WORDS.search(text)) is not None and not re.search(r"\b(?:top|bottom)\b", text):
        return _Finding(Assumption("limit", "top 1", f"'{rank.group(0)}' orders the whole list: every row is listed"),
                        primary=every)
    if w.PLURAL_KIND.search(text) and not w.SINGULAR_KIND.search(text):
        return _Finding(Assumption("limit", "top 1", "one row assumed although the question names its rows in the "
                                   "plural: ask 'which one' for one, or 'all' for the whole list"), offers=[every] if every else [])
    return None


def _amount(said: str) -> float | None:
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(k|m|grand)?\b", said)
    if m is None:
        return None
    value = float(m.group(1).replace(",", ""))
    return value * {"k": 1e3, "grand": 1e3, "m": 1e6}.get(m.group(2) or "", 1.0)


def _unit(text: str, intent: Intent) -> _Finding | None:
    """A threshold whose unit words (money, %, hours, seats) are not the unit of the measure it is compared with."""
    th = intent.threshold
    if th is None or intent.compare_start is not None or intent.relative:
        return None
    measure = METRICS[intent.where_metric or intent.metric]
    found = {u: list(p.finditer(text)) for u, p in w.THRESHOLD_UNITS.items()}
    named = {u for u, hits in found.items() if hits}
    if not named or measure.kind in named or measure.kind not in w.THRESHOLD_UNITS or len(named) > 1:
        return None
    unit = named.pop()
    why = (f"assumed {measure.label}: the threshold's number is in {w.UNIT_NAMES[unit]}, but {measure.label} is "
           f"measured in {w.UNIT_NAMES[measure.kind]}")
    counterpart = w.UNIT_COUNTERPART.get((measure.name, unit))
    hits = found[unit]
    if counterpart is None or len(hits) != 1 or th.op not in ("<", "<=", ">", ">=") or intent.where_metric:
        return _Finding(Assumption("unit", w.UNIT_NAMES[measure.kind], why))
    value = _amount(text[hits[0].start():].lstrip("$€£ "))
    if value is None:
        return _Finding(Assumption("unit", w.UNIT_NAMES[measure.kind], why))
    other = _valid(replace(intent, metric=counterpart, threshold=Threshold(th.op, value)))
    return _Finding(Assumption("unit", w.UNIT_NAMES[measure.kind], why + f": {METRICS[counterpart].label} is answered"),
                    primary=other)


def _denominator(text: str, intent: Intent) -> _Finding | str | None:
    """A ratio whose denominator the question names ("over billed hours", "out of seats bought") while the reading's
    measure divides by another one, or by none (then refused: the words say what to ask)."""
    named = None
    for lead in w.DENOMINATOR_LEAD.finditer(text):
        rest = text[lead.end():]
        named = next((col for pattern, col in w.DENOMINATOR_NOUNS if pattern.match(rest)), None)
        if named is not None:
            break
    if named is None:
        return None
    measure = METRICS[intent.metric]
    if intent.share or intent.passing_total:
        return None  # a share's whole is its own measure ("as a share of all licence cost"): read by the share rules
    own = measure.combine[2] if measure.combine[0] == "ratio" else None
    own = "hours" if own == "worked_hours" else own
    if own == named:
        return None
    label = w.DENOMINATOR_NAMES[named]
    if own is None:
        return (f"I can't answer that as asked: it divides a figure by {label}, and no measure I hold is that ratio "
                f"(I read {measure.label}, which divides by nothing). The ratios I have: {w.GLOSSARY_RATIOS}. Ask for "
                f"one of them, or for the two figures separately.")
    others = [alt for m in METRICS.values() if m.combine[0] == "ratio" and m.combine[1] == measure.combine[1]
              and ("hours" if m.combine[2] == "worked_hours" else m.combine[2]) == named
              and (alt := _valid(replace(intent, metric=m.name))) is not None]
    return _Finding(Assumption("denominator", w.DENOMINATOR_NAMES.get(own, own), f"the question divides by {label}, "
                               f"but {measure.label} divides by {w.DENOMINATOR_NAMES.get(own, own)}"), offers=others)


def _count(text: str, intent: Intent) -> _Finding | None:
    """A count asked ("how many products") but rows or an amount answered, or a count answered that nobody asked."""
    asked = w.COUNT_OF.search(text)
    if asked and not intent.count and METRICS[intent.metric].kind != "count" and not intent.lacking:
        counted = _valid(replace(intent, count=True, order=None, limit=None))
        return _Finding(Assumption("shape", "a list" if intent.grouping != "company" else "an amount",
                                   f"'{asked.group(0)}' asks for a count"), offers=[counted] if counted else [])
    return None


def _kind_of(noun: str) -> str | None:
    return next((k for k in _ENTITY_KINDS if w.KIND_NOUN[k].fullmatch(noun)), None)


def _picked_as(intent: Intent, kind: str) -> Intent | None:
    """The reading with ``kind`` listed or counted instead."""
    if intent.grouping == "company" and intent.metric in _COUNTED:
        return _valid(replace(intent, metric=_PLURAL[kind])) if _PLURAL[kind] in METRICS else None
    return _valid(replace(intent, grouping=kind))


def _bound_kind(text: str, intent: Intent) -> _Finding | None:
    """The kind the question counts ("number of products") or picks ("the one product") is not the kind the reading
    counts or lists. A count's noun is said outright: it is answered. Products picked with a vendor said as their
    attribute ("and its vendor", "all vendors") are answered too; other picks are flagged with the other offered."""
    kind = _counted_kind(intent)
    if intent.count or METRICS[intent.metric].kind == "count":
        counted = w.COUNT_OF.search(text)
        said = None if counted is None else _kind_of(counted.group("noun"))
        if said is None or said == kind or (said == "client" and kind == "segment"):
            return None
        return _Finding(Assumption("grouping", _PLURAL[kind], f"the question counts {_PLURAL[said]} "
                                   f"('{counted.group(0)}'): {_PLURAL[said]} are counted"), primary=_picked_as(intent, said))
    if kind not in ("product", "vendor"):
        return None
    for m in w.BOUND_KIND.finditer(text):
        said = "product" if m.group("noun").startswith("product") else "vendor"
        if said == kind:
            return None
        other = _picked_as(intent, said)
        attribute = said == "product" and w.VENDOR_ATTRIBUTE.search(text) is not None and \
            not re.search(r"\b(?:per|by|each|every|for each)\s+vendor", text)
        return _Finding(Assumption("grouping", _PLURAL[kind], f"the question picks {_PLURAL[said]} ('{m.group(0)}'), "
                                   f"the reading {_PLURAL[kind]}"),
                        primary=other if attribute else None, offers=[] if attribute or other is None else [other])
    return None


def _bare_each(text: str, intent: Intent) -> _Finding | None:
    """h119: "all" / "each" / "every" bound to no noun ("all by margin", "revenue for each last quarter") with no total
    word, answered as one company figure: one row each was asked; the rows are offered."""
    if intent.grouping != "company" or intent.filters or intent.excluded or intent.count or intent.threshold is not None \
            or intent.compare_start is not None or not METRICS[intent.metric].by or w.ONE_FIGURE.search(text) \
            or w.TEAM_FIGURE.search(text) or (each := w.BARE_EACH.search(text)) is None:
        return None
    rows = _groupings_of(intent)
    rows.sort(key=lambda alt: alt.grouping != w.SETTLED_GROUPING.get(intent.metric))
    return _Finding(Assumption("shape", "one company figure", f"'{each.group(0).strip()}' with no total word asks for "
                               "one row each, but one figure was given: ask 'by client' (or by technician, by product) "
                               "for the rows, or 'total' for the one figure"), offers=rows)


def _each_of_periods(text: str, intent: Intent) -> _Finding | None:
    """h119: "in each of the last 2 quarters" answered as ONE figure or ranking over the periods summed: the periods
    were asked one at a time."""
    if intent.grouping in ("month", "quarter") or intent.each or intent.compare_start is not None \
            or (each := w.EACH_OF_PERIODS.search(text)) is None:
        return None
    return _Finding(Assumption("period", f"{intent.start}..{intent.end} summed", f"'{each.group(0).strip()}' asks for "
                               f"each period on its own, but one answer over {intent.start}..{intent.end} (the periods "
                               "summed) was given: ask one period at a time"))


def _loss_order(text: str, intent: Intent) -> _Finding | None:
    """h119: rows filtered to losses and ordered by the size of the loss ("smallest loss first"): a loss is a negative
    profit, so the smallest loss is the HIGHEST profit; the order is set by the loss's size."""
    th = intent.threshold
    if intent.metric not in ("gross_profit", "gross_margin") or th is None or th.op not in ("<", "<=") or th.value > 0 \
            or intent.where_metric or (said := w.LOSS_ORDER.search(text)) is None:
        return None
    way = "desc" if said.group("size") in w.LOSS_SMALL_FIRST else "asc"
    if (intent.shown or intent.order) == way:
        return None
    fixed = _valid(replace(intent, order=way, shown=None) if intent.shown is None else replace(intent, shown=way))
    return _Finding(Assumption("order", "lowest first" if way == "desc" else "highest first", f"'{said.group(0)}' "
                               "orders by the size of the loss (a loss is a negative profit): "
                               + ("the loss nearest zero" if way == "desc" else "the deepest loss") + " is shown first"),
                    primary=fixed, offers=[intent])


def billed_for_product(text: str, intent: Intent) -> str | None:
    """h119: what clients pay us / what we bill for a product read as our licence cost (what WE pay the vendor):
    refused as "what do we charge clients for Microsoft licences" is (revenue is not recorded per product)."""
    if intent.metric not in w.BILLED_LICENCE_MEASURES or (said := w.CLIENTS_PAY.search(text)) is None:
        return None
    return (f"I can't answer that from your data: '{said.group(0).strip()}' asks what clients pay us, which is revenue, "
            "and revenue is not recorded per product or licence; licence cost is what we pay the vendors. Ask for the "
            "licence cost of a product (what we pay), or revenue by client (what clients pay us).")


def _utilisation_unsaid(text: str, intent: Intent) -> _Finding | None:
    """h128: one technician's utilisation per month with neither billable nor total said (``moat.ai.utilisation_unsaid``)."""
    if (unsaid := unsaid_utilisation(text, intent)) is None:
        return None
    return _Finding(Assumption("measure", "billable utilisation", unsaid[0]), offers=[unsaid[1]])


def _paid_for_licences(text: str, intent: Intent) -> _Finding | None:
    """h132: an amount clients pay for licences or a product, read as our licence cost for their seats (the figure
    held); flagged, since what clients pay us for them is not recorded (``assumption_words.CLIENTS_PAY_AMOUNT``)."""
    if intent.metric != "license_cost" or intent.threshold is None or (said := w.CLIENTS_PAY_AMOUNT.search(text)) is None:
        return None
    return _Finding(Assumption("measure", "licence cost", f"'{said.group(0).strip()}' read as our licence cost for "
                               "their seats (what we pay the vendors); what clients pay us for licences is not recorded"))


_RULES = (_bound_kind, _shape, _order, _grouping, _rows_named, _limit, _unit, _count, _ranking_measure, _bare_each,
          _each_of_periods, _loss_order, _utilisation_unsaid, _paid_for_licences)


def record_assumptions(r: Reading, intent: Intent, alternatives: list[Intent]) -> Parse | tuple[Intent, list[Intent], list[Assumption]]:
    """The reading checked slot by slot: (the reading answered, its alternatives, the ledger), or a refusal. A risky
    supply caps ``r.confidence`` under the review threshold and says what was assumed (``r.reasons``)."""
    text = _said(r.raw, r.text, intent)
    denominator = _denominator(text, intent)
    if isinstance(denominator, str):
        return r.refuse(denominator, [f"What was our {METRICS[intent.metric].label} {intent.period_label}?"])
    if (billed := billed_for_product(text, intent)) is not None:  # h119
        return r.refuse(billed, [f"What was our licence cost {intent.period_label}?", "Revenue by client last quarter"])
    findings = [f for f in (denominator, *(rule(text, intent) for rule in _RULES)) if f is not None]
    settled = []
    ever = None if r.named_period or intent.compare_start is not None else w.EVER_WORDS.search(text)
    if ever is not None:
        findings.append(_Finding(Assumption("period", intent.period_label, f"'{ever.group(0)}' asks over all the data, "
                                            f"but only {intent.period_label} was looked at: ask for each month of a "
                                            "named span (e.g. 'in which months of 2024 ...')")))
    elif not r.named_period:
        settled.append(Assumption("period", intent.period_label, "no period named: the default period (settled)", False))
    if (me := w.FIRST_PERSON.search(text)) is not None and not intent.filter("technician"):
        findings.append(_Finding(Assumption("technician", "the whole company", f"'{me.group(0)}': I don't know which "
                                            "technician you are; ask with your name (e.g. 'how many hours did Priya "
                                            "log')")))
    ledger = [f.assumption for f in findings] + settled
    risky = [f for f in findings if f.assumption.risky]
    if not risky:
        return intent, alternatives, ledger
    answered = next((f.primary for f in risky if f.primary is not None), intent)
    kept = [answered] + [a for a in alternatives if a != answered]
    for f in risky:
        kept += [o for o in f.offers if o not in kept]
    r.confidence = min(r.confidence, w.RISKY_CAP)
    r.reasons.extend(f.assumption.why for f in risky)
    return answered, kept, ledger
