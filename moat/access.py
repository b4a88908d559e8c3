"""What a user may read and take out, decided once for every path (CLI, facade, pages, Ask).

Why a module: the role table (``permissions``) says who may see client-level rows *in principle*; the admins'
policy ``viewers_see_client_rows`` refines it for Viewers, and ``client_export_admin_only`` refines exports.
Each path used to apply these on its own, and the CLI applied none (``moat --user viewer metrics profitability``
printed client rows with the policy off, and ``moat quarantine export`` wrote source rows without an audit row).
Now the reading functions below check first and the CLI calls them like the facade and the pages do.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.config import Config
from moat.db import Connection
from moat.errors import PermissionDenied, TooFewClients
from moat.governance.permissions import User, require
from moat.metrics.small_slices import require_enough_clients as require_enough_clients
from moat.metrics.small_slices import small_slice as small_slice
from moat.metrics.totals import MIN_GROUP_CLIENTS, made_of_time, pooled_by_segment, pooled_segments, too_few_clients
from moat.metrics.totals import NO_SEGMENT as NO_SEGMENT  # the small-group rule's names, for every path
from moat.metrics.totals import POOLED_SEGMENTS as POOLED_SEGMENTS
from moat.metrics.totals import pooled_groups as pooled_groups  # the rule itself, for callers and tests
from moat.metrics.totals import segment_counts as segment_counts

# Metrics whose rows name clients or technicians (the company summary does not).
ROW_LEVEL_METRICS = ("profitability", "licenses", "utilization")


def client_rows_visible(con: Connection, user: User, cfg: Config | None = None) -> bool:
    from moat.governance import policies

    return user.can("view_results") and policies.get(con, cfg).client_rows_visible(user)


def hidden_rows_text(what: str) -> str:
    """Why a page shows no per-client (or per-technician) rows, and what to do: only a Viewer under the admins'
    policy ``viewers_see_client_rows`` = false reaches this (analysts and admins always see them), so the message
    names the policy, not the role, and who can help (h81: "not shown for your role" told a viewer nothing)."""
    return (f"{what} figures are hidden from viewers by the admins' policy viewers_see_client_rows: ask an analyst or "
            "an admin for them, or an admin to change the policy on the Policies page.")


def withheld_count_text(what: str) -> str:
    """The help of a tile that counts clients or technicians by their own figures (loss-making clients, technicians
    per utilisation band), withheld from a Viewer kept to aggregates (h113): Ask refuses the same count ("how many
    clients lost money", "how many technicians were over capacity"), and a count over a small group tells each
    member's side (3 of 3 below target: every technician's band)."""
    return (f"How many {what} is hidden from viewers by the admins' policy viewers_see_client_rows (a count by each "
            "one's own figures): ask an analyst or an admin for it.")


def export_refusal_text(user: User) -> str:
    """Why a table has no download button, and whom to ask (h81): rows naming clients or technicians need the
    ``export_client_level`` permission, and an Admin where the policy ``client_export_admin_only`` says so."""
    if not user.can("export"):
        return "Your role does not download tables: ask an analyst or an admin for this file."
    if not user.can("export_client_level"):
        return "Downloading rows that name clients or technicians needs an analyst or an admin: ask one for this file."
    return ("The admins' policy client_export_admin_only keeps downloads of rows that name clients or technicians to "
            "admins: ask an admin for this file.")


def require_client_rows(con: Connection, user: User, what: str, cfg: Config | None = None) -> None:
    """Raise ``PermissionDenied`` unless ``user`` may see per-client (or per-technician) rows, policy included."""
    require(user, "view_results")
    if not client_rows_visible(con, user, cfg):
        raise PermissionDenied(user.name, user.role, f"view client level ({what})")


def metric(con: Connection, user: User, name: str, period: Any, cfg: Config | None = None) -> pl.DataFrame:
    """A glossary metric for ``period`` as ``moat metrics NAME`` prints it, after the role and policy checks."""
    from moat import metrics

    if name in ROW_LEVEL_METRICS:
        require_client_rows(con, user, f"metrics {name}; `metrics summary` shows company totals", cfg)
    else:
        require(user, "view_results")
        require_enough_clients(con, user, period, f"metrics {name}", cfg=cfg, with_previous=True)
    return metrics.BY_NAME[name](con, period)


def quarantine_rows(con: Connection, user: User, snapshot_id: int | None = None, file_name: str | None = None,
                    status: str | None = "open", cfg: Config | None = None) -> pl.DataFrame:
    """Quarantined rows (they carry whole source rows, client names included): analysts' and admins' view, and
    Viewers' only when the policy lets them see client rows."""
    from moat.ingest import quarantine

    require_client_rows(con, user, "quarantined source rows", cfg)
    return quarantine.list_rows(con, snapshot_id, file_name, status)


