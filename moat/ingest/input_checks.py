"""Checks on inputs nobody on the team wrote (h41's review), hooked into the pipeline at three points.

Each check lives in a module of its own; this one only says where in the pipeline each runs, so the pipeline
carries one call per point:
- after reading (``after_read``): a constant client over several sheets (``constant_client``);
- after preparing, before anything is written (``after_prepare``): a file of only a header, a hidden column read
  (``hidden_columns``),
  UTC timestamps (``utc_dates``) and, when the file is not a replacement, a re-export with a column added
  (``reexport``);
- after preparing (h62, review h60): worded and other languages' total rows (``worded_totals``), part-month licence
  charges (``part_month``), numbers an Excel re-save stripped of leading zeros (``same_entries``); when not a
  replacement, the same entries with ids and without (``same_entries``) and another billing source's licence line
  (``licence_sources``);
- before a replacement commits (``before_replace``): clients the replacement removes (``replaced_clients``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from moat.db import Connection
from moat.ingest import (
    constant_client,
    hidden_columns,
    licence_sources,
    ms_dates,
    part_month,
    reexport,
    replaced_clients,
    same_entries,
    utc_dates,
    worded_totals,
)
from moat.ingest.table import Table


def after_read(table: Table, options: Any) -> None:
    constant_client.check(table, options)
    ms_dates.read(table)  # h101 (h98 L4): Xero's `/Date(1790812800000+0000)/` is an exact UTC instant
    utc_dates.localise(table, getattr(options, "timezone", "UTC"))  # h70: dated by the MSP's day (h41 D18)


def after_prepare(con: Connection, prepared: Any, original: Table, checks_overlap: bool) -> None:
    if prepared.rows_read == 0:  # h41 D21: a header-only export loaded silently
        prepared.warnings.append("the file holds no rows below its header: nothing to load (an export whose filter "
                                 "matched nothing has only its header); check the export's filter and period")
    hidden_columns.check(prepared, original)
    utc_dates.warn(prepared, original)
    worded_totals.skip_worded_totals(prepared, original)  # h60 F19: Gesamtsumme, Summa, TOTAL (USD), Total MRR
    part_month.count_part_month_charges(prepared, original)  # h60 F12: a prorated charge worth 0.00 in every month
    from moat.ingest import licence_periods

    licence_periods.warn_midmonth_start(prepared)  # h69 D31: a line from the 10th is not billed in its first month
    from moat.ingest import tenant_domain

    tenant_domain.refuse_other_clients_tenant(con, prepared, original)  # h69 D35: another known client's tenant
    same_entries.adopt_unpadded_keys(con, prepared)  # h60 F22: an Excel re-save's `1045` is `00001045`
    if checks_overlap:
        reexport.refuse_same_rows_other_columns(con, prepared)
        reexport.refuse_edited_reexport(con, prepared)  # h69 D24: notes edited in a re-export never count twice
        same_entries.refuse_ids_beside_no_ids(con, prepared)  # h60 F16: API pull and grid export of the same entries
        licence_sources.refuse_line_of_another_source(con, prepared)  # h60 F18: a second distributor's line


def before_replace(con: Connection, prepared: Any, replace_range: tuple[date, date]) -> None:
    replaced_clients.warn(con, prepared, replace_range)
