"""h94 (issue 15): the words of technicians' time against capacity, declared apart from the rules that read them
(``moat.ai.tech_time``). Every pattern runs on folded text ("tech" is "technician", "customers" is "clients",
"labour" is "labor")."""

from __future__ import annotations

import re

from moat.ai.lexicon import NUM

# Revenue per hour of a technician's time: "revenue per tech hour", "revenue / engineer hour", "per logged tech hour".
# The kind of hour is no grouping: the hour is the hour worked of the glossary's effective hourly rate.
TECH_HOUR = re.compile(r"(?:\b(?:per|for each|each|an?)|/)\s*(?:(?:logged|worked|billed)\s+)?"
                       r"(?:technician|engineer|staff|labor|team)[- ](?:hours?|hrs?)\b")
REVENUE_WORD = re.compile(r"\b(?:revenue|sales|income|takings|billings|turnover)\b")

# "billable hours over available hours": "over" between two measures divides (it sets no threshold, which the
# rule of quantities would read as "over 100 percent")
# a technician's capacity said as a noun: "capacity", "available hours", "hours available", "availability"
_CAPACITY = r"(?:full )?(?:capacity|available (?:hours|time)|hours available|availability)\b"
BILLABLE_OVER_CAPACITY = re.compile(r"\b(billable (?:hours|time)) over (?=(?:(?:his|her|their|the|our) )?" + _CAPACITY + ")")
# "more hours than their capacity", "more time logged than their available hours": above capacity ("more than
# their capacity" is read by the rule of quantities as total utilisation over 100 percent)
MORE_HOURS_THAN = re.compile(r"\bmore (?:hours|time)(?: (?:logged|worked|booked|clocked|put in))? than (?=(?:(?:his|her|"
                             r"their|the|our|its) )?" + _CAPACITY + ")")
# "all-hours utilisation", "every logged hour": the usual order of the all-hours words
ALL_HOURS_HYPHEN = re.compile(r"\ball-(hours?|time)\b")
EVERY_LOGGED_HOUR = re.compile(r"\b(?:every|each|all) (logged|worked|booked) (?:hours?|time)\b")
EVERY_HOUR = re.compile(r"\b(?:every|each) (?:single )?hour\b")

# The capacity of a technician or of the team: the denominator of both utilisations
CAPACITY = re.compile(r"\b(?:(?:their|his|her|our|the|team|technician|engineer|staff|available|full|total) )*"
                      r"(?:capacity|availability|available (?:hours|time)|hours available|time available)\b")
# Every hour counted, said without "utilisation" ("(all hours)", "everything, not just billable", "billable and not")
ALL_COUNTED = re.compile(r"\b(?:all|every) (?:the |of the |their |our )?(?:hours?|time)\b(?: (?:logged|worked|counted|"
                         r"included))?|\beverything(?: (?:counted|included|in))?\b|\bnot (?:just|only|merely) (?:the )?billable(?: (?:hours|time|ones))?\b|"
                         r"\bbillable (?:and|or) not\b|\bbillable (?:and|or|plus) non-?billable(?: (?:hours|time))?\b|"
                         r"\bcounting every hour\b|\bcounting (?:all|everything)\b")
# Time put against capacity: logged, worked, filled ("used" alone keeps the existing billable reading)
LOGGED = re.compile(r"\b(?:log|logs|logged|logging|work|worked|working|fill|filled|filling|book|booked|clock|clocked|"
                    r"put in|put)\b|\b(?:hours?|time) (?:logged|worked|booked)\b|\b(?:logged|worked|booked) (?:hours?|time)\b|"
                    r"\btime\b(?= (?:\w+ )?against\b)|\bbusy\b|\bbusyness\b")
