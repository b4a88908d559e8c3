"""What a DP release may compute, declared up front: public segment keys, clipping bounds, the metric catalogue.

Differential privacy only holds if everything that shapes the noise is fixed *before* looking at the data. So
the clipping range of each per-client figure comes from configuration (setting ``privacy_bounds``, per client
per month, scaled by the months in the period), never from the private data; the group keys are the public
segment list (setting ``privacy_segments``, default ``DEFAULT_SEGMENTS``) plus ``other`` for any segment
outside it; and the privacy unit is one client: all of a client's rows are first reduced to one record.

Clipping is the price of a bounded sensitivity: a client whose revenue exceeds the bound counts as exactly the
bound, so sums of very large clients are biased downwards. Bounds that are too wide add noise; too narrow, bias.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moat.errors import ConfigError
from moat.metrics.periods import Period

OTHER = "other"
ALL = "all"
GROUPINGS = ("segment", "all")
# The public segment keys when setting ``privacy_segments`` is empty (the demo MSP draws its clients' segments
# from this list, so a demo release has no ``other`` group).
DEFAULT_SEGMENTS = ("healthcare", "legal", "manufacturing", "nonprofit", "finance", "retail")

# Per client per month. Chosen for small and mid-sized MSP clients (the demo's largest is about 18k a month).
DEFAULT_BOUNDS = {"revenue": 15000.0, "hours": 120.0, "license_waste": 1000.0, "seats": 200.0, "max_clients": 10000.0}


@dataclass(frozen=True)
class Aggregate:
    """One noisy query over the per-client records: a count of clients or a clipped sum of one column."""

    name: str
    kind: str  # count | sum
    bound_key: str | None  # DEFAULT_BOUNDS key scaled by months; None for fixed ranges below
    fixed: tuple[float, float] | None
    integer: bool
    doc: str


AGGREGATES: dict[str, Aggregate] = {a.name: a for a in (
    Aggregate("clients", "count", None, None, True, "number of clients with activity in the period"),
    Aggregate("revenue", "sum", "revenue", None, False, "client revenue, clipped to [0, bound]"),
    Aggregate("margin_sum", "sum", None, (-1.0, 1.0), False, "client gross margin, clipped to [-100%, +100%]"),
    Aggregate("margin_clients", "sum", None, (0.0, 1.0), True, "clients whose gross margin is defined (revenue > 0, labour costed)"),
    Aggregate("hours", "sum", "hours", None, False, "hours worked for the client, clipped to [0, bound]"),
    Aggregate("billable_hours", "sum", "hours", None, False, "billable hours for the client, clipped to [0, bound]"),
    Aggregate("license_waste", "sum", "license_waste", None, False, "licence waste of the client, clipped to [0, bound]"),
    Aggregate("seats", "sum", "seats", None, False, "seat-months bought for the client, clipped to [0, bound]"),
)}


@dataclass(frozen=True)
class MetricSpec:
    """A released metric: a noisy aggregate, or a ratio of two (post-processing, no extra privacy cost)."""

    name: str
    label: str
    unit: str  # count | money | percent
    numerator: str
    denominator: str | None  # an aggregate, "available_hours" (company capacity, not client data) or None
    scope: str  # segment | company
    value_range: tuple[float, float]  # natural range: released values and intervals are clamped to it
    doc: str


METRICS: dict[str, MetricSpec] = {m.name: m for m in (
    MetricSpec("client_count", "Clients", "count", "clients", None, "segment", (-1e9, 1e9),
               "clients with any activity in the period (noisy count)"),
    MetricSpec("total_revenue", "Total revenue", "money", "revenue", None, "segment", (-1e15, 1e15),
               "sum of clipped client revenue"),
    MetricSpec("mean_margin", "Mean gross margin", "percent", "margin_sum", "margin_clients", "segment", (-1.0, 1.0),
               "unweighted mean of client gross margins: noisy sum / noisy count"),
    MetricSpec("ehr", "Effective hourly rate", "money", "revenue", "hours", "segment", (0.0, 1e9),
               "noisy revenue / noisy hours"),
    MetricSpec("billable_utilization", "Billable utilisation", "percent", "billable_hours", "available_hours", "company",
               (0.0, 10.0), "noisy billable hours / technicians' available hours (company-wide)"),
    MetricSpec("license_waste_per_seat", "Licence waste per seat", "money", "license_waste", "seats", "segment",
               (0.0, 1e9), "noisy licence waste / noisy seat-months bought"),
)}


def months_in(period: Period) -> int:
    """Calendar months the period touches: the bounds are per client per month."""
    return (period.end.year * 12 + period.end.month) - (period.start.year * 12 + period.start.month) + 1


def parse_bounds(text: str) -> dict[str, float]:
    """``revenue=15000,hours=120,...`` over the defaults; a typo fails loudly (a silent default is worse)."""
    bounds = dict(DEFAULT_BOUNDS)
    for part in (p.strip() for p in str(text or "").split(",")):
        if not part:
            continue
        key, _, value = part.partition("=")
        key = key.strip()
        if key not in bounds:
            raise ConfigError("privacy_bounds", f"unknown bound {key!r}", f"known bounds: {', '.join(DEFAULT_BOUNDS)}")
        try:
            number = float(value)
        except ValueError:
            raise ConfigError("privacy_bounds", f"{key}={value!r} is not a number", "write e.g. revenue=15000") from None
        if not number > 0:
            raise ConfigError("privacy_bounds", f"{key} must be > 0")
        bounds[key] = number
    return bounds


def parse_segments(text: str) -> tuple[str, ...]:
    """The public segment keys: the configured list (or ``DEFAULT_SEGMENTS``) plus ``other``, lower-case, sorted."""
    if str(text or "").strip():
        names = [s.strip().lower() for s in str(text).split(",") if s.strip()]
    else:
        names = list(DEFAULT_SEGMENTS)
    return tuple(sorted(set(names) - {OTHER})) + (OTHER,)


@dataclass(frozen=True)
class Declared:
    """Everything public about a release: keys, clipping ranges and the client limit."""

    segments: tuple[str, ...]
    per_month: dict[str, float]
    months: int

    @property
    def max_clients(self) -> int:
        return int(self.per_month["max_clients"])

    def range_of(self, aggregate: str) -> tuple[float, float] | None:
        agg = AGGREGATES[aggregate]
        if agg.kind == "count":
            return None
        if agg.fixed is not None:
            return agg.fixed
        return (0.0, self.per_month[agg.bound_key] * self.months)

    def keys(self, grouping: str) -> list[str]:
        return list(self.segments) if grouping == "segment" else [ALL]

    def describe(self) -> dict[str, Any]:
        """The clipping explanation that goes into packs and onto the Share page."""
        out = {}
        for name, agg in AGGREGATES.items():
            rng = self.range_of(name)
            out[name] = {"range": None if rng is None else list(rng), "doc": agg.doc}
        out["note"] = (
            f"Each client is one record; its figures are clipped to these ranges (per-month bounds x {self.months} "
            "months) before noise is added, so clients beyond a bound count as the bound."
        )
        return out


def declared(cfg: Any, period: Period) -> Declared:
    return Declared(parse_segments(cfg.privacy_segments), parse_bounds(cfg.privacy_bounds), months_in(period))


def needed_aggregates(metrics: list[str]) -> dict[str, list[str]]:
    """Aggregates to release per scope (segment / company) for ``metrics``, in catalogue order."""
    unknown = [m for m in metrics if m not in METRICS]
    if unknown:
        from moat.errors import MoatError

        raise MoatError(f"unknown metric(s) {', '.join(unknown)}", f"choose from {', '.join(METRICS)}")
    if not metrics:
        from moat.errors import MoatError

        raise MoatError("no metrics chosen", f"choose one or more of {', '.join(METRICS)}")
    wanted: dict[str, set[str]] = {"segment": set(), "company": set()}
    for name in metrics:
        spec = METRICS[name]
        for agg in (spec.numerator, spec.denominator):
            if agg in AGGREGATES:
                wanted[spec.scope].add(agg)
    return {scope: [a for a in AGGREGATES if a in names] for scope, names in wanted.items() if names}
