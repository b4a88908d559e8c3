"""The intent catalogue: what a question can ask, as data (metric x grouping x filters x period x ranking).

A question is answerable exactly when it maps onto one ``Intent`` built from these tables; everything else is
refused politely. Each metric names where its number comes from (a column of one of the ``moat.metrics``
functions) and how several rows combine (a sum, or a ratio of two sums, as the glossary defines it), so the
compiler never invents a formula. ``Intent.key()`` is the normalised interpretation: paraphrases that mean the
same thing share it, and the answer cache is keyed on it rather than on the raw words.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from moat.metrics.periods import Period

# Where rows come from. Each is one call of a moat.metrics function; "entity" is the column that names the row.
SOURCES: dict[str, dict[str, str]] = {
    "profitability": {"entity": "client_name", "key": "client_key"},   # moat.metrics.profitability (per client)
    "licenses_client": {"entity": "client_name", "key": "client_key"},  # moat.metrics.licenses(by="client")
    "licenses_product": {"entity": "product", "key": "product"},        # moat.metrics.licenses(by="product")
    "utilization": {"entity": "technician_name", "key": "technician_key"},  # moat.metrics.utilization
    "risk": {"entity": "client_name", "key": "client_key"},             # moat.analytics.risk.client_risk
    "anomalies": {"entity": "client_name", "key": "client_key"},        # moat.analytics.anomalies.detect
    "cost_categories": {"entity": "client_name", "key": "client_key"},  # compile.cost_categories (h23)
}

# Metrics answered by a ``moat.analytics`` function over the evidence of a window (not by a glossary sum):
# per client only, filtered by client names only, never combined across clients.
ANALYTICS_METRICS = ("risk_score", "anomalies")
ANOMALY_SERIES = ("costs", "hours", "seats")  # moat.analytics.anomalies.SERIES


@dataclass(frozen=True)
class Metric:
    name: str
    label: str
    kind: str  # money | percent | hours | count | seats | score | anomaly
    # grouping (client / technician / product) -> (source, column) of the per-entity figure
    by: dict[str, tuple[str, str]]
    # how rows combine: ("sum", column) or ("ratio", numerator, denominator) over the source's columns
    combine: tuple[str, ...]
    higher_is_better: bool = True


_P = "profitability"
_LC = "licenses_client"
_LP = "licenses_product"
_U = "utilization"

METRICS: dict[str, Metric] = {m.name: m for m in [
    Metric("revenue", "revenue", "money", {"client": (_P, "revenue")}, ("sum", "revenue")),
    Metric("gross_profit", "gross profit", "money", {"client": (_P, "gross_profit")}, ("sum", "gross_profit")),
    Metric("gross_margin", "gross margin", "percent", {"client": (_P, "gross_margin")}, ("ratio", "gross_profit", "revenue")),
    Metric("labour_cost", "labour cost", "money", {"client": (_P, "labour_cost"), "technician": (_U, "labour_cost")},
           ("sum", "labour_cost"), False),
    Metric("license_cost", "licence cost", "money", {"client": (_P, "license_cost"), "product": (_LP, "license_cost")},
           ("sum", "license_cost"), False),
    Metric("other_cost", "other direct cost", "money", {"client": (_P, "other_cost")}, ("sum", "other_cost"), False),
    # h30: "cost of sales" / "COGS" / "direct costs": every direct cost of the glossary (labour + licence + other direct)
    Metric("direct_cost", "direct costs (labour + licence + other direct = revenue - gross profit)", "money",
           {"client": (_P, "direct_cost")}, ("sum", "direct_cost"), False),
    Metric("ehr", "effective hourly rate", "money", {"client": (_P, "ehr")}, ("ratio", "revenue", "hours")),
    Metric("hours", "hours worked", "hours", {"client": (_P, "hours"), "technician": (_U, "worked_hours")}, ("sum", "hours")),
    Metric("billable_hours", "billable hours", "hours", {"client": (_P, "billable_hours"), "technician": (_U, "billable_hours")},
           ("sum", "billable_hours")),
    Metric("available_hours", "available hours", "hours", {"technician": (_U, "available_hours")}, ("sum", "available_hours")),
    Metric("billable_utilization", "billable utilisation", "percent", {"technician": (_U, "billable_utilization")},
           ("ratio", "billable_hours", "available_hours")),
    Metric("billable_share", "billable share of hours worked", "percent",
           {"client": (_P, "billable_share"), "technician": (_U, "billable_share")}, ("ratio", "billable_hours", "hours")),
    Metric("total_utilization", "total utilisation", "percent", {"technician": (_U, "total_utilization")},
           ("ratio", "worked_hours", "available_hours")),
    Metric("license_waste", "licence waste (unused seats)", "money",
           {"client": (_LC, "license_waste"), "product": (_LP, "license_waste")}, ("sum", "license_waste"), False),
    Metric("license_utilization", "licence utilisation (assigned / purchased)", "percent",
           {"client": (_LC, "license_utilization"), "product": (_LP, "license_utilization")},
           ("ratio", "seats_assigned", "seats_purchased")),
    Metric("license_activity", "licence activity (active / assigned)", "percent",
           {"client": (_LC, "license_activity"), "product": (_LP, "license_activity")}, ("ratio", "seats_active", "seats_assigned")),
    Metric("seats_purchased", "seat-months purchased", "seats",
           {"client": (_LC, "seats_purchased"), "product": (_LP, "seats_purchased")}, ("sum", "seats_purchased")),
    # h57 (h51 D18): the seats handed out and the seats in use, counted as the seats purchased are (never purchased)
    Metric("seats_assigned", "seat-months assigned", "seats",
           {"client": (_LC, "seats_assigned"), "product": (_LP, "seats_assigned")}, ("sum", "seats_assigned")),
    Metric("seats_active", "seat-months active (in use)", "seats",
           {"client": (_LC, "seats_active"), "product": (_LP, "seats_active")}, ("sum", "seats_active")),
    Metric("seats_unused", "unused seat-months (purchased - active)", "seats",
           {"client": (_LC, "seats_unused"), "product": (_LP, "seats_unused")}, ("sum", "seats_unused"), False),
    Metric("clients", "clients with activity", "count", {}, ("count",)),
    # h23: the complement of billable time ("hours we did not bill") and seats handed out but not used; both are
    # differences of the glossary's own sums (hours worked - billable hours; seats assigned - seats active)
    Metric("non_billable_hours", "non-billable hours (hours worked - billable hours)", "hours",
           {"client": (_P, "non_billable_hours"), "technician": (_U, "non_billable_hours")}, ("sum", "non_billable_hours"),
           False),
    Metric("non_billable_share", "non-billable share of hours worked", "percent",
           {"client": (_P, "non_billable_share"), "technician": (_U, "non_billable_share")},
           ("ratio", "non_billable_hours", "hours"), False),
    Metric("seats_assigned_inactive", "assigned but inactive seat-months (assigned - active)", "seats",
           {"client": (_LC, "seats_assigned_inactive"), "product": (_LP, "seats_assigned_inactive")},
           ("sum", "seats_assigned_inactive"), False),
    # h93: seats bought and not handed out to anyone (purchased - assigned), the lead's probe ("unassigned seats")
    Metric("seats_unassigned", "unassigned seat-months (purchased - assigned)", "seats",
           {"client": (_LC, "seats_unassigned"), "product": (_LP, "seats_unassigned")}, ("sum", "seats_unassigned"), False),
    # h23: counts of the other kinds of entity ("how many technicians do we have"): the rows of that kind in the period
    Metric("technicians", "technicians", "count", {}, ("count",)),
    Metric("segments", "client segments with activity", "count", {}, ("count",)),
    Metric("products", "licence products", "count", {}, ("count",)),
    Metric("vendors", "licence vendors", "count", {}, ("count",)),
    # h115: costs with no client (DESIGN glossary), the Overview's overhead tile: the company's figure only
    Metric("overhead", "overhead (costs with no client)", "money", {}, ("sum", "overhead"), False),
    Metric("risk_score", "risk score (0-100)", "score", {"client": ("risk", "risk_score")}, ("none",), False),
    Metric("anomalies", "unusual months (robust z beyond 3.5)", "anomaly", {"client": ("anomalies", "robust_z")},
           ("none",), False),
]}

ENTITY_COUNTS = ("technicians", "segments", "products", "vendors")  # h23: counts of a kind of entity, company only
GROUPINGS = ("company", "client", "technician", "product", "vendor", "segment", "month", "quarter")
FILTER_KINDS = ("client", "technician", "product", "segment", "category")  # h23: category = a cost category
CHART = {"ranking": "bar", "trend": "line", "single": None, "count": None}


def groupings_of(metric: str) -> set[str]:
    """Groupings a metric can be shown by (company totals and months always; segments for per-client metrics)."""
    m = METRICS[metric]
    if metric in ANALYTICS_METRICS:
        return {"client"}
    found = {"company", "month", "quarter"} | set(m.by)
    if "product" in m.by:  # a vendor's figure is its products' rows summed
        found.add("vendor")
    if m.by.get("client", ("",))[0] in (_P, _LC):  # segments come with the profitability rows (licence rows join them)
        found.add("segment")
    if metric == "clients":
        found = {"company", "segment"}
    if metric in ENTITY_COUNTS or metric == "overhead":
        found = {"company"}
    return found


@dataclass(frozen=True)
class Threshold:
    op: str  # < <= > >= between outside (h57: "outside the target band": under value or over high)
    value: float
    high: float | None = None  # upper end of "between value and high" (both ends included)

    @staticmethod
    def _shown(value: float, kind: str) -> str:
        return f"{value * 100:g}%" if kind == "percent" else f"{value:,.2f}".rstrip("0").rstrip(".")

    def text(self, kind: str) -> str:
        if self.op in ("between", "outside"):
            return f"{self.op} {self._shown(self.value, kind)} and {self._shown(self.high or 0.0, kind)}"
        return f"{self.op} {self._shown(self.value, kind)}"

    def passes(self, value: Any) -> bool:
        """Whether a row's value meets the threshold (an undefined value never does)."""
        if value is None:
            return False
        v = float(value)
        if self.op == "between":
            return self.value <= v <= (self.high if self.high is not None else self.value)
        if self.op == "outside":
            return v < self.value or v > (self.high if self.high is not None else self.value)
        return {"<": v < self.value, "<=": v <= self.value, ">": v > self.value, ">=": v >= self.value}[self.op]