def quarantine_export(con: Connection, user: User, snapshot_id: int | None = None, file_name: str | None = None,
                      status: str | None = "open", *, target: str = "stdout", cfg: Config | None = None) -> str:
    """The quarantine as formula-safe CSV, checked like any per-client export and audited as ``export``."""
    from moat.export.tables import check_export, record
    from moat.ingest import quarantine

    require_client_rows(con, user, "quarantined source rows", cfg)
    check_export(con, user, client_level=True)
    text = quarantine.export_csv(con, snapshot_id, file_name, status)
    record(con, user, "export", "quarantine", {
        "via": "cli", "format": "csv", "rows": max(0, text.count("\n") - 1), "target": target,
        "snapshot_id": snapshot_id, "file_name": file_name, "status": status,
    })
    return text


def snapshot_diff(con: Connection, user: User, old: int, new: int, cfg: Config | None = None) -> dict[str, pl.DataFrame]:
    """Rows added, removed and changed between two snapshots: client rows, so the same checks as the metrics."""
    from moat.snapshots import diff

    require_client_rows(con, user, "snapshot differences", cfg)
    return diff(con, old, new)


# --- small groups: the rule (``moat.metrics.totals.pooled_groups``) applied to users kept to aggregates ----------


def segment_table(con: Connection, user: User, period: Any, prof: pl.DataFrame, cfg: Config | None = None) -> pl.DataFrame:
    """The segment table of ``period``'s profitability (``prof``) as ``user`` may see it: every segment for roles
    that see client rows, else with segments of fewer than ``MIN_GROUP_CLIENTS`` clients, or whose hours come from
    fewer than ``MIN_GROUP_TECHNICIANS`` technicians, pooled (``small_slices.pooled_segments_in``); the period
    itself under the small-group rule (h102: the table of an on-call Saturday was one technician's hours)."""
    from moat.metrics.small_slices import pooled_segments_in
    from moat.metrics.totals import by_segment

    require(user, "view_results")
    if client_rows_visible(con, user, cfg):
        return by_segment(prof)
    refuse_too_few(user, prof, "the segment table")
    require_enough_clients(con, user, period, "the segment table", cfg=cfg)
    return pooled_by_segment(prof, pooled_segments_in(con, period, prof))


def require_segment(con: Connection, user: User, prof: pl.DataFrame, segment: str | None,
                    cfg: Config | None = None, period: Any = None) -> None:
    """Refuse one segment's figures to a user kept to aggregates when the segment is pooled (``segment_table``).

    ``prof`` is the period's profitability over all segments (who is in which segment, with activity). With
    ``period`` (h113) the segment table's own pooling (``small_slices.pooled_segments_in``: technicians and the p%
    rule too), so that a segment pooled there to hide another cannot be read alone and the other found as the
    difference."""
    from moat.metrics.small_slices import pooled_segments_in

    require(user, "view_results")
    if segment is None or client_rows_visible(con, user, cfg):
        return
    refuse_too_few(user, prof, "the company's figures")
    pooled = pooled_segments(prof) if period is None else pooled_segments_in(con, period, prof)
    if segment in pooled:
        if period is not None:  # too small or dominated itself: that refusal, which names the reason
            require_enough_clients(con, user, period, f"segment {segment!r}", segment, cfg)
        raise PermissionDenied(user.name, user.role,
                               f"view segment {segment!r} alone (with fewer than {MIN_GROUP_CLIENTS} clients or "
                               "technicians, one client or technician making almost all of it, or pooled with such "
                               "a segment, its figures are a client's or a technician's; your role sees them in the "
                               "pooled row of the segment table)")


def visible_segments(con: Connection, user: User, prof: pl.DataFrame, cfg: Config | None = None,
                     period: Any = None) -> list[str]:
    """The segments ``user`` may pick one by one (all of them for roles that see client rows).

    With ``period`` (h113, h102's open item: the Profitability picker listed a segment pooled for its technicians,
    refused once picked): only those the page shows alone for that period, i.e. that pass ``require_segment`` and
    the period rule for the segment with the previous period (the page's tiles compare with it)."""
    names = sorted(s for s in prof["segment"].unique().to_list() if s is not None) if "segment" in prof.columns else []
    if client_rows_visible(con, user, cfg):
        return names
    if period is None:
        pooled = pooled_segments(prof)
        return [s for s in names if s not in pooled]
    shown = []
    for name in names:
        try:
            require_segment(con, user, prof, name, cfg, period)
            require_enough_clients(con, user, period, f"segment {name!r}", name, cfg, with_previous=True)
        except PermissionDenied:
            continue
        shown.append(name)
    return shown


def refuse_too_few(user: User, prof: pl.DataFrame, what: str) -> None:
    """Raise ``TooFewClients`` when the totals of ``prof`` (profitability rows of a period, or of a segment in a
    period) would come from fewer than ``MIN_GROUP_CLIENTS`` clients. Callers have checked that ``user`` is kept
    to aggregates."""
    if too_few_clients(prof):
        raise TooFewClients(user.name, user.role, what, MIN_GROUP_CLIENTS)


