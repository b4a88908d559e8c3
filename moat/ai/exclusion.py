"""h65 (issue 15): a name left out of a figure ("revenue without Harbor", "GP excluding healthcare clients", "hours by
everyone but Tom", "non-healthcare clients", "licence cost ex-Microsoft").

Why: these were refused, or worse read as the positive filter on the very name the question leaves out (a confident
answer to the opposite question). A name is left out when the words right before it say so (an exclusion word, "non-",
"outside", "not in", "everyone but"), when the words right after it do ("Harbor excluded", "Harbor aside"), or when it
follows a left-out name in a list ("except Harbor and Meridian"). The reading keeps the names in ``Intent.excluded``;
``moat.ai.compile.exclusion`` turns them into the rest of the data's names before the figure is computed, so one total
covers the rest ("revenue without Harbor") and a list lists the rest ("clients other than Harbor by revenue").

"ex-Harbor" also means a former client: read as excluding when the name resolves, flagged (never sure)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from moat.ai.listed_words import KIND_NOUNS, LIST_ASKED, ONE_AMOUNT, REST_SUMMED_KINDS, SUBJECT
from moat.ai.other_cost_words import other_cost_words

if TYPE_CHECKING:
    from moat.ai.mentions import Mention
    from moat.ai.reading import Reading

# a kind's plural nouns and "everyone"-words: "all clients other than", "every segment except", "anyone but"
_KINDS = (r"(?:clients?|customers?|accounts?|segments?|sectors?|verticals?|industr(?:y|ies)|technicians?|techs?|"
          r"engineers?|people|staff|products?|vendors?|licen[cs]es?|tools?)")
_SCOPE = (r"(?:(?:all|every|each|any)\s+(?:(?:of\s+)?(?:the|our|my)\s+)?(?:other\s+)?" + _KINDS + r"|"
          r"every(?:one|body|thing)|any(?:one|body)|all(?:\s+the\s+rest)?)")
# words that leave the next name out; "but" / "bar" only after a scope ("everyone but Tom", "all clients bar Harbor")
_WORDS = (r"exclud(?:ing|e|ed)|excl\.?|except(?:\s+for)?|excepting|without|w/o|other\s+than|not\s+counting|"
          r"not\s+including|apart\s+from|aside\s+from|besides|beside|leaving\s+out|leave\s+out|leaving\s+aside|"
          r"setting\s+aside|omitting|ignoring|disregarding|discounting|sans|removing|dropping|taking\s+out|stripping\s+out|"
          # h105: a verb with "out" before the name ("strip out retail", "take out the legal segment", "cut out Harbor")
          r"(?:strip(?:s|ped)?|tak(?:e|es|en)|took|cut(?:s|ting)?|leav(?:e|es)|left|pull(?:s|ed|ing)?|carv(?:e|es|ed|ing)|"
          r"knock(?:s|ed|ing)?)\s+out|"
          r"ex\.?|but\s+not|minus|outside(?:\s+of)?|not\s+in|not\s+from|not\s+(?:for|with)|"
          r"(?:that|who|which)\s+(?:are|is|were|was)\s*n[o']?t(?:\s+(?:in|from))?|(?:are|is|were|was)n't(?:\s+(?:in|from))?")
# a bare plural before the words ("clients other than Harbor") is read, never blanked: it may be the grouping ("which
# clients other than Harbor lost money"); a quantified one ("every segment except") is the set, blanked
_LEAD = re.compile(r"(?:(?:\b(?P<scope>" + _SCOPE + r")\s+|\b(?P<bare>" + _KINDS + r")\s+)?\b(?:" + _WORDS + r")|"
                   r"\b(?P<but>" + _SCOPE + r"|" + _KINDS + r")\s+(?:but|bar|save)|"
                   r"\bnon-?|\bnon\s+)\s*(?:(?:the|our|my|any|all|of|those|them|that|these)\s+)*$")
# the same words after the name: "Harbor excluded", "with Harbor left out", "Harbor aside"
_TRAIL = re.compile(r"^\s*(?:(?:clients?|customers?|accounts?|ones|segment|sector|vertical)\s+)?(?:excluded|left out|"
                    r"aside|set aside|removed|taken out|stripped out|not (?:included|counted))\b")
# a verb before the name and its particle after: "leave Harbor out", "taking healthcare out", "set Tom aside"
_VERB = re.compile(r"\b(?:leav(?:e|ing)|tak(?:e|ing)|strip(?:ping)?|set(?:ting)?|put(?:ting)?|keep(?:ing)?|pull(?:ing)?|"
                   r"carv(?:e|ing))\s+(?:(?:the|our)\s+)?$")
_PARTICLE = re.compile(r"^\s*(?:(?:clients?|customers?|accounts?|ones|segment|sector|vertical)\s+)?(?:out|aside)\b")
# a further name of the same list: "except Harbor and Meridian", "excluding Harbor, Meridian"
_AND = re.compile(r"^\s*(?:,|and|&|or|nor|/|plus|as well as)\s*(?:(?:,|and)\s*)?(?:(?:the|our)\s+)?$")
# the noun after a segment's or a kind's name: "healthcare clients", "the healthcare ones", "healthcare segment"
_NOUN = re.compile(r"^\s*(?:clients?|customers?|accounts?|ones|segment|sector|vertical|industry|practices|businesses|"
                   r"companies|firms)\b")
_KINDS_SET = {m.group(0) for m in re.finditer(r"[a-z]+", "clients client customers customer accounts account technicians "
                                                  "technician techs tech products product vendors vendor segments segment")}
_EX = re.compile(r"(?<![\w-])ex(?:-|\.?\s)\s*[a-z]", re.IGNORECASE)
# "ex" itself, or the word "excluding" a previous rule wrote for "ex-" (lexicon.ABBREVIATIONS)
_EX_WRITTEN = re.compile(r"\b(?:excluding|ex\.?)\s*$")


def left_out(r: Reading, m: Mention, previous: tuple[int, int] | None) -> bool:
    """Whether the question leaves mention ``m`` out; if so it is recorded on ``r`` (``r.excluded``) with the words that
    said so marked as read. ``previous`` is the span of the name left out just before, if any."""
    if m.ambiguous:
        return False  # asked back first: which one to leave out
    before, after = r.text[:m.span[0]], r.text[m.span[1]:]
    lead = _LEAD.search(before) or _VERB.search(before) if _PARTICLE.search(after) else _LEAD.search(before)
    listed = previous is not None and _AND.search(r.text[previous[1]:m.span[0]]) is not None
    trail = _TRAIL.search(after) or (_PARTICLE.search(after) if lead is not None else None)
    if lead is None and not listed and trail is None:
        return False
    if lead is not None:
        groups = lead.groupdict()
        bare = lead.span("bare") if groups.get("bare") else lead.span("but") if groups.get("but") in _KINDS_SET else None
        scope = lead.span("scope") if groups.get("scope") else lead.span("but") if groups.get("but") else None
        if bare is None and scope is not None and _rest_listed(r, m.kind, scope):
            bare = scope  # h83: "hours for all techs other than Tom": the rest listed, per technician
            r.all_only = r.all_only or m.kind  # lead: listed, but flagged with their one total offered (readers split)
        if bare is not None and _one_amount(r):
            r.use(bare, blank=True)  # h83: "total GP from segments other than healthcare": one amount, not the list
        elif bare is not None:
            r.use(bare)
        r.use((bare[1] if bare else lead.start(), lead.end()), blank=True)
    if trail is not None:
        r.use((m.span[1] + trail.start(), m.span[1] + trail.end()), blank=True)
    elif (noun := _NOUN.search(after)) is not None:
        r.use((m.span[1] + noun.start(), m.span[1] + noun.end()), blank=True)
    if listed and previous is not None:
        r.use((previous[1], m.span[0]))
    r.excluded[m.kind] = tuple(dict.fromkeys(r.excluded.get(m.kind, ()) + m.names))
    r.confidence *= m.score
    r.use(m.span, blank=True)
    r.name_spans.append(m.span)
    said = " / ".join(m.names)
    r.reasons.append(f"left out {m.kind} {said}: the figure covers every other {m.kind}"
                     + (" (of the other filters)" if r.filters else ""))
    if _EX.search(r.raw) and lead is not None and _EX_WRITTEN.search(before):
        r.confidence = min(r.confidence, 0.6)
        r.reasons.append(f"'ex-' read as excluding {said}; if you meant a former {m.kind}, the data does not say who "
                         "left: ask about the name itself")
    return True


def _one_amount(r: Reading) -> bool:
    """A total word and no word that asks for a list: one amount over the rest, whatever kind noun names the rest."""
    said = r.raw.lower()
    return ONE_AMOUNT.search(said) is not None and LIST_ASKED.search(said) is None


def _rest_listed(r: Reading, kind: str, scope: tuple[int, int]) -> bool:
    """ "for all / every <kind> other than X" with no total word, the scope naming the kind of the name left out and not
    the subject of a verb ("what did all our customers except Harbor bring in" is what they did together): the list of
    the rest, the scope kept as the grouping."""
    noun = KIND_NOUNS.get(kind)
    if kind in REST_SUMMED_KINDS and LIST_ASKED.search(r.raw.lower()) is None:
        return False  # h96: "margin for all sectors bar legal", "billings of every account but Acme": one amount
    return noun is not None and noun.search(r.text[scope[0]:scope[1]]) is not None and not _one_amount(r) \
        and SUBJECT.search(r.text[:scope[0]]) is None


_SCOPED = re.compile(r"\b" + _SCOPE + r"\s+(?=(?:" + _WORDS + r"|but|bar|save)\b)")


def without_scope(text: str) -> str:
    """``text`` without the "every segment" of "every segment except healthcare": the set a name is left out of, not
    a grouping (the second look of ``moat.ai.agreement`` would read it as one)."""
    return _SCOPED.sub(lambda m: " " * len(m.group(0)), text)


_PREFIX = re.compile(r"^(?:un|non|in|im|ir|il|dis)-?")


def negation_dropped(word: str, fixed: str) -> bool:
    """A spelling fix that drops a negating prefix ("unbillable" -> "billable") turns the question into its opposite:
    never made."""
    m = _PREFIX.match(word)
    return m is not None and m.end() > 0 and not fixed.startswith(word[:m.end()]) \
        and word[m.end():m.end() + 4] == fixed[:4]


# h65: the direct costs with labour and licences left out are the third kind, other direct cost ("direct costs besides
# labour and licences", "what we spend apart from staff and software", "costs that aren't payroll or licensing")
_COSTS = (r"(?:(?:direct|client|delivery|service|total|all|our|the|of|other)\s+){0,3}(?:costs?|expenses?|spend(?:ing)?|"
          r"spent|cogs|cost of (?:sales|goods sold|revenue|services?))")
_LEFT = (r"(?:exclud(?:ing|e|ed)|excl\.?|except(?:\s+for)?|excepting|without|other\s+than|not\s+counting|not\s+including|"
         r"apart\s+from|aside\s+from|besides|beside|beyond|on\s+top\s+of|leaving\s+out|minus|less|outside(?:\s+of)?|"
         r"(?:that|which)\s+(?:are|is|were|was)\s*n[o']?t|(?:are|is|were|was)n't|not)")
_LABOUR = (r"(?:labor(?:\s+costs?)?|staff(?:\s+costs?)?|payroll|wages|salar(?:y|ies)|people(?:\s+costs?)?|"
           r"tech(?:nician)?s?(?:\s+(?:time|costs?|hours|wages))?)")
_LICENCE = r"(?:licen[cs](?:es?|ing)(?:\s+costs?)?|software|subscriptions?|seats?)"
_JOIN = r"\s*(?:,|and|or|&|/|plus|nor)\s*(?:(?:,|and)\s*)?(?:(?:the|our)\s+)?"
_MID = r"(?P<mid>(?:\s+(?!" + _LEFT + r")[\w'.-]+){0,5}?)"  # "what we spent last quarter apart from ..."
_OTHER_COSTS = re.compile(r"\b" + _COSTS + _MID + r"\s*,?\s+" + _LEFT + r"\s+(?:(?:the|our)\s+)?(?:" + _LABOUR + _JOIN
                          + _LICENCE + r"|" + _LICENCE + _JOIN + _LABOUR + r")\b")
_ONE_LEFT = re.compile(r"\b" + _COSTS + _MID + r"\s*,?\s+" + _LEFT + r"\s+(?:(?:the|our)\s+)?(?P<kind>" + _LABOUR + r"|"
                       + _LICENCE + r")\b")


# the same left first: "besides labour and licences, what did we spend last year"
_LEFT_FIRST = re.compile(r"\b" + _LEFT + r"\s+(?:(?:the|our)\s+)?(?:" + _LABOUR + _JOIN + _LICENCE + r"|" + _LICENCE + _JOIN
                         + _LABOUR + r")\b(?:\s+costs?)?(?=.*\b(?:costs?|expenses?|spen[dt]|spending|cogs)\b)")


# h78: both kinds negated one by one: "non-labour, non-licence costs", "other (non-payroll, non-software) expenses",
# "costs that are neither labour nor licences", "costs that were not labour and not licensing"
_NON = r"non-?\s?"
_PAIR = r"(?:" + _JOIN + r"|\s+)"  # "non-labour, non-licence": the comma is gone from the text
_NON_BOTH = re.compile(r"\b(?:other\s+)?(?:" + _NON + _LABOUR + _PAIR + _NON + _LICENCE + r"|" + _NON + _LICENCE + _PAIR + _NON
                       + _LABOUR + r")(?P<mid>(?:\s+(?:client|direct|business|operating))*)\s+(?:costs?|expenses?|spend(?:ing)?)\b")
_NEITHER = re.compile(r"\b" + _COSTS + r"\s+(?:(?:that|which)\s+)?(?:(?:are|were|is|was)\s+)?(?:neither|not)\s+(?:(?:the|our)\s+)?"
                      r"(?:" + _LABOUR + r"\s*,?\s+(?:nor|or|and\s+not|and|or\s+not)\s+(?:(?:the|our)\s+)?" + _LICENCE + r"|"
                      + _LICENCE + r"\s*,?\s+(?:nor|or|and\s+not|and|or\s+not)\s+(?:(?:the|our)\s+)?" + _LABOUR + r")\b")


def other_costs(text: str) -> str:
    """``text`` with "direct costs besides labour and licences" written as the measure it names: other direct costs."""
    text = other_cost_words(text)  # h96: "other-cost clients", "other costs (not labour, not licences)"
    text = _NON_BOTH.sub(lambda m: "other direct costs", text)
    text = _NEITHER.sub("other direct costs", text)
    text = _OTHER_COSTS.sub(lambda m: "other direct costs" + m["mid"], text)
    return _LEFT_FIRST.sub("on other direct costs", text) if "other direct costs" not in text else text


def one_cost_left_out(text: str) -> tuple[str, list[str]] | None:
    """(refusal, suggestions) for costs with only one of labour and licences left out ("costs excluding labour"): the
    other two kinds together, a sum no answer gives, so it is asked for by its parts, never answered as all costs."""
    m = _ONE_LEFT.search(text)
    if m is None:
        return None
    labour = re.fullmatch(_LABOUR, m["kind"]) is not None
    left, rest = ("labour", "licence cost and other direct costs") if labour else ("licences",
                                                                                   "labour cost and other direct costs")
    return (f"I can't give costs without {left} as one figure: direct costs are labour, licence and other direct "
            f"costs, and I answer each on its own. Ask for {rest} separately, or for every direct cost.",
            [f"What was our {rest.split(' and ')[0]} last quarter?", "What were our other direct costs last quarter?"])


_NON = re.compile(r"\bnon-?(?=([a-z0-9]+))")


def split_non(text: str, names: set[str] | frozenset[str], segments: tuple[str, ...] = ()) -> str:
    """ "non-Microsoft", "nonhealthcare" written "non Microsoft" when the word after is a name word or a segment of the
    data, so the name is found (and left out); "non-billable", "non-labor", "nonprofit" stay the words they are."""
    return _NON.sub(lambda m: "non " if m.group(1) in names or m.group(1) in segments else m.group(0), text)