@dataclass(frozen=True)
class Intent:
    """One answerable question, fully resolved (no words left, only catalogue values and resolved names)."""

    metric: str
    grouping: str  # company | client | technician | product | segment | month
    start: date
    end: date
    period_label: str
    filters: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (kind, resolved names) sorted
    order: str | None = None  # asc | desc (rankings)
    limit: int | None = None
    threshold: Threshold | None = None
    count: bool = False  # "how many ..." -> one number
    notes: tuple[str, ...] = field(default=(), compare=False)
    series: tuple[str, ...] = ()  # anomalies: which monthly series (empty = all of ANOMALY_SERIES)
    # two periods: the earlier one ("before"; start..end is "after") and which changes to keep (any | down | up);
    # change "mom" on a monthly trend adds each month's change from the month before
    compare_start: date | None = None
    compare_end: date | None = None
    change: str | None = None
    band: tuple[float, float] | None = None  # one technician's utilisation against the target band (low, high)
    relative: bool = False  # two periods: the change in percent of the earlier value too ("% change", "grew more than 10%")
    # a share of the total: the filtered entities' (or the top / bottom ``limit`` entities') part of the summed metric
    # over every entity's, as a fraction ("what share of revenue comes from Harbor", "top 5 clients' share of revenue")
    share: bool = False
    # h54 (``moat.ai.each_period``): the threshold checked in each of these periods on its own, the entities passing
    # in every one ("all") or in at least one ("any"), each period's value shown; start..end spans them
    each: tuple[tuple[date, date], ...] = ()
    each_mode: str = "all"
    # h54 (``moat.ai.one_total``): one total of the metric over the entities passing the threshold, which is on
    # ``where_metric`` when set ("revenue of clients under 10% margin")
    passing_total: bool = False
    where_metric: str | None = None
    # h65 (``moat.ai.exclusion``): names left out ("revenue without Harbor"): the figure covers every other one
    excluded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # h78 (``moat.ai.lacking``): the clients with activity holding no seat of the filtered products, listed or counted
    lacking: bool = False
    shown: str | None = None  # h117: rows chosen by ``order``, shown the other way ("top 3, lowest first")
    chosen_by: str | None = None  # h117: the metric whose order / limit chooses the rows ("margin of our 3 biggest")
    picked: str | None = None  # h138 (moat.ai.pick_within): of the chosen rows, the one lowest (asc) / highest (desc)
    skip: int = 0  # h138 (moat.ai.rank_ranges): the ranks left out before the first row ("clients 6-10": skip 5, limit 10)
    running: bool = False  # h117: a running total over the months ("running total of hours by month")
    of_metric: str | None = None  # h122 (moat.ai.money_ratio): the figure over this one ("labour cost as a % of revenue")
    of_period: tuple[date, date] | None = None  # h122 (moat.ai.period_share): the figure over its own in this longer period
    failing: bool = False  # h139 (moat.ai.every_failing): "did every X pass": the rows listed are those that fail

    @property
    def over_another(self) -> bool:
        """h122: the figure over another figure (``of_metric``) or over itself in a longer period (``of_period``)."""
        return self.of_metric is not None or self.of_period is not None

    @property
    def period(self) -> Period:
        return Period(self.start, self.end)

    def filter(self, kind: str) -> tuple[str, ...]:
        return dict(self.filters).get(kind, ())

    @property
    def compared(self) -> bool:
        return self.compare_start is not None and self.compare_end is not None

    @property
    def shape(self) -> str:
        if self.passing_total or self.over_another:
            return "single"
        if self.share:
            return "share"
        if self.count:
            return "count"
        if self.metric == "anomalies":
            return "list"
        if self.grouping == "quarter":  # h18: whole quarters, ranked (or in calendar order), each its own period
            return "ranking"
        if self.grouping == "month":  # months in order (a trend), or ranked by the value ("which month had the most")
            return "ranking" if self.order is not None or self.threshold is not None else "trend"
        if self.grouping == "company":
            return "single"
        single_entity = self.grouping in ("client", "technician") and len(self.filter(self.grouping)) == 1
        if self.grouping == "product" and self.filter("product") and self.order is None and self.threshold is None \
                and len(self.filter("product")) == 1:
            single_entity = True
        if self.grouping == "segment" and len(self.filter("segment")) == 1:
            single_entity = True
        # h21: one client / technician with a threshold ("is Noah above 90% utilised") is a check of that one value
        checked = self.threshold is None or (self.grouping in ("client", "technician") and not self.compared)
        return "single" if single_entity and self.order is None and checked else "ranking"

    @property
    def name(self) -> str:
        """Intent id: metric.grouping.shape (what the CLI prints as "intent")."""
        return f"{self.metric}.{self.grouping}.{self.shape}"

    def slots(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("notes")
        for name in ("shown", "chosen_by", "picked", "skip", "running", "of_metric", "of_period"):  # h117, h122: only when asked, so other answers' slots are unchanged
            if not data[name]:
                data.pop(name)
        if self.of_period:  # h122
            data["of_period"] = [d.isoformat() for d in self.of_period]
        data["filters"] = {k: list(v) for k, v in self.filters}
        data["series"] = list(self.series)
        data["start"], data["end"] = self.start.isoformat(), self.end.isoformat()
        for name in ("compare_start", "compare_end"):
            data[name] = None if getattr(self, name) is None else getattr(self, name).isoformat()
        data["band"] = None if self.band is None else list(self.band)
        from moat.ai.each_answer import slots_of  # h54: only set when asked, so other answers' slots are unchanged
        data = slots_of(self, data)
        if self.excluded:  # h65: only when names are left out, so other answers' slots are unchanged
            data["excluded"] = {k: list(v) for k, v in self.excluded}
        else:
            data.pop("excluded", None)
        if not self.lacking:  # h78: only when set, so other answers' slots are unchanged
            data.pop("lacking", None)
        data["threshold"] = None if self.threshold is None else (
            {"op": self.threshold.op, "value": self.threshold.value} | ({"high": self.threshold.high}
                                                                        if self.threshold.high is not None else {}))
        return data

    def key(self) -> str:
        """The normalised interpretation (cache key part): identical for paraphrases of one question."""
        return json.dumps(self.slots() | {"period_label": None}, sort_keys=True, default=str)

    def _lacking_interpretation(self) -> str:
        products = " / ".join(self.filter("product"))
        head = "number of clients" if self.count else "clients"
        segment = f" in segment {' / '.join(self.filter('segment'))}" if self.filter("segment") else ""
        if self.filter("client"):  # h86: one client, yes / no
            segment += f", of client {' / '.join(self.filter('client'))}"
        return (f"{head} with activity{segment} holding no seats of {products} (0 seat-months purchased), "
                f"{self.start.isoformat()}..{self.end.isoformat()}")

    def _ranking_words(self) -> str:
        """"top 3 ", "bottom ", "highest first: "; h138: "ranks 6 to 10 (top first): " for a rank range."""
        if not self.order:
            return ""
        side = "top" if self.order == "desc" else "bottom"
        if self.skip and self.limit:  # h138: "clients 6-10 by revenue"
            return f"ranks {self.skip + 1} to {self.limit} ({side} first): "
        return f"{side} {self.limit} " if self.limit and self.limit > 1 else (f"{side} " if self.limit else "") if self.limit else ("highest first: " if self.order == "desc" else "lowest first: ")

    def _shown_words(self, label: str) -> list[str]:
        """h117: how the ranked rows are shown when not as the ranking chose them."""
        words = [f"{label} shown"] if self.chosen_by else []
        sort = f"sorted by {label}, " if self.chosen_by and self.shown else ""  # h132: the chosen rows in the shown measure's order
        if self.picked:  # h138: "which of our 5 biggest clients has the lowest margin": one of them
            words.append(f"the one of them with the {'lowest' if self.picked == 'asc' else 'highest'} {label}")
        return words + {"asc": [f"{sort}lowest first"], "desc": [f"{sort}highest first"]}.get(self.shown or "", [])

    def _company_mark(self, label: str, kind: str) -> str:
        """The mark a company figure is checked on; h127: its change's, when a direction is asked ("did revenue rise
        by more than 5%": the rise in percent > 5%)."""
        assert self.threshold is not None
        if not (self.compared and self.change in ("down", "up")):
            return f"{label} {self.threshold.text(kind)}"
        size = ("fall" if self.change == "down" else "rise") + (" in percent" if self.relative else "")
        return f"the {size} {self.threshold.text('percent' if self.relative else kind)}"

    def _counted_words(self, label: str, kind: str, who: dict[str, str]) -> list[str]:
        """What a count counts; h134: who is counted when no mark is set is said too (those with some hours:
        ``compile.sql._kept``; else every row the figure is recorded for), so the words read back as the same count
        (``moat.ai.own_words``)."""
        words = [f"number of {who.get(self.grouping, 'clients')}"]
        if self.threshold is not None:
            words.append(f"with {label} {self.threshold.text(kind)}")
        elif kind == "hours":
            words.append(f"with some {label}")
        else:  # every row of the figure's source is counted ("number of vendors" a client buys from)
            words.append(f"with {label} recorded")
        return words

    def interpretation(self) -> str:
        m = METRICS[self.metric]
        label = m.label
        who = {"client": "clients", "technician": "technicians", "product": "products", "segment": "segments",
               "vendor": "vendors", "month": "months", "quarter": "quarters"}
        parts: list[str] = []
        filters = [f"{k} {' / '.join(v)}" for k, v in self.filters]
        if self.excluded:  # h65: "for every client except Harbor Logistics"
            from moat.ai.excluded import described

            filters += described(self)
        if self.metric in ANALYTICS_METRICS:
            return self._analytics_interpretation(filters)
        if self.lacking:  # h78: "which clients don't have Huntress"
            return self._lacking_interpretation()
        if self.each or self.passing_total:
            from moat.ai.each_answer import interpretation  # h54

            return interpretation(self, filters, METRICS)
        if self.share or self.over_another:
            return self._share_interpretation(label, filters, who)
        if self.count:
            parts += self._counted_words(label, m.kind, who)
        elif self.grouping == "month" and self.shape == "trend":
            parts.append(f"{label} per month" + {True: " (running total)"}.get(self.running, ""))  # h117
        elif self.metric == "clients" and self.filter("product"):  # h23: "how many clients use Huntress"
            parts.append("number of clients with licences of " + " / ".join(self.filter("product")))
            if self.filter("segment"):  # h30: "how many healthcare clients have SentinelOne"
                parts.append("in segment " + " / ".join(self.filter("segment")))
            return ", ".join(parts + [f"{self.start.isoformat()}..{self.end.isoformat()}"])
        elif self.grouping == "company" or self.shape == "single":
            parts.append(label if self.grouping != "company" or label.startswith("total ") else f"total {label}")
            if self.threshold is not None:  # h90: "was our margin over 30%"; h134: "is Noah above 90%" (one entity) too
                parts.append(f"checked against the mark ({self._company_mark(label, m.kind)})")
        else:
            ranking = self._ranking_words()
            noun = who[self.grouping][:-1] if self.limit == 1 else who[self.grouping]
            parts.append(f"{ranking}{noun} by {METRICS[self.chosen_by or self.metric].label}")
            parts += self._shown_words(label)  # h117: "top 3, lowest first", "margin of our 3 biggest clients"
            if self.threshold is not None and self.compared and self.change in ("down", "up"):
                size = {"down": "fall", "up": "rise"}[self.change] + (" in percent" if self.relative else "")
                parts.append(f"where the {size} is {self.threshold.text('percent' if self.relative else m.kind)}")
            elif self.threshold is not None:
                on = METRICS[self.where_metric or self.metric]  # h132: the condition on another measure of the rows
                parts.append(f"where {on.label if self.where_metric else label} {self.threshold.text(on.kind)}")
        if filters:
            parts.append("for " + ", ".join(filters))
        if self.band is not None:
            parts.append(f"against the target band {self.band[0]:.0%}-{self.band[1]:.0%}")
        if self.compared:
            which = {"down": "that fell", "up": "that rose"}.get(self.change or "", "")
            parts.append(f"{self.compare_start.isoformat()}..{self.compare_end.isoformat()} against "  # type: ignore[union-attr]
                         f"{self.start.isoformat()}..{self.end.isoformat()}, both values and the change"
                         + (" (also in percent of the earlier value)" if self.relative else "")
                         + (f" (only those {which})" if which and self.grouping != "company"
                            and len(self.filter(self.grouping)) != 1 else ""))  # h30: one named entity is shown as it moved
            return ", ".join(parts)
        if self.change == "mom":
            parts.append("with the change from the month before")
        parts.append(f"{self.start.isoformat()}..{self.end.isoformat()}")
        return ", ".join(parts)


    def _share_interpretation(self, label: str, filters: list[str], who: dict[str, str]) -> str:
        """Says which part over which whole was computed, so a share is never mistaken for the amount."""
        if self.over_another:  # h122: "labour cost as a % of revenue", "share of the first quarter's revenue that came in March"
            over = f" for {', '.join(filters)}" if filters else ""
            whole = (f"{METRICS[self.of_metric].label}" if self.of_metric else
                     f"{label} in {self.of_period[0].isoformat()}..{self.of_period[1].isoformat()}")  # type: ignore[index]
            return (f"{label} in {self.start.isoformat()}..{self.end.isoformat()} as a share of {whole}{over} (one over "
                    f"the other, as a percentage)")
        if self.limit:
            side = "top" if self.order != "asc" else "bottom"
            among = f" of {', '.join(filters)}" if filters else ""
            part = f"the {side} {self.limit} {who.get(self.grouping, 'clients')}{among} by {METRICS[self.chosen_by].label if self.chosen_by else label}"  # h132
        else:
            part = ", ".join(filters)
        return (f"share of total {label} from {part} (their {label} over everyone's), as a percentage, "
                f"{self.start.isoformat()}..{self.end.isoformat()}")

    def _analytics_interpretation(self, filters: list[str]) -> str:
        """Risk and anomaly readings name the window the function looked at, not only the months shown."""
        parts: list[str] = []
        if self.metric == "risk_score":
            if self.count:
                parts.append("number of clients")
            elif self.shape == "single":
                parts.append("risk score (0-100)")
            else:
                side = "riskiest" if self.order != "asc" else "least risky"
                parts.append(f"{side} {self.limit} clients" if self.limit and self.limit > 1 else
                             (f"{side} client" if self.limit == 1 else f"clients by risk score, {side} first"))
            if self.threshold is not None:
                parts.append(f"with risk score {self.threshold.text('score')}")
            if filters:
                parts.append("for " + ", ".join(filters))
            mid = _half_start(self.start, self.end)
            parts.append(f"{self.start.isoformat()}..{self.end.isoformat()} (revenue, hours, margin and time entries from "
                         f"{mid.isoformat()} on compared with before)")
            return ", ".join(parts)
        series = "/".join(self.series) if self.series else "costs/hours/seats"
        head = "number of unusual months" if self.count else (
            f"top {self.limit} unusual months" if self.limit else "unusual months")
        parts.append(f"{head} in {series}")
        if filters:
            parts.append("for " + ", ".join(filters))
        parts.append(f"{self.start.isoformat()}..{self.end.isoformat()} (robust z beyond 3.5 against each client's own "
                     "months of the 12-month window)")
        return ", ".join(parts)


def _half_start(start: date, end: date) -> date:
    """First month of the second half of [start, end], as ``moat.analytics.risk.halves`` splits it."""
    from moat.analytics.evidence import period_months

    months = period_months(Period(start, end))
    return months[len(months) // 2] if len(months) >= 2 else start


def validate(intent: Intent) -> list[str]:
    """Problems that make an intent invalid (empty list = valid). Model proposals pass through this too."""
    problems = []
    if intent.metric not in METRICS:
        return [f"unknown metric {intent.metric!r}"]
    from moat.ai.excluded import as_filters

    intent = as_filters(intent)  # h65: leaving names out narrows the rows a filter on them would: the same checks hold
    if intent.grouping not in groupings_of(intent.metric):
        problems.append(f"{METRICS[intent.metric].label} cannot be shown per {intent.grouping}")
    for kind, names in intent.filters:
        if kind not in FILTER_KINDS or not names:
            problems.append(f"bad filter {kind!r}")
    kinds = {k for k, _ in intent.filters}
    metric = METRICS[intent.metric]
    if intent.metric in ANALYTICS_METRICS and kinds - {"client"}:
        problems.append(f"{metric.label} is computed per client; ask about clients by name, not by "
                        f"{' or '.join(sorted(kinds - {'client'}))}")
    if any(s not in ANOMALY_SERIES for s in intent.series) or (intent.series and intent.metric != "anomalies"):
        problems.append(f"unusual months are found in {', '.join(ANOMALY_SERIES)} only")
    if "category" in kinds and intent.metric != "other_cost":
        problems.append("a cost category narrows other direct cost only")
    if "category" in kinds and kinds & {"technician", "product"}:
        problems.append("costs of a category are per client, not per technician or product")
    if "technician" in kinds and "technician" not in metric.by:
        problems.append(f"{metric.label} is not recorded per technician")
    hour_rows = intent.metric in ("hours", "billable_hours", "non_billable_hours", "billable_share", "non_billable_share")
    if "technician" in kinds and kinds & {"client", "segment"} and hour_rows and "product" not in kinds \
            and intent.grouping in ("technician", "company") and not intent.compared:
        pass  # h30: "Priya's hours on Harbor Logistics": the technician's time entries on those clients
    elif "technician" in kinds and kinds & {"client", "segment", "product"}:
        problems.append("technician figures cannot be combined with a client, segment or product filter")
    counted = intent.metric == "products"  # h123: "how many Microsoft products does Harbor have": of those products
    if "product" in kinds and "product" not in metric.by and intent.metric != "clients" and not counted:  # h23: clients using X
        problems.append(f"{metric.label} is not recorded per product")
    if "product" in kinds and kinds & {"client", "segment"} and "client" not in metric.by and not counted \
            and not (intent.metric == "clients" and "client" not in kinds):  # h30: healthcare clients with SentinelOne
        problems.append("licence figures per product cannot be combined with a client or segment filter")
    if intent.limit is not None and not 1 <= intent.limit <= 1000:
        problems.append("the number of rows asked for must be between 1 and 1000")
    if intent.end < intent.start:
        problems.append("the period ends before it starts")
    if intent.compared and (intent.metric in ANALYTICS_METRICS or intent.grouping in ("month", "quarter")):
        problems.append("two periods are compared as totals or per client, technician or product, not as months or counts")
    if intent.relative and not intent.compared:
        problems.append("a change in percent needs two periods")
    if intent.band is not None and intent.metric not in ("billable_utilization", "total_utilization"):
        problems.append("the target band is a utilisation band")
    if intent.share:
        problems += _share_problems(intent, metric)
    return problems + _each_problems(intent) + _lacking_problems(intent) + _overhead_problems(intent) + _ratio_problems(intent)


def _ratio_problems(intent: Intent) -> list[str]:
    """h122: one money figure over another (``moat.ai.money_ratio_rules``)."""
    from moat.ai.money_ratio_rules import ratio_problems

    return ratio_problems(intent, lambda m: METRICS[m].kind if m in METRICS else None) if intent.over_another else []


def _overhead_problems(intent: Intent) -> list[str]:
    """h115: overhead is the costs with no client, one company amount: no filter narrows it."""
    if intent.metric == "overhead" and intent.filters:
        return ["overhead is the costs with no client: it has no client, technician, product or segment"]
    return []


def _lacking_problems(intent: Intent) -> list[str]:
    """h78: the clients holding none of a product are listed or counted by themselves (``moat.ai.compile.lacking``)."""
    if intent.lacking and (intent.metric != "seats_purchased" or not intent.filter("product") or intent.grouping != "client"
                           or {k for k, _ in intent.filters} - {"product", "segment", "client"} or intent.order or intent.limit
                           or intent.threshold is not None or intent.compared or intent.share or intent.excluded):
        return ["the clients without a product are listed or counted by themselves, with no other figure"]
    return []


def _each_problems(intent: Intent) -> list[str]:
    """h54: a condition in each period, one total over the passing entities (``moat.ai.each_answer``)."""
    if not (intent.each or intent.passing_total or intent.where_metric):
        return []
    from moat.ai.each_answer import problems

    return problems(intent, METRICS)


# the kinds of metric a share of the total is taken of: amounts that add up (a share of a ratio means nothing)
SHARE_KINDS = ("money", "hours", "seats")


def _share_problems(intent: Intent, metric: Metric) -> list[str]:
    if metric.kind not in SHARE_KINDS or metric.combine[0] != "sum":
        return [f"a share of the total is taken of an amount, and {metric.label} is a {metric.kind} figure"]
    if not intent.filters and not intent.limit:
        return ["a share of the total needs its part: a name or the top / bottom N"]
    if intent.compared or intent.count or intent.threshold is not None or intent.grouping in ("month", "quarter"):
        return ["a share of the total is one figure for one period"]
    return []
