"""h104 (issue 15, heldout16 class c): "org-wide engineer utilisation", "firm-wide engineer hours", "technician
utilisation for the business as a whole": ONE figure for the company, never one row per technician.

Why: a kind of entity written before the measure ("tech utilisation") asks for the measure per that kind
(``moat.ai.kind_noun``, h58), so "firm-wide technician utilisation" listed every technician at full confidence although
"company-wide" says the opposite. Said with such a word (``whole_company_words.COMPANY_WIDE``), the kind noun only says
whose measure it is; the company's figure is given. A word asking per entity (by, per, each, which, a ranking) is read
by the other rules first: this rule only keeps the company figure that the grouping step chose."""

from __future__ import annotations

from moat.ai.listed_words import LIST_ASKED
from moat.ai.reading import Reading
from moat.ai.whole_company_words import COMPANY_WIDE, OVERALL_ALL


def company_wide(r: Reading) -> bool:
    """True (the words read) when the question asks for the whole company's figure in so many words."""
    found = list(COMPANY_WIDE.finditer(r.text))
    if not found and (both := OVERALL_ALL.search(r.text)) is not None:  # h107: "overall ..., all techs"
        spans = [both.span(k) for k in ("o", "a", "o2", "a2") if both.group(k)]
        for span in spans:
            r.use(span)
        r.reasons.append(f"'{' ... '.join(r.text[a:b] for a, b in sorted(spans))}': one figure for the whole company "
                         "(ask 'by technician' or 'by client' for one row each)")
        return True
    if not found:
        return False
    for m in found:
        r.use(m.span())
    r.reasons.append(f"'{found[0].group(0)}': one figure for the whole company (ask 'by technician' or 'by client' "
                     "for one row each)")
    return True


def company_wide_grouping(r: Reading, ranked: bool) -> None:
    """A grouping read from a loose cue ("what was staff utilisation across the whole company": "what" before the
    noun) gives way to the company's figure when the question says it is company-wide, nothing is ranked and no word
    asks per entity (``listed_words.LIST_ASKED``); a grouping step."""
    if ranked or r.grouping not in ("technician", "client", "product", "vendor", "segment") or r.filters.get(r.grouping) or r.share:
        return
    if LIST_ASKED.search(r.raw.lower()) is not None or not company_wide(r):
        return
    r.grouping, r.all_only = "company", None
