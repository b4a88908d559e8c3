"""h135 (issue 15, heldout21): a likelihood of leaving in a period not yet over ("which customers are likely to churn
during 2027", "accounts likely to cancel next year", "at risk of leaving in 2028", "who is probably going to cancel by the end
of this year") is refused as a forecast, naming the risk score as what can be asked.

Why: "likely to leave" with no period is read as the risk score (a past 12 months' drop in revenue, hours and margin,
h30), but with a period still to come the question asks who WILL leave then: the score answered it confidently as if it
were a forecast. The risk score describes the past, so the reply says so and offers the risk list and the Trends page
(README Ask section, "risk is not a forecast"). A period already over ("at risk in 2027") keeps the score."""

from __future__ import annotations

import re

from moat.ai.reading import Parse, Reading

# a likelihood of leaving, said of the clients ("likely to leave", "going to churn", "expected to cancel")
_LEAVING = re.compile(r"\b(?:likely|probably|expected|set|going|about|poised|liable|apt)\s+(?:to\s+)?(?:be\s+)?"
                      r"(?:leave|leaving|churn|churning|cancel|cancelling|canceling|quit|walk|drop|go)\b"
                      r"|\b(?:likel(?:y|ihood)|chances?|odds|probability)\b.{0,30}\b(?:leav|churn|cancel|quit)"
                      r"|\b(?:at\s+risk|in\s+danger)\s+of\s+(?:leaving|churning|cancell?ing|quitting|walking)\b")
# a period said to come: "next year", "in the coming quarter", "by the end of the year", "this year"
_TO_COME = re.compile(r"\b(?:next|coming|upcoming|following|rest of|remainder of|this|current)\s+(?:\w+\s+)?"
                      r"(?:year|quarter|month|half|season)\b|\b(?:by|before) (?:the )?end of\b|\bby (?:19|20)\d\d\b")


def future_risk_refusal(r: Reading) -> Parse | None:
    """The refusal of a likelihood of leaving in a period not yet over (module doc); None otherwise."""
    if _LEAVING.search(r.text) is None:
        return None
    ahead = r.named_period and r.period is not None and r.period.end > r.as_of
    if not ahead and _TO_COME.search(r.text) is None and _TO_COME.search(r.raw.lower()) is None:
        return None
    return leaving_refusal(r)


def leaves_asked(text: str) -> bool:
    """Whether the question asks who is likely to leave ("likely to churn", "going to cancel")."""
    return _LEAVING.search(text) is not None


def leaving_refusal(r: Reading) -> Parse:
    """The refusal of who will leave, naming the risk score (a forecast refusal of leaving says this one too)."""
    return r.refuse("I can't say who will leave in a period still to come: the risk score describes the last 12 months "
                    "(drops in revenue, hours and margin), not a forecast. Ask which clients are at risk now, or open "
                    "the Trends page for each client's reasons.",
                    ["Which clients are at risk?", "Which 5 clients have the highest risk score?"])
