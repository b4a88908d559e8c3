"""h129 (issue 15): the word lists of ``moat.ai.said_plainly`` (declarations apart from the code that reads them)."""

from __future__ import annotations

# an order said as the end the list starts from and the way it runs: "from the smallest (of them) up", "from the
# bottom up", "smallest upward(s)" start at the low end; "from the biggest down", "top downward(s)" at the high end
LOW_END = r"(?:smallest|lowest|least|bottom|worst)"
HIGH_END = r"(?:biggest|largest|highest|most|top|best)"
# only with "of them" / "one" between ("from the smallest of them up", "bottom one upward"): "from largest down" alone is
# read by the order rules and the assumption ledger already (h110)
OF_THEM = r"(?:\s+(?:one|ones|of\s+(?:them|these|those|the\s+\w+)))"
UPWARD = r"(?:up(?:wards?)?|upwards?)"
DOWNWARD = r"(?:down(?:wards?)?|downwards?)"

# an order said as the way values run: "in increasing order", "sorted increasing", "by increasing size" (never
# "is revenue increasing": the word must be bound to an order or to a sorting verb)
RISING = r"(?:increasing|rising|growing)"
FALLING = r"(?:decreasing|falling|shrinking|declining)"
SORTING_VERB = r"(?:sorted|ordered|listed|ranked|arranged|shown|sort|order|list|rank)"
ORDER_NOUN = r"(?:order|size|value|amount)"

# the ends of a list of losses said in words of badness: "worst to least bad", "least bad to worst", "least bad
# first" (the least bad is the best of them: the high end, never "least" read as the low end)
LEAST_BAD = r"(?:least|less)\s+(?:bad|awful|poor|terrible|negative)"

# a loss word's own definition restated beside it ("unprofitable clients (gross profit below zero)"): the loss word
# already reads gross profit under 0; the restatement is the same condition, never a second one
PROFIT_WORD = r"(?:gross\s+profit|profit|gp|gross\s+margin|margin|margins|profits)"
BELOW = r"(?:below|under|less\s+than|lower\s+than|<|beneath|short\s+of)"
ZERO = r"(?:zero|0|nil|\$\s*0|0\s*dollars)"
NEGATIVE_PROFIT = r"(?:negative\s+" + PROFIT_WORD + r"|" + PROFIT_WORD + r"\s+(?:was\s+|is\s+|of\s+|were\s+)?(?:negative|" \
                  r"in\s+the\s+red|" + BELOW + r"\s+" + ZERO + r"(?!\s*(?:percent|%|\.\d|,\d|k\b|thousand)))" + r")"
CONNECTIVE = r"(?:i\s*\.?\s*e\s*\.?|ie|that\s+is|meaning|so|where|with|having|with\s+a|,|-|–)?"

# a loose seat word defined beside it as bought and not handed out ("spare seats (bought but unassigned)", "unused
# licences, i.e. purchased and not assigned"): the stated definition (purchased - assigned) is what is asked
LOOSE_SEAT_STATE = r"(?:spare|unused|idle|free|empty|surplus|extra|leftover|left\s+over)"
DEFINED_UNASSIGNED = r"(?:purchased|bought|paid\s+for)\s+(?:but|and)\s+(?:unassigned|unallocated|not\s+(?:yet\s+)?" \
                     r"(?:assigned|allocated)|never\s+(?:assigned|allocated))"

# "the last four full / complete / whole quarters": the last N quarters the period rules read are whole ones already
# (a quarter in progress is never one of them), so the word adds nothing and was left unread
WHOLE = r"(?:full|complete|completed|whole|finished|entire|closed)"

# two periods compared with "then" between them ("compare GP: oct-dec then jan-mar"): the second period of the
# comparison, as "and" would join it (a comparison word must be said; "then" must come before a period's words)
COMPARE_SAID = r"\b(?:compar(?:e|ed|es|ing|ison)|vs|versus|against|relative\s+to)\b"
PERIOD_START = r"(?:in\s+|for\s+|over\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|q[1-4]|h[12]|fy|\d|" \
               r"last|this|the\s+(?:last|previous|prior|following|next)|previous|prior)"

# a running figure read at each month's end ("month end by month end", "at every month-end"): month by month; "through
# the year so far" is this year so far (the words were left unread beside a running total)
MONTH_ENDS = r"\bmonth[- ]?ends?\s+(?:by|to|after)\s+month[- ]?ends?\b|\b(?:at\s+)?(?:each|every)\s+month[- ]?end\b"
YEAR_SO_FAR = r"\b(?:through|over|across|during|in)\s+the\s+year\s+(?=so\s+far\b|to\s+date\b)"

# who the answer is for, said first ("for the board:", "for our leadership -"): the audience, no part of the question
AUDIENCE = r"^\s*(?:this\s+is\s+)?for\s+(?:the|our|my)\s+(?:board|execs?|executives?|leadership(?:\s+team)?|management|" \
           r"owners?|partners|investors|ceo|cfo|bank|accountant)\b\s*[,-]?"

# the first or last rows named as leaders or laggards with their number ("billable hours leaders (4)", "the 3 revenue
# laggards"): the top or bottom N (the word and its number were left unread and the company total given)
LEADERS = r"(?:leaders|front-?runners|top\s+performers)"
LAGGARDS = r"(?:laggards|stragglers|back\s+markers|bottom\s+performers)"

# a direction "on the month / quarter before" ("is revenue up on the month before?"): on the previous one, as the
# direction rules read it ("the quarter before last qtr" was read as one period, the quarter before last)
UP_ON_BEFORE = r"\b(?P<d>up|down|higher|lower)\s+on\s+the\s+(?P<u>month|quarter|year)\s+before\b"
