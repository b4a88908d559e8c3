"""h77 (issue 15): a question that joins an ask about the data to a forecast ("what did Harbor bill last month, and
what will they bill next month?", "hours last quarter + a projection for this one") answers the first and declines
the second.

Read whole, the forecast words refused it all, although half of it was answerable. The question is cut where its
clauses are joined ("and", "plus", "+", "also", "then", "as well as", "along with", a comma or a semicolon); each
clause with a future word (``lexicon.REFUSE_FUTURE`` / ``FUTURE_TENSE``) is dropped with its joiner, and what is left
is asked on its own. It is answered only when it stands as a question about the past: it names a period of its own,
it does not begin as the basis of the forecast ("based on ...", "given ...", "if ..."), and the parser answers it.
The answer is flagged (below the review threshold) and says plainly that no forecast is made. A question that is only
a forecast, or a forecast with the figures it would rest on, is refused as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from moat.ai import lexicon as lx
from moat.ai.forecast_words import forecast_asked  # h86: expectations ("should we expect")
from moat.ai.mentions import NameIndex, capitalised_words, fold
from moat.ai.numbers import normalise
from moat.ai.periods import find_period
from moat.ai.reading import Parse

# Where two clauses of one question are joined, as typed
_JOINER = r"(?:and|plus|also|then|as well as|along with|together with|&|\+)"
_JOIN = re.compile(r"\s*[,;]\s*(?:" + _JOINER + r"\s+)?|\s+" + _JOINER + r"\s+", re.IGNORECASE)
# A clause that states what a forecast would rest on, not an ask of its own
_BASIS = re.compile(r"^\s*(?:based on|base it on|given|using|from|judging by|going by|if|assuming|considering|looking at|"
                    r"extrapolat\w*|at (?:this|that|the current) (?:rate|pace)|with|compared|vs\.?|versus|than|against)\b",
                    re.IGNORECASE)
# A forecast clause that names what it rests on ("predict Q2 from the hours of Q1"): a clause joined after it lists more of
# that basis, never an ask of its own
_BASIS_INSIDE = re.compile(r"\b(?:from|based on|using|given|off|judging by|going by|considering|like|with)\b",
                           re.IGNORECASE)
_FLAGGED = 0.6  # below the review threshold: half the question is not answered
# A client or technician named only in the forecast half, referred to in the kept half by a pronoun ("what will Harbor
# bill next month, and what did they bill last month"): the kept half is asked with that name
_PRONOUN = re.compile(r"\b(?:they|them|their|theirs|it|its|he|him|his|she|her)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Half:
    """The answerable clauses of a question (``kept``) and the forecast clauses dropped from it."""

    kept: str
    dropped: tuple[str, ...]

    def declined(self, answered: Parse, raw: str) -> Parse:
        """The reading of ``kept``, as the answer to ``raw``: flagged, saying that the forecast is not made."""
        said = "; ".join(f"'{d}'" for d in self.dropped)
        reasons = [*answered.reasons, f"answered only '{self.kept}'; not the forecast ({said}): I report what your data "
                   "shows and make no forecasts"]
        return replace(answered, question=raw, confidence=min(answered.confidence, _FLAGGED), reasons=reasons,
                       read_as=self.kept)


def _forecast(clause: str) -> bool:
    text = fold(clause)
    return lx.REFUSE_FUTURE.search(text) is not None or lx.FUTURE_TENSE.search(text) is not None or forecast_asked(text)


def _names(clause: str, names: NameIndex | None) -> list[str]:
    """The clients and technicians a clause names, as written (one name each; ambiguous words left out)."""
    if names is None:
        return []
    text = fold(clause)
    return [text[m.span[0]:m.span[1]] for m in names.mentions(text, capitalised_words(clause))
            if m.kind in ("client", "technician") and len(m.names) == 1 and not m.ambiguous]


def answerable_half(raw: str, as_of: date, names: NameIndex | None = None) -> Half | None:
    """The clauses of ``raw`` that ask about the data when others ask for a forecast (module doc), else None."""
    if not _forecast(raw):
        return None
    parts = _JOIN.split(raw)
    joins = [m.group(0) for m in _JOIN.finditer(raw)]
    if len(parts) < 2:
        return None
    future = [_forecast(p) for p in parts]
    for i in range(1, len(parts)):  # "predict Q2 from the hours of Q1 and of last year's Q2": the basis, listed on
        future[i] = future[i] or (future[i - 1] and _BASIS_INSIDE.search(parts[i - 1]) is not None)
    if all(future) or not any(future):
        return None
    kept = parts[future.index(False)]
    for i in range(future.index(False) + 1, len(parts)):
        if not future[i]:
            kept += joins[i - 1] + parts[i]
    kept = kept.strip(" ,;-+&")
    if _BASIS.match(kept) or len(kept.split()) < 2 or find_period(normalise(fold(kept)), as_of) is None:
        return None
    dropped = tuple(p.strip(" ,;?.!") for p, f in zip(parts, future, strict=True) if f)
    if _PRONOUN.search(kept) and not _names(kept, names):
        named = [n for d in dropped for n in _names(d, names)]
        if named:
            kept = f"{kept.rstrip(' ?.!')} for {' and '.join(dict.fromkeys(named))}"
    return Half(kept, dropped)
