"""h91 (issue 15): the words of a stretch of whole months said by its length ("the first six months of the year",
"the six months to the end of July", "the 4 quarters ending June 2026"), kept apart from the rules that read them
(``moat.ai.period_lengths``)."""

from __future__ import annotations

MONTH_WORDS = {"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
               "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
               "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12}
COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
               "ten": 10, "eleven": 11, "twelve": 12}
# the unit said after the count, as months per unit
UNIT_MONTHS = {"month": 1, "months": 1, "mo": 1, "mos": 1, "mths": 1, "quarter": 3, "quarters": 3, "qtr": 3,
               "qtrs": 3}
# words that close a stretch on a month: "the six months to (the end of) July", "3 quarters ending March"
CLOSING_WORDS = ("up to", "up until", "to", "till", "until", "through", "thru", "ending", "ending in", "ending with",
                 "ended", "that ended", "leading up to")
# "the first / opening N months of ...", "the last / final / closing N months of ..."
OPENING_WORDS = ("first", "opening", "initial")
CLOSING_PART_WORDS = ("last", "final", "closing")
# after "Q3 26" / "H2 26": a unit that makes the two digits a count or an amount, never a year
NOT_A_YEAR_AFTER = ("%", "k", "hours", "hour", "hrs", "hr", "h", "seats", "seat", "licences", "licenses", "licence",
                    "license", "clients", "client", "customers", "techs", "technicians", "days", "weeks", "months",
                    "dollars", "bucks", "or more", "or less", "or over", "or above", "plus")
