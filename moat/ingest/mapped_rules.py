"""The rules a file loaded by a mapping or by header synonyms gets from its own headings, cells and tabs (h71, review
h69), in the order they run: each is a module of its own, and each leaves a declared source's file alone (the
source's row rules already say the same things).

Order matters where one rule reads what another wrote: a licence charge's period is read before its credits are
netted (both work on the costs as the file wrote them); document kinds before the sign convention (a credit notes
export made negative is never turned round again); cents before signs (both rewrite the amount column).
"""

from __future__ import annotations

from typing import Any

from moat.ingest import (
    cost_states,
    document_kinds,
    flag_columns,
    inactive_flags,
    licence_credits,
    licence_periods,
    mapped_split,
    minor_units,
    money_signs,
)


def apply(table: Any, det: Any, recognised: Any, options: Any) -> Any:
    """``table`` after every rule (each may refuse the file: nothing is written then)."""
    profile = getattr(options, "profile", None)
    dayfirst = options.dayfirst if options.dayfirst is not None else (profile.dayfirst if profile else None)
    table = licence_periods.per_month(table, det, recognised, dayfirst)  # D4: a charge over months is no month's cost
    table = mapped_split.split(table, det, recognised)  # D2: partly billable entries split as the sources' are
    table = licence_credits.net(table, det, recognised)  # D4: a credit line nets into the line it credits
    table = document_kinds.apply(table, det, recognised)  # D8, D9, D10: credit notes, estimates, payments
    document_kinds.refuse_unknown_status(table, det, recognised)  # D7: MYOB `Sale Status` Q (quote) is no sale
    table = cost_states.skip_excluded(table, det, recognised)  # D20: a void or draft bill is no cost
    table = minor_units.apply(table, det, recognised, options)  # D25: Stripe's 150000 is 1,500.00
    table = money_signs.turn_round(table, det, recognised)  # D30: money out written negative is still a cost
    flag_columns.refuse_hours_as_flag(table, det, recognised)  # D21: `Non-billable` 0.75 is hours, not a flag
    return inactive_flags.read_inactive(table, det, recognised)  # D16: a client `Inactive` = True is churned
