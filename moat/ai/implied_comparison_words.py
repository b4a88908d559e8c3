"""The words of ``moat.ai.implied_comparison`` (h122): verbs and comparatives that ask a direction without naming the
measure, the measure each implies, and the words that mean a measure was named after all."""

from __future__ import annotations

# A measure named anywhere in the question: the implied one is not supplied (the parser's own rules read it).
MEASURE_NAMED = (r"\b(?:revenue|sales|billings?|billed|invoic\w*|income|turnover|takings|profits?|profitab\w*|margins?|gp|"
                 r"utili[sz]ation|util|costs?|spend|spent|labou?r|licen[cs]\w*|seats?|waste|rates?|ehr|earn\w*|"
                 r"mrr|arr|cash|expenses?|overhead)\b")
HOURS_NAMED = r"\b(?:hours?|hrs?|time)\b"

# Who or what grows: "we" and the firm's own names are the whole company ("our"); anything else is kept as written.
WE = r"(?:we|us|the (?:business|company|firm|msp|shop|team)|our (?:business|company|firm|msp|shop|team)|everyone|" \
     r"our (?:techs?|technicians?|engineers?|staff|people|employees)|(?:the )?(?:techs?|technicians?|engineers?|staff))"
SUBJECT = r"(?:(?!\b(?:is|are|was|were|am|did|do|does|have|has|had|than|which|what|who|how)\b)[a-z0-9'&.\-]+\s+){0,4}?" \
          r"(?:(?!\b(?:is|are|was|were|am|did|do|does|have|has|had|than|which|what|who|how)\b)[a-z0-9'&.\-]+)"

# Growth verbs: revenue up (or down).
GROW_UP = r"grow|grew|growing|grown|expand|expanded|expanding"
GROW_DOWN = r"shrink|shrank|shrinking|shrunk|shrunken|contract|contracted|contracting"
AUX = r"is|are|was|were|am|have|has|had|did|do|does"
# "grow the team", "growing headcount": the verb has an object, which is no measure of ours
NO_OBJECT = r"(?!\s+(?:the|our|a|an|its|their|headcount|team|staff|people|number|list|book|base|business|company|" \
            r"customers?|clients?|accounts?|techs?|technicians?|engineers?|seats?|licen[cs]es?|services?|margins?)\b)"

# Busier / working more: hours worked up (or down).
BUSY_UP = r"busier|more busy|working more(?: hours)?|doing more hours|putting in more hours|logging more(?: hours)?|" \
          r"working harder"
BUSY_DOWN = r"less busy|quieter|working less|working fewer hours|doing fewer hours|logging (?:less|fewer)(?: hours)?"
STAFF_NOUN = r"techs?|technicians?|engineers?|staff|people|employees|team members?"

# "how did Q1 compare (to the one before)": the period against the one before it.
COMPARE_END = r"compare[sd]?(?:\s+(?:to|with|against)\s+(?:the\s+)?(?:(?:one|quarter|month|year|period)\s+before|" \
              r"(?:previous|prior|last)\s+(?:one|quarter|month|year|period)|before))?"

# After "than": a period (a person or a client after it compares entities, which this does not read).
PERIOD_AHEAD = (r"(?=(?:in\s+|during\s+|for\s+)?(?:the\s+)?(?:(?:last|previous|prior|past|this)\s+(?:month|quarter|qtr|year|yr|"
                r"mo|period)\b|(?:month|quarter|year|period)\s+before\b|q[1-4]\b|h[12]\b|"
                r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|(?:19|20)\d\d\b|before\b|"
                r"a\s+(?:month|quarter|year)\s+ago\b))")
THAN = r"(?:than|vs\.?|versus|compared (?:to|with)|against)"

GROW_REASON = ("no measure named: '{verb}' read as revenue, this period against the one before (for profit or hours, "
               "name the measure: 'did gross profit grow')")
BUSY_REASON = ("no measure named: '{verb}' read as hours worked against the period before (for utilisation or billable "
               "hours, name them)")
LOSING_REASON = ("'losing {more}' read as gross profit {direction} against the period before (for the loss itself, ask "
                 "'gross profit')")
COMPARE_REASON = "no measure named: 'how did ... compare' read as revenue against the period before (name the measure " \
                 "for another)"
FLAG = 0.65
