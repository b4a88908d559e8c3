"""h139 (h133 H): "techs over 0.9 billable in May" -- a fraction of one or less beside "billable", with no unit of
hours, is a share: billable utilisation over 90%, as "techs above 0.8 utilisation" already reads. It was billable
HOURS over 0.9, so every technician passed, at 0.94. Nobody asks for technicians with more than nine tenths of an
hour billed; a number written with a unit of hours ("over 0.5 billable hours") keeps the hours."""

from __future__ import annotations

import re

from moat.ai.reading import Reading

_HOURS = re.compile(r"\b(?:hours?|hrs?|h)\b")
_FRACTION = re.compile(r"(?<![\d,])(?:0?\.\d+|1\.0+)(?![\d,])")


def fraction_billable(r: Reading) -> None:
    """Billable hours with a fraction-of-one mark and no hours word become billable utilisation (module doc)."""
    t = r.threshold
    if r.metric != "billable_hours" or t is None or r.threshold_raw is None or r.threshold_raw[3] \
            or r.grouping not in ("technician", "company") or r.before is not None:
        return
    said = r.raw.lower()
    if _HOURS.search(said) or not _FRACTION.search(said) or not 0 < t.value <= 1 or t.high is not None and t.high > 1:
        return
    r.metric = "billable_utilization"
    r.reasons.append(f"a mark of {t.value:g} beside 'billable' with no hours read as a share: billable utilisation "
                     f"{t.text('percent')} (ask 'billable hours over {t.value:g}' for hours)")