# --- stored results: figures computed earlier, under the same small-group rule -----------------------------------


def small_result(con: Connection, row: dict[str, Any], memo: dict[Any, Any] | None = None) -> bool:
    """Whether a stored result (a ``results`` row that names no client) describes fewer than ``MIN_GROUP_CLIENTS``
    clients: its period is a small slice (``small_slice``), or an Ask answer's comparison period or segment filter
    is. A stored figure is not computed again, so the rule the live paths apply has to be applied here (h76 F2: an
    analytics run over one day stored the company's revenue, one client's invoice, approved at once).

    h97 F3: an approved Ask answer is held to every rule Ask applies to the reading live (``_answer_slices``): a
    list by segment, product or vendor with one shown alone that Ask pools, a trend with a one-client month, the
    month a month-over-month change is taken from."""
    import json

    from moat.metrics.periods import Period

    memo = {} if memo is None else memo
    periods, segments = [], []
    if row.get("period_start") is not None and row.get("period_end") is not None:
        periods.append((row["period_start"], row["period_end"]))
    if row.get("entity_type") == "segment" and row.get("entity"):
        segments.append(str(row["entity"]))
    by_month = False
    if row.get("entity_type") == "question":
        try:
            slots = json.loads(row.get("explanation") or "{}").get("slots") or {}
            extra, by_month = _answer_slices(slots)
            periods += extra
            segments += [str(s) for s in (slots.get("filters") or {}).get("segment") or []]
            if any(_pooled_in(con, slots, Period(start, end), memo) for start, end in periods):
                return True
        except (AttributeError, TypeError, ValueError):
            return True  # an answer whose shape cannot be read: fails closed, like result_content.shown
    timed = made_of_time(str(row.get("metric") or "") or None)  # h102 (h97 U1): a figure of time, the technicians too
    for start, end in periods:
        key = (start, end, tuple(segments), by_month, timed)
        if key not in memo:
            memo[key] = small_slice(con, Period(start, end), segments, by_month=by_month, time_figures=timed) is not None
        if memo[key]:
            return True
    return False


def _answer_slices(slots: dict[str, Any]) -> tuple[list[tuple[Any, Any]], bool]:
    """The periods a stored Ask answer shows besides its own (the compared one; for a month-over-month trend the
    month its first change is taken from, as ``moat.ai.engine.shown_periods``), and whether each month counts alone
    (a trend or ranking of months or quarters: each bar is its month's figure)."""
    from datetime import date

    from moat.metrics.periods import add_months, month_end

    periods = []
    if slots.get("compare_start") and slots.get("compare_end"):
        periods.append((date.fromisoformat(slots["compare_start"]), date.fromisoformat(slots["compare_end"])))
    if slots.get("change") == "mom" and slots.get("start"):
        before = add_months(date.fromisoformat(slots["start"]).replace(day=1), -1)
        periods.append((before, month_end(before)))
    return periods, slots.get("grouping") in ("month", "quarter")


def _pooled_in(con: Connection, slots: dict[str, Any], period: Any, memo: dict[Any, Any]) -> bool:
    """Whether a stored answer shows, in ``period``, a segment, product or vendor alone that users kept to aggregates
    see only pooled (``pooled_groups``): grouped by it, or filtered to it (Ask refuses or pools these live)."""
    from moat.metrics import profitability
    from moat.metrics.licenses import rule_counts
    from moat.metrics.small_slices import pooled_segments_in

    filters = slots.get("filters") or {}
    for kind in ("segment", "product", "vendor"):
        named = {str(n).casefold() for n in filters.get(kind) or []}
        if slots.get("grouping") != kind and not named:
            continue
        timed = kind == "segment" and made_of_time(slots.get("metric"))  # h102: segments of too few technicians too
        key = ("pooled", kind, period.start, period.end, timed)
        if key not in memo:
            if kind != "segment":
                memo[key] = pooled_groups(rule_counts(con, period, kind))
            else:
                prof = profitability(con, period)  # h113: segments one client (technician) dominates too
                memo[key] = pooled_groups(segment_counts(prof)) | pooled_segments_in(con, period, prof, time_figures=timed)
        if any(p and (not named or str(p).casefold() in named) for p in memo[key]):
            return True
    return False


def visible_results(con: Connection, user: User, *, cfg: Config | None = None, **filters: Any) -> pl.DataFrame:
    """The stored results ``user`` may see (``approvals.visible_results``), less those of a small period or segment
    for users kept to aggregates (``small_result``)."""
    from moat.governance import approvals

    memo: dict[Any, Any] = {}
    return approvals.visible_results(con, user, cfg=cfg, too_few=lambda row: small_result(con, row, memo), **filters)


def approved_detail(con: Connection, user: User, result_id: int) -> dict[str, Any] | None:
    """One stored result for ``user`` (``result_content.approved_detail``), None also when ``small_result``."""
    from moat.governance.result_content import approved_detail as detail

    return detail(con, user, result_id, too_few=lambda row: small_result(con, row))
