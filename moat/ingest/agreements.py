"""A client's agreements summed into one client row (``Source.per_client``).

A PSA's agreements export (ConnectWise ``finance/agreements``) has one row per *agreement*, and a client often has
several (managed services plus backup plus a block of hours). The clients dataset is one row per client, so before
this rule the pipeline kept one of them and dropped the others' fees: the client's fee was understated with exit 0.
Here every client's agreements become one row:

- the monthly fee is the sum of the monthly fees of the agreements that *count* (status in ``counting`` and no
  cancelled flag); cancelled, expired and inactive agreements add nothing, so a client with none that counts has
  a monthly fee of 0.00 and is churned;
- its agreement type is the first of ``rank`` among the counting agreements (a managed agreement beats the backup
  add-on beside it); its start is the earliest start, its end the latest end (none while a counting agreement
  is open-ended);
- the rows summed count as loaded with the client's row (``run.merged``: rows read = loaded + quarantined +
  skipped still holds).

Never a partial sum: when one agreement of a client cannot be read (an unreadable fee or date, a billing cycle not
known) or its status is outside both lists, all of that client's agreements wait in the quarantine, each naming
the row to fix. A lone agreement without a status counts (it is the client's only fee, as any clients file row).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from moat.ingest import values
from moat.ingest.headings import exact_col, series
from moat.ingest.readers import ROW
from moat.names import normalize

REJECT = "__reject"


def _order(run: Any) -> str | None:
    """The date order the dates themselves prove (``None`` when they do not: numeric dates then stay unread)."""
    day = month = 0
    for f in ("start_date", "end_date"):
        if run.has(f):
            d, m, _ = values.date_order_evidence(series(run.df, run.col(f)))
            day, month = day + d, month + m
    return "dmy" if day and not month else "mdy" if month and not day else None


def _rows(run: Any) -> pl.DataFrame:
    """One row per agreement: client key, what its status says, its monthly fee and dates, and what is unreadable."""
    spec = run.source.per_client
    df = run.df
    n = df.height
    null_text = pl.Series([None] * n, dtype=pl.Utf8)
    status = df.select(values.text(exact_col(run.col(spec.status))).str.to_lowercase().alias("s"))["s"] if run.has(spec.status) else null_text
    flagged = (values.boolean(series(df, run.col(spec.flag))).fill_null(False) if spec.flag and run.has(spec.flag)
               else pl.Series([False] * n))
    out = pl.DataFrame({
        ROW: df[ROW],
        "c": [normalize(v) if v else "" for v in df.select(values.text(exact_col(run.col("client_name"))).alias("x"))["x"].to_list()],
        "status": status, "raw_status": df.select(values.text(exact_col(run.col(spec.status))).alias("x"))["x"] if run.has(spec.status) else null_text,
        "flagged": flagged,
        "reject": df[REJECT] if REJECT in df.columns else null_text,
    })
    bad = pl.col("reject").is_not_null()
    fee = pl.lit(None, dtype=values.MONEY_DTYPE)
    if run.has(spec.fee):
        money = values.money(series(df, run.col(spec.fee)), False)
        out = out.with_columns(money.alias("fee"), df.select(values.present(exact_col(run.col(spec.fee))).fill_null(False).alias("w"))["w"].alias("fee_w"))
        bad = bad | (pl.col("fee_w") & pl.col("fee").is_null())
        fee = pl.col("fee")
    order = _order(run)
    for f in ("start_date", "end_date"):
        if run.has(f):
            parsed = values.date(series(df, run.col(f)), order)
            written = df.select(values.present(exact_col(run.col(f))).fill_null(False).alias("w"))["w"]
            out = out.with_columns(parsed.alias(f), written.alias(f"{f}_w"))
            bad = bad | (exact_col(f"{f}_w") & exact_col(f).is_null())
        else:
            out = out.with_columns(pl.lit(None, dtype=pl.Date).alias(f))
    if run.has("agreement_type"):
        kind = values.enumeration(series(df, run.col("agreement_type")), "agreement_type")
        rank = kind.replace_strict({k: i for i, k in enumerate(spec.rank)}, default=len(spec.rank), return_dtype=pl.Int32)
        out = out.with_columns(rank.alias("rank"), df.select(values.text(exact_col(run.col("agreement_type"))).alias("x"))["x"].alias("type"))
    else:
        out = out.with_columns(pl.lit(0, dtype=pl.Int32).alias("rank"), pl.lit(None, dtype=pl.Utf8).alias("type"))
    counts = pl.col("status").is_in(list(spec.counting)).fill_null(False) & ~pl.col("flagged")
    not_counting = pl.col("status").is_in(list(spec.not_counting)).fill_null(False) | pl.col("flagged")
    size = pl.len().over("c")
    out = out.with_columns(fee.alias("fee"), bad.alias("bad"), size.alias("n"),
                           (pl.col("status").is_not_null() & ~counts & ~not_counting).alias("unknown"),
                           (pl.col("status").is_null() & ~pl.col("flagged")).alias("blank"), not_counting.alias("out"))
    # a lone agreement without a status is the client's fee, as any clients file row is
    return out.with_columns((counts | (pl.col("blank") & (pl.col("n") == 1))).alias("counts"))


def _held(rows: pl.DataFrame, spec: Any, has_status: bool) -> dict[int, str]:
    """Row -> why all of its client's agreements wait in the quarantine (never a partial or guessed sum)."""
    held: dict[int, str] = {}
    listed = f"{', '.join(s.title() for s in spec.counting)} adds its fee; {', '.join(s.title() for s in spec.not_counting if s != 'canceled')} do not"
    named = rows.filter(pl.col("c") != "")
    for g in named.group_by("c", maintain_order=True).agg(pl.all()).iter_rows(named=True):
        n = len(g[ROW])
        unknown = [(r, s) for r, s, u in zip(g[ROW], g["raw_status"], g["unknown"], strict=True) if u]
        bad = [r for r, b in zip(g[ROW], g["bad"], strict=True) if b]
        blank = [r for r, b in zip(g[ROW], g["blank"], strict=True) if b]
        why = None
        if unknown:
            r, s = unknown[0]
            why = (f"agreement status '{s}' (row {r}) is not one MoatMetrics knows ({listed}): the client's monthly fee "
                   "cannot be worked out; correct the status or leave the agreement out")
        elif n > 1 and bad:
            why = (f"the client's monthly fee is the sum of its {n} agreements (rows {', '.join(map(str, g[ROW]))}) and the "
                   f"agreement in row {bad[0]} cannot be read (see that row): they wait together, never a partial sum; correct that row in the export "
                   "and ingest the file again")
        elif n > 1 and blank:
            why = (f"the client has {n} agreements and the one in row {blank[0]} has no status"
                   f"{'' if has_status else ' (the file has no agreement status column)'}: cannot tell which add to its monthly "
                   f"fee ({listed}); export the agreement status and ingest the file again")
        if why:
            for r, rej in zip(g[ROW], g["reject"], strict=True):
                held[r] = f"{rej}; {why}" if rej else why  # the row's own problem (an unknown cycle) first
    return held


