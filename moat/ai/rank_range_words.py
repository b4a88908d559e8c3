"""h138: the words of a rank range ("clients 6-10 by revenue", "ranks 11 to 20") and of a limit written as a percent
of the rows ("top 25% techs"), apart from the code that reads them (``moat.ai.rank_ranges``)."""
from __future__ import annotations

import re

NOUNS = (r"clients?|accounts?|customers?|techs?|technicians?|engineers?|staff|products?|vendors?|segments?|sectors?|"
         r"verticals?|months?")
_TO = r"\s*(?:-|–|to|through|thru)\s*#?"
# "clients 6-10 by revenue", "clients ranked 6 to 10 on revenue", "ranks 6-10", "positions 11 through 20", "the 6th to
# 10th biggest clients" (both ordinals written)
RANK_RANGE = re.compile(
    r"\b(?P<noun>" + NOUNS + r")\s+(?:(?:ranked|ranking|in\s+(?:positions?|places?|ranks?))\s+)?#?(?P<a>\d{1,3})" + _TO
    + r"(?P<b>\d{1,3})(?![\d.,]|\s*(?:k|%|percent|hours?|hrs|seats?|dollars?|grand|m|mil|million)\b)"
    r"(?=\s+(?:by|on|for|in\s+terms\s+of|ranked\s+by)\b)"
    r"|\b(?:ranks?|ranked|positions?|places?|spots?|numbers?)\s+#?(?P<a2>\d{1,3})(?:st|nd|rd|th)?" + _TO
    + r"(?P<b2>\d{1,3})(?:st|nd|rd|th)?\b(?![.,]\d)"
    r"|\b(?P<a3>\d{1,3})(?:st|nd|rd|th)" + _TO + r"(?P<b3>\d{1,3})(?:st|nd|rd|th)\s+(?=(?:(?:biggest|largest|best|"
    r"worst|busiest|quietest|top|highest|lowest|most|least|smallest)\s+)?(?:" + NOUNS + r")\b)")  # "10th to 20th of
# March" is days
# "top 25% techs", "the bottom 10 percent of clients", "top quarter of our clients", "top half of the products"
PERCENT_LIMIT = re.compile(r"\b(?:top|bottom|best|worst|biggest|largest|smallest|first|leading)\s+(?:(?P<pct>\d{1,3}(?:\.\d+)?)"
                           r"\s*(?:%|percent|per\s+cent|pct)|(?P<part>half|third|quarter|fifth|tenth|decile|quartile|"
                           r"quintile))\s*(?:of\s+(?:the\s+|our\s+|my\s+|all\s+)?)?(?P<noun>" + NOUNS + r")\b")
NOUN_AFTER = re.compile(r"\b(?P<noun>" + NOUNS + r")\b")
# a rank range counted from the low end ("clients 1-5 from the bottom by margin", "the 3rd to 5th lowest")
LOW_SIDE = re.compile(r"\b(?:bottom|lowest|smallest|least|worst|fewest|from the (?:bottom|end)|quietest)\b")
