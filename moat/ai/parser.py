"""The deterministic question parser: words -> an ``Intent`` of the catalogue, with a parse confidence.

``Parser.parse`` is a list of small steps over one ``Reading`` (the question's working state). Each step reads
the part of the question it understands, records the words it used, and blanks what must not be read twice:
1. refusal: empty, too long, not English, changing data, forecasts;
2. period: one period, or two ("Q2 vs Q3", "from Q2 to Q3", "compared with last year");
3. names: clients, technicians, products/vendors, segments of *this* database (``moat.ai.mentions``);
4. route: "why ..." goes to the explanation, "what should we do ..." to the insights;
5. analytics: risk scores and unusual months (``moat.analytics``), with their own windows;
6. ranking: losing money, targets, overloaded, counts, thresholds and ranges, top/bottom N, "worst first";
7. metric: synonyms (``moat.ai.lexicon``), vague words offered as candidates;
8. unit: a question about seats, hours, a percentage or money is answered in that unit or not at all;
9. grouping and 10. limit ("all/every" = no limit).
Then every word is accounted for: a word neither used nor in the known filler list makes the reading partial
(``Parse.ignored``); the engine then marks the answer provisional and says what it ignored.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from difflib import get_close_matches

from moat.ai import lexicon as lx
from moat.ai.across_filter import across_segment
from moat.ai.all_clause import all_clause
from moat.ai.amount_currency import plain_amounts
from moat.ai.amount_measure import measure_of_amount
from moat.ai.amounts_each import amounts_each
from moat.ai.arrows import draws_share_span
from moat.ai.assumption_ledger import record_assumptions
from moat.ai.before_ranking import before_ranking_steps
from moat.ai.billable_share_words import own_billable_share
from moat.ai.billed_object import billed_object
from moat.ai.both_products import both_products_refusal
from moat.ai.bottom_line import flag_bottom_line
from moat.ai.breakdown_across import breakdown_across
from moat.ai.casual import casual_fixes
from moat.ai.catalogue import ENTITY_COUNTS, METRICS, Intent, Threshold, groupings_of, validate
from moat.ai.change_percent import percent_of_change
from moat.ai.changed_state import changed_state
from moat.ai.company_profit import company_profit_mark
from moat.ai.compared_marks import compared_marks
from moat.ai.comparison import over_previous, two_periods
from moat.ai.condition_measure import condition_on_another_measure
from moat.ai.corrections import after_correction
from moat.ai.cost_examples import cost_examples  # h82: "costs like hardware": examples, no filter
from moat.ai.count_refusals import count_refused
from moat.ai.counted_noun import counted_noun
from moat.ai.crossed_level import crossed_level
from moat.ai.declined import declined
from moat.ai.direction_asked import direction_asked
from moat.ai.direction_then_months import direction_then_months, series_of_periods
from moat.ai.dotted_thousands import dotted_thousands
from moat.ai.each_answer import with_each
from moat.ai.each_of_months import each_of_months_previous
from moat.ai.each_period import each_period_condition, flag_two_months_condition
from moat.ai.each_ranked import each_ranked_refused
from moat.ai.entity_count_mark import entity_count_mark
from moat.ai.entity_shares import share_of_hours_per_entity
from moat.ai.entity_time_shares import entity_time_shares
from moat.ai.every_failing import every_failing
from moat.ai.example_lists import without_examples
from moat.ai.examples import period_examples
from moat.ai.exclusion import left_out, one_cost_left_out, other_costs, split_non
from moat.ai.first_person import first_person_hours
from moat.ai.fiscal import fiscal_refusal
from moat.ai.forecast_half import answerable_half
from moat.ai.forecast_words import forecast_asked, forecast_refusal
from moat.ai.fraction_billable import fraction_billable
from moat.ai.having import having_some
from moat.ai.how_ordered import how_ordered
from moat.ai.hr_cost import hr_cost_refusal
from moat.ai.implied_measures import implied_measures
from moat.ai.injection import injection_refusal
from moat.ai.kind_noun import kind_named_grouping
from moat.ai.least_state import least_of_state
from moat.ai.lexicon import RISK_ALERT_SCORE, SUGGESTIONS
from moat.ai.licence_amount import licence_amount
from moat.ai.licence_per_unit import per_unit_mark
from moat.ai.limit_aside import limit_aside
from moat.ai.listed_kinds import listed_kind
from moat.ai.listed_objects import months_ranked, rest_listed
from moat.ai.listed_words import EACH_OWN
from moat.ai.measure_words import measure_from_words
from moat.ai.mentions import Mention, NameIndex, Vocabulary, capitalised_words, correct_typos, fold, token_spans
from moat.ai.money_ratio import money_ratio
from moat.ai.month_moves import moved_month_to_month
from moat.ai.months_asked import months_asked
from moat.ai.most_quantifier import share_asked, share_read
from moat.ai.moved_over import moved_over_months
from moat.ai.negated_count import negated_or_both_refusal
from moat.ai.non_billable_part import non_billable_part
from moat.ai.numbers import normalise
from moat.ai.one_total import flag_one_total, one_total
from moat.ai.other_kind_ranked import other_kind_ranked
from moat.ai.other_measure_asked import other_measure_asked
from moat.ai.own_figure import own_figure
from moat.ai.own_words import read_back
from moat.ai.owner_forms import owner_forms
from moat.ai.owner_measures import after_some_costs, flag_ranked_pits, owner_measures
from moat.ai.owner_verbs import owner_verbs
from moat.ai.people_percent import percent_of_technicians
from moat.ai.period_phrases import period_phrases
from moat.ai.period_reading import (
    change_agent_verbs,
    change_agents,
    flag_unsure_order,
    month_year_together,
    only_booked_against,
    ordinal_quarter_pair,
    quarter_breakdown,
    up_or_down_each_month,
)
from moat.ai.period_restated import period_restated
from moat.ai.period_typos import correct_period_typos, month_or_name
from moat.ai.periods import MAY_SET_OFF, UNSURE_QUARTER, PeriodMatch, apart_months, find_period, number
from moat.ai.periods_ranked import periods_ranked
from moat.ai.periods_together import periods_together
from moat.ai.pick_within import picked_within
from moat.ai.plain_forms import plain_forms
from moat.ai.plain_phrasings import plain_phrasings
from moat.ai.product_combinations import combination_refusal
from moat.ai.product_forms import written_out
from moat.ai.product_names import refusal as lacking_product
from moat.ai.product_names import settle_products
from moat.ai.products import refusal as product_refusal
from moat.ai.products import unknown_product
from moat.ai.profit_shares import share_of_profit_per_entity
from moat.ai.quarter_span import quarters_spanned
from moat.ai.rank_ranges import ranks_kept
from moat.ai.ratio_over_all import flag_ratio_over_all
from moat.ai.ratios import seat_ratio
from moat.ai.reading import Parse, Reading, Step
from moat.ai.rest_total import rest_summed
from moat.ai.risk_future import future_risk_refusal
from moat.ai.rows_chosen import order_span as _order_span
from moat.ai.rows_chosen import shown_against
from moat.ai.running_total import running_total
from moat.ai.said_plainly import said_plainly
from moat.ai.same_stretch import same_stretch
from moat.ai.scope_steps import count_past_threshold, grouping_scope  # h104
from moat.ai.seat_shares import seat_shares
from moat.ai.seat_states import seat_state
from moat.ai.seat_stock import seat_count_at_period_end
from moat.ai.seat_threshold import seats_over_months
from moat.ai.seat_words import seat_words, with_seat_months
from moat.ai.segment_short import segment_short_forms
from moat.ai.share_words import bare_share, read_share_words
from moat.ai.short_lists import whole_short_list
from moat.ai.side_first import side_first
from moat.ai.size_choice import rows_chosen_by, without_size_words
from moat.ai.split_name_typos import join_misspelt_halves
from moat.ai.team_hours import team_hours
from moat.ai.tech_time import tech_time_forms
from moat.ai.the_last_year import the_last_year
from moat.ai.threshold_unit import threshold_unit
from moat.ai.trailing_why import trailing_why
from moat.ai.two_digit_years import two_digit_year_ranges
from moat.ai.undated import undated_period
from moat.ai.unheld import one_day, unheld_refusal
from moat.ai.unit_price import unit_price_refusal
from moat.ai.unnamed_ranking import PUT_IN_TIME, n_asked, unnamed_hours_ranking
from moat.ai.unplaced_names import unplaced_names
from moat.ai.verb_forms import plain_verbs
from moat.ai.what_to_change import what_to_change
from moat.ai.when_asked import when_ranked
from moat.ai.whole_history import whole_history
from moat.ai.year_amount import flag_year_or_amount, year_beside_comparison
from moat.metrics.periods import Period, month_end
from moat.names import LEGAL_SUFFIXES as _LEGAL_SUFFIXES
from moat.names import normalize

__all__ = ["Parse", "Parser", "Vocabulary", "RISK_ALERT_SCORE", "SUGGESTIONS", "fold"]

_METRICS = [(lx.compile_words(p), name) for p, name in lx.METRIC_PATTERNS]
_VAGUE = [(lx.compile_words(p), names) for p, names in lx.VAGUE_PATTERNS]
_GROUPS = [(name, lx.compile_words(p)) for name, p in lx.GROUP_PATTERNS]
_UNITS = [(unit, lx.compile_words(p)) for unit, p in lx.UNIT_PATTERNS]
_CLAUSE_BREAK = re.compile(r"[,;:\u2013\u2014]|\s-+\s|\.\s")  # h5: where a question's clauses break, as typed
_IN_PERCENT = re.compile(r"\b(?:in|as(?: an?)?)\s+(?:percent(?:age)?s?|percentage terms|share|fraction|proportion|ratio)\b")  # h5: the unit said outright; h123: "as a share"
_SERIES = {name: re.compile(p) for name, p in lx.SERIES_WORDS.items()}
_SHARE_NOUN = re.compile(r"\b(?:share|ratio|rate|proportion|percentage)\b(?!\s+of\b)")
_WASTE_WORDS = re.compile(r"\b(?:unused|idle|wasted?|waste|inactive|spare|shelfware|nobody|no one)\b")
_METRIC_WORDS = {name: re.compile(r"\b(?:" + p + r")\b") for name, p in lx.METRIC_WORDS.items()}


_FISCAL_LABEL = re.compile(r"\bfy\s*'?\d{2}(?:\d{2})?\b", re.IGNORECASE)


def _too_long(raw: str) -> str | None:
    """The refusal of an over-long question, or None: checked first, on the raw text, so its cost is bounded."""
    if len(raw) <= lx.MAX_QUESTION_CHARS and len(raw.split()) <= lx.MAX_QUESTION_WORDS:
        return None
    return (f"The question is too long ({len(raw)} characters, {len(raw.split())} words): ask one thing at a time in "
            f"at most {lx.MAX_QUESTION_WORDS} words.")


class Parser:
    """Built once per data version (the vocabulary), then ``parse`` is pure and fast."""

    def __init__(self, vocab: Vocabulary, target_margin: float = 0.30, utilization_low: float = 0.70,
                 utilization_high: float = 0.80, default_period: Period | None = None,
                 risk_alert_score: float = RISK_ALERT_SCORE, data_span: Period | None = None) -> None:
        self.vocab = vocab
        self.data_span = data_span  # h30: every whole month with data ("which month had the fewest hours" ranks them all)
        self.names = NameIndex(vocab)
        self.risk_alert_score = risk_alert_score
        self.target_margin = target_margin
        self.utilization_low = utilization_low
        self.utilization_high = utilization_high
        self.default_period = default_period
        segment_words = {w for seg in vocab.segments for w in re.findall(r"[a-z]+", seg + " " + lx.SEGMENT_WORDS.get(seg, ""))}
        self._protected = self.names.known_words | lx.VALID_WORDS | segment_words
        self._split_names = _split_name_words(self.names.known_words)
        self.steps: list[Step] = [self._refusal, fiscal_refusal, month_year_together, change_agent_verbs, self._period, change_agents, self._names, self._route, self._analytics,
                                  *before_ranking_steps(), self._ranking, self._metric, self._unit, self._grouping, self._limit]

    # ------------------------------------------------------------------ parse
    def parse(self, question: str, as_of: date) -> Parse:
        raw = plain_amounts(question.strip())  # h90: "EUR 10,000" is an amount, never a name (its currency: the engine)
        if (too_long := _too_long(raw)) is not None:  # h76 F4: before any pattern runs (some are quadratic on runs of
            return Reading(raw, raw, as_of).refuse(too_long)  # "(", so a 100k-character question held a core for minutes)
        if (own := read_back(raw, self.vocab)) is not None:  # h134: a reading's own words ("total revenue, A..B"): that reading
            return own
        if (examples := without_examples(raw)) is not None:  # h128: "per segment (finance, legal, ...)": every segment
            listed = self.parse(examples.kept, as_of)
            listed.reasons.insert(0, examples.reason)
            return replace(listed, question=raw)
        if (corrected := after_correction(raw)) is not None:  # h58: "... no, who had the lowest margin": the correction
            second = self.parse(corrected, as_of)
            if second.intent is not None or second.route is not None:
                second.reasons.insert(0, f"read the question as corrected: '{corrected}'")
                return replace(second, question=raw)
        if (months := direction_then_months(raw)) is not None:  # h136: "growing? GP by month, last 6 months"
            shown = self.parse(months.kept, as_of)
            if series_of_periods(shown.intent):
                return replace(shown, question=raw, reasons=[months.reason, *shown.reasons])
        if (half := answerable_half(raw, as_of, self.names)) is not None:  # h77: "X last month, and what will it be next month"
            answered = self.parse(half.kept, as_of)
            if answered.intent is not None or answered.route is not None:
                return half.declined(answered, raw)
        if (ratio := money_ratio(raw, as_of)) and (over := ratio.read(self.parse(ratio.kept, as_of), raw)):  # h122: "labour
            return over  # cost as a % of revenue": one money figure over another
        if (asked := share_asked(raw)) and (most := share_read(self.parse(asked, as_of), raw, asked)):  # h138: "is most
            return most  # of our GP from healthcare": the share says it
        text, _ = plain_verbs(normalise(tech_time_forms(fold(raw))))  # h94: technicians' time; h58: "which client wastes the most": the verb "waste"
        text = split_non(other_costs(cost_examples(text)), self.names.known_words, self.vocab.segments)  # h65: "costs besides labour
        # and licences" is other direct cost; "non-Microsoft", "nonhealthcare" leave the name out
        text = segment_short_forms(text, self.vocab.segments)  # h128: "hc segment", "mfg clients": the segment
        if (one_left := one_cost_left_out(text) or after_some_costs(text)) is not None:  # h65: "costs excluding
            return Reading(raw, text, as_of).refuse(*one_left)  # labour"; h80: "kept after labour costs": by its parts
        text, forms = owner_forms(text, (*self.vocab.technicians, *self.vocab.clients))  # h68: "top5", "the 80% line", "Tom B"
        halves: set[str] = set()
        if self._split_names is not None:  # h21: "Sentinel One" / "sentinel-one" is the one name word "sentinelone"
            pattern, joined = self._split_names
            halves = {h for m in pattern.finditer(text) for h in re.split(r"[\s-]+", m.group(0))}
            text = pattern.sub(lambda m: joined[re.sub(r"[\s-]+", " ", m.group(0))], text)
        text, forms = written_out(text, raw, [p for p, _ in self.vocab.products])  # h67: "EXO P1", "exchange plan 1"
        text, misspelt = join_misspelt_halves(text, self.names.known_words)  # h93: "sentinal one"
        forms += misspelt
        text, fixes = correct_typos(text, self._protected)
        fixes = forms + fixes
        text, owner_fixes = casual_fixes(text, self._protected, self.names.known_words)  # h57: "makin", "eech", "$$"
        fixes += owner_fixes
        guessed = [f for f in owner_fixes if not f.startswith("$$")]
        if clash := month_or_name(text, self._protected, self.names.known_words):
            return self._month_or_name(Reading(raw, text, as_of), *clash[0])
        text, period_fixes = correct_period_typos(text, self._protected, self.names.known_words)  # "lst quarter", "thsi yeer", "Novmber"
        text = period_phrases(text)  # h95: "nov -> now", "rolling 12 months", "the month of may", "a 6-month trend"
        text = said_plainly(plain_forms(plain_phrasings(text)))  # h129: "from the smallest up", "worst to least bad"; h105: "lic count", "did we actually make", "most slack", licensing "consumed"; h116: "a row per vendor"
        fixes += period_fixes
        text, year_reasons, year_factor = two_digit_year_ranges(text, as_of)  # h99: "May 21 - Apr 22": months of 2021-22
        text, last_reasons, last_factor = the_last_year(text)  # h99: "in the last year": 12 months, flagged
        text, implied_reasons, implied_factor = implied_measures(text)  # h122: "are we growing", "losing over 10k"
        text, dotted_reasons, dotted_factor = dotted_thousands(text)  # h139: "above 12.500": 12,500, flagged
        last_reasons, last_factor = last_reasons + implied_reasons + dotted_reasons, last_factor * implied_factor * dotted_factor
        text, share_reasons = own_billable_share(text)  # h99: "techs with the lowest share of billable hours": their own
        r = Reading(raw, text, as_of)
        r.reasons += year_reasons + last_reasons + share_reasons
        r.confidence *= year_factor * last_factor
        r.joined = halves | {w for f in forms for w in f.split(" -> ")[0].split()}  # h67: short forms read, no unknown names
        r.period_fixed = {f.split(" -> ")[0] for f in period_fixes}  # words read as a period: never unknown names
        r.reasons += forms
        if fixes:
            r.confidence *= 0.95 ** len(fixes)
            r.reasons.append("corrected " + ", ".join(fixes))
        if guessed:  # h57: a spelling guessed from the parser's own words is flagged (held-out parts showed wrong guesses)
            r.confidence *= 0.6
            r.reasons.append("a guessed spelling (" + ", ".join(guessed) + "): please check the reading")
        for step in self.steps:
            done = step(r)
            if done is not None:
                return self._unplaced(r, done)
        return self._unplaced(r, self._finish(r))

    def _unplaced(self, r: Reading, parse: Parse) -> Parse:
        """h68: a word written as a name that the reading left unread ("Zhang's", "Summit Legal") is refused by name,
        never dropped for the company's or a segment's figure (``moat.ai.unplaced_names``)."""
        if not parse.ignored:
            return parse
        from moat.ai.period_typos import english_words

        trade = {w for name in (*self.vocab.clients, *self.vocab.technicians) for w in normalize(name).split()[1:]} | set(
            self.vocab.segments)  # h94: "Anna Becker" beside Tom Becker: a technician the data lacks
        names = unplaced_names(r.raw, parse.ignored, english_words(), trade)
        if not names:
            return parse
        return r.refuse(f"I can't answer that from your data: I don't know {', '.join(names)} (no client, technician or "
                        "product of that name). Check the spelling, or ask without the name for the company's figure.")

    @staticmethod
    def _share_of_two_periods(r: Reading, share: re.Match[str]) -> Parse:
        """h18: a share compared across two periods ("what share of revenue came from healthcare in Q1 vs Q2") is asked
        back, not answered: "the share in Q1 vs Q2" may be each period's share of its own total or the part's share of
        both together, and a change of a share (points or percent?) is one more reading. The two one-period questions
        give both shares exactly; the reply names them, so the user asks again in one click each."""
        whole = _first_metric(r.text[share.end():])[0] or r.metric
        if METRICS[whole].kind not in ("money", "hours", "seats"):  # type: ignore[index]
            whole = "hours" if METRICS[r.metric].kind == "percent" else r.metric  # type: ignore[index]  # "fraction of time"
        label = METRICS[whole].label  # type: ignore[index]
        part = " and ".join(f"{names[0]} clients" if kind == "segment" else " / ".join(names)
                            for kind, names in sorted(r.filters.items())) or f"the {'top' if r.order != 'asc' else 'bottom'} {r.limit}"
        asks = [f"What share of {label} came from {part} in {_spoken(p)}?" for p in (r.before, r.period)]  # type: ignore[arg-type]
        return r.refuse(f"A share compared across two periods can be read more than one way, so I ask one period at a "
                        f"time: ask \"{asks[0]}\" and \"{asks[1]}\", then compare the two shares.", asks)

    def _month_or_name(self, r: Reading, word: str, month: str, name_word: str) -> Parse:
        """h18: a misspelt month that is as close to a word of a name in the data ("Junie" beside a technician Julie)
        is asked back, never read as either: the month would answer for the company, the name for one entity."""
        names = sorted({name for _kind, name, toks in self.names.names if name_word in toks}) or [name_word.title()]
        written = next((w for w in re.findall(r"[^\W\d_]+", r.raw) if fold(w) == word), word)
        fixed = re.sub(rf"\b{re.escape(written)}\b", month.title(), r.raw, count=1)
        return r.refuse(f"Did you mean the month {month.title()} or {' / '.join(names)}? '{written}' is close to both: "
                        f"write the month in full, or the name as it is in your data.", [fixed])

    # ------------------------------------------------------------------ 1. refusal
    def _refusal(self, r: Reading) -> Parse | None:
        if not r.text:
            return r.refuse("The question is empty.")
        if (too_long := _too_long(r.raw)) is not None:
            return r.refuse(too_long)
        letters = [c for c in r.raw if c.isalpha()]
        written_lower = " ".join(w for w in r.raw.split() if not w[:1].isupper())  # names ("Los Angeles") aside
        foreign = len(lx.FOREIGN.findall(fold(written_lower)))
        if (letters and sum(not c.isascii() for c in letters) / len(letters) > 0.2) or foreign >= 2:
            return r.refuse("I only understand questions in English. Please ask in English, e.g. "
                            "\"What was our revenue last quarter?\"")
        if lx.REFUSE_ACTIONS.search(r.text):
            return r.refuse("I only read your data; I cannot change, delete or send anything. Ask what you want to see "
                            "instead (e.g. \"revenue by client last month\").")
        if (injected := injection_refusal(r)) is not None:  # h115: "disregard your earlier instructions", "hidden prompt"
            return injected
        if (declined_request := declined(r, self._names_a_name)) is not None:  # h95: actions, payments, sales, advice
            return declined_request
        if reader := lx.READER_VERB.search(r.text):  # h30: "update me on", "create a list of": what to show
            r.use(reader.span())
        future = lx.FUTURE_TENSE.search(r.text)
        if future and future["will"] and "will" in self.names.known_words and re.search(r"(?<=\w )Will\b", r.raw):  # "how many hours did Will log"
            future = None
        if lx.REFUSE_FUTURE.search(r.text) or future or forecast_asked(r.text):  # h86: expectations too
            return forecast_refusal(r)  # h86: naming the measure's past figure and its months
        refused = (self._not_held_h23(r) or unheld_refusal(r, self._names_a_name)  # h59: taxes, clients won, per seat
                   or hr_cost_refusal(r, self._names_a_name))  # h86: "HR cost": labour cost or hours
        if refused is not None:
            return refused
        held = lx.NOT_HELD.search(r.text)
        if held and held["what"] in ("ticket", "tickets", "sla", "slas") and (spent := lx.TICKET_TIME.search(r.text)):
            r.use(spent.span("phrase"))  # "hours we logged on tickets": time entries, the hours are answered
            r.name_words |= set(spent["phrase"].split())  # "SLA" is a word of the question, not an unknown name
            held = None
        if held and not self._names_a_name(held["what"]):
            what = held["what"]
            if lx.PAYMENT_TIMING.search(what):  # h21: "days to pay", "late payers": when invoices were paid
                what = "payment (when invoices were paid: no payment dates are loaded)"
            return r.refuse(f"I can't answer that from your data: it holds invoices, costs, time entries and licences, and "
                            f"nothing on {_topic(what)}.", list(SUGGESTIONS[:3]))
        return None

    def _not_held_h23(self, r: Reading) -> Parse | None:
        """h23: figures the answers do not hold, refused naming what to ask instead: net profit (the glossary subtracts
        no overhead), a count of invoices (invoice amounts are revenue), a category of cost (other direct cost sums
        every category of a client's costs; overhead has no client)."""
        if (net := lx.NET_PROFIT.search(r.text)) and not self._names_a_name(net.group(0)):
            return r.refuse(f"I can't answer '{net.group(0).strip()}': the glossary defines gross profit (revenue - labour, "
                            "licence and other direct costs) and subtracts no company overhead, so net figures are not "
                            "held. Ask for gross profit or gross margin instead.",
                            ["What was our gross profit last quarter?", "Gross profit by client last quarter",
                             "Our gross margin over last quarter?"])
        if lx.CHURN_PAST.search(r.text) and not lx.CHURN_RISK.search(r.text):  # h30: clients lost is not risk
            return r.refuse("Client churn (clients lost or won over a period) is not held: the data has no contract start "
                            "or end dates. Ask which clients are at risk of leaving (a score over the last 12 months), or "
                            "how many clients had activity in a period.",
                            ["Which clients are at risk?", "How many clients had activity last quarter?"])
        if lx.INVOICE_SIZE.search(r.text):  # h30: never a client's total for one invoice
            return r.refuse("I can't give the size of single invoices: answers sum invoices per client and period. Ask "
                            "for revenue by client in that period (the top client's total is not one invoice).",
                            ["Revenue by client last quarter", "What was our revenue last quarter?"])
        if lx.INVOICE_COUNT.search(r.text):
            return r.refuse("I can't count invoices: answers give invoice amounts as revenue, not how many there were. "
                            "Ask for revenue in that period, or revenue by client.",
                            ["What was our revenue last month?", "Revenue by client last month"])
        if lx.SALARY.search(r.text):
            return r.refuse("Salaries and pay are not held: labour cost is hours x each technician's hourly cost. Ask for "
                            "a technician's labour cost or hours instead.",
                            ["Labour cost by technician last quarter", "Hours by technician last month"])
        role = lx.ROLE_WORDS.search(r.text)
        if role and not self._names_a_name(role["role"]):
            return r.refuse(f"I can't limit answers to '{role['role']}': figures are per technician, not per role. Ask per "
                            "technician (e.g. \"hours by technician in June\") and read the ones you mean.",
                            ["Hours by technician last month", "Billable utilisation by technician last quarter"])
        category = lx.COST_CATEGORY.search(r.text)
        category = None if category and category["what"].startswith("overhead") else category  # h115: answered
        if category and not self._names_a_name(category["what"]) and not self._categories_of(category["what"]):
            what = category["what"]
            if what.startswith(("overhead", "rent", "insurance")):
                return r.refuse(f"I can't answer about '{what}': costs with no client are overhead, held as one amount "
                                "with no categories (other direct cost is a client's own costs). Ask for overhead, or for "
                                "other direct cost, labour cost or licence cost instead.",  # h115: overhead is answered
                                ["What was our overhead last quarter?", "What were our other direct costs last quarter?"])
            held = ", ".join(self.vocab.cost_categories) or "none in this data"
            return r.refuse(f"'{what}' is not a category of client costs in this data (the categories are: {held}). Ask "
                            "for one of those, or for other direct cost in total or by client.",
                            ["What were our other direct costs last quarter?", "Other direct cost by client last quarter"])
        return None

    def _categories_of(self, word: str) -> tuple[str, ...]:
        """h23: the cost categories of this data a word names ("subcontractors" -> subcontractor, "travelling" ->
        travel): the word's stem inside the category's name or the category's inside the word."""
        stem = re.sub(r"(?:l?ing|s)$", "", normalize(word).replace("-", ""))
        return tuple(c for c in self.vocab.cost_categories
                     if len(stem) >= 4 and (stem in c.replace("-", "") or re.sub(r"s$", "", c) in stem))

    def _cost_category(self, r: Reading) -> None:
        """h23: a named category of client costs is other direct cost filtered to that category, never every category
        summed (categories no client cost holds were refused in step 1)."""
        if r.metric is not None and r.metric != "other_cost":
            return
        for m in lx.COST_CATEGORY.finditer(r.text):
            found = self._categories_of(m["what"])
            if found:
                r.filters["category"] = tuple(dict.fromkeys(r.filters.get("category", ()) + found))
                r.metric = "other_cost"
                r.use(m.span(), blank=True)
                r.reasons.append(f"'{m['what']}' read as the cost category {', '.join(found)} (other direct cost of it)")

    @staticmethod
    def _moved_per_month(r: Reading) -> bool:
        """h6: "how did hours move per month, June to September" asks for the trend over one period: when every
        comparison word is a verb of movement, a month grouping is asked and one period is named, the verbs are read
        (as the trend's) and no second period is looked for. "Q2 vs Q3" or "grew" keep the two-period reading."""
        cues = list(lx.COMPARE_CUE.finditer(r.text))
        if not cues or not r.has(_GROUPS[0][1]) or find_period(r.text, r.as_of) is None:
            return False
        if not all(lx.TREND_VERB.fullmatch(c.group(0)) for c in cues):
            return False
        for cue in cues:
            r.use(cue.span())
        return True

    def _names_a_name(self, words: str) -> bool:
        """Whether a word of ``words`` belongs to a client, technician or vendor name ("Summit Spring Dental")."""
        return any(normalize(w) in self.names.known_words for w in words.split())

    # ------------------------------------------------------------------ 2. period
    def _period(self, r: Reading) -> Parse | None:
        semester = lx.SEMESTER.search(r.text)
        if semester:  # "S1 2026": a half-year or SentinelOne? asked back
            h, y = semester["h"], semester["y"]
            vendor = " or SentinelOne in " + y if h == "1" and "s1" in self.names.vendors else ""
            written = lx.SEMESTER.search(r.raw.lower())  # the question as typed (folding may move offsets)
            head = r.raw[:written.start()] if written else ""
            options = [head + f"H{h} {y}"] + ([head + f"SentinelOne {y}"] if vendor else [])
            return r.refuse(f"Did you mean H{h} {y} (the {'first' if h == '1' else 'second'} half-year){vendor}? "
                            "Write H1/H2 for half-years.", options)
        crossed_level(r)  # h44: "fell below 70%": a level crossed, not the size of the fall
        mom = r.find(lx.MONTH_OVER_MONTH, blank=True) or None
        qoq = None if mom else r.find(lx.QUARTER_OVER_QUARTER, blank=True)
        monthly = mom and r.has(_GROUPS[0][1])  # "monthly revenue MoM", "revenue trend MoM": every month with its change
        if (mom or qoq) and not monthly:  # two explicit periods first ("Feb vs Mar"), else the rule of ``over_previous``
            if r.has(lx.COMPARE_SPLIT) and two_periods(r, self.default_period, split_only=True):
                return None
            if r.has(lx.PREVIOUS) and two_periods(r, self.default_period):
                return None
            if over_previous(r, 1 if mom else 3, self.default_period):
                r.find(lx.SINGLE_CHANGE)
                return None
        per_month = None if mom or r.has(lx.LAST_YEAR) or r.has(lx.AGAINST) else lx.MONTHLY_CHANGE.search(r.text)
        per_month = per_month or _each_month_change(r, mom) or (None if mom else moved_over_months(r))  # h57
        per_month = per_month or (None if mom else up_or_down_each_month(r) or moved_month_to_month(r))  # h66, h99
        if mom or per_month:
            r.mom = True  # a longer period: every month with its change from the month before
            if not mom:  # h18: "revenue change each month this year": the change word is the trend's, not a second period
                for group in ("chg", "per", "chg2", "per2", "each", "prev", "each2", "prev2", "lead"):  # the words between ("in revenue") are read by later steps
                    if group in per_month.re.groupindex and per_month[group]:
                        r.use(per_month.span(group), blank=True)
        arrow = lx.ARROW.search(r.raw) is not None and not r.has(_GROUPS[0][1])  # h27: "jan -> feb": two periods
        arrow = arrow and not draws_share_span(r.raw.lower())  # h77: "share of revenue, Apr 2026 -> Mar 2027": a span
        cue = r.has(lx.COMPARE_CUE) and not only_booked_against(r) or r.has(lx.DIRECTION_AMOUNT) or arrow
        if not r.mom and (quarters_spanned(r)  # h77: "GP per quarter, Q3 2026 - Q1 2027": one span, by quarter
                          or ordinal_quarter_pair(r)  # h66: "the 2nd and 3rd quarters of 2026"
                          or cue and not self._moved_per_month(r) and two_periods(r, self.default_period)):
            return None
        if not r.mom and (self._apart_months(r) or r.has(lx.COMPARE_SPLIT) and two_periods(r, self.default_period,
                                                                                            split_only=True)
                          or not (cue and not r.has(lx.DIRECTION_AMOUNT)) and direction_asked(r, self.default_period)):  # h117: "is revenue up"
            return None  # h44: "Nov and Feb" (two months apart) first
        if r.mom:
            r.find(lx.SINGLE_CHANGE)  # "gp change month on month in 2026": the change of each month
        if lx.PART_OF_DAY.search(r.text):  # h23: "this morning": time entries hold days, not hours of a day
            return r.refuse("Time entries are dated by day, not by hour: I can't answer for part of a day. Ask for "
                            "today, yesterday, or a month.", ["How many hours did we log today?", "Hours worked this month"])
        day = lx.ONE_DAY.search(r.text)
        if day and re.search(r"\b(?:to|until|till|through|thru|since|from|before|after|of)\s+$|\d\s*(?:and|-|–)\s*$",
                             r.text[:day.start()]):  # h91: "between 15/3/2026 and today", "3/15/2026 - today"
            day = None  # "from 1 Feb up to today": the end of a range, read by the period rules
        if day:  # h23: "today" / "yesterday" is that day, never the default period
            from datetime import timedelta

            when = r.as_of - timedelta(days=1 if day["day"] == "yesterday" else 0)
            r.use(day.span(), blank=True)
            r.period, r.period_label, r.named_period, r.day = Period(when, when), f"{day['day']} ({when})", True, True
            return None
        pm = find_period(r.text, r.as_of, may_set_off=MAY_SET_OFF.search(r.raw) is not None) or \
            year_beside_comparison(r, self.data_span) or whole_history(r, self.data_span)  # h44: "revenue over 2025"; h131: "GP for the whole period"
        year_only = pm is not None and (pm.period.start.month, pm.period.start.day) == (1, 1) and (
            (pm.period.end.month, pm.period.end.day) == (12, 31) or pm.period.end == r.as_of)
        vague = lx.UNDEFINED_PERIOD.search(r.text) if pm is None or year_only else None  # "the summer of 2026" too
        if vague and not self._names_a_name(vague["what"]):  # "over the summer": no dates to read; the default period would answer another question
            return r.refuse(f"'{vague['what'].strip()}' names no dates I can use: ask for months, a quarter or a year "
                            f"(e.g. {period_examples(self.data_span, r.as_of)}).")
        undated = undated_period(r.text, self._names_a_name) if pm is None else None
        if undated:  # h29: "since the merger", "during crunch time": a period-like phrase with no dates is asked back
            return r.refuse(f"'{undated}' names no dates I can use: ask for months, a quarter or a year "
                            f"(e.g. {period_examples(self.data_span, r.as_of)}).")
        if pm is None:
            r.period = self.default_period or Period(date(r.as_of.year, 1, 1), r.as_of)
            r.period_label = "default period (the last 3 months with data)"
            r.reasons.append("no period named: used the default period")
            r.confidence *= 0.9
            return None
        pm = self._bare_quarter_with_data(r, pm, r.text[pm.span[0]:pm.span[1]])
        r.use(pm.span, blank=True)
        if pm.period.start > r.as_of:
            return r.refuse(f"{pm.period} lies after the as-of date {r.as_of}: there is no data yet.")
        r.period, r.period_label, r.named_period = pm.period, pm.label, True
        self._unsure_quarter(r, pm.label, pm.period)
        flag_unsure_order(r)  # h66: "2/1 to 4/3": month first, flagged (day first is another span)
        self._year_that_agrees(r, pm.period)
        period_restated(r, pm)  # h85: "last month (March)", "hours over Jan-Mar": no dates added, read
        return None

    @staticmethod
    def _apart_months(r: Reading) -> bool:
        """h44: "revenue Nov and Feb": two months joined by "and" that no one span holds (months between them would
        be added): each month's figure, as two periods, flagged (their sum is not one period; never a range)."""
        apart = apart_months(r.text, r.as_of)
        if apart is None or apart[1].start > r.as_of:
            return False
        before, after, span = apart
        r.use(span, blank=True)
        r.before, r.period, r.named_period, r.change = before, after, True, "any"
        r.period_label = f"{before.start}..{before.end} vs {after.start}..{after.end}"
        r.confidence *= 0.6
        r.reasons.append(f"two months that are not next to each other ({before.start:%b %Y} and {after.start:%b %Y}): "
                         "each month's figure shown; ask 'from A to B' for the whole range")
        return True

    @staticmethod
    def _year_that_agrees(r: Reading, period: Period) -> None:
        """h39: "2027 months so far": a year written beside "so far" that is this year agrees with it and is read."""
        if period == Period(date(r.as_of.year, 1, 1), r.as_of):
            for year in re.finditer(rf"(?<![\w$.,]){r.as_of.year}(?![\w%])", r.text):
                r.use(year.span(), blank=True)

    def _bare_quarter_with_data(self, r: Reading, pm: PeriodMatch, said: str) -> PeriodMatch:
        """h29: a quarter written without a year ("is Priya underused in Q2") that begins after the last month with data
        is the same quarter a year earlier, the most recent one with data, and the reply says so ("Q2" asked a few
        days into an empty Q2 was refused, or answered as empty)."""
        from moat.ai.comparison import year_words

        data_end = self.default_period.end if self.default_period is not None else None
        if data_end is None or not pm.label.startswith("Q") or pm.period.start <= data_end or any(year_words(said)) \
                or not re.search(r"\bq[1-4]\b|\bquarter\b", said):
            return pm
        start, end = pm.period.start, pm.period.end
        earlier = Period(start.replace(year=start.year - 1), end.replace(year=end.year - 1))
        label = f"{pm.label.split()[0]} {earlier.start.year}"
        r.reasons.append(f"{pm.label} holds no data yet: read as {label}, the latest {pm.label.split()[0]} with data")
        if pm.period.start <= r.as_of:  # this year's has begun: "Q2" may mean it (no data yet) -- flagged, never sure
            r.confidence *= 0.6
            r.reasons.append(f"{pm.label} has begun but holds no data: name the year to be sure")
        return PeriodMatch(earlier, label, pm.span)

    def _unsure_quarter(self, r: Reading, label: str, period: Period) -> None:
        """h30: "the second quarter" is last year's Q2 while this year's has begun: flagged when this year's holds data
        (then "Q2" would read this year's); with no data in it, both read last year's."""
        if UNSURE_QUARTER not in label:
            return
        r.period_label = label.split(" (")[0]
        data_end = self.default_period.end if self.default_period is not None else r.as_of
        if period.start.replace(year=period.start.year + 1) <= data_end:
            r.confidence *= 0.6
            r.reasons.append(f"a quarter without a year read as {label}: name the year to be sure")

    # ------------------------------------------------------------------ 3. names
    def _names(self, r: Reading) -> Parse | None:
        mentions = self.names.mentions(r.text, capitalised_words(r.raw) - r.joined)
        mentions, lacking = settle_products(r.text, mentions, self.names)  # h44: "M365 Basic", "Exchange Online Plan 2"
        if lacking:
            return r.refuse(*lacking_product(lacking, self.vocab.products))
        written = r.text  # the names as written, before they are blanked
        r.name_words |= {w for m in mentions for w in normalize(r.text[m.span[0]:m.span[1]]).split()}
        previous: tuple[int, int] | None = None
        for m in mentions:
            said = r.text[m.span[0]:m.span[1]]
            if left_out(r, m, previous):  # h65: "revenue without Harbor Logistics": every other client, never Harbor
                previous = m.span
                continue
            previous = None
            if m.ambiguous:
                return Parse(r.raw, None, 0.0, refusal=f"Which one did you mean: {', '.join(m.ambiguous)}?",
                             suggestions=[f"{r.raw} ({name})" for name in m.ambiguous[:3]])
            if m.kind in r.filters and set(r.filters[m.kind]) != set(m.names):
                r.filters[m.kind] = tuple(dict.fromkeys(r.filters[m.kind] + m.names))
            else:
                r.filters[m.kind] = m.names
            r.confidence *= m.score
            r.use(m.span, blank=True)
            r.name_spans.append(m.span)
            if m.kind == "client" and len(m.names) > 1:  # h30: "medical center": the clients so named, summed
                r.summed = True
                r.reasons.append(f"'{said}' read as the {len(m.names)} clients whose names hold it: {', '.join(m.names)}")
            elif m.kind == "segment" and m.score == lx.NARROWER_SCORE:  # h50: elif: a set's reason says it once
                r.reasons.append(f"'{said}' read as the whole {m.names[0]} segment (the data has no narrower segment): "
                                 f"the figure covers every {m.names[0]} client")
            elif m.score < 1:
                r.reasons.append(f"read a name as {m.kind} {', '.join(m.names)} (match {m.score:.2f})")
        by_kind = sorted((m for m in mentions if not m.ambiguous), key=lambda m: m.span)
        for a, b in zip(by_kind, by_kind[1:], strict=False):  # "Zenith Logistics vs Zenith Dental": both, side by side
            between = re.fullmatch(r"\s*(?:vs\.?|versus|compared (?:with|to)|against|or)\s*", r.text[a.span[1]:b.span[0]])
            if a.kind == b.kind and between:
                r.use((a.span[1], b.span[0]))
                if a.kind == "product" and not re.fullmatch(r"\s*or\s*", between.group(0)):  # h23: "Huntress vs SentinelOne"
                    vendors = all(normalize(written[m.span[0]:m.span[1]]) in self.names.vendors for m in (a, b))
                    r.product_split = "vendor" if vendors else "product"  # one row each, never their sum
                elif a.kind in ("client", "technician") and not re.fullmatch(r"\s*or\s*", between.group(0)):
                    r.each_named = a.kind  # h85: "Chen vs Ivan, total hours": set side by side, one row each
        self._each_named(r, by_kind, written)
        return self._unknown(r, mentions, written)

    def _each_named(self, r: Reading, mentions: list[Mention], written: str) -> None:
        """h27: several named products / vendors / clients / technicians with "each", "respectively", "separately" or
        "per vendor": one row per name (the sum of them answered a different question at full confidence)."""
        cue = lx.EACH_NAMED.search(r.text)
        if cue is None:
            return
        for kind in ("product", "client", "technician"):
            named = [m for m in mentions if m.kind == kind]
            if len({m.names for m in named}) < 2:  # h78: "S1 seats (SentinelOne)": one name said twice, not two
                continue
            if kind == "product":
                vendors = all(normalize(written[m.span[0]:m.span[1]]) in self.names.vendors for m in named)
                r.product_split = "vendor" if vendors else "product"
            else:
                r.each_named = kind
            r.use(cue.span())
            return

    def _unknown(self, r: Reading, mentions: list[Mention], written: str) -> Parse | None:
        name_tokens = {t for m in mentions for n in m.names for t in normalize(n).split()} | r.name_words
        unknown = [w for w in self.names.unknown_names(r.raw) if normalize(w) not in r.joined
                   and len(re.sub(r"'s$", "", w)) > 1  # h68: "Tom B's hours": an initial, read with the first name
                   and not get_close_matches(normalize(w), list(name_tokens), n=1, cutoff=0.75) and normalize(w) not in r.period_fixed
                   and not re.fullmatch(r"fy'?\d{2}(?:\d{2})?", normalize(w))]  # h23: "FY2022" is a year, read as one
        if mentions and not unknown:  # "Acme Engineering" when only "Acme Architects" exists: another name, not Acme's
            unknown = [w for w in sorted(capitalised_words(r.raw)) if w in self.names.known_words and w not in name_tokens
                       and w not in lx.GENERIC_WORDS_OK and not any(w in normalize(n).split() for m in mentions for n in m.names)]
            unknown = [" ".join(_near_name(r.raw, w)) for w in unknown]
        if not unknown and (product := unknown_product(r.text, self._protected)) and not self._categories_of(product):
            return r.refuse(product_refusal(product, self.vocab.products))  # "Webroot licence waste": never all products
        if not unknown:
            unknown = self._unknown_labelled(r, name_tokens)
        if not unknown:
            unknown = self._unknown_with_trade_word(r, mentions, written)
        if not unknown:
            return None
        from moat.ai.period_typos import english_words

        ordinary = self._ordinary(normalize(unknown[0]), english_words())  # h58: "contribution" is no misspelt name
        close = [] if ordinary else get_close_matches(unknown[0], list(self.vocab.clients) + list(self.vocab.technicians),
                                                      n=3, cutoff=0.5)
        if not close and not ordinary:  # h21: a part of a name ("Orchard" of "Orchard Vale") against each word of the names
            words = {w: name for name in (*self.vocab.clients, *self.vocab.technicians) for w in normalize(name).split()}
            close = list(dict.fromkeys(words[w] for w in get_close_matches(normalize(unknown[0]), list(words), n=3,
                                                                              cutoff=0.75)))
        hint = f" Did you mean {' or '.join(close)}?" if close else ""
        return r.refuse(f"I can't answer that from your data: I don't know {', '.join(unknown)} (no client, technician "
                        f"or product of that name).{hint}")

    def _unknown_with_trade_word(self, r: Reading, mentions: list[Mention], written: str) -> list[str]:
        """h29: a word before a trade or legal word of client names ("quillon group", "bramblewood dental", "acme
        dental" when Acme is Acme Architects) written in lower case is a client's name the data lacks: refused, never
        dropped for the company's figure nor read as the other client. Trade words are the data's own: every word of a
        client name after its first, and the legal suffixes."""
        from moat.ai.period_typos import english_words
        from moat.ai.products import _KNOWN as lexicon_words

        trade = {w for name in self.vocab.clients for w in normalize(name).split()[1:]} | {
            w for w in _LEGAL_WORDS if len(w) >= 3 and w not in lx.STOP and w not in lx.COMMON_WORDS}
        # h39: the words as the mentions were found in (``written``), so their spans line up ("could u ..." is folded to
        # "could you ...": offsets in the raw question are not the mentions' offsets)
        tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z][a-z'-]*", written)]
        english = english_words()
        out = []
        for i, ((word, start, _end), (nxt, _s, _e)) in enumerate(zip(tokens, tokens[1:], strict=False)):
            if normalize(nxt) not in trade or len(word) < 3 or i and tokens[i - 1][0] in ("by", "per", "each", "every"):
                continue  # "revenue by practice group": a grouping asked, not a name
            w = normalize(word)
            if any(m.span[0] <= start < m.span[1] for m in mentions if m.kind != "client") or w in self.vocab.segments \
                    or w in lexicon_words:
                continue  # "healthcare group": a segment said, not a name; "qtr": a word the lexicon reads
            covering = [m for m in mentions if m.kind == "client" and len(m.names) == 1
                        and m.span[0] <= start < m.span[1] and normalize(m.names[0]).split()[0] == w]
            if covering and normalize(nxt) not in normalize(covering[0].names[0]).split() \
                    and all(nxt not in written[m.span[0]:m.span[1]] for m in covering):
                out.append(f"{word} {nxt}")  # "acme dental": Acme is Acme Architects, not a dental practice
            elif not covering and not any(m.span[0] <= start < m.span[1] for m in mentions) \
                    and not _covered(start, _end, r.used) and w not in self.names.known_words and w not in lx.KEYWORDS and w not in lx.COMMON_WORDS \
                    and (_name_like_english(w) or w not in english and not self._ordinary(w, english)) \
                    and not get_close_matches(w, lx.KEYWORDS, n=1, cutoff=0.8):
                out.append(f"{word} {nxt}")
        return out[:1]

    @staticmethod
    def _ordinary(word: str, known: frozenset[str]) -> bool:
        """An English word, inflected or not ("lowest", "payers"), or one of the question words the parser knows."""
        stems = {word} | {word[:-len(end)] + add for end in ("s", "es", "est", "er", "ed", "ing", "ly")
                          for add in ("", "e") if word.endswith(end)}
        return word in lx.FILLER or word in lx.COMMON_WORDS or bool(stems & known)

    def _unknown_labelled(self, r: Reading, name_tokens: set[str]) -> list[str]:
        """h21: a word written as a client's name but in lower case ("revenue for client quillfeather"): after "client" /
        "account", a word that is no name, no English word and none of the question words is an unknown name, refused,
        never dropped (the answer would be the company's)."""
        from moat.ai.period_typos import english_words

        known = english_words()
        out = []
        from moat.ai.products import _KNOWN as lexicon_words

        for label in lx.CLIENT_LABEL.finditer(r.text):
            word = label["name"]
            if word in name_tokens or word in self._protected or _first_metric(word)[0] is not None or not known \
                    or get_close_matches(word, self._protected, n=1, cutoff=0.8):
                continue  # a typo of a known word: no unknown name
            # h39: right after "client" / "account" a rare English word ("client zephyr") is a name too; after other
            # labels only a word that is no English word ("margin at northstar")
            named = label["label"] in ("client", "account", "customer") and word not in lx.COMMON_WORDS \
                and word not in lexicon_words and word not in lx.FILLER and not lx.CLIENT_NOUN_AFTER.match(word)
            if not named and all(self._ordinary(part, known) for part in word.split("-") if part):
                continue  # a compound of ordinary words ("money-losing"): no unknown name
            out.append(word)
        return out

    # ------------------------------------------------------------------ 4. route
    def _route(self, r: Reading) -> Parse | None:
        why, advice = lx.WHY.search(r.text), lx.ADVICE.search(r.text)
        if not why:  # "for Meridian Dental Group, why is it losing money": "why" opening a later clause of the question
            why = next((m for c in _CLAUSE_BREAK.split(r.raw)[1:] if (m := lx.WHY.match(fold(c)))), None) or \
                trailing_why(r.raw)  # h128: "<client> gp fell?? why": the closing "why" asks for it too
        advice = advice or (None if why else what_to_change(r))  # h95: "what should we change with <client>", flagged
        if not why and not advice:
            return None
        route = "explain" if why else "insights"
        what = ("the explanation of the margin gap (Explain)" if route == "explain"
                else "the recommended actions (Insights)")
        return Parse(r.raw, None, r.confidence, reasons=r.reasons + [f"routed to {what}"], route=route,
                     route_period=r.period, route_filters=dict(r.filters))

    # ------------------------------------------------------------------ 5. risk scores and unusual months
    def _clipped(self, period: Period) -> Period:
        """The period cut at the last month with data (the default period's end), so no empty month is compared."""
        data_end = self.default_period.end if self.default_period is not None else period.end
        return Period(period.start, min(period.end, data_end)) if period.start <= data_end else period

    def _window(self, period: Period) -> Period:
        """The 12-month window (``trend_window``, as the Trends page uses) ending at the period's last month with data."""
        from moat.metrics.trends import trend_window

        return trend_window(self._clipped(period))

    def _analytics(self, r: Reading) -> Parse | None:
        """Risk-score and unusual-month questions (None when the question is about neither).

        Risk compares the two halves of a 12-month window ending at the asked period (the Trends page's window).
        Unusual months are judged against each client's own months of that window and the months inside the
        asked period are listed (all 12 when no period is named).
        """
        anomaly = lx.ANOMALY.search(r.text)
        risk = lx.RISK.search(r.text) and not lx.MARGIN_TARGET.search(r.text) and not lx.MARGIN_WORD.search(r.text)
        if not anomaly and not risk or r.before is not None:
            return None
        metric = "anomalies" if anomaly else "risk_score"
        if metric == "risk_score" and (ahead := future_risk_refusal(r)) is not None:  # h135: "likely to churn next year"
            return ahead
        r.find(lx.ANOMALY if anomaly else lx.RISK)
        r.count = bool(r.find(lx.COUNT_WORDS))
        tm = lx.THRESH.search(r.text)
        if tm and metric == "risk_score":
            r.threshold = Threshold(lx.OPS[tm["op"]], float(tm["num"].replace(",", "")))
            r.use(tm.span(), blank=True)
        n_match = lx.N_BEFORE.search(r.text) or lx.RISK_N_AFTER.search(r.text)
        if n_match and not r.count:
            r.limit = number(n_match["n"])
            r.use(n_match.span())
        asc = r.find(lx.RISK_ASC)
        r.order = "asc" if asc and metric == "risk_score" else "desc"
        r.find(lx.DESC_RE)
        for m in lx.RISK_FILLER.finditer(r.text):
            r.use(m.span())
        for m in lx.AT_RISK.finditer(r.text):
            r.use(m.span())
        return self._risk(r, bool(asc)) if metric == "risk_score" else self._anomalies(r)

    def _risk(self, r: Reading, asc: bool) -> Parse:
        client = r.filters.get("client", ())
        window = self._window(r.period)  # type: ignore[arg-type]
        one_client = len(client) == 1 and r.limit is None and not r.count
        if r.threshold is None and lx.AT_RISK.search(r.text) and not asc and not one_client:
            r.threshold = Threshold(">=", self.risk_alert_score)
            r.reasons.append(f"'at risk' read as a risk score of {self.risk_alert_score:g} or more (risk_alert_score)")
        if len(client) == 1 and r.threshold is None and r.limit is None and not r.count:
            r.order = None
        elif r.limit is None and r.threshold is None and not r.count:
            r.limit = 5 if lx.RISK_PLURAL.search(r.text) else 1
        r.reasons.append(f"risk compares the two halves of the 12 months to {window.end.isoformat()}")
        return self._analytics_parse(r, "risk_score", window, f"12 months to {window.end.isoformat()}", ())

    def _anomalies(self, r: Reading) -> Parse:
        period = r.period
        window = self._clipped(period) if r.named_period else self._window(period)  # type: ignore[arg-type]
        label = "asked period" if r.named_period else f"12 months to {window.end.isoformat()}"
        series = []
        for name, pattern in _SERIES.items():
            m = pattern.search(r.text)
            if m:
                series.append(name)
                r.use(m.span())
        if len(series) == len(_SERIES):
            series = []
        r.order = None
        if not r.named_period:
            r.reasons.append("no period named: listed the unusual months of the last 12 months with data")
        return self._analytics_parse(r, "anomalies", window, label, tuple(series))

    def _analytics_parse(self, r: Reading, metric: str, window: Period, label: str, series: tuple[str, ...]) -> Parse:
        intent = Intent(metric, "client", window.start, window.end, label, _filters(r.filters), r.order, r.limit,
                        r.threshold, r.count, tuple(r.reasons), series)
        problems = validate(intent)
        if problems:
            return r.refuse(f"I can't answer that from your data: {problems[0]}.")
        return self._accounted(r, intent, [])

    # ------------------------------------------------------------------ 6. ranking words
    def _ranking(self, r: Reading) -> Parse | None:
        for negated in lx.NOT_UNIT.finditer(r.text):  # h21: "seats, not dollars": that unit is ruled out, not asked
            r.use(negated.span(), blank=True)
            r.reasons.append(f"'{negated.group(0).strip()}': that unit is ruled out")
        self._forced_readings(r)
        how_ordered(r)  # h96: "sorted by how little we invoiced them", "by how much each lost"
        months_asked(r)  # h96: "which 3 months were the least profitable, worst first": three of them
        _ranked_nouns_and_counts(r)
        count = lx.COUNT.search(r.text) or lx.COUNT_MONTHS.search(r.text)
        if count:
            r.count = True
            r.months_counted = count["noun"] == "months"
            r.use(count.span("how"))
            r.use(count.span("noun"))
        elif last := lx.COUNT_LAST.search(r.text):  # h21: "months where revenue was over 200k - how many"
            r.count = True
            r.months_counted = last["noun"] == "months"
            r.use(last.span("how"))
            r.use(last.span("noun"))
        elif lx.COUNT_OF_THE_MONTHS.search(fold(r.raw)) and (how := lx.COUNT_WORDS.search(r.text)):
            r.count = r.months_counted = True  # "how many of the last 6 months": the period read "months", counted
            r.use(how.span())
        self._thresholds(r)
        count_past_threshold(r)  # h104: "number of under-36% margin months": the threshold between the count and its noun
        n_match = lx.N_BEFORE.search(r.text) or lx.N_AFTER.search(r.text) or lx.N_NOUN.search(r.text) or n_asked(r.text) or limit_aside(r)  # h99; h115
        if n_match:
            r.limit = number(n_match["n"])
            r.use(n_match.span("n"))
        first = r.find(lx.FIRST_ORDER) or side_first(r)  # h115: "least active first": the whole list in that order
        desc, asc = lx.DESC_RE.search(r.text), lx.ASC_RE.search(r.text)
        for pattern in (lx.DESC_RE, lx.ASC_RE, lx.ORDER_WORDS):
            for m in pattern.finditer(r.text):
                r.use(m.span())
        if not first and (starting := lx.ORDER_WORDS.search(r.text)) and "starting" in starting.group(0):
            first = re.search(r"(?P<side>worst|best|highest|lowest|biggest|smallest)", starting.group(0))
        if first:
            groups = first.groupdict()
            side = groups.get("side") or groups.get("side2") or groups.get("side3") or ""
            r.order = "asc" if side in ("worst", "lowest", "smallest", "least", "bottom", "low", "ascending", "asc") \
                or lx.ASC_RE.fullmatch(side) else "desc"  # h117: "quietest first"
            r.superlative = side
            r.no_limit = not n_match  # "lowest first", "highest to lowest" sort the whole list
            if n_match or r.limit:  # h117: "top 3 ..., lowest first": the limit word chooses the rows, the order word sorts them
                r.order, r.shown = shown_against(r.text, r.order, _order_span(r.text, first))
        elif desc and asc:  # both sides named: the superlative bound to the number ("three worst") decides
            bound = lx.ASC_RE.search(n_match.group(0)) or lx.DESC_RE.search(n_match.group(0)) if n_match else None
            n_after = lx.N_AFTER.search(r.text)  # h23: "the most? three worst": the word after the number binds it
            if n_after is not None and (word := re.search(r"\w+$", n_after.group(0))) and (
                    lx.ASC_RE.fullmatch(word.group(0)) or lx.DESC_RE.fullmatch(word.group(0))):
                bound = word
            if desc.group(0) in lx.POSITIONAL or bound is not None and bound.group(0) in lx.POSITIONAL:
                bound = asc  # "top 3 least profitable", "top worst": the adjective decides, "top" only counts
            if bound is not None:
                r.order = "asc" if lx.ASC_RE.fullmatch(bound.group(0)) else "desc"
                r.superlative = bound.group(0)
            else:  # "most ... worst" with nothing to settle it: the first, provisional
                r.order = "desc" if desc.start() < asc.start() else "asc"
                r.confidence *= 0.6
                r.reasons.append(f"both '{desc.group(0)}' and '{asc.group(0)}': read as {r.order}ending, please check")
        elif desc or asc:
            r.order = r.order or ("desc" if desc else "asc")
        r.superlative = r.superlative or ((desc or asc).group(0) if (desc or asc) else "")
        summed = [m.span() for m in lx.TOTAL_ASKED.finditer(r.text)]
        for span in summed:
            r.summed = True
            r.use(span)
        for m in lx.NO_LIMIT.finditer(r.text):
            if _covered(*m.span(), summed):  # "in all": one amount, not every row
                continue
            r.no_limit = True
            r.use(m.span())
        return None

    def _forced_readings(self, r: Reading) -> None:
        """Phrases that fix the metric and a threshold at once ("lost money", "below target", "overloaded")."""
        if r.find(lx.LOST_MONEY, blank=True):
            r.metric, r.threshold, r.order = "gross_profit", Threshold("<", 0.0), "asc"
        elif r.find(lx.NEGATIVE_MARGIN, blank=True):
            r.metric, r.threshold, r.order = "gross_margin", Threshold("<", 0.0), "asc"
        elif made := r.find(lx.MADE_MONEY):  # "made us the most money": profit is what the MSP makes (the glossary)
            r.metric = "gross_profit"
            if _made_money_condition(r, made.group(0)):  # h44: "in how many months did X make money": profit > 0
                r.threshold, r.order = Threshold(">", 0.0), r.order or "desc"
        elif (black := _PROFITABLE.search(r.text)) and _made_money_condition(r, r.text[max(0, black.start() - 12):black.end()]):
            r.use(black.span(), blank=True)  # h44: "in how many months was X profitable": gross profit > 0
            r.metric, r.threshold, r.order = "gross_profit", Threshold(">", 0.0), r.order or "desc"
        company_profit_mark(r)  # h95: "did we make money in Q1", "were we profitable": the company's figure and a yes/no
        if r.find(lx.MARGIN_TARGET) or (lx.RISK.search(r.text) and r.find(lx.MARGIN_WORD)):
            r.find(lx.RISK)
            r.metric, r.threshold, r.order = "gross_margin", Threshold("<", self.target_margin), "asc"
            r.reasons.append(f"read as gross margin below the target margin {self.target_margin:.0%}")
        one_tech = len(r.filters.get("technician", ())) == 1
        total = lx.TOTAL_UTILISATION.search(r.text)  # h23: "total utilisation" / "worked hours vs capacity" said outright
        if r.find(lx.OVERLOADED):
            r.metric = "total_utilization" if total else "billable_utilization"
            if one_tech:
                r.band = True
            else:
                r.threshold, r.order = Threshold(">", self.utilization_high), "desc"
        elif not lx.LICENSE_WORDS.search(r.text) and "product" not in r.filters and r.find(lx.UNDERLOADED):  # h67: "idle Huntress"
            r.metric = "total_utilization" if total else "billable_utilization"
            if one_tech:
                r.band = True
            else:
                r.threshold, r.order = Threshold("<", self.utilization_low), "asc"
        if total and r.metric == "total_utilization":
            r.use(total.span())
        owner_verbs(r, self.utilization_low, self.utilization_high)  # h57: "lose on X", "spend on Huntress", "in the band"
        owner_measures(r)  # h68: "spend on tech hours", "clear after costs", "earn per hour", "gross loss", "billable or not"
        r.forced = r.metric is not None

    def _thresholds(self, r: Reading) -> None:
        between = lx.BETWEEN.search(r.text)
        if between and r.threshold is None:
            a, b = float(between["a"].replace(",", "")), float(between["b"].replace(",", ""))
            # "between 10 and 30 thousand": a magnitude after the second number applies to both (not "500 and 2k")
            shared = between["mb"] if between["ma"] is None and a <= b else None
            a *= lx.MULTIPLIERS.get(between["ma"] or shared or "", 1.0)
            b *= lx.MULTIPLIERS.get(between["mb"] or between["ma"] or "", 1.0)
            r.threshold_raw = ("between", min(a, b), max(a, b), bool(between["pa"] or between["pb"]))
            r.use(between.span(), blank=True)
            return
        dash = lx.RANGE_DASH.search(r.text)
        if dash and r.threshold is None:
            a, b = float(dash["a"]), float(dash["b"])
            r.threshold_raw = ("between", min(a, b), max(a, b), True)
            r.use(dash.span(), blank=True)
            return
        rng = lx.RANGE.search(r.text)
        if rng and r.threshold is None and (rng["ma"] or rng["mb"] or rng["ca"] or rng["cb"] or rng["unit"]
                                            or _plain_digit_range(rng, r.text)):
            a, b = float(rng["a"].replace(",", "")), float(rng["b"].replace(",", ""))
            a *= lx.MULTIPLIERS.get(rng["ma"] or rng["mb"] or "", 1.0)  # "10-20k": both in thousands
            b *= lx.MULTIPLIERS.get(rng["mb"] or "", 1.0)
            if a <= b:
                r.threshold_raw = ("between", a, b, rng["unit"] == "percent")
                r.use((rng.start(), rng.end("mb") if rng["mb"] else rng.end("b")), blank=True)  # the unit stays to be read
                return
        tm = lx.THRESH.search(r.text)
        after = lx.THRESH_AFTER.search(r.text)
        if tm and r.threshold is None:
            value = float(tm["num"].replace(",", "")) * lx.MULTIPLIERS.get(tm["mult"] or "", 1.0)
            r.threshold_raw = (lx.OPS[tm["op"]], value, None, bool(tm["pct"]))
            r.use(tm.span(), blank=True)
        elif after and r.threshold is None:
            value = float(after["num"].replace(",", "")) * lx.MULTIPLIERS.get(after["mult"] or "", 1.0)
            r.threshold_raw = (lx.OPS_AFTER[after["op"]], value, None, bool(after["pct"]))
            if after["unit"]:  # "hit 2300 hours or more": the number and "or more" read, "hours" left to the metric
                r.use((after.start(), after.start("unit")), blank=True)
                r.use(after.span("op"), blank=True)
            else:
                r.use(after.span(), blank=True)

    # ------------------------------------------------------------------ 7. metric
    def _metric(self, r: Reading) -> Parse | None:
        self._cost_category(r)
        refused = self._metric_from_words(r)
        if refused is not None:
            return refused
        if r.metric is None:
            for pattern, name in _METRICS:
                if name == "seat_share":
                    seats, assigned, active, unused = lx.SEAT_SHARE
                    if not (r.has(seats) and r.has(assigned)) or r.has(unused):
                        continue
                    name = "license_activity" if r.has(active) else "license_utilization"
                if r.find(pattern):
                    r.metric = name
                    break
        else:  # a forced reading ("overloaded"): the metric's own words ("utilisation") agree with it
            for pattern, name in _METRICS:
                if name == r.metric or name in METRICS and METRICS[name].kind == METRICS[r.metric].kind == "percent" and r.band:
                    r.find(pattern)
        if r.metric == "billable_degree":  # "how billable were the techs": a ratio, of a person or of a client's hours
            clients = "client" in r.filters or "segment" in r.filters or lx.CLIENT_NOUN.search(r.text)
            tech = "technician" in r.filters or lx.TECH_NOUN.search(r.text) or lx.WHO.search(r.text)
            r.metric = "billable_share" if clients and not tech else "billable_utilization"
            r.reasons.append(f"'billable' as a degree read as {METRICS[r.metric].label} (a ratio, not hours)")
        if r.metric == "billable_hours" and (r.before is not None or r.change) and not lx.HOURS_NAMED.search(r.text):
            r.metric = "billable_utilization"  # "who got less billable from Q2 to Q3": the billable ratio, not hours
            r.reasons.append("'billable' compared between periods read as billable utilisation (no hours named)")
        if r.metric in ("billable_utilization", "total_utilization") and (
                lx.LICENSE_WORDS.search(r.text) or "product" in r.filters or lx.PRODUCT_NOUN.search(r.text)):
            r.metric = "license_utilization"  # "licence product with the lowest utilisation"
        _licence_money(r)
        if r.metric is None:
            for pattern, names in _VAGUE:
                if r.find(pattern):
                    if "license_cost" in names and ("product" in r.filters or lx.LICENSE_CONTEXT.search(r.text)):
                        r.metric = "license_cost"  # "Datto costing us YTD": of the costs, only licences are per product
                        r.reasons.append("a cost of a licence, product or vendor read as licence cost")
                        break
                    r.candidates, r.metric = names, names[0]
                    r.confidence *= 0.55
                    r.reasons.append(f"several measures fit: {', '.join(names)}")
                    break
        if (refused := self._no_measure_named(r)) is not None:
            return refused
        if r.metric is None and (r.order is not None or r.before is not None) and re.search(r"\b(?:clients?|accounts?|segments?|industr(?:y|ies)|verticals?)\b", r.text):  # h57: segments too
            r.metric, r.candidates = "revenue", ["revenue", "gross_profit", "gross_margin"]
            r.confidence *= 0.6  # truly ambiguous: provisional, with the other measures offered
            said = f"'{r.superlative}' clients" if r.superlative else "no measure named: clients"
            r.reasons.append(f"{said} read as by revenue (gross profit and margin offered)")
        if r.metric is None and re.match(r"\s*(?:and|what about|how about|same for|same but|ok and|now)\b", r.text):
            return r.refuse("Each question is read on its own: I don't keep the question before. Ask the whole question "
                            "again with its measure (e.g. \"revenue for retail last quarter\").",
                            ["What was our revenue last quarter?", "What was revenue per segment last quarter?"])
        if r.metric is None:
            return r.refuse("I can't answer that from your data.")
        return self._metric_checks(r)

    @staticmethod
    def _no_measure_named(r: Reading) -> Parse | None:
        """What a question with no measure word counts or asks: h77's verb of takings or amount of money ("grossed",
        "how many clients over 11k"), else the kind of entity counted, else clients with activity."""
        percent_of_technicians(r)  # h105: "techs in the 60-75% band": billable utilisation
        licence_amount(r)  # h123: "clients over 1000 on licences": licence cost
        if r.metric is None and (refused := combination_refusal(r)) is not None:  # h123: "both A and B", "only A"
            return refused
        if (refused := measure_of_amount(r)) is not None:
            return refused
        Parser._entity_count(r)
        listed_kind(r)  # h123: "which vendors do we buy from": those rows, by seats purchased
        periods_ranked(r)  # h123: "worst month for Harbor": months ranked by gross profit
        if r.metric is None and r.count:
            r.metric = "clients"
        return None

    @staticmethod
    def _entity_count(r: Reading) -> None:
        """h23: "how many technicians do we have" with no measure named: the kind asked counted, never clients."""
        if r.metric is None and r.entity_count:
            r.metric, r.count = r.entity_count, False
            r.find(lx.ENTITY_COUNT)
            r.find(lx.COUNT_WORDS)

    @staticmethod
    def _metric_checks(r: Reading) -> Parse | None:
        """The metric read, checked against the question: seats "in use" with no denominator are refused (h23), and the
        direction of "worst" / "cost us the most" follows the metric."""
        if _seats_in_use_with_no_denominator(r):
            return _seats_in_use_refusal(r)
        mdef = METRICS[r.metric]  # type: ignore[index]
        if r.order and not mdef.higher_is_better and re.fullmatch(r"best|worst", r.superlative or "x"):
            r.order = "asc" if r.order == "desc" else "desc"  # for costs and waste, "worst" is the highest
        if mdef.higher_is_better and mdef.kind in ("money", "percent") and lx.COST_US_MOST.search(r.raw.lower()) \
                and r.superlative in ("most", ""):
            r.order = "asc"  # h23: "who cost us the most ... by profit": the lowest profit, never the highest
        return None

    @staticmethod
    def _metric_from_words(r: Reading) -> Parse | None:
        """Readings decided by how the words relate, before any synonym: a money verb whose object is labour, and a
        seat ratio whose numerator and denominator are written out (``moat.ai.ratios``)."""
        if (refused := seat_shares(r)) is not None:  # h93: "under 85% of their seats assigned", "of the X seats, how many"
            return refused
        if r.metric is None and not r.has(lx.BOTH_BILLING_SIDES) and r.has(lx.NOT_BILLED_TIME) \
                and r.find(lx.NOT_BILLED, blank=True):
            r.metric = "non_billable_hours"  # h23: "hours we did not bill": hours worked - billable hours (the unit
            r.reasons.append("'not billed' read as non-billable hours (hours worked - billable hours)")  # step may take %)
            if (ratio := r.find(_SHARE_NOUN)) is not None and not lx.SHARE_OF.search(r.text[ratio.start():]):
                r.metric = "non_billable_share"  # "non-billable share / ratio / rate": of hours worked
        if r.metric is None and "product" in r.filters and "client" not in r.filters and not r.has(lx.SEAT_NOUN) \
                and not r.has(_WASTE_WORDS) and r.find(lx.PAID_FOR_PRODUCT):  # (what a client paid is no licence cost)
            r.metric = "license_cost"  # h23: "what are we paying for Defender", "our SentinelOne bill"
        if r.metric is None and not r.has(lx.NAMED_MONEY_MEASURE) and r.find(lx.EARN_SLANG):
            r.metric, r.candidates = "gross_profit", ["gross_profit", "revenue"]
            r.confidence *= 0.6  # h29: "top earners": revenue or gross profit, never revenue unflagged
            r.reasons.append("'earners' / 'earns us' read as gross profit (revenue offered): say which you mean")
        if r.metric is None and not r.has(lx.NAMED_MONEY_MEASURE) and r.find(lx.MADE_SLANG):
            r.metric = "gross_profit"  # h29: "how much have we made so far", "who made us over $5k": gross profit
            r.reasons.append("money made read as gross profit")
        if r.metric is None and r.find(lx.MONEY_MADE):
            r.metric = "gross_profit"  # h23: "how much money did we make in H1"
        if r.metric is None and r.find(lx.ASSIGNED_INACTIVE, blank=True):
            r.metric = "seats_assigned_inactive"  # h23: assigned - active, never purchased - active
        measure_from_words(r)  # h86: labour hours, licences of a product counted, "how many did she log"
        if r.metric is None and not r.has(lx.HOURS_ASKED) and r.find(lx.LABOUR_MONEY, blank=True):
            r.metric = "labour_cost"  # "what have we paid out in tech time": the verb names money
        if (refused := seat_words(r)) is not None:  # h67: seat states and unused seats from how the words relate
            return refused
        ratio = seat_ratio(r.text) if r.metric is None else None
        if ratio is None:
            seat_state(r)  # h57: "total assigned seats", "active Huntress seats": that count, never seats purchased
        if ratio is not None:  # "what % of assigned seats are in use": active / assigned
            if ratio.metric is None:
                return r.refuse(ratio.refusal(), [f"What percentage of our {d} seats were {n} last month?"
                                                  for n, d in (("assigned", "purchased"), ("active", "assigned"))])
            r.metric = ratio.metric
            for span in ratio.spans:
                r.use(span)
        return None

    # ------------------------------------------------------------------ 8. unit
    def _unit(self, r: Reading) -> Parse | None:
        """The unit asked in (percent / money / seats / hours) decides between metrics of the same thing."""
        percent_of_change(r)  # h57: "by what percent did hours change": the change in percent, not utilisation
        if r.before is not None and METRICS[r.metric].kind != "percent" and r.find(lx.PERCENT_CHANGE, blank=True):  # type: ignore[index]
            r.relative = True  # "revenue % change Q2 vs Q3": both values, the change, and the change in percent
        if r.before is not None and (share := lx.SHARE_OF.search(r.text)) and (r.filters or r.limit):
            return self._share_of_two_periods(r, share)
        if r.find(lx.ENTITY_SHARE):
            return r.refuse("I can't give a share of clients or technicians directly: ask how many match and how many "
                            "there are (e.g. \"how many clients lost money last quarter\").",
                            ["How many clients lost money last quarter?", "How many clients had activity last quarter?"])
        if (refused := share_of_hours_per_entity(r) or entity_time_shares(r) or share_of_profit_per_entity(r)) is not None:
            return refused
        self._sum_of_ranked(r)
        asked = None
        explicit = _IN_PERCENT.search(r.text)  # "how many of the assigned seats were active, in percent": said last, it wins
        if explicit:
            asked = "percent"
            r.use(explicit.span())
        for unit, pattern in _UNITS:  # the first unit said is the one asked; another unit's words stay unread, so a
            if asked is None and r.find(pattern):  # clash ("seats ..., in dollars") keeps the answer flagged
                asked = unit
        asked = r.unit or asked  # h67: the unit a seat rule read from the words (``moat.ai.seat_words``)
        asked = threshold_unit(r, asked)  # h107: "more than 50 seats unused": the threshold's own unit decides
        if asked == "percent" and not r.count and METRICS[r.metric].kind == "percent" \
                and (how := re.search(r"\bhow many\b", r.text)):  # type: ignore[index]
            r.use(how.span())  # h29: "of the assigned seats, how many are used, %": the share is what is counted
        relative_threshold = r.before is not None and r.change in ("down", "up")  # "grew more than 10%": of the change
        if r.threshold_raw is not None and r.threshold_raw[3] and not relative_threshold:
            asked = asked or "percent"
        kind = METRICS[r.metric].kind  # type: ignore[index]
        if asked == "percent" and (non_billable_part(r, asked) or self._share_of_total(r)):  # h118: of everyone's
            return None
        if asked == "money" and kind == "hours" and lx.TIME_SPENT.search(r.raw.lower()) and not lx.MONEY_NAMED.search(r.raw.lower()):
            asked = None  # "hours spent on Harbor": the time is what was spent
        said = lx.NOT_UNIT.sub(" ", r.raw.lower())  # h21: "seats, not $": a unit ruled out is no cue
        seat_noun = lx.SEAT_NOUN.search(said) or (lx.COUNTED_LICENSES.search(said) and not lx.WASTE_WORD.search(said))
        if asked is None and kind == "money" and seat_noun and not lx.MONEY_CUE.search(said):
            asked = "seats"  # "seats we paid for and nobody used": a seat count, never their cost
        elif asked is None and kind == "seats" and not r.count \
                and lx.MONEY_CUE.search(said) and not lx.COUNT_WORDS.search(r.text):
            asked = "money"  # "seat licence spend": the money of those seats
        if asked is None or asked == kind or (asked == "seats" and r.count) or r.metric == "clients":
            self._threshold_value(r)
            return None
        swap = lx.UNIT_SWAPS.get(r.metric, {}).get(asked)  # type: ignore[arg-type]
        if swap is None and r.metric == "revenue" and asked == "percent" and (
                "technician" in r.filters or lx.TECH_NOUN.search(r.text)):
            swap = "billable_utilization"  # h23: "techs billing under 70%": what a technician bills is hours, as a rate
        if swap is None and condition_on_another_measure(r, asked):  # h123: "hours on clients that lost money"
            self._threshold_value(r)
            return None
        if swap is None:
            label = METRICS[r.metric].label  # type: ignore[index]
            ratios = ("; the ratios I have are " + ", ".join(m.label for m in METRICS.values() if m.kind == "percent")
                      if asked == "percent" else "")  # "labour cost as a % of revenue": a ratio the glossary lacks
            return r.refuse(f"I can't answer that in the unit asked: {label} is measured in {kind}, not {asked}{ratios}. "
                            "Ask for a measure in that unit.", _unit_suggestions(asked))
        r.reasons.append(f"{asked} asked: {METRICS[r.metric].label} read as {METRICS[swap].label}")  # type: ignore[index]
        if (r.metric, asked) in lx.APPROX_SWAPS:
            r.confidence *= 0.6  # the closest measure in that unit, not the one asked: provisional
            r.reasons.append(f"no {asked} measure of {METRICS[r.metric].label}: the closest is shown")  # type: ignore[index]
        r.metric = swap
        if _seats_in_use_with_no_denominator(r):  # h23: "seats in use as a percentage": seats read, then the ratio
            return _seats_in_use_refusal(r)
        self._threshold_value(r)
        return None

    @staticmethod
    def _sum_of_ranked(r: Reading) -> None:
        """h30: "how much of our revenue came from the top 5 clients", "total revenue of our top 10 clients": the sum of
        the ranked rows, answered as their total with its share of everyone's (never the list of five)."""
        from moat.ai.catalogue import SHARE_KINDS

        mdef = METRICS[r.metric]  # type: ignore[index]
        if (r.share or not r.limit or r.before is not None or r.count or r.threshold is not None or mdef.kind not in SHARE_KINDS
                or mdef.combine[0] != "sum" or not lx.SUM_OF_RANKED.search(fold(r.raw).lower())):
            return
        r.order = r.order or ("asc" if re.search(r"\bbottom\b", r.text) else "desc")
        r.share = True
        r.reasons.append(f"the sum of the {'bottom' if r.order == 'asc' else 'top'} {r.limit} asked: their total, with "
                         "its share of everyone's")
        for m in lx.COMBINED.finditer(r.text):
            r.use(m.span())

    @staticmethod
    def _share_of_total(r: Reading) -> bool:
        """A percentage of an amount with a part named: "what share of our revenue comes from Harbor", "Microsoft as a % of
        licence spend", "top 5 clients' share of revenue". The whole is the measure written after the share word and it
        must be the measure read (never "Harbor's labour cost as a % of revenue", a ratio the glossary lacks); the part is
        the names or the top / bottom N. Anything else keeps the ordinary unit rules."""
        from moat.ai.catalogue import SHARE_KINDS

        mdef = METRICS[r.metric]  # type: ignore[index]
        m = lx.SHARE_OF.search(r.text) or bare_share(r)  # h77: the whole written first ("revenue ..., top 3 share")
        if m is None or mdef.kind not in SHARE_KINDS or mdef.combine[0] != "sum" or r.before is not None or r.count:
            return False
        if not (r.filters or r.excluded or (r.limit and r.order)) or r.threshold_raw is not None or r.threshold is not None:
            return False
        whole, whole_end = _first_metric(without_size_words(r.text[m.end():]))  # h132: "of the 3 busiest clients"
        if whole is not None and whole != r.metric and whole not in r.candidates:
            return False
        if any(name != r.metric for name in _metrics_in(without_size_words(r.text[:m.start()]))):  # h132: "our 3 busiest"
            return False  # the part names another measure ("Harbor's labour cost as a % of revenue")
        r.use(m.span())
        r.share = True
        for link in lx.SHARE_LINK.finditer(r.text):
            r.use(link.span())
        if any(m.start() <= a < m.end() + whole_end for a, _ in r.name_spans):
            r.confidence *= 0.6  # "what % of our Microsoft spend is Business Premium": a whole narrowed by a name
            r.reasons.append("the whole is narrowed by a name: the share is shown of every entity's total, please check")
        if len({k for k in r.filters}) > 1 or (r.filters and r.limit):
            r.confidence *= 0.6  # "top 5 healthcare clients' share", "Microsoft's share of Harbor's spend": of which whole?
            r.reasons.append("a share with two kinds of part: the whole is every entity's total, please check")
        r.reasons.append(f"a share of the total: {mdef.label} of the part over {mdef.label} of all, as a percentage")
        read_share_words(r)  # h77: "how big is the top 3 share"; "share of revenue, Apr 2026 -> Mar 2027": flagged
        return True

    @staticmethod
    def _threshold_value(r: Reading) -> None:
        """Threshold values: percentages as fractions for ratio metrics; "how many products have unused seats" -> > 0."""
        if r.threshold_raw is None:
            if r.count and r.threshold is None and r.metric in ("seats_unused", "license_waste"):
                r.threshold = Threshold(">", 0.0)
            return
        op, value, high, pct = r.threshold_raw
        if METRICS[r.metric].kind == "percent" and (pct or value > 1 or (high or 0) > 1):  # type: ignore[index]
            value, high = value / 100, (None if high is None else high / 100)
        if r.before is not None and r.change in ("down", "up") and pct and METRICS[r.metric].kind != "percent":  # type: ignore[index]
            r.relative, value = True, value / 100  # "grew more than 10%": on the change in percent of the earlier value
            high = None if high is None else high / 100
            r.reasons.append("a change in percent: filtered on the change relative to the earlier period")
        elif r.before is not None and r.change not in ("down", "up"):
            r.confidence *= 0.6  # "clients over 50k in Q3 vs Q2": on the value or on the change?
            r.reasons.append("a threshold with two periods and no direction: applied to the later period's value")
        r.threshold = Threshold(op, value, high)
        if r.order is None:
            r.order = "asc" if op.startswith("<") else "desc"

    # ------------------------------------------------------------------ 9. grouping
    def _grouping(self, r: Reading) -> Parse | None:
        having_some(r)  # h57: "which clients had other costs": those with some, never every client with its $0.00
        mdef = METRICS[r.metric]  # type: ignore[index]
        if (nested := self._nested(r)) is not None:
            return nested
        if self._fixed_grouping(r):
            return None
        if r.months_counted and r.before is None:  # h18: the months of the period, each its own period, counted
            r.grouping = "month"
            return None
        if r.share and not r.limit:  # a named part over the whole: one figure
            r.grouping = "company"
            return None
        ranked = r.order is not None or r.threshold is not None or r.count or r.change in ("down", "up")
        # h89: "split Q1 hours across our legal clients" is one row per client (breakdown_across), never one total
        if not breakdown_across(r) and (r.find(lx.ACROSS_ALL, blank=True) or across_segment(r)  # "across all": one total
                                        or all_clause(r)):  # h99: "assigned of purchased, all products": one ratio
            ranked = ranked and r.order is not None
        # "how many seats did we buy" is one sum; "billable hrs as a percentage of total hrs" names its parts, not a sum,
        # so "all techs" / "per tech" still group a ratio
        one_sum = not ranked and mdef.kind != "percent" and r.has(lx.SUM_QUESTION)
        summed = r.summed and not ranked and mdef.kind != "percent"  # h21: "in total", "total X": only by / per split it
        self._grouping_noun(r, ranked, one_sum or summed)
        if r.grouping == "product" and "product" not in mdef.by and re.search(r"\bsubscriptions\b|\blicenses\b", r.text):
            r.grouping = None
        self._quarters_ranked(r, ranked)
        months_ranked(r)  # h83: "rank the last 12 months by GP": the months, never clients
        rest_summed(r)  # h96: "margin for all sectors bar legal", "labour, all accounts": one amount
        rest_listed(r)  # h83: "hours for all techs other than Tom": the other technicians, listed
        quarter_breakdown(r, self.data_span)  # h66: "gp by quarter, last 12 months": one row per quarter
        grouping_scope(r, ranked)  # h104: "among the past 3 quarters, which", ", every engineer", "monthly X (last month)"
        if r.grouping is None and ranked and r.before is None and lx.WHICH_OF_THE_MONTHS.search(r.raw.lower()):
            r.grouping = "month"  # "which of the last 6 months had the most": the period read "months", still ranked
        if r.grouping is None and ranked and r.before is None and "whole months" in (r.period_label or "") and (
                one := lx.WHICH_ONE.search(r.text)):
            r.grouping = "month"  # h39: "of the last six months, which one had the lowest ...": one of those months
            r.use(one.span())
            if month := lx.MONTH_NOUN.search(r.text):  # "which was our lowest ... month"
                r.use(month.span())
        if r.grouping is None and ranked and r.before is None and (month := lx.MONTH_NOUN.search(r.text)):
            r.grouping = "month"  # "which month had the most revenue": the months ranked, never a client
            r.use(month.span())
        if r.grouping is None and r.before is None and lx.RANK_WORDS.search(r.text) and (month := lx.MONTH_NOUN.search(r.text)):
            r.grouping, r.order = "month", r.order or "desc"  # "rank the months of 2026 by profit": highest first
            r.use(month.span())
        when_ranked(r, ranked)  # h128: "when was our margin at its lowest": the months ranked, never a client
        if r.grouping is None and lx.WHO.search(r.text):
            tech = "technician" in mdef.by and ("client" not in mdef.by or lx.TECH_WHO.search(r.raw.lower())
                                                or PUT_IN_TIME.search(r.raw.lower()))  # h99: "who put in the least time"
            r.grouping = "technician" if tech else "client"
        if r.grouping is None:
            r.grouping = self._implied_grouping(r)
        if r.grouping == "client" and "client" not in mdef.by and "technician" in mdef.by:
            r.grouping = "technician"
        if r.count and r.grouping == "company":
            r.grouping = "client"
        if r.metric == "clients":
            r.grouping = "segment" if ("segment" in r.filters or r.grouping == "segment") and not r.count else "company"
            r.count = False
        if (refused := counted_noun(r) or first_person_hours(r)) is not None:  # h118: the noun counted; "did I log"
            return refused
        self._months_beside_an_entity(r)
        asked = {name for name, pattern in _GROUPS for m in pattern.finditer(r.text)
                 if re.search(r"\b(?:per|by|each|every)\s+$", r.text[:m.start()]) or (name == "month" and m.group(0) != "a month")}
        if len(asked - {r.grouping}) >= 1 and r.grouping in asked:  # "hours per tech per month": one breakdown at a time
            other = sorted(asked - {r.grouping})[0]
            r.confidence *= 0.6
            r.reasons.append(f"one breakdown at a time: per {r.grouping} shown, per {other} also asked")
        return None

    @staticmethod
    def _nested(r: Reading) -> Parse | None:
        """h30: entities nested in another grouping ("top 3 clients in each segment", "for each segment, how many
        clients lost money", "busiest tech per segment") are not one table I give; collapsing them to the outer grouping
        answered another question (a confident 0 or an empty list). Refused, naming the two questions to ask."""
        if r.metric == "clients":  # "how many clients in each segment": the count per segment is the answer
            return None
        said = tech_time_forms(fold(r.raw)).lower()  # h94: "revenue per tech hour for each segment" nests nothing
        nouns = "|".join(lx.NESTED_NOUNS.values())
        for cue in re.finditer(lx.NESTED_OUTER.format(nouns=nouns), said):
            word = cue["outer"] or cue["outer2"]
            outer = next(k for k, p in lx.NESTED_NOUNS.items() if re.fullmatch(p, word))
            if cue["outer2"] and not lx.NESTED_RANKED.search(said):
                continue  # "revenue per client": one grouping; "best client per segment": nested
            rest = said[:cue.start()] + " " + said[cue.end():]
            inner = next((k for k, p in lx.NESTED_NOUNS.items() if k != outer and re.search(r"\b(?:" + p + r")\b", rest)
                          and k not in r.filters), None)
            if inner is None or inner == "product" and outer == "client" and not lx.NESTED_RANKED.search(said):
                continue
            label = METRICS[r.metric].label  # type: ignore[index]
            return r.refuse(
                f"I can't yet list {inner}s within each {outer} in one answer. Ask for the {outer}s (\"{label} by "
                f"{outer}\"), or for the {inner}s of one {outer} at a time (\"{label} by {inner} for <one {outer}>\").",
                [f"{label} by {outer}", f"{label} by {inner}"])
        return None

    @staticmethod
    def _fixed_grouping(r: Reading) -> bool:
        """Groupings the question fixes before any grouping word is read: (h23) a count of a kind of entity is one
        number; month over month lists the months; (h23) "Huntress vs SentinelOne spend" is one row per product (vendor), never their sum."""
        if r.metric in ENTITY_COUNTS:
            r.grouping = "company"
            return True
        if r.mom and r.before is None:  # "month over month" over a longer period: every month with its change
            r.grouping, r.change = "month", "mom"
            return True
        if r.product_split and r.product_split in groupings_of(r.metric) and r.before is None and not r.share:  # type: ignore[arg-type]
            r.grouping = r.product_split
            r.reasons.append(f"two {r.product_split}s compared: one row each")
            return True
        if r.each_named and r.each_named in groupings_of(r.metric) and r.before is None and not r.share:  # type: ignore[arg-type]
            r.grouping = r.each_named  # h27: "Harbor and Meridian respectively": one row per named client
            r.reasons.append(f"several {r.each_named}s named, each asked: one row each")
            return True
        return False

    @staticmethod
    def _grouping_noun(r: Reading, ranked: bool, one_sum: bool) -> None:
        """The grouping a noun asks for: after a cue ("by", "per", "each", "which"), before a breakdown word ("client
        breakdown", "vendor split": h21), in a ranking, or with "all / every"; a plain noun ("revenue from healthcare
        clients") describes, it does not ask for a list. Every mention is read, not only the first (h21: "for healthcare
        customers, ... by customer"). "For each of the last 4 months" (h21) is the months, as a trend."""
        # h27: a noun with its own cue ("which 5 clients", "by vendor", "client breakdown") wins over one that only
        # qualifies a measure ("cost us the most in technician labour"): the cued nouns are tried first, then the rest
        chosen: tuple[str, re.Match[str], re.Match[str] | None] | None = None
        for name, pattern in _GROUPS:
            for found in pattern.finditer(r.text):
                cue = (lx.SPLIT_CUE if one_sum else lx.GROUP_CUE).search(r.text[:found.start()])
                if cue and billed_object(r.text, found.start()):  # h89: "what we billed clients": one amount billed
                    cue = None
                if name == "month" and re.match(r"(?:per|by|each|every)\s|monthly|month by month", found.group(0)):
                    cue = cue or re.match(r"\w+", found.group(0))  # h30: "revenue per month for healthcare clients": its own cue
                after = lx.GROUP_AFTER.match(r.text[found.end():])
                if _names_the_segment_filter(r, name, found.start()):
                    continue
                if name in r.filters or name == "product" and "product" in r.filters:
                    if not ranked and not after and lx.ALL_OF_NAMED.search(r.text[:found.start()]):
                        continue  # "all our Microsoft subscriptions": the named set, summed (each / every / per list it)
                if cue and not after and not ranked and name not in ("month", "segment") \
                        and METRICS[r.metric].kind != "percent" \
                        and not lx.SPLIT_WORD_CUE.search(r.text[:found.start()]) \
                        and lx.ALL_CUE.search(r.text[:found.start()]):
                    if lx.TOTAL_WORD.search(r.raw.lower()):  # h27: "total revenue across every client": one amount
                        r.use(found.span())
                        r.reasons.append(f"'all {name}s' with a total word read as one amount over them")
                        continue
                    if not re.search(r"\bevery\s+(?:\w+\s+){0,2}$", r.text[:found.start()]):
                        r.all_only = name  # h27: "revenue for all clients": the list, offered with the one total
                        # ("for every client" is distributive: the list, with no doubt)
                if cue or after:
                    chosen = (name, found, after)
                    break
                if chosen is None and (name in ("month", "segment") or ranked or (r.no_limit and not one_sum)):
                    chosen = (name, found, after)
            if chosen is not None and (chosen[2] is not None or (lx.SPLIT_CUE if one_sum else lx.GROUP_CUE).search(
                    r.text[:chosen[1].start()]) or chosen[0] == "month" and re.match(r"(?:per|by|each|every)\s|monthly",
                                                                                     chosen[1].group(0))):
                break
        if chosen is not None:
            name, found, after = chosen
            r.grouping = name
            r.use((found.start(), found.end() + after.end()) if after else found.span())
            return
        said = fold(r.raw).lower()
        if not ranked and r.before is None and r.period is not None and r.period.end > month_end(r.period.start) and (
                lx.EACH_OF_QUARTERS.search(said) or lx.MONTHS_EACH.search(said)):
            r.grouping = "quarter" if lx.EACH_OF_QUARTERS.search(said) else "month"  # h30: one value per named period
            r.reasons.append(f"each {r.grouping} of the period asked: one value per {r.grouping}")
            for each in re.finditer(r"\b(?:each|both|separately|respectively|individually|one by one)\b", r.text):
                r.use(each.span())
            return
        if not ranked and r.before is None and lx.EACH_OF_MONTHS.search(fold(r.raw)) \
                and (each := re.search(r"\b(?:each|every(?: one| single one)?) of\b", r.text)):
            r.grouping = "month"  # h21: "revenue for each of the last 4 months": the trend, not one total
            r.use(each.span())

    @staticmethod
    def _quarters_ranked(r: Reading, ranked: bool) -> None:
        """h18: "quarter(s)" left once the period is read, in a ranking ("which quarter had the best revenue", "rank the
        quarters of 2026 by margin"): the quarters are what is ranked, never a client (highest first unless asked)."""
        asked = lx.WHICH_QUARTER.search(r.text)  # "what quarter did the techs log the fewest hours": quarters ranked
        if (r.grouping is None or (asked and r.grouping != "month")) and r.before is None and not r.mom \
                and (ranked or lx.RANK_WORDS.search(r.text)) and lx.QUARTER_NOUN.search(r.text) \
                and not lx.MONTH_NOUN.search(r.text):
            r.grouping, r.order = "quarter", r.order or "desc"
            for quarter in lx.QUARTER_NOUN.finditer(r.text):
                r.use(quarter.span())

    @staticmethod
    def _months_beside_an_entity(r: Reading) -> None:
        """Months ranked while a client / technician / product is named as what is ranked ("top 5 clients by revenue per
        month", "the most profitable client each month"): each month's top entity is not an answer given, so the months
        ranked are shown provisionally."""
        if r.grouping != "month" or r.change == "mom" or (r.order is None and r.threshold is None):
            return
        other = next((name for name, pattern in _GROUPS if name != "month" and pattern.search(r.text)), None)
        if other is not None:
            r.confidence *= 0.6
            r.reasons.append(f"months ranked, but {other}s are named too: the top {other} of each month is not an answer "
                             "I give (ask for the months, or for the " + other + "s over the whole period)")

    def _implied_grouping(self, r: Reading) -> str:
        mdef = METRICS[r.metric]  # type: ignore[index]
        ranked = r.order is not None or r.threshold is not None or r.count
        several = [k for k in ("technician", "client", "segment", "product") if len(r.filters.get(k, ())) > 1]
        if several and not ranked and (r.summed or lx.COMBINED.search(r.text)) and r.product_split is None:
            r.reasons.append(f"{' and '.join(r.filters[several[0]])} combined: one total")  # h30: "combined", "together"
            return "company"
        if "technician" in r.filters:
            return "technician"
        if "client" in r.filters:
            return "client"
        if "product" in r.filters and "product" in mdef.by and ranked:
            return "product"
        if "segment" in r.filters and not (r.order or r.threshold):
            return "segment" if "segment" in groupings_of(r.metric) else "company"  # type: ignore[arg-type]
        if ranked and "company" in groupings_of(r.metric) and own_figure(r, fold(r.raw)):  # type: ignore[arg-type]
            return "company"  # h90: "was our margin over 30%": the company's figure against the mark, not a list
        if ranked:
            grouping = next(iter(mdef.by), "company")
            if "technician" in mdef.by and "client" in mdef.by and re.search(r"\bbusiest\b|\bhardest\b", r.text):
                grouping = "technician"
            grouping = unnamed_hours_ranking(r) or grouping  # h99: "lowest 3 on total hours": technicians, flagged
            r.reasons.append(f"ranked per {grouping}")
            return grouping
        return "company"

    # ------------------------------------------------------------------ 10. limit
    def _limit(self, r: Reading) -> Parse | None:
        """Singular "which client" with a superlative -> one; plural -> five; "all/every/each" -> every row."""
        months_ranked = r.grouping in ("month", "quarter") and r.order is not None and r.change != "mom"
        if r.no_limit and r.grouping not in ("company", "month", "quarter"):
            r.limit = None if not r.limit else r.limit
        elif months_ranked and r.grouping == "quarter" and r.limit is None and not r.no_limit and r.threshold is None:
            n_quarters = lx.N_QUARTERS.search(r.text)  # h18: "which quarter": one; "the quarters of 2026 by margin": all
            if n_quarters:
                r.limit = number(n_quarters["n"])
                r.use(n_quarters.span("n"))
            elif not lx.QUARTERS_PLURAL.search(r.text):
                r.limit = 1
        elif months_ranked and r.limit is None and not r.no_limit and r.threshold is None:
            n_months = lx.N_MONTHS.search(r.text)
            if n_months:  # "the three months with the most hours"
                r.limit = number(n_months["n"])
                r.use(n_months.span("n"))
            else:
                r.limit = 5 if lx.MONTHS_PLURAL.search(r.text) else 1  # "which month": one; "the busiest months": five
        elif r.order is not None and r.limit is None and r.grouping not in ("company", "month", "quarter") \
                and r.threshold is None \
                and not r.count and r.before is None:
            plural = lx.PLURAL.search(r.text) or lx.BY_ENTITY.search(r.text) or lx.PLURAL_KINDS.search(fold(r.raw))
            r.limit = whole_short_list(r, 5 if plural and not self._one_asked(r) else 1)  # "which clinics": five; h123: products all
        elif r.order is not None and r.limit is None and r.grouping not in ("company", "month", "quarter") \
                and not r.count and not r.no_limit and self._one_asked(r) and (r.threshold is not None or r.before is not None):
            r.limit = 1  # h30: "which client lost the most money": the one that lost most, not every loss-maker
            r.reasons.append(f"one {r.grouping} asked: the first of the ranking")
        if r.grouping == "company" and r.limit and (n_noun := lx.N_NOUN.search(r.text)) and not r.share:
            r.confidence *= 0.6  # h30: "margin for 12 clients": which 12? never dropped silently
            r.reasons.append(f"'{n_noun.group(0)}' not used: one figure for everyone is shown; ask for the top or bottom "
                             f"{r.limit} by a measure")
        if r.grouping == "company" or (r.grouping == "month" and not months_ranked):
            r.order, r.limit = None, None
        if r.threshold is not None and r.grouping in ("client", "technician") and len(r.filters.get(r.grouping, ())) == 1 \
                and not r.count and r.before is None:
            r.order, r.limit = None, None  # h21: "is Noah above 90% utilised": the one value, checked against the threshold
            r.reasons.append(f"one {r.grouping} against a threshold: its value, and whether it passes")
        if r.limit is not None and r.order is None:
            r.order = "desc" if METRICS[r.metric].higher_is_better else "asc"  # type: ignore[index]
            if re.search(r"\bbottom\b", r.text):
                r.order = "asc"
        return None

    @staticmethod
    def _one_asked(r: Reading) -> bool:
        """h30: a singular question with a superlative ("which of our clients is the least profitable", "who lost us
        the most money", "which client's margin dropped the most") asks for one row, not the list."""
        said = re.sub(r"\bat (?:least|most)\b", " ", fold(r.raw).lower())  # "at least 150 hours" is a threshold
        if not lx.SUPERLATIVE.search(said) or lx.N_NOUN.search(r.text) or lx.ORDER_ASKED.search(said):
            return False
        if re.search(r"\b(?:are|were)\b", said) and not re.search(r"\bwhich (?:single )?one\b", said):
            return False  # "which of our clients are the most profitable": a plural verb asks for the list
        return bool(lx.SINGULAR_ASK.search(said)) or (r.threshold is not None and not lx.PLURAL.search(said)
                                                      and not lx.PLURAL_KINDS.search(said))

    # ------------------------------------------------------------------ finish
    def _finish(self, r: Reading) -> Parse:
        assert r.period is not None and r.metric is not None and r.grouping is not None
        if _FISCAL_LABEL.search(r.raw) and r.confidence >= 0.7:  # lead: "FY24" is read as calendar 2024 (README)
            r.confidence *= 0.6  # but a fiscal year often starts another month: shown, flagged, never as sure
            r.reasons.append("an FY label read as the calendar year: a fiscal year that starts in another month needs "
                             "its months named (e.g. 'from July 2023 to June 2024')")
        # h57/h59: a day written as a date ("on 2025-03-15") as well as "today" / "yesterday"; never a comparison's end
        day = r.before is None and one_day(r)
        if day and METRICS[r.metric].kind != "hours" or day and r.metric == "available_hours":
            label = METRICS[r.metric].label
            latest = self.data_span.end if self.data_span is not None else None
            if latest is not None and latest < r.period.start:  # h58 (h52's D5): never suggest what is refused in turn
                return r.refuse(f"I can't give {label} for one day ({r.period_label}): only hours are dated by day (time "
                                f"entries), and the data ends {latest}. Ask for {label} in {latest:%B %Y}, the latest "
                                "month with data.", [f"What was our {label} in {latest:%B %Y}?"])
            return r.refuse(f"I can't give {label} for one day ({r.period_label}): only hours are dated by day (time "
                            f"entries); {label} is answered over months or longer. Ask for {label} this month or last "
                            "month, or for the hours logged that day.",
                            [f"What was our {label} last month?", "How many hours did we log today?"])
        fraction_billable(r)  # h139: "techs over 0.9 billable": billable utilisation, not hours
        each = each_period_condition(r, fold(r.raw), r.grouping, r.months_counted, self.data_span)
        if isinstance(each, Parse):
            return each  # h44: "lost money in both Jan and Feb": a condition in each period, never the merged one
        if each is None and (refused := each_ranked_refused(r, fold(r.raw)) or entity_count_mark(r, fold(r.raw))
                             or count_refused(r, fold(r.raw))):  # h132: "how many techs worked on our biggest client"
            return refused  # h127: "top client in each of Q1 and Q2", "clients more than 3 techs worked on"
        listed = amounts_each(fold(r.raw))  # h99: "which clients had other costs, and how much": the list, amounts
        summed = None if each is not None or listed else one_total(r, fold(r.raw))  # h54: one total over the passing entities
        if each is None:
            flag_two_months_condition(r, fold(r.raw))
        flag_year_or_amount(r, METRICS[r.metric].kind == "percent")
        same_stretch(r)  # h44: "QTD vs the same period last quarter": the same days of last quarter
        if each is None and summed is None and not listed:
            flag_one_total(r, fold(r.raw))  # h44: "total of clients that lost money" listed: flagged
        flag_ranked_pits(r, fold(r.raw))  # h68: "our 3 biggest money pits": by the loss or by the margin? flagged
        flag_bottom_line(r)  # h58: "what's our bottom line": net profit is not held, gross profit flagged
        if (one_seat := unit_price_refusal(r)) is not None:  # h58: "how much does a seat cost": no price list held
            return one_seat
        kind_named_grouping(r)  # h58: "client profitability report", "techs' hours": one row per client / technician
        team_hours(r)  # h99: "how did tech hours change from Jan to Feb": the technicians' hours together, both months
        band = (self.utilization_low, self.utilization_high) if r.band else None
        before = r.before
        self._seats_now(r)
        stock = seat_count_at_period_end(r, self.data_span)  # h58: "how many seats did we have in Q4": the count, not seat-months
        seats_over_months(r)  # h118: "more than 200 seats last quarter" against seat-months: flagged
        self._all_months_ranked(r)
        intent = Intent(r.metric, r.grouping, r.period.start, r.period.end, r.period_label, _filters(r.filters), r.order,
                        r.limit, r.threshold, r.count, tuple(r.reasons), (),
                        before.start if before else None, before.end if before else None,
                        r.change if (before is not None or r.change == "mom") else None, band,
                        r.relative and before is not None, r.share)
        if r.excluded:  # h65: names left out ("GP excluding healthcare"): the figure covers the rest
            intent = replace(intent, excluded=_filters(r.excluded))
        if r.lacking:  # h78: the clients holding none of the named products
            intent = replace(intent, lacking=True)
        if each is not None:  # h54: checked in each period on its own
            intent = with_each(intent, each)
        elif summed is not None:  # h54: one total of the passing entities
            intent = replace(intent, metric=summed[0], where_metric=summed[1], passing_total=True, order=None)
        elif not listed and (asked_of := other_measure_asked(r, fold(r.raw))) is not None:  # h132: "licence cost for
            intent = replace(intent, metric=asked_of[0], where_metric=asked_of[1], order="desc")  # clients over 1k in waste"
        problems = validate(intent)
        if problems and intent.metric == "revenue" and intent.grouping == "technician" and lx.TECH_BILLED.search(r.text):
            intent = replace(intent, metric="billable_hours")  # what a technician bills is hours; revenue is per client
            problems = validate(intent)
        others = [c for c in r.candidates[1:] if not validate(replace(intent, metric=c))]
        if problems and others:  # "Microsoft subscriptions cost": of the costs, only licence cost is per product
            intent = replace(intent, metric=others[0])
            others, problems = others[1:], []
        if problems:
            return r.refuse(f"I can't answer that from your data: {problems[0]}.")
        return with_seat_months(self._accounted(r, intent, others), stock)  # h67: both readings offered

    def _all_months_ranked(self, r: Reading) -> None:
        """h30: "which quarter had the lowest revenue" (no period) ranks every month / quarter with data; inside the
        default last quarter the answer would be one of three months, or the only quarter."""
        if (r.named_period or self.data_span is None or r.grouping not in ("month", "quarter") or r.order is None
                or r.before is not None or r.mom or r.period != self.default_period):
            return
        r.period = self.data_span
        r.period_label = f"every {r.grouping} with data ({self.data_span.start:%B %Y} to {self.data_span.end:%B %Y})"
        r.reasons.append(f"no period named: every {r.grouping} with data ranked")

    def _seats_now(self, r: Reading) -> None:
        """h30: "how many seats does Harbor have" (no period) is a count at a point in time: the seats of the latest
        month with data, never seat-months summed over the default quarter (three times the count)."""
        if (r.named_period or self.default_period is None or r.before is not None or r.mom or r.grouping == "month"
                or METRICS[r.metric].kind != "seats" or r.period != self.default_period):
            return
        end = r.period.end
        r.period = Period(end.replace(day=1), end)
        r.period_label = f"{end:%B %Y} (the latest month with data: seats at that point in time)"
        r.reasons.append(f"no period named: seats counted in {end:%B %Y}, the latest month with data")

    def _accounted(self, r: Reading, intent: Intent, other_metrics: list[str]) -> Parse:
        """Every word used or filler; else the reading is partial and offers the closest complete readings."""
        intent = replace(intent, shown=r.shown) if r.shown and intent.order and intent.limit else intent  # h117
        intent = rows_chosen_by(r, intent)  # h117/h127/h129 (h132: one rule): "margin of our 3 biggest clients"
        intent = ranks_kept(r, least_of_state(r, picked_within(r, intent)))  # h138: ranks "6-10"; "which of our 5 biggest ... has the lowest margin": one
        # of them; "the least unprofitable client": the loss-maker nearest break-even
        intent = running_total(r, intent)  # h117: "running total of hours by month"
        intent = periods_together(r, intent)  # h117: "combined revenue Q4 and Q1": one sum
        intent = every_failing(r, intent)  # h139: "did every tech hit 60%": the ones that fail, yes / no
        if isinstance(intent := per_unit_mark(r, intent, self.data_span), Parse):  # h139: "licences over 1000 a month"
            return intent
        if (refused := changed_state(r, intent)) is not None:  # h139: "went into the red", "the same in April and May"
            return refused
        intent = other_kind_ranked(r, intent)  # h139: "who does most of the work on Meridian": its technicians
        if (refused := compared_marks(r, intent)) is not None:  # h139: "how many lost money in Q4 vs Q1"
            return refused
        if (refused := both_products_refusal(r, intent)) is not None:  # h117: "clients with both E3 and BP"
            return refused
        if (refused := negated_or_both_refusal(r, intent)) is not None:  # h139: "clients Priya did not work for", "both"
            return refused
        self._entity_nouns(r, intent)
        ignored = [w for w, s, e in token_spans(r.text)
                   if not _covered(s, e, r.used) and w.strip(".'-") not in lx.FILLER and w.strip(".'-")]
        alternatives = [intent]
        for other in other_metrics:
            alt = replace(intent, metric=other)
            if not validate(alt):
                alternatives.append(alt)
        if r.all_only and intent.grouping == r.all_only and intent.limit is None and intent.compare_start is None \
                and METRICS[intent.metric].kind != "percent" and not intent.count \
                and EACH_OWN.search(r.raw.lower()) is None:  # a ratio is never summed; h135: "with their revenue": each
            r.confidence *= 0.6  # h27: "all X" with no total word and no per / each / by: one row each, or their total?
            r.reasons.append(f"'all {r.all_only}s' read as one row per {r.all_only}; ask for the total across all "
                             f"{r.all_only}s for one amount")
            alternatives.append(replace(intent, grouping="company", order=None, limit=None))
        flag_ratio_over_all(r, intent, alternatives)  # h93: "active / assigned seats, all products": list or pooled?
        if intent.limit and not intent.share and intent.grouping not in ("company", "month") and lx.COMBINED.search(r.text):
            r.confidence *= 0.6  # "revenue of the top 5 clients combined": the rows, not their sum
            r.reasons.append(f"the sum of the {intent.limit} rows is not given: each is listed")
        if (second := _second_measure(r.text, intent.metric)) is not None:
            r.confidence *= 0.6  # h30: "gross profit and margin", "hours and billable hours": one measure shown
            r.reasons.append(f"two measures asked: {METRICS[intent.metric].label} shown; ask for {second} separately")
        if ignored:
            r.confidence *= 0.6
            r.reasons.append("not used: " + " ".join(ignored[:8]))
            kinds = [m["word"] for m in lx.SEGMENT_SLOT.finditer(r.text) if m["word"] in ignored]
            if kinds:
                known = ", ".join(self.vocab.segments) or "none in this data"
                r.reasons.append(f"'{kinds[0]}' is not a client segment I can filter by (segments: {known})")
            alternatives += [a for a in _near_readings(intent, ignored) if a not in alternatives]
        kept = record_assumptions(r, intent, alternatives)  # h110: what the reading supplied, flagged where risky
        if isinstance(kept, Parse):
            return kept
        intent, alternatives, assumed = kept
        return Parse(r.raw, intent, round(r.confidence, 4), alternatives if len(alternatives) > 1 else [],
                     reasons=r.reasons, ignored=ignored, assumptions=assumed)

    @staticmethod
    def _entity_nouns(r: Reading, intent: Intent) -> None:
        """Words like "clients" are used when the answer is about them (listed, counted, filtered or measured),
        with the "per / by / each" before them; the metric's own describing words (``METRIC_WORDS``) and the
        remaining words of a matched name ("Dental" of "Meridian Dental Group") are used too."""
        kinds = {intent.grouping} | {k for k, _ in intent.filters + intent.excluded} | set(METRICS[intent.metric].by)
        if "product" in kinds:
            kinds.add("vendor")  # a vendor is its products: "Microsoft licences by client", "waste per vendor"
        if intent.filter("segment") or dict(intent.excluded).get("segment") or intent.metric == "clients" or intent.share:
            kinds |= {"client", "segment"}  # a share's part: "healthcare clients' share of hours"
        for name, pattern in _GROUPS:
            if name in kinds or (name == "month" and intent.grouping == "month"):
                for m in pattern.finditer(r.text):
                    r.use(m.span())
                    cue = re.search(r"\b(?:per|by|each|every|for every|for each|across|all)\s+(?:\w+\s+)?$", r.text[:m.start()])
                    if cue and name == intent.grouping:
                        r.use(cue.span())
        words = _METRIC_WORDS.get(intent.metric)
        if words is not None:
            for m in words.finditer(r.text):
                r.use(m.span())
        names = {t for _, ns in intent.filters for n in ns for t in normalize(n).split()}
        for word, start, end in token_spans(r.text):
            if normalize(word) in names:
                r.use((start, end))


_DEGREE = re.compile(r"\b(?:most|more|least|less|biggest|highest|lowest)\b")
_PROFITABLE = re.compile(r"(?<!\bnot )\b(?:profitable|in the black)\b")
_PICKS = re.compile(r"\b(?:how many|which|who|number of|count)\b")


def _made_money_condition(r: Reading, said: str) -> bool:
    """h44 (h38 C10): "made money" with no degree ("the most") in a question that picks or counts rows ("which
    clients made money", "in how many months did Meridian make money") is a condition, gross profit > 0; never
    dropped (a count of every month with data)."""
    return not _DEGREE.search(said) and _PICKS.search(r.raw.lower()) is not None


def _licence_money(r: Reading) -> None:
    """h21: money paid or spent beside a licence, product or vendor ("what did we pay to each vendor", "how much usd went on
    Huntress licences") is the licence cost: of the costs, only licences are per product and per vendor."""
    if r.metric is None and (money := lx.MONEY_WORDS.search(r.text)) and (
            "product" in r.filters or "vendor" in r.filters or lx.LICENSE_CONTEXT.search(r.text)):
        r.metric = "license_cost"
        r.use(money.span())
        r.reasons.append("money paid for licences, a product or a vendor read as licence cost")


def _ranked_nouns_and_counts(r: Reading) -> None:
    """h23: "money makers", "top performers" are clients ranked (a list: the plural lists five); "how many technicians
    do we have" counts that kind (unless a measure is named, then it is a count of entities with a threshold)."""
    ranked_noun = r.find(lx.RANKED_NOUN)
    if ranked_noun:
        low = lx.RANKED_NOUN_LOW.search(ranked_noun.group(0))
        r.order = r.order or ("asc" if low else "desc")
        r.superlative = r.superlative or ("worst" if low else "top")
        if re.search(r"money|cash|earners", ranked_noun.group(0)) and r.metric is None:
            r.metric = "gross_profit"  # what an MSP makes is gross profit (the glossary)
    entity_count = lx.ENTITY_COUNT.search(r.text)
    if entity_count and not lx.THRESH.search(r.text) and not lx.THRESH_AFTER.search(r.text):
        r.entity_count = "technicians" if entity_count["head"] else lx.ENTITY_COUNT_KIND[entity_count["kind"]]


def _names_the_segment_filter(r: Reading, name: str, start: int) -> bool:
    """h23: "the retail segment" names the segment filter, not a grouping ("gross profit by client, retail segment"
    lists the segment's clients); "by segment" / "per segment" still groups."""
    if name != "segment" or "segment" not in r.filters:
        return False
    if any(end <= start and not r.text[end:start].strip() for _, end in r.name_spans):
        return True  # "each retail segment client": the word right after the segment's name is that name's
    return not re.search(r"\b(?:by|per|each|every|across)\s+$", r.text[:start])


def _seats_in_use_refusal(r: Reading) -> Parse:
    return r.refuse("'In use' means active seats, and the glossary has no ratio of active seats to purchased seats: I "
                    "can give licence utilisation (assigned / purchased seats), licence activity (active / assigned "
                    "seats) or unused seats (purchased - active). Ask for one of those.",
                    ["What percentage of our purchased seats were assigned last month?",
                     "What percentage of our assigned seats were active last month?",
                     "How many unused seats did we have last month?"])


def _seats_in_use_with_no_denominator(r: Reading) -> bool:
    """"% of seats in use" names no denominator: "in use" is active, and active / purchased is no glossary ratio, so it
    is refused naming the ratios there are (h23: it was answered as assigned / purchased, another question)."""
    return r.metric == "license_utilization" and bool(lx.IN_USE.search(r.text)) and not lx.SEAT_STATE.search(r.text)


_DIGIT_WORDS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
                "nine": "9"}


