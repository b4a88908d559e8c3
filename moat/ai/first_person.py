"""h118 (issue 15, h114's hunt, section K): "how many hours did I log last month", "what did I bill in March": hours
a person logs, asked in the first person. The operator asking is no technician the data knows, so the company's
hours were answered as "mine" at full confidence. Refused, naming the fix: ask with the technician's name."""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading

_HOUR_METRICS = ("hours", "billable_hours", "non_billable_hours", "billable_share", "non_billable_share",
                 "billable_utilization", "total_utilization")
# "I" / "me" / "my" as the one who logs the time: "did I log", "have I billed", "my hours", "my utilisation"
_ME = re.compile(r"\b(?:(?:did|have|had|do|will|should|can) i|i(?:'ve| have)?) (?:\w+ )?(?:log|logged|bill|billed|work|"
                 r"worked|put in|record|recorded|track|tracked|spend|spent|clock|clocked)\b|\bmy (?:own )?(?:billable |"
                 r"non-billable )?(?:hours|time|utili[sz]ation|billable)\b")

# h127 (h121 K): "I" / "me" joined to a technician's name ("did Priya and I log", "for me and Tom"): the named one's
# hours were answered as both at 0.87-0.89; "I" is still no technician, so the question is refused the same way
_JOINED = re.compile(r"\band (?:i|me|myself)\b(?!['’])|(?<!show )(?<!give )(?<!tell )(?<!send )(?<!let )"
                     r"\b(?:i|me|myself) and\b")


def first_person_hours(r: Reading) -> Parse | None:
    """The refusal of an hours question asked in the first person with no technician named (module docstring)."""
    said = r.raw.lower()
    joined = _JOINED.search(said) is not None  # h127: "Priya and I", "me and Tom": the named one's hours alone were answered
    if r.metric not in _HOUR_METRICS or (r.filters.get("technician") and not joined) or not (_ME.search(said) or joined):
        return None
    return r.refuse("I can't tell which technician \"I\" is: you are not linked to a technician in the data. Ask with "
                    "the technician's name, e.g. \"how many hours did Priya Shah log last month\".",
                    ["How many hours did each technician log last month?"])
