"""h123: the words of a bare list of licence products or vendors (``moat.ai.listed_kinds``), declared apart."""

# the kind listed, asked for first ("which vendors ...", "list our Microsoft products", "products Harbor uses")
KIND_LISTED = (r"\b(?P<kind>(?:licen[cs]e |software |saas )?(?:products|vendors|suppliers|skus|licen[cs]e types)|"
               r"(?<=every )(?:licen[cs]e |software )?(?:product|vendor|supplier)|"
               r"(?:licen[cs]e |software )?(?:product|vendor|supplier) list)\b")
# what may stand before it: a question or list word, determiners, a name already read (blanked), a period
LIST_LEAD = (r"\s*(?:(?:which|what|list|show|show me|name|give me|tell me|get|display|pull up|can you list|"
             r"all|every|the|our|of|of the|of our|each|different|distinct|its|their|his|her|\S*'s|'s)\s+)*")
# the verbs of holding or buying that say the rows are the ones held (read with the list; the names are the answer)
HOLDING_VERBS = (r"\b(?:do|does|did|are|is|we|they|currently|actually|still|use|uses|used|using|have|has|had|hold|"
                 r"holds|held|buy|buys|bought|buying|from|purchase|purchases|purchased|resell|resells|resold|sell|sells|"
                 r"sold|carry|carries|carried|stock|pay for|pays for|paid for|on|subscribe to|subscribes to|"
                 r"subscribed to|license|licence|licensed|licenced|work with|works with|deal with|there)\b")