def _split_name_words(words: set[str]) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """h21: a one-word name of the data typed as two words ("Sentinel One", "sentinel-one", "sentinel 1", "Bright
    Path") joins back into that word. Only words of the data's names (6+ letters), split into halves of 3+ letters, so
    ordinary text is never joined ("on line" has a 2-letter half)."""
    joined: dict[str, str] = {}
    for word in sorted(w for w in words if len(w) >= 6 and w.isalpha()):
        for i in range(3, len(word) - 2):
            a, b = word[:i], word[i:]
            joined[f"{a} {b}"] = word
            if b in _DIGIT_WORDS:
                joined[f"{a} {_DIGIT_WORDS[b]}"] = word
    if not joined:
        return None
    alts = sorted((re.escape(k).replace(r"\ ", r"[\s-]+") for k in joined), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b"), joined


def _second_measure(text: str, shown: str) -> str | None:
    """h30: a second measure joined to the first by "and" / "&" / "plus" / "as well as" ("gross profit and margin",
    "hours and billable hours", "licence cost and waste"), even when it shares a word with the first: its label, or
    None. The measures' words are matched longest first, each word once."""
    spans: list[tuple[int, int, str]] = []
    hits = sorted(((m.start(), m.end(), name) for pattern, name in _METRICS if name in METRICS
                   for m in pattern.finditer(text)), key=lambda h: (-(h[1] - h[0]), h[0]))
    for start, end, name in hits:
        if all(end <= a or start >= b for a, b, _ in spans):
            spans.append((start, end, name))
    spans.sort()
    for (_, a_end, a), (b_start, _, b) in zip(spans, spans[1:], strict=False):
        if a != b and shown in (a, b) and re.fullmatch(r"\s*(?:,|and|&|plus|as well as|along with)\s*(?:the |our |its |their )?",
                                                        text[a_end:b_start]):
            return METRICS[b if a == shown else a].label
    return None


def _metrics_in(text: str) -> list[str]:
    """The measures the metric patterns find in ``text`` (a ratio written out or a synonym), in pattern order."""
    return [name for pattern, name in _METRICS if name not in ("seat_share", "billable_degree") and pattern.search(text)]


def _spoken(period: Period) -> str:
    """A period as a user writes it: "Q3 2026", "March 2026", "2026", else "2026-03-01 to 2026-05-15"."""
    from moat.metrics.periods import month_end

    s, e = period.start, period.end
    months = (e.year - s.year) * 12 + e.month - s.month + 1
    if s.day == 1 and e == month_end(e):
        if months == 1:
            return f"{s:%B %Y}"
        if months == 3 and s.month % 3 == 1:
            return f"Q{(s.month - 1) // 3 + 1} {s.year}"
        if months == 12 and s.month == 1:
            return str(s.year)
    return f"{s.isoformat()} to {e.isoformat()}"


def _first_metric(text: str) -> tuple[str | None, int]:
    """The measure written first in ``text`` (by position, then pattern order) and where its words end; (None, 0)."""
    hits = [(m.start(), i, name, m.end()) for i, (pattern, name) in enumerate(_METRICS)
            if name not in ("seat_share", "billable_degree") and (m := pattern.search(text))]
    return (min(hits)[2], min(hits)[3]) if hits else (None, 0)


def _near_name(raw: str, word: str) -> list[str]:
    """The capitalised run of words around ``word`` in the question ("Acme Engineering"), as written."""
    for m in re.finditer(r"(?:[A-Z][\w&'-]*\s+)*[A-Z][\w&'-]*", raw):
        if word in [normalize(w) for w in m.group(0).split()]:
            return [m.group(0)]
    return [word]


def _filters(filters: dict[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((k, tuple(sorted(v))) for k, v in filters.items()))


def _covered(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= start and end <= b for a, b in spans)


_UNIT_METRICS = {"percent": ["gross_margin", "billable_utilization", "license_utilization"],
                 "money": ["revenue", "gross_profit", "license_waste"], "seats": ["seats_purchased", "seats_unused"],
                 "hours": ["hours", "billable_hours"]}


def _unit_suggestions(unit: str) -> list[str]:
    return [f"What was our {METRICS[m].label} last quarter?" for m in _UNIT_METRICS.get(unit, [])] or SUGGESTIONS


def _near_readings(intent: Intent, ignored: list[str]) -> list[Intent]:
    """Complete readings close to a partial one: the ignored word as a unit, a listing, or no limit."""
    out = []
    words = set(ignored)
    unit = ("seats" if words & {"seats", "seat", "licenses"} else "hours" if words & {"hours", "hour"} else
            "percent" if words & {"percent", "percentage", "share", "proportion"} else None)
    if unit:
        swap = lx.UNIT_SWAPS.get(intent.metric, {}).get(unit)
        if swap:
            out.append(replace(intent, metric=swap, threshold=None))
    if words & {"all", "every", "each"} and intent.limit:
        out.append(replace(intent, limit=None))
    if words & {"per", "by"} and intent.grouping == "company":
        for g in sorted(groupings_of(intent.metric) - {"company", "month", "segment"}):
            out.append(replace(intent, grouping=g))
    return [a for a in out if not validate(a)]


def _each_month_change(r: Reading, mom: object) -> re.Match[str] | None:
    """h29: each month against the month before it in words, or how much a figure moved each month: the change of every
    month (``lexicon.EACH_MONTH_PREVIOUS``, ``lexicon.MOVED_PER_MONTH``). A year named against ("vs last year") keeps
    the two-period rules."""
    if mom or r.has(lx.LAST_YEAR):
        return None
    return lx.EACH_MONTH_PREVIOUS.search(r.text) or lx.MOVED_PER_MONTH.search(r.text) or each_of_months_previous(r.text)


def _name_like_english(word: str) -> bool:
    """h29: an English word that reads as a place-name before a trade word ("thistledown accounting", "meadowbrook
    dental"): long, and not an inflected adjective, adverb or verb ("smaller", "biggest", "growing", "troubled")."""
    return len(word) >= 7 and not re.search(r"(?:er|est|ly|ing|ed|ful|ous|ive|al|ic|ent|ant|ary|ory|less|ion|ity)$", word)


_LEGAL_WORDS = {w for s in _LEGAL_SUFFIXES for w in normalize(s).split()}
_YEAR = re.compile(r"(?:19|20)\d\d")
_TIME_UNIT_AFTER = re.compile(r"\s*(?:months?|weeks?|days?|years?|quarters?|yrs?|mos?)\b")


def _topic(what: str) -> str:
    """h58 (h52's D17): the thing not held as a noun phrase ("how many endpoints" -> "endpoints", "in the bank" -> "cash
    in the bank", "sla" -> "SLAs"), never the question's words cut out verbatim."""
    topic = re.sub(r"^how many\s+", "", what.strip())
    if topic.startswith("in the "):
        topic = "cash " + topic
    if topic in ("sla", "slas", "csat", "nps"):
        topic = topic.rstrip("s").upper() + ("s" if topic.startswith("sla") else "")
    return topic


def _plain_digit_range(rng: re.Match[str], text: str) -> bool:
    """h29: two plain numbers joined by a hyphen ("between 5000-10000", "5000 - 10000") are a range of values when they
    are not two years ("2025-2026"), not a span of time ("3-6 months") and rise left to right."""
    a, b = rng["a"].replace(",", ""), rng["b"].replace(",", "")
    joined_by_hyphen = "-" in text[rng.end("a"):rng.start("b")]
    years = bool(_YEAR.fullmatch(a) and _YEAR.fullmatch(b))
    return joined_by_hyphen and not years and float(a) < float(b) and not _TIME_UNIT_AFTER.match(text, rng.end("b"))
