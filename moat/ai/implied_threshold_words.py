"""The words of ``moat.ai.implied_threshold`` (h122): a loss, a rate, a target or a best month said without the measure
word, and the forms written for the parser's rules."""

from __future__ import annotations

MONTH = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|"
         r"jun|jul|aug|sept|sep|oct|nov|dec)")
# An amount of money as typed (after ``moat.ai.amount_currency``): "10k", "$10,000", "10 grand", "1.5m"
AMOUNT = r"\$?\s*\d[\d,]*(?:\.\d+)?\s*(?:k|m|grand|thousand|million)?\b"
MONEY_AMOUNT = r"(?:\$\s*\d[\d,]*(?:\.\d+)?\s*(?:k|m|grand|thousand|million)?\b|\d[\d,]*(?:\.\d+)?\s*(?:k|m|grand|thousand|million)\b)"
MORE_THAN = r"(?:more than|over|above|at least|in excess of|upwards of|north of|>=?)"
LESS_THAN = r"(?:less than|under|below|at most|south of|<=?)"
ENTITY = r"(?:clients?|customers?|accounts?|segments?|industr(?:y|ies)|verticals?)"
CLIENT = r"(?:clients?|customers?|accounts?)"
LOSS_VERB = r"(?:losing|lost|lose|loses)"
# A measure named: the reading is left to the parser's own rules
MEASURE_NAMED = (r"\b(?:revenue|sales|billings?|billed|invoic\w*|income|turnover|takings|profits?|profitab\w*|margins?|gp|"
                 r"utili[sz]ation|util|costs?|spend|spent|labou?r|licen[cs]\w*|seats?|waste|rates?|ehr|earn\w*|"
                 r"hours?|hrs|time|mrr|arr|expenses?|overhead)\b")
# ``moat.ai.numbers.normalise`` has written "hit" / "reach" as "at least" and "pass" / "top" / "clear" as "over"
TARGET_VERB = r"(?:at least|over|more than|crack|cracked|bill|billed|bring in|brought in|take in|took in)"
WE = r"(?:we|the (?:business|company|firm|msp))"
BEST = r"(?:best|biggest|strongest|top|highest|record)"
WORST = r"(?:worst|weakest|slowest|lowest|smallest)"
EVER = r"(?:\s+(?:ever|on record|of all time|so far|yet|to date|in the data))?"
PER_HOUR = r"\s*/\s*(?:hour|hr|h)\b"

LOSS_MONEY_REASON = "'losing more than {amount}' read as gross profit under -{amount}"
LOSS_PERCENT_REASON = ("'losing more than {amount}' read as a gross margin under -{amount} (for revenue that fell by that "
                       "much, ask 'clients whose revenue fell more than {amount}')")
TARGET_REASON = "no measure named: '{verb} {amount}' read as revenue (for gross profit, name it)"
OVER_AMOUNT_REASON = "no measure named: clients over an amount of money read as by revenue (for gross profit, name it)"
BEST_MONTH_REASON = ("'was {month} the {sup} month' answered with the {sup} month by {measure} over all the data: "
                     "{month} is the answer only if it is that month")
FLAG = 0.65
TARGET = 0.95  # "did we hit 700k": the company's takings (h86 reads "did we clear 200k" so), said in the reasons
