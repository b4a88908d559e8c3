"""h118 (issue 15, h114's hunt, section J): ordinary English words a client's name is never fuzzily matched from.

"real estate clients" was read as Westgate Credit Union ("estate" ~ "Westgate") and "revenue in sterling" as
Sterling Law Partners, at confidence over the review threshold. Issue 15: an ordinary word is never fuzzy-matched to
a name. These words join ``lexicon.COMMON_WORDS`` (the words ``Vocabulary._name_like`` keeps from fuzzy matching);
a capitalised "Sterling" and a client's whole name are still read as the client. Declarations only.
"""

from __future__ import annotations

# industry and money words an MSP's user says about clients ("real estate clients", "property firms", "in sterling")
ORDINARY_WORDS: frozenset[str] = frozenset("""
estate estates property properties housing homes land lettings rental rentals mortgage mortgages
sterling pounds pound euro euros
""".split())
