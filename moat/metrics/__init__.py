"""The metric glossary of DESIGN.md as SQL over the current data, returning polars frames.

Each module holds the SQL of the metric it defines. Money stays DECIMAL through every sum; ratios are DOUBLE;
undefined values (margin without revenue, EHR without hours) are NULL, never zero.
"""

from moat.metrics.licenses import licenses
from moat.metrics.periods import Period
from moat.metrics.profitability import profitability
from moat.metrics.summary import summary
from moat.metrics.utilization import utilization

# ``moat metrics NAME``: the glossary metrics by name (the CLI and the access checks dispatch through this).
BY_NAME = {"profitability": profitability, "licenses": licenses, "utilization": utilization, "summary": summary}

__all__ = ["BY_NAME", "Period", "licenses", "profitability", "summary", "utilization"]