# A part of the capacity, or time set against it
PART_OF = re.compile(r"\b(?:how much|what (?:share|part|portion|percent(?:age)?|fraction|proportion)|share|part|portion|"
                     r"percent(?:age)?|fraction|proportion|ratio|rate)\b|%|\bagainst\b|\bvs\.?|\bversus\b|\bmeasured\b|"
                     r"\brelative to\b|\bcompared (?:to|with)\b|"
                     # "logged against capacity" is written "logged for capacity" by the booking rule (``period_reading``)
                     r"\bfor(?= (?:(?:their|his|her|the|our) )?(?:full )?(?:capacity|availability|available (?:hours|time))\b)|"
                     r"\b(?:least|most|smallest|largest|biggest|lowest|highest|fewest)(?: \w+){0,2}? (?=(?:of|against|"
                     r"relative to|compared|vs|versus)\b)")
USED = re.compile(r"\b(?:use|used|using|got used|get used|taken|take up|took up)\b")
BILLABLE = re.compile(r"\bbill(?:able|ed|s|ing)?\b")

# The whole of the hours logged, and the part of it that could be billed
LOGGED_WHOLE = re.compile(r"\b(?:out )?of (?:the |our )?(?:all|every|each) (?:the |of the |our |their )?(?:single )?"
                          r"(?:hours?|time|work)\b(?: (?:\w+ ){0,3}?(?:logged|worked|booked|put|did))?|"
                          r"\b(?:all|every|each) (?:the )?(?:hours?|time) (?:\w+ ){0,3}?(?:logged|worked|booked|put in)\b|"
                          r"\beverything (?:\w+ ){0,3}?(?:logged|worked|booked|put)\b")
# money said: the billed part of an amount is no share of hours
MONEY_WORD = re.compile(r"\$|\b(?:revenue|invoice[ds]?|invoicing|money|dollars?|sales|cost|costs|profit|margin)\b")
SHARE_WORD = re.compile(r"\b(?:what|which|how much|how big a)?\s*(?:part|portion|share|fraction|proportion|percent(?:age)?|"
                        r"ratio)\b|%")
BILL_PART = re.compile(r"\b(?:could|can|did|was|were|got|get|is|are)?\s*(?:we |they |be |been )*(?:bill|billed|billable)\b")
# "the largest share of their own hours", "the portion of his own time": a part of each one's own hours
OWN_HOURS = re.compile(r"\b(?:part|portion|share|fraction|proportion|percent(?:age)?|most|much) of (?:their|his|her|"
                       r"his or her|its) (?:own )?(?:logged |worked )?(?:hours|time)\b(?: (?:logged|worked))?")
# h107: a mark on "their hours" / "his time" with no "worked" / "logged" / "own" ("billed under 70% of their hours"):
# of the hours worked, or of those available?
BARE_HOURS = re.compile(r"\d\s*(?:%|percent|pct)\s+of\s+(?:their|his|her|its)\s+(?:hours|time)\b(?!\s+(?:logged|worked))")
# "billable hours as a share of his total hours", "billable hours over his hours worked": the billable share
BILLABLE_OF_HOURS = re.compile(r"\bbillable (?:hours|time)\b(?P<by> (?:as (?:an? )?(?:percent(?:age)?|share|fraction|proportion|"
                               r"ratio) of|vs\.?|versus|over|against|divided by|out of|/) (?:(?:his|her|their|its|the|our) )?"
                               r"(?:(?:total|all|worked|logged|own) )?(?:his |her |their )?(?:hours|time)(?: (?:worked|logged))?)\b(?! available)")

# Labour cost called by the people who cost it: "technician cost", "tech labor cost", "engineer spend"
# (never the subject of the verb "cost": "which technician cost us the most", "technicians cost more")
TECH_COST = re.compile(r"(?<!\bwhich )(?<!\bwhat )(?<!\beach )(?<!\bevery )(?<!\bany )(?<!\bone )"
                       r"\b(?:technician|engineer|staff) (?:labor )?(?:costs?|spend|spending)\b"
                       r"(?! (?:us|me|them|the company|more|less|most|least|the most|the least)\b)")
