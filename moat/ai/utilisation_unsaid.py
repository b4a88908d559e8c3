"""h128 (issue 15): one technician's utilisation month by month ("Tom's utilisation trend, each month") with neither
billable nor total said is answered as billable utilisation (the glossary's plain "utilisation") but FLAGGED, with
total utilisation (every hour logged over the hours available) offered: for one person's trend both are fair.

Why: a sealed set (heldout20) meant total utilisation for one technician's "utilization trend" month by month and got
billable utilisation at confidence 0.91. Elsewhere plain "utilisation" stays billable utilisation unflagged (the README
settles it, and the dev and held-out families agree); "billable", "total", "overall" or every hour counted
(``moat.ai.all_hours``) settle it here too. The assumption ledger (``moat.ai.assumption_ledger``) records it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from moat.ai.catalogue import Intent, validate

# a word that says which utilisation: billable ("billable", "billed", "billability", "chargeable") or total ("total",
# "overall", "worked", "logged", "all hours", "non-billable")
_KIND_SAID = re.compile(r"\b(?:billable|billed|bill|billability|chargeable|total|overall|worked|logged|all hours|"
                        r"every hour|non-?billable|including)\b")
_UTILISATION = re.compile(r"\butili[sz](?:ation|ed)\b|\butil\b")


def unsaid_utilisation(text: str, intent: Intent) -> tuple[str, Intent] | None:
    """(why, the total-utilisation reading) when one technician's billable utilisation per month was read from a bare
    "utilisation", else None."""
    techs = intent.filter("technician")
    if intent.metric != "billable_utilization" or intent.grouping != "month" or not techs or len(techs) != 1 \
            or _UTILISATION.search(text) is None or _KIND_SAID.search(text) is not None:
        return None
    total = replace(intent, metric="total_utilization")
    if validate(total):
        return None
    return (f"assumed billable utilisation: 'utilisation' does not say billable or total for {techs[0]}'s months; total "
            "utilisation (every hour logged over the hours available) is offered", total)
