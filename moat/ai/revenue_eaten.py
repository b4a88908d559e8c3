"""h135 (issue 15, heldout21): a cost said as what it took out of revenue ("what proportion of revenue went to labour",
"how much of each sales dollar did labor eat", "what % of sales was eaten up by licences") is that cost as a
share of revenue, written so for the money-ratio rule (``moat.ai.money_ratio``: "labour cost as a % of revenue",
``Intent.of_metric``).

Why: the words were refused as "revenue is measured in money, not percent", or read as the labour cost alone with
"revenue" left unread. The cost must follow a verb of spending or taking ("went on / to", "was spent on", "eat",
"take", "swallow", "consume", "eaten by"); a share of revenue that "came from" someone is a part of revenue (the share
rules read it)."""

from __future__ import annotations

import re

_SHARE = r"(?:share|%|percent(?:age)?|fraction|proportion|portion|part|slice)"
_REVENUE = (r"(?:(?:every|each)\s+(?:revenue\s+)?dollar(?:\s+of\s+(?:revenue|sales|billings?))?|(?:every|each)\s+(?:sales\s+)?"
            r"dollar|revenue|revs?|sales|billings?|turnover|income)")
_COSTS = (("labour cost", r"labou?r|staff"), ("licence cost", r"licen[cs](?:es?|ing)|software"),
          ("other direct cost", r"other\s+(?:direct\s+)?(?:costs?|expenses)"))
_COST = r"(?P<cost>" + "|".join(f"(?:{p})" for _, p in _COSTS) + r")(?:\s+(?:costs?|spend|expenses|bills?))?"
# "what share of <revenue> went on <cost>", "what % of Q4 sales was spent on labour", "...was eaten (up) by licences"
_WENT_ON = re.compile(r"^\s*(?:so\s+)?(?:what|which|how\s+much|how\s+big\s+a)\s+(?:" + _SHARE + r"\s+)?of\s+(?P<pre>.*?)\b"
                      + _REVENUE + r"\b(?P<post>.*?)\s+(?:(?:went|goes|go|gone)|(?:was|were|is|got|gets|has\s+been)\s+"
                      r"(?:spent|eaten(?:\s+up)?|taken(?:\s+up)?|swallowed|consumed|absorbed|used\s+up|paid\s+out))\s+"
                      r"(?:on|to|into|by|for)\s+" + _COST + r"\b(?P<tail>.*)$", re.IGNORECASE)
# "how much of each sales dollar did labor eat", "what share of revenue does staff cost take up"
_ATE = re.compile(r"^\s*(?:so\s+)?(?:what|which|how\s+much|how\s+big\s+a)\s+(?:" + _SHARE + r"\s+)?of\s+(?P<pre>.*?)\b"
                  + _REVENUE + r"\b(?P<post>.*?)\s+(?:did|does|do|will)\s+" + _COST + r"\s+(?:eat|take|swallow|consume|"
                  r"absorb|use|cost|gobble)(?:\s+up)?\b(?P<tail>.*)$", re.IGNORECASE)


def revenue_eaten(raw: str) -> str:
    """The question rewritten as "<cost> as a share of revenue ..." when it says a cost took a part of revenue (module
    doc); the question unchanged otherwise."""
    m = _WENT_ON.match(raw) or _ATE.match(raw)
    if m is None:
        return raw
    cost = next(label for label, pattern in _COSTS if re.fullmatch(pattern, m["cost"], re.IGNORECASE))
    rest = " ".join(part.strip() for part in (m["pre"], m["post"], m["tail"]) if part.strip())
    return re.sub(r"\s{2,}", " ", f"{cost} as a share of revenue {rest}").strip()