def roll_up(run: Any) -> None:
    """Sum each client's agreements into one client row (``run`` is shaping's working state)."""
    spec = run.source.per_client
    if not run.has("client_name"):
        return
    rows = _rows(run)
    held = _held(rows, spec, run.has(spec.status))
    # a lone agreement with an unreadable value is left as written: the pipeline quarantines it, naming the value
    ok = rows.filter((pl.col("c") != "") & ~pl.col(ROW).is_in(list(held)) & ~((pl.col("n") == 1) & pl.col("bad")))
    cand = pl.col("counts") | ~pl.col("counts").any().over("c")  # the agreements that describe the client
    ok = ok.with_columns(cand.alias("cand"), pl.when(cand).then(pl.col("rank")).otherwise(99).alias("pick"))
    some = pl.col("counts").any()
    fee_sum = pl.col("fee").filter(pl.col("counts")).sum()
    client = ok.group_by("c", maintain_order=True).agg(
        pl.col(ROW).min().alias("rep"), pl.col(ROW).alias("rows"), some.alias("some"),
        pl.when(~some).then(pl.lit(0).cast(values.MONEY_DTYPE))
        .when(pl.col("fee").filter(pl.col("counts")).is_not_null().any()).then(fee_sum).alias("fee"),
        pl.col("type").sort_by(["pick", ROW]).first().alias("type"),
        pl.col("start_date").min().alias("start"),
        pl.when(some & pl.col("end_date").filter(pl.col("counts")).is_null().any()).then(None)
        .otherwise(pl.col("end_date").filter(pl.col("cand")).max()).alias("end"),
        pl.when(some & pl.col("blank").all()).then(None).when(some).then(pl.lit("active")).otherwise(pl.lit("churned")).alias("status"),
        pl.col("out").sum().alias("not_counted"),
    )
    reps = client["rep"].to_list()
    by_rep = {f: dict(zip(reps, client[f].cast(pl.Utf8).to_list(), strict=True)) for f in ("fee", "type", "start", "end", "status")}
    is_rep = pl.col(ROW).is_in(reps)
    outputs = {spec.fee: "fee", "agreement_type": "type", "start_date": "start", "end_date": "end", spec.status: "status"}
    new_cols = []
    for fld, key in outputs.items():
        if not run.has(fld) and not (fld == spec.status and spec.flag and run.has(spec.flag)):
            continue
        own = values.text(exact_col(run.col(fld))) if run.has(fld) else pl.lit(None, dtype=pl.Utf8)
        computed = pl.col(ROW).replace_strict(by_rep[key], default=None, return_dtype=pl.Utf8)
        new_cols.append(pl.when(is_rep).then(computed).otherwise(own).alias(f"__a_{key}"))
        run.m.columns[fld] = f"__a_{key}"
    if held:
        reason = pl.col(ROW).replace_strict(held, default=None, return_dtype=pl.Utf8)
        new_cols.append(pl.coalesce(reason, pl.col(REJECT)).alias(REJECT) if REJECT in run.df.columns else reason.alias(REJECT))
    run.df = run.df.with_columns(new_cols)
    several = client.filter(pl.col("rows").list.len() > 1)
    pairs = [(rep, r) for rep, rs in zip(several["rep"].to_list(), several["rows"].to_list(), strict=True) for r in rs if r != rep]
    gone = [r for _, r in pairs]
    run.merged += pairs  # they load (or wait) with their client's row
    if gone:
        run.df = run.df.filter(~pl.col(ROW).is_in(gone))
        n_agreements = int(several["rows"].list.len().sum())
        run.rules["agreements_per_client"] = (f"{n_agreements} agreements summed into {several.height} "
                                              f"client{'s' if several.height != 1 else ''}")
    not_counted = int(client["not_counted"].sum() or 0)
    if not_counted:
        run.rules["agreements_not_active"] = not_counted  # their fees are not in the client's monthly fee
    if held:
        run.rules["agreements_held"] = len(held)
    alone = int(ok.filter(pl.col("blank") & (pl.col("n") == 1)).height)
    if alone:  # no status to go by: said, not hidden
        run.rules["agreements_without_status_counted"] = alone
        run.warnings.append(f"{alone} agreement{'s' if alone != 1 else ''} without a status (the only one of {'their' if alone != 1 else 'its'} "
                            f"client) counted as active: check them, or export the agreement status")
    run.rules["agreement_status_rule"] = spec.rule
