"""h107 (issue 15, heldout17): a ranking of EVERYONE ("rank everyone by hours worked", "sort the whole team by billable
utilisation", "put everybody in order of hours logged") with a measure technicians log is the technicians ranked, the
whole list. It was one company total at full confidence: "everyone" named no kind of entity, so the grouping fell back
to the company and the ranking words were left unanswered. People-words only ever mean the technicians (clients are
never "everyone on the team"); a measure technicians do not have (revenue, margin) is left to the other rules."""

from __future__ import annotations

import re

from moat.ai.catalogue import groupings_of
from moat.ai.reading import Reading

_RANK = re.compile(r"\b(?:rank|ranked|ranking|sort|sorted|order|ordered|league table)\b")
_PEOPLE = re.compile(r"\b(?:everyone|everybody|every(?: single)? person|each person|all of us|(?:the |our )?(?:whole |entire )?"
                     r"team(?: members)?|(?:all )?(?:the |our )?staff|all (?:the |our )?people|our people|the crew)\b")

# h127 (h121 A): each person's own figure asked without a rank word ("everyone's billable %", "utilisation for
# everybody", "how is everyone doing on hours"): the technicians listed, never the company's one figure (0.98); a word
# of one total ("total hours for everyone", "everyone together") keeps the company's
_EACH_PERSON = re.compile(r"(?:\b(?:everyone|everybody)(?:'s|’s)|\b(?:for|of) (?:everyone|everybody)\b|"
                          r"\bhow(?: is|'s| are)? (?:everyone|everybody)\b)(?!\s+(?:but|except|outside|excluding|other than|"
                          r"apart|besides|minus|else|not)\b)")
_ONE_TOTAL = re.compile(r"\b(?:total|combined|together|altogether|overall|sum|in all|as a whole|whole)\b|"
                        r"\bour (?:\w+ ){0,2}?(?:utili[sz]ation|hours|util)\b")  # "our utilisation for everybody": ours


def everyone_ranked(r: Reading) -> None:
    """Technicians, ranked (the whole list), for a ranking of everyone on a technician measure (module docstring); a
    grouping step, only where no noun chose a grouping or "staff" / "team members" chose the technicians."""
    if r.grouping is None and r.metric is not None and "technician" not in groupings_of(r.metric) and not r.filters \
            and (each := _EACH_PERSON.search(r.raw.lower())) is not None and not _ONE_TOTAL.search(r.raw.lower()):
        r.confidence *= 0.6  # h127: "everyone's margin": the company's figure, flagged; each client's is another ask
        r.reasons.append(f"'{each.group(0)}' read as the company's one figure; for each client's, ask it 'by client'")
        return
    if r.grouping not in (None, "technician") or r.metric is None or "technician" not in groupings_of(r.metric) or r.filters:
        return
    rank, people = _RANK.search(r.text), _PEOPLE.search(r.text)
    if rank is None and people is not None and (each := _EACH_PERSON.search(r.raw.lower())) is not None \
            and not _ONE_TOTAL.search(r.raw.lower()):
        rank = people  # h127 (h121 A): "everyone's hours", "how is everyone doing on utilisation": each technician
        r.reasons.append(f"'{each.group(0)}' read as each technician's figure")
    if rank is None or people is None:
        return
    r.use(rank.span())
    r.use(people.span())
    r.grouping = "technician"
    r.order = r.order or "desc"
    r.no_limit = r.no_limit or r.limit is None
    r.reasons.append(f"'{people.group(0)}' ranked: every technician, highest first unless asked otherwise")
