"""Declarations for ``moat.ai.size_choice``: the words that say which size chooses the listed entities.

Kept apart from the code so a new word is one line here (h117 size words, h127 low words, h129 size measures)."""
from __future__ import annotations

# the size each word ranks by, per kind of entity ("top techs" is left alone: top by what is not said)
SIZE_OF: dict[str, dict[str, str]] = {
    "client": {"biggest": "revenue", "largest": "revenue", "top": "revenue", "smallest": "revenue",
               "busiest": "hours"},
    "technician": {"busiest": "hours"},
}
# the entity nouns a size phrase lists
NOUN_KIND: dict[str, str] = {"client": r"clients?|accounts?|customers?",
                             "technician": r"techs?|technicians?|engineers?|staff"}
# the measure each word after "by" names (the sizes a list is chosen by; h129)
SIZE_MEASURES: dict[str, str] = {
    "revenue": "revenue", "rev": "revenue", "billing": "revenue", "billings": "revenue", "sales": "revenue",
    "turnover": "revenue", "invoicing": "revenue", "amount billed": "revenue", "gross profit": "gross_profit",
    "profit": "gross_profit", "hours": "hours", "hours worked": "hours", "hours logged": "hours"}
# size words that choose the smallest rows (the cut ascending)
LOW_WORDS = frozenset({"smallest", "bottom", "fewest", "least", "lowest", "quietest", "least busy", "worst"})
# words that sort rows already chosen ("top 5 by gross profit, ranked by margin")
SORT_WORDS = ("sorted", "ranked", "ordered", "sort", "rank", "order", "listed")
# h132: "<most | least> <measure> first" sorts the chosen rows by the shown measure
SORT_FIRST_HIGH = ("most", "highest", "biggest", "largest", "best")
SORT_FIRST_LOW = ("least", "lowest", "smallest", "worst")
