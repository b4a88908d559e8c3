"""The OpenDP part of a release: measurements over the per-client records, their accuracy, and the noisy answers.

One release is one OpenDP sequential compositor over the release's epsilon, holding one measurement per scope
(per segment, company-wide). Every noisy aggregate gets the same share epsilon / K (K = aggregates released):
each expression is given a *relative* noise scale equal to its sensitivity (count: 1; clipped sum: the largest
absolute bound), and one global scale K / epsilon multiplies them, so OpenDP's privacy map of each measurement
is exactly its share. OpenDP checks that map; we only propose the scale (no slow binary search) and fall back
to OpenDP's own search if the proposal does not pass.

Group keys are joined from the public key list (OpenDP's ``with_keys`` pattern), so every declared segment
appears in the output, empty or not, and no key is learnt from the data. Preview builds the same measurements
on an empty frame of the same schema: accuracy depends only on public parameters, so it spends nothing.

The OpenDP pieces are imported from their modules rather than ``opendp.prelude``: the prelude also imports
OpenDP's scikit-learn extras, which load scikit-learn when it is installed (about 7 s at a cold start).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from opendp.accuracy import summarize_polars_measurement
from opendp.context import Context, domain_of, loss_of, unit_of
from opendp.domains import with_margin
from opendp.extras.polars import Margin, dp_len
from opendp.measurements import make_private_lazyframe
from opendp.measures import max_divergence
from opendp.metrics import symmetric_distance
from opendp.mod import binary_search_chain, enable_features

from moat.errors import MoatError
from moat.privacy.bounds import AGGREGATES, Declared

enable_features("contrib")

GROUP = "group"


@dataclass(frozen=True)
class Query:
    """The aggregates of one scope, over the public ``keys``."""

    scope: str  # segment | company
    keys: tuple[str, ...]
    aggregates: tuple[str, ...]


def schema(declared: Declared) -> dict[str, pl.DataType]:
    """Schema of the per-client record (public: it is the same for every MSP)."""
    cols: dict[str, pl.DataType] = {GROUP: pl.Utf8, "company": pl.Utf8}
    for name, agg in AGGREGATES.items():
        if agg.kind == "sum":
            cols[name] = pl.Int64 if agg.integer else pl.Float64
    return cols


def _expression(name: str, declared: Declared) -> tuple[pl.Expr, float]:
    """The OpenDP expression of one aggregate and its sensitivity (used as its relative scale)."""
    agg = AGGREGATES[name]
    if agg.kind == "count":
        return dp_len(scale=1.0, signed=True).alias(name), 1.0
    lo, hi = declared.range_of(name)
    sensitivity = max(abs(lo), abs(hi))
    if agg.integer:
        return pl.col(name).fill_null(0).dp.sum((int(lo), int(hi)), scale=sensitivity), sensitivity
    return pl.col(name).fill_null(0.0).dp.sum((float(lo), float(hi)), scale=sensitivity), sensitivity


def _plan(query: Query, declared: Declared, group_column: str) -> pl.LazyFrame:
    exprs = [_expression(a, declared)[0] for a in query.aggregates]
    source = pl.LazyFrame(schema=schema(declared))
    keys = pl.LazyFrame({group_column: list(query.keys)}, schema={group_column: pl.Utf8})
    return keys.join(source.group_by(group_column).agg(exprs), how="left", on=[group_column], nulls_equal=True)


def _domain(declared: Declared) -> Any:
    domain = domain_of(pl.LazyFrame(schema=schema(declared)), infer=True)
    return with_margin(domain, Margin(by=[], max_length=declared.max_clients))


@dataclass
class Prepared:
    """A compositor and its measurements, ready to summarise (preview) or run (release)."""

    context: Any
    queries: list[Query]
    measurements: list[Any]
    epsilon: float

    def accuracy(self, alpha: float) -> dict[tuple[str, str], dict[str, Any]]:
        """(scope, aggregate) -> distribution, scale, accuracy (half-width of the 1 - alpha interval)."""
        out = {}
        for query, m in zip(self.queries, self.measurements, strict=True):
            for row in summarize_polars_measurement(m, alpha).iter_rows(named=True):
                out[(query.scope, row["column"])] = {
                    "distribution": row["distribution"], "scale": float(row["scale"]), "accuracy": float(row["accuracy"]),
                }
        return out

    def run(self) -> dict[str, pl.DataFrame]:
        """Invoke every measurement on the context's data (the only place noise is drawn). scope -> frame."""
        out = {}
        for query, m in zip(self.queries, self.measurements, strict=True):
            out[query.scope] = self.context(m).collect()
        return out


def prepare(records: pl.DataFrame | None, queries: list[Query], epsilon: float, declared: Declared) -> Prepared:
    """Build the compositor over ``records`` (None = an empty frame: preview) and one measurement per query."""
    if not epsilon > 0:
        raise MoatError(f"epsilon must be > 0, got {epsilon}", "use e.g. --epsilon 1")
    cols = schema(declared)
    if records is None:
        data = pl.LazyFrame(schema=cols)
    else:
        if records.height > declared.max_clients:
            raise MoatError(
                f"{records.height} clients exceed the declared maximum of {declared.max_clients}",
                "raise max_clients in the privacy_bounds setting",
            )
        data = records.select([pl.col(c).cast(t) for c, t in cols.items()]).lazy()
    domain = _domain(declared)
    total = sum(len(q.aggregates) for q in queries)
    context = Context.compositor(
        data=data, privacy_unit=unit_of(contributions=1), privacy_loss=loss_of(epsilon=float(epsilon)),
        split_by_weights=[float(len(q.aggregates)) for q in queries], domain=domain,
    )
    budgets = list(context.d_mids)
    measurements = []
    for query, eps_q in zip(queries, budgets, strict=True):
        group_column = GROUP if query.scope == "segment" else "company"
        plan = _plan(query, declared, group_column)
        measurements.append(_measure(domain, plan, total / float(epsilon), eps_q))
    return Prepared(context, queries, measurements, float(epsilon))


def _measure(domain: Any, plan: pl.LazyFrame, scale: float, eps_q: float) -> Any:
    """The measurement with the proposed global scale, nudged up until OpenDP's own map fits ``eps_q``."""

    def make(s: float) -> Any:
        return make_private_lazyframe(domain, symmetric_distance(), max_divergence(), plan, global_scale=s)

    proposal = scale * (1 + 1e-9)
    for _ in range(6):
        m = make(proposal)
        if m.map(1) <= eps_q:
            return m
        proposal *= 1 + 1e-6
    return binary_search_chain(make, 1, eps_q, T=float)
