"""h95: the words of requests the app declines (declarations only; ``moat.ai.declined`` reads them).

An action the app cannot take (it only reads data), an activity the data does not record (sales calls, leads, when or
how late invoices were paid, receivables by age) and advice from outside the data (a book, a podcast) are refused
naming what the data holds, never answered with a neighbouring figure (revenue, seats) flagged as unsure.
"""

from __future__ import annotations

# a request's lead-in before the verb ("please", "can you", "go ahead and"), as ``lexicon.REFUSE_ACTIONS`` reads it
LEAD_IN = (r"^\s*(?:(?:please|pls|plz|kindly|just|ok|okay|now|then|and|go ahead and|go ahead,?|can you|could you|"
           r"would you|will you|can u|could u|i want you to|i'd like you to|i need you to|let's|lets|we need to|"
           r"i want to|help me)\s+)*")
# verbs of acting on systems, seats or invoices that ``lexicon.REFUSE_ACTIONS`` does not hold (it holds cancel, remove,
# delete ...); "order" and "sort" are left out ("order clients by revenue" asks to be shown something), and so are
# verbs that also start a noun phrase of the data ("phone support hours", "call volume", "issue count")
ACTION_VERBS = (r"(?:turn|switch|shut)\s+(?:off|on|down)|buy|purchase|procure|mark|renew|provision|re-?activate|activate|"
                r"enable|assign|allocate|pay(?=\s+(?:the|all|our|this|that|these|those|off)\b)|approve|refund|write\s+off|chase|remind|notify|"
                r"schedule|book|apply|void|archive|restore|transfer|migrate|upgrade|top\s+up|"
                # h128: shrinking a stock of seats to fit ("reduce our E3 licences to match what's assigned", "trim the
                # Huntress seats", "right-size our subscriptions"): the verb with a seat word a few words on ("trim the
                # list to the top 5", "cut the numbers by segment" ask to be shown something; "decrease in" is a noun)
                r"(?:reduce|decrease|trim|shrink|right-?size|scale\s+(?:back|down)|true[- ]up|cut(?:\s+(?:back|down))?)"
                r"(?!\s+(?:in|of|from|over|between|versus|vs|since|to)\b)(?=\s+(?:on\s+)?(?:[\w'-]+\s+){0,5}?(?:seats?|licen[cs]es?|subscriptions?|seat\s+counts?)\b)")
# an object after the verb that makes it the reader's request, never an action ("book a report" is not said; "call up
# the figures" is showing)
NOT_AN_ACTION_AFTER = r"(?!\s+(?:up\s+(?:the\s+)?(?:figures?|numbers?|data|report)|me|us)\b)"
# sales and marketing activity: no CRM data is loaded
SALES_ACTIVITY = (r"\b(?P<what>sales\s+(?:calls?|meetings?|visits?|activity|pipeline|reps?|team|targets?|quotas?)|"
                  r"cold\s+calls?|(?:new\s+)?leads?(?:\s+(?:generated|created|came in))?|pipeline|prospects?|"
                  r"(?:sales\s+)?opportunit(?:y|ies)|deals?\s+(?:closed|won|lost|in\s+the\s+pipeline)|"
                  r"(?:demos?|discovery\s+calls?)\s+(?:booked|held|given|done|run)|quotes?\s+sent|proposals?\s+sent|"
                  r"win\s+rate|close\s+rate|conversion\s+rate)\b")
# receivables by age and invoices paid late: no payment dates are loaded ("AR aging", "past due", "paid ... late")
PAYMENT_STATE = (r"\b(?P<what>a/?r\s+ag(?:e)?ing|accounts?\s+receivables?|ag(?:e)?ing\s+(?:buckets?|schedule|summary)|"
                 r"(?:\d+\s*\+?\s*|over\s+\d+\s+|more\s+than\s+\d+\s+)?days?\s+past\s+due|past[- ]due|"
                 r"pa(?:id|ys|y|ying)\s+(?:\w+\s+){0,3}?late|late\s+(?:invoices?|bills?)|"
                 r"invoices?\s+(?:\w+\s+){0,2}?(?:still\s+)?(?:open|owed|owing|not\s+(?:yet\s+)?paid))\b")
# advice from outside the data: a book, podcast or course (the Insights page recommends actions on clients and seats)
OUTSIDE_ADVICE = (r"\b(?:recommend|suggest|know(?:\s+of)?|name|any|a\s+good|good|best|favou?rite)\s+(?:\w+\s+){0,2}?"
                  r"(?P<what>books?|podcasts?|courses?|articles?|blogs?|videos?|reading|newsletters?|conferences?|"
                  r"films?|movies?)\b(?!\s+of\s+action)")  # "suggest courses of action" asks for the insights
# "did <name> pay (us) more than 5k": what a client paid is not held (no payments): the invoiced revenue is offered
CLIENT_PAID = (r"^\s*(?:did|has|have|had|does|do)\s+(?P<who>(?!we\b|you\b|i\b|they\b|our\b)[a-z][\w&.' -]{1,60}?)\s+"
               r"(?:pay|paid|pays)\s+(?:us\s+|me\s+)?(?P<cmp>more\s+than|less\s+than|over|under|above|below|at\s+least|"
               r"at\s+most)\s+(?P<amount>\$?\d[\d,.]*\s*(?:k|m|thousand|grand|million)?)(?P<rest>.*)$")