CLIENT_NOUN = re.compile(r"\b(?:clients?|accounts?)\b")
# A client using up a cost: "used up", "soaked up", "burning through"
CONSUMED = re.compile(r"\b(?:used up|use up|uses up|using up|eat|eats|eating|ate|eaten|soak(?:s|ed|ing)? up|consum(?:e|es|ed|ing)|burn(?:s|ed|ing|t)? "
                      r"through|took up|take up|takes up|taking up|absorb(?:s|ed|ing)?|land|landed|went|go)\b")

# "billable hours / hours available", "billable hours against his capacity": the denominator written the usual way
HOURS_AVAILABLE = re.compile(r"(?<![\w/])(over|/|vs\.?|versus|against|of|divided by|out of) ((?:his|her|their|the|our) )?(?:hours|time) "
                             r"available\b")
BILLABLE_BY_OWN_CAPACITY = re.compile(r"\b(billable (?:hours|time)) (over|/|vs\.?|versus|against|divided by|out of|as an? "
                                      r"(?:share|percent(?:age)?|fraction|proportion) of) (?:his|her|their) (?=(?:full )?"
                                      r"(?:capacity|available|availability))")
# The team's own capacity with the technicians as the subject ("what share of our capacity did the techs use"): one
# figure for the company, unless the question asks per technician
COMPANY_CAPACITY = re.compile(r"\b(?:our|the team|team|company|whole team|everyone)\b(?: \w+){0,2}? (?:capacity|availability|"
                              r"available (?:hours|time))\b")
PER_TECH = re.compile(r"\b(?:by|per|each|every|which|who|whose|ranked|rank|list|top|bottom|most|least|highest|lowest|best|"
                      r"worst|fewest)\b")
TECH_SUBJECT = re.compile(r"\b(?:the |our )?(?:technicians|engineers|staff|people)\b")
TECH_WORD = re.compile(r"\b(?:technician|engineer|staff|team)\b")

# "under-utilized techs (below 72% billable)", "underused, under 72 percent": a number said beside the word of being under or
# over used is the threshold, never the band's own edge
UNDER_OVER_USED = re.compile(r"\b(?:under|over)[- ]?(?:utilized|used)\b")
LICENCE_WORD = re.compile(r"\b(?:licen[cs]es?|seats?|subscriptions?|products?)\b")
PERCENT_THRESHOLD = re.compile(r"(?P<op><=?|>=?|\bunder|\bbelow|\bover|\babove|\bless than|\bmore than|\bat most|"
                               r"\bat least)\s*(?P<num>\d+(?:\.\d+)?)\s*percent\b(?: (?P<kind>billable|total|utilization)\b)?")
# "under the 65% billable band", "above the 85 percent utilisation line": a band edge said as a number is a threshold
BAND_WITH_NUMBER = re.compile(r"\b(?P<side>below|under|above|over) (?:the |our |a )?(?P<num>\d+(?:\.\d+)?) percent "
                              r"(?:(?P<kind>billable|total|utilization|billable utilization|total utilization) )?"
                              r"(?P<edge>band|line|mark|target|threshold|level)\b")
# "team members", "staff members": the technicians
TEAM_MEMBERS = re.compile(r"\b(?:team|staff) members\b")
TEAM_MEMBER = re.compile(r"\b(?:team|staff) member\b")

# "which four of our engineers", "the 2 of our people": the number of rows asked, said before "of" and the group
N_OF_GROUP = re.compile(r"\b(?:which|what|the|top|bottom)\s+(?P<n>" + NUM + r")\s+of\s+(?:our|the|my|all(?: of)?(?: our| the)?)"
                        r"\s+(?:\w+\s+)?(?:people|technicians|engineers|staff|clients|accounts)\b")

# A utilisation (a ratio of capacity) asked for months listed one by one ("in October, November and December"): each month's figure
UTILISATION_WORD = re.compile(r"\butiliz\w*|\bcapacity\b|\bhow busy\b")

# "200h", "40 hrs", "90 hours+": hours written with the unit's letter, a plus after the unit put before it
HOURS_LETTER = re.compile(r"\b(\d+(?:\.\d+)?)\s?(?:h|hr|hrs|hours)\b(\+?)")
