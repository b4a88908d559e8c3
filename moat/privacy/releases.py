"""DP releases: preview their accuracy for free, or spend budget and get noisy aggregates (never raw ones).

A release reads the current data through the glossary's metric functions (``moat.metrics``), reduces it to one
record per client (the privacy unit), maps each client's segment onto the public key list, and hands the
records to ``moat.privacy.mechanism``. The records and any exact aggregate stay inside ``release``: what comes
out is the pack (noisy values, their intervals at 1 - alpha, epsilon, period, keys, bounds).

Order inside ``release`` (one transaction): debit the ledger (refusing when the budget is short), use up the
approval when policy asks for one (``moat.privacy.release_approvals``), write the audit row, draw the noise, store the
pack; only after COMMIT is the pack returned. A failure anywhere rolls everything back and returns nothing, so
no value is ever seen without its epsilon having been recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from moat import metrics
from moat.db import Connection, transaction
from moat.errors import MoatError, NotEnoughData
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, default_period
from moat.privacy import ledger
from moat.privacy.bounds import ALL, METRICS, OTHER, Declared, declared, needed_aggregates
from moat.privacy.release_request import DEFAULT_ALPHA, Request


def _config(cfg: Any | None) -> Any:
    if cfg is None:
        from moat import config as config_mod

        cfg = config_mod.current()  # h70: `moat --config FILE` reaches it
    return cfg


def request(con: Connection, metrics_: list[str] | tuple[str, ...], epsilon: float, *, period: Period | None = None,
            grouping: str = "segment", alpha: float = DEFAULT_ALPHA) -> Request:
    """A ``Request`` over ``period`` (default: the last 3 whole months holding data)."""
    period = period or default_period(con, 3)
    if period is None:
        raise NotEnoughData("there is no data to release", "load data (or `moat demo`) first")
    return Request(tuple(dict.fromkeys(metrics_)), float(epsilon), period, grouping, float(alpha))


def _queries(req: Request, decl: Declared) -> list:
    from moat.privacy.mechanism import Query

    scopes = needed_aggregates(list(req.metrics))
    if req.grouping == "all" and len(scopes) == 2:  # one key either way: release every aggregate in one query
        merged = list(dict.fromkeys(scopes["segment"] + scopes["company"]))
        return [Query("segment", (ALL,), tuple(merged))]
    out = []
    for scope, aggs in scopes.items():
        keys = decl.keys(req.grouping) if scope == "segment" else [ALL]
        out.append(Query(scope, tuple(keys), tuple(aggs)))
    return out


def client_records(con: Connection, period: Period, decl: Declared, grouping: str) -> pl.DataFrame:
    """One record per client (the privacy unit), numbers only: the private input of a release. Never returned
    outside this package."""
    prof = metrics.profitability(con, period)
    lic = metrics.licenses(con, period, by="client").select("client_key", "license_waste", "seats_purchased")
    if prof["client_key"].n_unique() != prof.height:
        raise MoatError("profitability returned a client twice; refusing to release (the privacy unit would break)")
    joined = prof.join(lic, on="client_key", how="full", coalesce=True)
    segment = pl.col("segment").cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    group = pl.when(segment.is_in(list(decl.segments))).then(segment).otherwise(pl.lit(OTHER))
    return joined.select(
        (group if grouping == "segment" else pl.lit(ALL)).alias("group"),
        pl.lit(ALL).alias("company"),
        pl.col("revenue").cast(pl.Float64).fill_null(0.0),
        pl.col("gross_margin").cast(pl.Float64).fill_null(0.0).alias("margin_sum"),
        pl.col("gross_margin").is_not_null().cast(pl.Int64).alias("margin_clients"),
        pl.col("hours").cast(pl.Float64).fill_null(0.0),
        pl.col("billable_hours").cast(pl.Float64).fill_null(0.0),
        pl.col("license_waste").cast(pl.Float64).fill_null(0.0),
        pl.col("seats_purchased").cast(pl.Float64).fill_null(0.0).alias("seats"),
    )


def _few_technicians(con: Connection, period: Period, decl: Declared, grouping: str) -> set[str]:
    """The groups (``client_records``' keys) whose hours come from fewer than ``MIN_GROUP_TECHNICIANS`` technicians
    in ``period`` (h102), or one technician dominates (h113), or (h126) so do their billable or non-billable hours
    (``small_slices.time_small``): their figures of time are those technicians'."""
    from moat.metrics.small_slices import technician_parts, time_small

    prof = metrics.profitability(con, period)
    segment = pl.col("segment").cast(pl.Utf8).str.strip_chars().str.to_lowercase()
    group = pl.when(segment.is_in(list(decl.segments))).then(segment).otherwise(pl.lit(OTHER))
    keyed = prof.select((group if grouping == "segment" else pl.lit(ALL)).alias("group"), "client_key")
    parts = {str(g): technician_parts(con, period, part["client_key"].to_list()) for (g,), part in keyed.group_by("group")}
    # h113: a group whose hours one technician dominates (the p% rule) is that technician's too
    return {g for g, p in parts.items() if time_small(p) is not None}


def available_hours(con: Connection, period: Period) -> float:
    """Technicians' capacity in the period: company data, not client data, used as an exact denominator."""
    util = metrics.utilization(con, period)
    return float(util["available_hours"].sum()) if util.height else 0.0


def preview(con: Connection, user: User, req: Request, cfg: Any | None = None) -> dict[str, Any]:
    """Accuracy of every aggregate at 1 - alpha, computed from public parameters only: spends nothing."""
    require(user, "share_dp")
    from moat.privacy.mechanism import prepare

    cfg = _config(cfg)
    decl = declared(cfg, req.period)
    queries = _queries(req, decl)
    prepared = prepare(None, queries, req.epsilon, decl)
    acc = prepared.accuracy(req.alpha)
    rows = []
    for query in queries:
        for agg in query.aggregates:
            info = acc[(query.scope, agg)]
            rows.append({"aggregate": agg, "scope": "company" if query.keys == (ALL,) else query.scope,
                         "range": decl.range_of(agg), "clipped_to": _range_text(decl.range_of(agg)),
                         "scale": info["scale"], "accuracy": info["accuracy"]})
    sset = ledger.current_set(con)
    total = ledger.total_budget(con, cfg)
    used = max(ledger.spent(con, sset), ledger.units_spent(con, req.period))
    return {
        "epsilon": req.epsilon, "alpha": req.alpha, "period": {"start": req.period.start, "end": req.period.end},
        "aggregates": rows, "metrics": _metric_sources(req),
        "budget": {"total": total, "spent": used, "remaining": max(0.0, total - used),
                   "after": total - used - req.epsilon, "fits": used + req.epsilon <= total + ledger.TOLERANCE},
        "clipping": decl.describe(),
    }


def _range_text(rng: tuple[float, float] | None) -> str:
    return "count (each client adds 1)" if rng is None else f"{rng[0]:g} to {rng[1]:g}"


def _metric_sources(req: Request) -> list[dict[str, Any]]:
    return [{"metric": m, "label": METRICS[m].label, "built_from": [a for a in (METRICS[m].numerator, METRICS[m].denominator) if a],
             "doc": METRICS[m].doc} for m in req.metrics]


@dataclass(frozen=True)
class Released:
    release_id: int
    pack: dict[str, Any]
    approval_id: int | None = None  # the approved request this release used up, if any


def release(con: Connection, user: User, req: Request, cfg: Any | None = None, *, label: str = "",
            approval_id: int | None = None) -> Released:
    """Spend ``req.epsilon`` from the ledger and return the noisy pack; ``BudgetExceeded`` when it does not fit.

    When policy ``dp_requires_approval`` is on, ``approval_id`` (or, if None, the oldest unused approval of exactly
    this spec) must be an approved request by someone else; it is used up by this release
    (``moat.privacy.release_approvals``), else ``ApprovalRequired``.
    """
    require(user, "share_dp")
    from moat.privacy import packs, release_approvals
    from moat.privacy.mechanism import prepare

    cfg = _config(cfg)
    needs_approval = release_approvals.required(con, cfg)
    if needs_approval and approval_id is None and release_approvals.usable_approval(con, req) is None:
        raise release_approvals.missing(req)  # before any work; ``release_approvals.use`` below re-checks inside the transaction
    decl = declared(cfg, req.period)
    queries = _queries(req, decl)
    sset = ledger.current_set(con)
    total = ledger.total_budget(con, cfg)
    description = f"{','.join(req.metrics)} by {req.grouping} {req.period}"

    def attempt() -> Released:
        with transaction(con):
            release_id = ledger.debit(con, user, sset, req.epsilon, total, description, period=req.period)
            used = release_approvals.use(con, user, req, approval_id, release_id) if needs_approval or approval_id is not None else None
            audit.append(con, user, "dp_release", f"release:{release_id}", {
                "epsilon": req.epsilon, "metrics": list(req.metrics), "grouping": req.grouping, "alpha": req.alpha,
                "period": [str(req.period.start), str(req.period.end)], "snapshot_set": sset, "budget": total,
                "approval_id": used,
            })
            records = client_records(con, req.period, decl, req.grouping)
            capacity = available_hours(con, req.period)
            prepared = prepare(records, queries, req.epsilon, decl)
            del records  # the raw records end here
            noisy = prepared.run()
            values = _values(req, queries, noisy, prepared.accuracy(req.alpha), prepared.accuracy(req.alpha / 2), capacity)
            pack = packs.build(req, decl, values, label=label, currency=str(getattr(cfg, "base_currency", "USD")))
            con.execute("INSERT INTO dp_releases VALUES (?, ?, ?, ?)",
                        [release_id, user.name, datetime.now(UTC).replace(tzinfo=None), packs.to_json(pack)])
        return Released(release_id, pack, used)

    return ledger.retrying(con, sset, attempt)


def _clamp(x: float | None, lo: float, hi: float) -> float | None:
    return None if x is None else min(max(x, lo), hi)


def _values(req: Request, queries: list, noisy: dict[str, pl.DataFrame], acc: dict, acc_half: dict,
            capacity: float) -> list[dict[str, Any]]:
    """Post-processing of the noisy aggregates into metric values with intervals (no further privacy cost).

    A direct aggregate's interval is value +- OpenDP's accuracy at alpha. A ratio N/D uses N and D each at
    alpha/2, so both hold together with probability >= 1 - alpha (union bound), and the interval is the range of
    N/D over that rectangle; it is undefined when D's interval reaches 0 (too few clients for this epsilon).
    """
    by_agg: dict[str, tuple[str, pl.DataFrame, str]] = {}
    for query in queries:
        frame = noisy[query.scope]
        group_col = "group" if query.scope == "segment" else "company"
        for agg in query.aggregates:
            by_agg[agg] = (query.scope, frame, group_col)
    out = []
    for name in req.metrics:
        spec = METRICS[name]
        scope, frame, group_col = by_agg[spec.numerator]
        lo_r, hi_r = spec.value_range
        for row in frame.iter_rows(named=True):
            key = row[group_col]
            n = float(row[spec.numerator])
            if spec.denominator is None:
                a = acc[(scope, spec.numerator)]["accuracy"]
                out.append(_value(name, key, n, n - a, n + a, a))
                continue
            if spec.denominator == "available_hours":  # exact denominator: the numerator's interval at alpha
                a_n = acc[(scope, spec.numerator)]["accuracy"]
                if capacity <= 0:
                    out.append(_value(name, key, None, None, None, None, "no technician capacity in the period"))
                    continue
                v = n / capacity
                out.append(_value(name, key, _clamp(v, lo_r, hi_r), _clamp((n - a_n) / capacity, lo_r, hi_r),
                                  _clamp((n + a_n) / capacity, lo_r, hi_r), a_n / capacity))
                continue
            a_n = acc_half[(scope, spec.numerator)]["accuracy"]
            d_scope, d_frame, d_col = by_agg[spec.denominator]
            d = float(d_frame.filter(pl.col(d_col) == key)[spec.denominator][0])
            a_d = acc_half[(d_scope, spec.denominator)]["accuracy"]
            if d - a_d <= 0:
                note = "too noisy: the denominator's interval reaches zero (too few clients for this epsilon)"
                value = _clamp(n / d, lo_r, hi_r) if d > 0 else None
                out.append(_value(name, key, value, None, None, None, note))
                continue
            corners = [(n - a_n) / (d + a_d), (n - a_n) / (d - a_d), (n + a_n) / (d + a_d), (n + a_n) / (d - a_d)]
            v = _clamp(n / d, lo_r, hi_r)
            low, high = _clamp(min(corners), lo_r, hi_r), _clamp(max(corners), lo_r, hi_r)
            out.append(_value(name, key, v, low, high, max(v - low, high - v)))
    return out


def _value(metric: str, segment: str, value: float | None, low: float | None, high: float | None,
           accuracy: float | None, note: str | None = None) -> dict[str, Any]:
    return {"metric": metric, "segment": segment, "value": value, "low": low, "high": high, "accuracy": accuracy,
            "note": note}


def own_kpis(con: Connection, user: User, period: Period, grouping: str = "segment", cfg: Any | None = None) -> pl.DataFrame:
    """The MSP's own exact, unclipped KPIs with the released metrics' definitions, per public segment key.

    Rows: metric, segment, value (None where undefined). For the Benchmarks page; nothing here is shared.
    """
    require(user, "view_results")
    cfg = _config(cfg)
    decl = declared(cfg, period)
    records = client_records(con, period, decl, grouping)
    capacity = available_hours(con, period)
    grouped = records.group_by("group").agg(
        pl.len().alias("clients"), pl.col("revenue").sum(), pl.col("margin_sum").sum(), pl.col("margin_clients").sum(),
        pl.col("hours").sum(), pl.col("license_waste").sum(), pl.col("seats").sum(),
    )
    billable = float(records["billable_hours"].sum()) if records.height else 0.0
    from moat.governance import policies
    from moat.metrics.small_slices import small_part
    from moat.metrics.totals import contributing_clients, dominated_measure, pooled_groups

    # A segment of fewer than 3 clients is a client's figures: withheld from a Viewer kept to aggregates (moat.access);
    # so is one in which fewer than 3 clients invoiced or logged time in the period (a short period: h42 F1)
    kept = not policies.get(con, cfg).client_rows_visible(user)
    hidden = set() if not kept else pooled_groups(
        {str(g): contributing_clients(part) or part.height
         for (g,), part in records.group_by("group", maintain_order=True)})
    if kept:  # h113: a group one client dominates (the p% rule, ``totals.dominated_measure``) is that client's
        hidden |= {str(g) for (g,), part in records.group_by("group") if dominated_measure(part) is not None}
    # h102 (h97 U1): figures of time (EHR, margins, billable utilisation) of a group or period in which fewer than 3
    # technicians logged time are theirs: withheld too; billable utilisation (all clients) under the period rule,
    # which it skipped (a weekday one technician worked gave their billable hours over the team's capacity)
    timeless = _few_technicians(con, period, decl, grouping) if kept else set()
    utilisation_hidden = kept and small_part(con, period) is not None

    def ratio(a: float, b: float) -> float | None:
        return a / b if b else None

    out = []
    for key in decl.keys(grouping):
        if key in hidden:
            out += [{"metric": m, "segment": key, "value": None}
                    for m in ("client_count", "total_revenue", "mean_margin", "ehr", "license_waste_per_seat")]
            continue
        found = grouped.filter(pl.col("group") == key)
        g = found.row(0, named=True) if found.height else {
            "clients": 0, "revenue": 0.0, "margin_sum": 0.0, "margin_clients": 0, "hours": 0.0, "license_waste": 0.0, "seats": 0.0}
        timed = key not in timeless
        out += [
            {"metric": "client_count", "segment": key, "value": float(g["clients"])},
            {"metric": "total_revenue", "segment": key, "value": float(g["revenue"])},
            {"metric": "mean_margin", "segment": key,
             "value": ratio(g["margin_sum"], g["margin_clients"]) if timed else None},
            {"metric": "ehr", "segment": key, "value": ratio(g["revenue"], g["hours"]) if timed else None},
            {"metric": "license_waste_per_seat", "segment": key, "value": ratio(g["license_waste"], g["seats"])},
        ]
    out.append({"metric": "billable_utilization", "segment": ALL,
                "value": None if utilisation_hidden else ratio(billable, capacity)})
    return pl.DataFrame(out, schema={"metric": pl.Utf8, "segment": pl.Utf8, "value": pl.Float64})
