"""``ask``: question -> intent -> safe SQL -> answer (+ cache, model, confidence, audit, approval).

The flow, and why each step is where it is:
1. ``require(user, "ask")``; the question is audited whatever happens (action "ask").
2. The data version picks the locked sandbox (``safety``) and the parser built from its names.
3. The deterministic parser reads the question. Unanswerable -> a polite refusal with suggestions, no number.
   "Why ..." / "what should we do ..." -> ``routes`` (the explanation / the insights). Several fitting intents,
   or a partial reading (words it could not place) with complete alternatives -> the local model (if the probe
   allows one) scores the readings in one forward pass; its choice is validated against the catalogue, and
   without a model the parser's first reading is used. Per-client answers follow ``viewers_see_client_rows``.
4. The cache is looked up by the normalised interpretation + data version + template/model version.
5. A miss is rate-limited per user (``ask_rate_per_minute``: real work, not cache hits), then computed by
   ``compile.sql.run`` (metric functions on the safe connection).
6. The narrative: the model's when every number it states is in the result, else the template's.
7. confidence = parse confidence x data confidence; below ``review_confidence`` the answer is provisional and
   can be sent for approval (a ``results`` row of entity_type "question"). A partial reading is always below
   it, and its narrative starts with the words it did not use and the closest complete readings.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from moat import clock, db
from moat import config as config_mod
from moat.ai import agreement, ask_rate, narrative, safety
from moat.ai import cache as cache_mod
from moat.ai.amount_currency import checked_currency
from moat.ai.answer import Answer  # re-exported: engine.Answer is the public name
from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.chosen_by import ranked_answer
from moat.ai.compile.held_span import held_span_checked
from moat.ai.compile.sql import TEMPLATE_VERSION, CannotFilter, Result, coverage, run
from moat.ai.figure_confidence import figure_confidence
from moat.ai.mentions import confirmed_aliases
from moat.ai.model import ModelManager, ModelUnavailable, manager_for
from moat.ai.own_words import reads_back_to
from moat.ai.parser import RISK_ALERT_SCORE, SUGGESTIONS, Parse, Parser, Vocabulary
from moat.ai.periods import no_data_message
from moat.clock import today
from moat.errors import MoatError, PermissionDenied
from moat.governance import audit, policies
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, add_months, data_range, default_period, month_end
from moat.snapshots import data_version

_AUDIT_LOCK = threading.Lock()  # batch threads append audit rows one at a time (the chain is sequential)
AUTO = "auto"


class RateLimited(MoatError):
    """The user asked more questions in the last minute than ``ask_rate_per_minute`` allows."""

    def __init__(self, user: str, limit: int, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(f"{user} asked more than {limit} questions in the last minute",
                         f"wait {retry_after:.0f} s (an admin can raise ask_rate_per_minute)")


class RateLimiter:
    """Sliding one-minute window per user in this process (batch threads); ``ask_rate`` is the limit across processes."""

    def __init__(self) -> None:
        self._seen: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def check(self, user: str, per_minute: int, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen[user]
            while seen and now - seen[0] >= 60:
                seen.popleft()
            if len(seen) >= per_minute:
                raise RateLimited(user, per_minute, 60 - (now - seen[0]))
            seen.append(now)

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()


LIMITER = RateLimiter()


# ---------------------------------------------------------------------------------------------- context
_PARSERS_LOCK = threading.Lock()


def _parser(box: safety.Sandbox, cfg: config_mod.Config, con: db.Connection | None = None,
            as_of: date | None = None) -> Parser:
    """The parser of this data version (its vocabulary is the version's names), built once per as-of date: the
    default period is the last whole months that have ended as of the question's date (``default_period``), so a
    question asked as of another day than today gets that day's default, not today's."""
    alert = float(getattr(cfg, "risk_alert_score", RISK_ALERT_SCORE))
    key = ("parser", cfg.target_margin, cfg.utilization_low, cfg.utilization_high, alert, as_of)
    with _PARSERS_LOCK:
        found = box.memo.get(key)
        if found is None:
            sc = box.connection()
            aliases = confirmed_aliases(con) if con is not None else ()
            bounds = data_range(sc)
            span = Period(bounds[0].replace(day=1), month_end(bounds[1])) if bounds else None
            found = Parser(Vocabulary.load(sc, aliases), cfg.target_margin, cfg.utilization_low, cfg.utilization_high,
                           default_period(sc, as_of=as_of), alert, data_span=span)
            box.memo[key] = found
        return found


def _manager(cfg: config_mod.Config, model: ModelManager | None | str) -> ModelManager | None:
    if model == AUTO:
        return manager_for(cfg.model_path, cfg.model_idle_seconds, cfg.model_min_free_gib)
    return model  # type: ignore[return-value]


def cache_dir(cfg: config_mod.Config) -> Path:
    """The answer cache folder: setting cache_dir, else ``cache/`` beside the database (as the System page reports)."""
    return cfg.cache_path


def _choose_with_model(parse: Parse, manager: ModelManager) -> tuple[Intent, float, str]:
    """Let the model pick among the parser's candidate intents (labels from the catalogue only)."""
    options = parse.candidates
    listing = "\n".join(f"{i}. {c.interpretation()}" for i, c in enumerate(options, start=1))
    messages = [
        {"role": "system", "content": "You map analytics questions to one of the numbered readings. Reply with the number only."},
        {"role": "user", "content": f"Question: {parse.question}\nReadings:\n{listing}\nBest reading number:"},
    ]
    probs = manager.score(messages, len(options))
    best = max(range(len(options)), key=lambda i: probs[i])
    chosen = options[best]
    from moat.ai.catalogue import validate

    if validate(chosen):  # never happens for parser candidates; a model proposal must pass the catalogue anyway
        raise ModelUnavailable("the model proposed an intent outside the catalogue")
    return chosen, float(probs[best]), f"model chose reading {best + 1} of {len(options)} (p={probs[best]:.2f})"


def _audit(con: db.Connection, user: User, answer: Answer) -> None:
    def write() -> None:  # run again if another session's write (an upload) won the chain's next row
        with _AUDIT_LOCK, db.transaction(con):
            audit.append(con, user, "ask", answer.intent, {
                "question": answer.question[:500], "refused": answer.refused, "cached": answer.cached,
                "confidence": answer.confidence, "provisional": answer.provisional, "model": answer.model,
                "as_of": answer.as_of,  # h126: the date the question was asked as of (it sets periods and coverage)
            })

    db.retry_conflicts(write)


def _data_confidence(result: Result) -> tuple[float, list[str]]:
    notes = list(result.notes)
    value = max(0.0, min(1.0, result.coverage)) * result.doubt
    if result.coverage < 1:
        notes.append(f"the data covers {result.coverage:.0%} of the period")
    if result.nulls:
        value *= 0.8
        notes.append(f"{result.nulls} value(s) undefined (no revenue, hours or known cost)")
    return value, notes


# ---------------------------------------------------------------------------------------------- ask
def _refused(question: str, text: str, model_text: str, as_of: date, suggestions: list[str], reasons: list[str],
             parse: Parse | None = None, intent: Intent | None = None) -> Answer:
    return Answer(question, None if intent is None else intent.interpretation(), None if intent is None else intent.name,
                  None if intent is None else intent.slots(), None, [], [], text, 0.0, False, model_text, refused=True,
                  suggestions=suggestions, reasons=reasons, as_of=as_of.isoformat(),
                  ignored=[] if parse is None else list(parse.ignored))


def _no_data(box: safety.Sandbox, question: str, intent: Intent, model_text: str, as_of: date, reasons: list[str],
             parse: Parse) -> Answer:
    """A refusal naming the period without data (the compared one when that is the empty side) and the data's range."""
    sc = box.connection()
    empty = intent.period
    if intent.compare_start is not None and intent.compare_end is not None:
        before = Period(intent.compare_start, intent.compare_end)
        empty = before if coverage(sc, before) == 0 else empty
    bounds = data_range(sc)
    year = (bounds[1].year if empty.start > bounds[1] else bounds[0].year) if bounds else None
    examples = [f"What was our revenue in {year}?", f"Which clients lost money in {year}?"] if year else []
    text = no_data_message(empty, bounds)
    said = str(empty.start.year)
    if bounds and empty.end.year < bounds[0].year - 1 and re.search(rf"(?<![\d-]){said}(?![\d-])", question):
        # h27: a far-off "year" may have been an amount ("sept and oct 2000"): asked back, never only refused
        text += (f" If {said} was an amount rather than a year, write it as one (e.g. \"over ${int(said):,}\" or "
                 f"\"{said} or more\").")
    return _refused(question, text, model_text, as_of, examples, reasons, parse, intent)


_BARE = "I can't answer that from your data."
_WHAT_I_ANSWER = (" I answer about revenue, gross profit and margin, labour, licence and other direct costs, hours and "
                  "utilisation, and licence seats and waste, per client, technician, product, vendor, segment or month: "
                  "ask about one of those, e.g. one of the suggestions.")


def _refusal_help(box: safety.Sandbox, parse: Parse) -> tuple[str, list[str]]:
    """h23: a refusal says what to ask instead, and the general suggestions name periods that hold data (the last
    month and quarter of the data), never a fixed date outside it."""
    text = parse.refusal or _BARE
    bare = text.rstrip(".") == _BARE.rstrip(".")
    if bare:
        text = _BARE + _WHAT_I_ANSWER
    suggestions = list(parse.suggestions)
    if suggestions == list(SUGGESTIONS) or not suggestions:
        bounds = data_range(box.connection())
        if bounds is not None:
            last = bounds[1]
            month = f"{last:%B %Y}"
            quarter = f"Q{(last.month - 1) // 3 + 1} {last.year}"
            suggestions = [f"What was our revenue in {quarter}?", f"Which 5 clients had the lowest gross margin in {quarter}?",
                           f"Who was the busiest technician in {month}?", f"How much did unused licences cost us in {month}?",
                           f"Which clients lost money in {last.year}?"]
    lowered = text.lower()
    if not bare and suggestions and not any(w in lowered for w in ("ask", "did you mean", "which one", "write ")):
        text = f"{text.rstrip()} You could ask instead: \"{suggestions[0]}\""  # every refusal says what to ask
    return text, suggestions


def _per_entity(intent: Intent) -> bool:
    return intent.grouping in ("client", "technician") or bool(intent.filter("client") or intent.filter("technician")) \
        or bool(intent.excluded)  # h65: the total without a name, beside the total, is that name's figure


def shown_periods(intent: Intent) -> list[Period]:
    """Every period whose figures this reading's answer gives away: its own, the compared one, and for a
    month-over-month trend the whole month before the first (the first change is computed from it, so value minus
    change is that month's figure; h97 F1: a Viewer read a one-client month that way)."""
    periods = [intent.period] + ([Period(intent.compare_start, intent.compare_end)] if intent.compared else [])
    if intent.change == "mom":
        before = add_months(intent.start.replace(day=1), -1)
        periods.append(Period(before, month_end(before)))
    return periods


def _pooled_segments(con: db.Connection, intent: Intent) -> set[str]:
    """The segments this reading would show alone although their figures are a client's (``pooled_groups``).

    Why: a user kept to company figures must not read one client through a segment of one or two clients; the pages
    and the facade pool such segments (``moat.access``), so Ask refuses what they would not show."""
    if intent.grouping != "segment" and not intent.filter("segment"):
        return set()
    from moat.metrics import profitability
    from moat.metrics.small_slices import pooled_segments_in
    from moat.metrics.totals import made_of_time, pooled_groups, segment_counts

    found: set[str] = set()
    for period in shown_periods(intent):
        prof = profitability(con, period)
        # h102 (h97 U1): a segment one or two technicians serve gives their hours; h113: one a client (technician)
        # dominates gives theirs
        pooled = pooled_groups(segment_counts(prof)) | pooled_segments_in(con, period, prof,
                                                                          time_figures=made_of_time(intent.metric))
        found |= pooled & (set(intent.filter("segment")) or pooled)
    return found


def _small_period(con: db.Connection, intent: Intent) -> str | None:
    """Why a slice of this reading's period(s) is too small to answer (``moat.metrics.small_slices``): fewer than 3
    contributing clients, or for a figure of time fewer than 3 technicians logging time (h102, h97 U1)."""
    from moat.metrics.small_slices import WHY_SMALL, small_part
    from moat.metrics.totals import made_of_time

    timed = made_of_time(intent.metric)
    for period in shown_periods(intent):
        small = small_part(con, period, intent.filter("segment"), by_month=intent.grouping in ("month", "quarter"),
                           time_figures=timed)
        if small is not None:
            return f"{WHY_SMALL[small[0]]} in this period ({small[1]})"
    return None


def _poolable(intent: Intent) -> bool:
    """h44: a plain list of segments by a figure that adds up ("revenue by segment"): answered to users kept to
    aggregates with the small segments summed into one row, as the Profitability page and README describe (ratios,
    rankings cut to N, thresholds and two periods cannot be pooled from the rows: those stay refused)."""
    return intent.grouping == "segment" and not intent.filter("segment") and not intent.compared and not intent.count \
        and not intent.share and intent.threshold is None and not intent.limit and intent.metric in METRICS \
        and METRICS[intent.metric].combine[0] == "sum" and METRICS[intent.metric].kind in ("money", "hours", "seats")


def _pool_segment_rows(con: db.Connection, user: User, intent: Intent, result: Result) -> Result:
    """The segment rows with the pooled segments (``pooled_groups``) summed into one row (a reading that cannot be
    pooled from its rows is denied, never shown with a small segment alone)."""
    from dataclasses import replace as _replace

    from moat.metrics.totals import POOLED_SEGMENTS

    pooled = _pooled_segments(con, intent)
    if not pooled:
        return result
    if not _poolable(intent) or result.columns[:1] != ["segment"] or len(result.columns) != 2:
        raise PermissionDenied(user.name, user.role, f"see {', '.join(sorted(pooled))} alone (segments pooled for "
                               "your role; ask for a sum such as revenue or gross profit by segment)")
    kept = [r for r in result.rows if r[0] not in pooled]
    small = [r for r in result.rows if r[0] in pooled]
    if small:
        kept.append([POOLED_SEGMENTS, sum((r[1] for r in small if r[1] is not None), type(small[0][1] or 0)(0))])
        kept.sort(key=lambda r: r[1] or 0, reverse=intent.order != "asc")
    return _replace(result, rows=kept, notes=[*result.notes, f"segments pooled for your role: {', '.join(sorted(pooled))}"])


def _why_pooled(con: db.Connection, intent: Intent, pooled: set[str]) -> str:
    """h44: the real reason each segment is pooled: fewer than 3 clients, or (with 3 or more) pooled with such
    segments so that their figures cannot be read as the difference (never "fewer than 3 clients" said of a segment
    that has 3); a segment pooled by the technicians rule (h102) or the p% rule (h113) only, that rule."""
    from moat.metrics import profitability
    from moat.metrics.small_slices import segment_small
    from moat.metrics.totals import (
        MIN_GROUP_CLIENTS,
        MIN_GROUP_TECHNICIANS,
        made_of_time,
        pooled_segments,
        segment_counts,
    )

    prof = profitability(con, intent.period)
    counts = segment_counts(prof)
    by_count = pooled_segments(prof)  # the clients rule's own pooling keeps its reasons (h44)
    why = {s: segment_small(con, intent.period, prof, s, time_figures=made_of_time(intent.metric))
           for s in pooled if s not in by_count}
    small = sorted(s for s in pooled if s in by_count and counts.get(s, 0) < MIN_GROUP_CLIENTS)
    few = sorted(s for s, w in why.items() if w == "technicians")
    ruled = sorted(s for s, w in why.items() if w in ("client share", "technician share"))  # h113: the p% rule
    big = sorted(s for s in pooled if s not in small and s not in few and s not in ruled)
    parts = [f"alone {', '.join(small)} would show the figures of fewer than {MIN_GROUP_CLIENTS} clients"] if small else []
    if few:  # h102 (h97 U1)
        parts.append(f"the hours of {', '.join(few)} were logged by fewer than {MIN_GROUP_TECHNICIANS} technicians")
    if ruled:
        parts.append(f"one client or technician makes almost all of the figures of {', '.join(ruled)}")
    if big:
        tiny = sorted(s for s, n in counts.items() if n < MIN_GROUP_CLIENTS)
        shown = ", ".join(f"{s} ({counts[s]} client{'s' if counts[s] != 1 else ''})" for s in tiny) or "a smaller segment"
        parts.append(f"{', '.join(f'{s} ({counts.get(s, 0)} clients)' for s in big)} is pooled with {shown} so that "
                     "the smaller one's figures cannot be read as a difference")
    return "; ".join(parts)


def _pooled_products(con: db.Connection, intent: Intent) -> set[str]:
    """The products or vendors this reading would show alone although fewer than 3 clients buy them.

    Why: a product one client buys is that client's seats, cost and waste; Licences and the facade pool such
    products for users kept to aggregates (``moat.metrics.licenses.pooled_products``), so Ask refuses them."""
    from moat.metrics.licenses import rule_counts
    from moat.metrics.totals import pooled_groups

    found: set[str] = set()
    periods = shown_periods(intent)
    for kind in ("product", "vendor"):
        named = {n.casefold() for n in intent.filter(kind)}
        if intent.grouping != kind and not named:
            continue
        for period in periods:
            pooled = pooled_groups(rule_counts(con, period, kind))
            found |= {p for p in pooled if p and (not named or p.casefold() in named)}
    return found


def _kept_to_aggregates(con: db.Connection, user: User, policy: policies.Policy, intent: Intent,
                        pool_rows: bool) -> tuple[str, list[str]] | None:
    """Why ``intent`` is refused to ``user`` under the admins' policy ``viewers_see_client_rows`` (per-client and
    per-technician figures, segments and products of fewer than 3 clients, slices of fewer than 3 clients or, for
    figures of time, technicians), with suggestions; None when it may be answered (always, for roles that see rows)."""
    if policy.client_rows_visible(user):
        return None
    company = ["What was our revenue last quarter?", "What is our gross margin this year?"]
    if _per_entity(intent):
        return (f"Your role ({user.role}) sees company-level answers only (policy viewers_see_client_rows); per-client "
                "and per-technician figures need an analyst.", company)
    if not pool_rows and (pooled := _pooled_segments(con, intent)):
        return (f"Your role ({user.role}) sees company-level answers only (policy viewers_see_client_rows), and "
                f"{_why_pooled(con, intent, pooled)}; the Profitability page shows small segments pooled in one row.",
                company)
    if small := _small_period(con, intent):  # h42 F1: moat.access
        return (f"Your role ({user.role}) sees company-level answers only (policy viewers_see_client_rows): "
                f"{small} — widen the period.", ["What was our revenue last quarter?"])
    if pooled := _pooled_products(con, intent):
        return (f"Your role ({user.role}) sees company-level answers only (policy viewers_see_client_rows), and fewer "
                f"than 3 clients buy {', '.join(sorted(pooled))}: its figures would be a client's; the Licences page "
                "shows such products pooled in one row.",
                ["How much did unused licences cost us last quarter?", "What did we pay for licences this year?"])
    return None


def _pick_reading(parse: Parse, manager: ModelManager | None, reasons: list[str]) -> tuple[Intent, float, bool, str | None]:
    """The reading to answer: the parser's, or the model's choice among the candidates when the parse is unsure
    or partial. Returns (intent, parse confidence, model used, why the model could not be used)."""
    intent, conf = parse.intent, parse.confidence
    assert intent is not None
    if not (parse.unsure and manager is not None):
        return intent, conf, manager is not None, None
    try:
        chosen, p, note = _choose_with_model(parse, manager)
    except ModelUnavailable as err:
        reasons.append("the model could not be used; took the parser's first reading")
        return intent, conf, False, err.message
    reasons.append(note)
    if parse.partial:  # the model ranks readings; it never makes a partial reading complete
        return chosen, conf, True, None
    return chosen, (round(conf / 0.55 * p, 4) if p else conf), True, None


def _narrate(manager: ModelManager | None, use_model: bool, intent: Intent, result: Result, question: str,
             reasons: list[str], model_text: str) -> tuple[str, str, str]:
    """(narrative, its source, model text): the model's text only when every number it states is in the result."""
    text = narrative.template(intent, result.columns, result.rows)
    if manager is None or not use_model or not result.rows:
        return text, "template", model_text
    try:
        written = manager.generate(narrative.messages(intent, result.columns, result.rows, question))
    except ModelUnavailable as err:
        reasons.append(f"answered without the model: {err.message}")
        return text, "template", f"none ({err.message})"
    bad = narrative.unsupported_numbers(written, intent, result.rows)
    if written and narrative.states_a_result_number(written, intent, result.rows) and not bad:
        return written, "model", f"{manager.model_path} ({manager.decision.text() if manager.decision else ''})"
    reasons.append(f"model narrative rejected: states {', '.join(bad[:3])} not in the result" if bad else
                   "model narrative rejected: it states none of the result's numbers")
    return text, "template", f"{manager.model_path} (narrative rejected; template used)"


def _partial_text(parse: Parse, alternatives: list[str]) -> str:
    """What a partial reading says before its numbers: the words it did not use and the closest complete readings."""
    text = f"Partly understood: I did not use {', '.join(repr(w) for w in parse.ignored[:8])}, so this may answer a " \
           "different question."
    if alternatives:
        text += " Closest complete readings: " + "; ".join(alternatives[:3]) + "."
    return text + " "


def _check_rate(con: db.Connection, user: User, cfg: config_mod.Config) -> None:
    """The per-user question rate: counted in the database across processes (h42 F13), and in this process for a
    batch's parallel threads whose audit rows are not written yet."""
    if (wait := ask_rate.wait_needed(con, user.name, cfg.ask_rate_per_minute)) is not None:
        raise RateLimited(user.name, cfg.ask_rate_per_minute, wait)
    LIMITER.check(user.name, cfg.ask_rate_per_minute)


def ask(con: db.Connection, user: User, question: str, as_of: date | None = None, use_cache: bool = True, *,
        config: config_mod.Config | None = None, model: ModelManager | None | str = AUTO) -> Answer:
    """Answer ``question`` about the current data of ``con`` as ``user`` (see the module docstring); money in the
    answer's sentences is written in the base currency (``narrative.CURRENCY``, set for this answer only)."""
    cfg = config or config_mod.current()
    token = narrative.CURRENCY.set(cfg.currency)
    try:
        with clock.asked_on(as_of):  # coverage and whole months judged as of the question's date, not the machine's
            return _ask(con, user, question, as_of, use_cache, cfg, model)
    finally:
        narrative.CURRENCY.reset(token)


def _ask(con: db.Connection, user: User, question: str, as_of: date | None, use_cache: bool,
         cfg: config_mod.Config, model: ModelManager | None | str) -> Answer:
    require(user, "ask")
    as_of = as_of or today()
    version = data_version(con)
    box = safety.sandbox_for(con, version)
    parser = _parser(box, cfg, con, as_of)
    parse = checked_currency(parser.parse(question, as_of), question, cfg.currency)  # h90: "over €10k" in a USD company: refused
    manager = _manager(cfg, model)
    model_text = "none (no model_path configured)" if manager is None else f"{manager.model_path}"
    reasons = list(parse.reasons)
    policy = policies.get(con, cfg)

    if parse.route is not None:
        answer = routed(con, user, parse, cfg, as_of, model_text, policy)
        _audit(con, user, answer)
        return answer
    if parse.intent is None:
        text, suggestions = _refusal_help(box, parse)
        answer = _refused(question, text, model_text, as_of, suggestions, reasons, parse)
        _audit(con, user, answer)
        return answer
    pool_rows = not policy.client_rows_visible(user) and _poolable(parse.intent)  # h44: "revenue by segment"
    if (refusal := _kept_to_aggregates(con, user, policy, parse.intent, pool_rows)) is not None:
        answer = _refused(question, refusal[0], model_text, as_of, refusal[1], reasons, parse, parse.intent)
        _audit(con, user, answer)
        return answer
    # h102: a reading the model chooses costs a pass of the model before the cache is looked at: it counts against the
    # question rate whether the answer then comes from the cache or not (repeating an unsure question ran the model
    # every time, never limited)
    rate_counted = parse.unsure and manager is not None
    if rate_counted:
        _check_rate(con, user, cfg)
    intent, parse_conf, use_model, model_error = _pick_reading(parse, manager, reasons)
    # h102: the model may pick another of the parser's readings (another figure, period or grouping): the rules for
    # users kept to aggregates hold for the reading answered, not only for the parser's first one
    if intent != parse.intent and (refusal := _kept_to_aggregates(con, user, policy, intent, pool_rows)) is not None:
        answer = _refused(question, refusal[0], model_text, as_of, refusal[1], reasons, parse, intent)
        _audit(con, user, answer)
        return answer
    if model_error is not None:
        model_text = f"none ({model_error})"
    others = [c for c in parse.candidates if c != intent][:3]
    alternatives = [c.interpretation() for c in others]
    verified = [c.interpretation() for c in others if reads_back_to(c, parser.vocab)]  # h134: the Ask page's buttons
    disagreements = [] if parse.own_words else agreement.check(parse.read_as or question, intent, parser.vocab, as_of)  # h27: the independent
    # second look (h77: at the words answered, when a forecast asked beside them was declined)
    not_honoured = [d.cue for d in disagreements]
    reasons.extend("not honoured: " + d.text() for d in disagreements)

    model_version = manager.version if (manager is not None and use_model) else "none"
    identity = safety.database_identity(con)
    # h97 F6: the review line is part of the key: an answer cached above it was served as final (not provisional,
    # no "Provisional:" line) after an admin raised review_confidence, until the data changed
    assumed, risky = _ledger(parse, intent)  # h110: what the reading supplied, and which supplies are risky
    key = cache_mod.key(intent.key() + "|ignored:" + " ".join(parse.ignored + not_honoured) + ("|pooled" if pool_rows else "")
                        + "|assumed:" + " ".join(a["slot"] for a in risky)
                        + "|" + cfg.currency + f"|review:{policy.review_confidence!r}"
                        + f"|as_of:{as_of.isoformat()}",  # h126 F1: coverage is judged as of it (clock.asked_on)
                        identity, version, TEMPLATE_VERSION, model_version)
    store = cache_mod.open_cache(cache_dir(cfg))
    if use_cache:
        hit = store.get(key)
        if hit is not None:
            answer = Answer.from_dict(hit | {"question": question, "cached": True, "as_of": as_of.isoformat()})
            _audit(con, user, answer)
            return answer

    if not rate_counted:
        _check_rate(con, user, cfg)
    try:
        result = ranked_answer(run, box.connection(), intent)  # h78: a top-N cut through a tie is said; h117: sorted as asked
    except CannotFilter as err:  # a named part the figure's rows cannot be limited to: refused, naming what to ask
        answer = _refused(question, f"{err.message}, so the figure would cover more than you asked: {err.hint}.",
                          model_text, as_of, [], reasons, parse, intent)
        _audit(con, user, answer)
        return answer
    if pool_rows:  # the reading picked (the model's, may differ) is pooled too, never shown alone
        result = _pool_segment_rows(con, user, intent, result)
    result = held_span_checked(box.connection(), intent, result)  # h127: spans the data holds too little of
    if result.coverage == 0:  # the whole asked period lies outside the data: say so, never a row of 0.00 or None
        answer = _no_data(box, question, intent, model_text, as_of, reasons, parse)
        _audit(con, user, answer)
        return answer
    text, source, model_text = _narrate(manager, use_model, intent, result, question, reasons, model_text)
    data_conf, notes = _data_confidence(result)
    quality = figure_confidence(con, version, intent, result.rows)  # h50 (h43 F8): the score `moat metrics` shows
    lowered = quality is not None and quality.value < data_conf
    if quality is not None and lowered:
        data_conf = quality.value
        notes.append(quality.note(policy.review_confidence))
    reasons.extend(notes)
    if result.doubt < 1:  # h57: a figure shown but not sure (an earlier period partly covered) says why, first
        text = "Provisional: " + "; ".join(result.notes) + ". " + text
    confidence = round(parse_conf * data_conf, 4)
    data_is_why = quality is not None and (quality.value < policy.review_confidence  # h103: never a score above
                                           or parse_conf >= policy.review_confidence)  # the line when the reading is why
    if quality is not None and lowered and confidence < policy.review_confidence and data_is_why:  # the reply says why
        text = "Provisional: " + quality.note(policy.review_confidence) + ". " + text
    if parse_conf < policy.review_confidence and not parse.partial and parse.reasons:  # h58: the reading's own doubt
        text = "Check this reading: " + parse.reasons[-1] + ". " + text
    if parse.partial:  # explicitly partial: below the review threshold whatever the parts say
        confidence = round(min(confidence, max(0.0, policy.review_confidence - 0.1)), 4)
        text = _partial_text(parse, alternatives) + text
    if disagreements:  # h27: a cue the reading does not honour: below the review threshold, and said first
        confidence = round(min(confidence, max(0.0, policy.review_confidence - 0.1)), 4)
        text = "Check this reading: " + "; ".join(d.text() for d in disagreements[:3]) + ". " + text
    confidence, text = _risky_said(risky, confidence, text, policy.review_confidence)
    answer = Answer(
        question, intent.interpretation(), intent.name, intent.slots(), result.sql, result.columns, result.rows, text,
        confidence, False, model_text,
        provisional=confidence < policy.review_confidence or parse.partial or bool(disagreements) or bool(risky),
        chart=result.chart, confidence_parts={"parse": round(parse_conf, 4), "data": round(data_conf, 4)},
        narrative_source=source, reasons=reasons, as_of=as_of.isoformat(), ignored=list(parse.ignored) + not_honoured,
        alternatives=alternatives, assumptions=assumed, alternatives_verified=verified,
    )
    if use_cache:
        store.put(key, answer.to_dict())
    _audit(con, user, answer)
    return answer


def _ledger(parse: Parse, intent: Intent) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """h110: the parse's assumption ledger when its own reading is answered (a model's pick has none), and the risky."""
    assumed = [a.to_dict() for a in parse.assumptions] if intent == parse.intent else []
    return assumed, [a for a in assumed if a["risky"]]


def _risky_said(risky: list[dict[str, Any]], confidence: float, text: str, review: float) -> tuple[float, str]:
    """h110: a risky supply keeps the answer under the review threshold whatever it is set to, and the reply says it."""
    if not risky:
        return confidence, text
    if unsaid := [a["why"] for a in risky if a["why"] not in text]:
        text = "Check this reading: " + "; ".join(unsaid) + ". " + text
    return round(min(confidence, max(0.0, review - 0.05)), 4), text


def routed(con: db.Connection, user: User, parse: Parse, cfg: config_mod.Config, as_of: date, model_text: str,
           policy: Any) -> Answer:
    """"Why ..." and "what should we do ..." questions: the explanation or the insights, with the page to open."""
    from moat.ai import routes

    return routes.answer(con, user, parse, cfg, as_of, model_text, policy)


def _batch_comment(line: str) -> bool:
    """A comment line of a batch file: starts with ``#``, but "# of clients ..." / "#s of ..." is a question."""
    text = line.strip()
    return text.startswith("#") and re.match(r"#\s*s?\s+of\b|#of\b", text, re.IGNORECASE) is None


def ask_batch(con: db.Connection, user: User, questions: Iterable[str], as_of: date | None = None, use_cache: bool = True,
              *, workers: int = 2, config: config_mod.Config | None = None,
              model: ModelManager | None | str = AUTO,
              on_wait: Callable[[float], None] | None = None) -> Iterator[dict[str, Any]]:
    """Answer many questions with at most ``workers`` at a time (each on its own cursor), in input order.

    Rate limits are honoured by waiting (a batch is throttled, not failed; ``on_wait`` hears each wait, so the CLI
    can say why a batch is slow); other errors become ``{"question", "error"}`` lines so one bad line does not lose
    the rest. Lines starting with ``#`` are comments, except the shorthand "# of ..." ("# of techs over 90%"),
    which is a question.
    """
    cfg = config or config_mod.current()
    items = [q.strip() for q in questions if q.strip() and not _batch_comment(q)]

    def one(question: str) -> dict[str, Any]:
        cur = con.cursor()
        try:
            while True:
                try:
                    return ask(cur, user, question, as_of, use_cache, config=cfg, model=model).to_dict()
                except RateLimited as err:
                    if on_wait is not None:
                        on_wait(err.retry_after)
                    time.sleep(min(err.retry_after, 60) + 0.05)
                except MoatError as err:
                    return {"question": question, "error": str(err)}
        finally:
            cur.close()

    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        yield from pool.map(one, items)


def send_for_approval(con: db.Connection, user: User, answer: Answer, reason: str = "") -> int:
    """Put an answer into the approval queue: a ``results`` row (entity_type 'question', pending_review)."""
    require(user, "request_approval")
    if answer.refused or answer.slots is None:
        raise MoatError("a refused question has no answer to approve", "rephrase it so that it is answered first")
    from moat.formatting import dumps
    from moat.snapshots import snapshot_ids

    now = datetime.now(UTC).replace(tzinfo=None)
    value = answer.value
    with _AUDIT_LOCK, db.transaction(con):
        run_id = int(db.scalar(con, "SELECT nextval('run_seq')"))
        result_id = int(db.scalar(con, "SELECT nextval('result_seq')"))
        con.execute(
            "INSERT INTO results (result_id, run_id, metric, entity_type, entity, period_start, period_end, value, snapshot_ids, "
            "confidence, confidence_parts, explanation, status, created_by, created_at) "
            "VALUES (?, ?, ?, 'question', ?, ?, ?, ?, ?, ?, ?, ?, 'pending_review', ?, ?)",
            [result_id, run_id, answer.slots["metric"], answer.question[:300], answer.slots["start"], answer.slots["end"],
             None if value is None or isinstance(value, str) else float(value), json.dumps(snapshot_ids(con)),
             answer.confidence, json.dumps(answer.confidence_parts), dumps(answer.to_dict()), user.name, now],
        )
        audit.append(con, user, "ask_send_for_approval", f"result:{result_id}",
                     {"question": answer.question[:500], "confidence": answer.confidence})
    try:
        from moat.governance import approvals
    except ImportError:  # governance queue not installed: the pending result row is the request
        return result_id
    with _AUDIT_LOCK:
        approvals.request(con, user, result_id, reason or f"question answered with confidence {answer.confidence:.2f}: "
                                                          f"{answer.question[:200]}")
    return result_id


def describe_metrics() -> list[tuple[str, str]]:
    """(name, label) of every metric a question may ask about (for help texts and the Ask page)."""
    return [(m.name, m.label) for m in METRICS.values()]


__all__ = ["Answer", "RateLimited", "ask", "ask_batch", "send_for_approval", "Period"]


def table_frame(answer: Answer) -> Any:
    """The answer's rows as a polars frame (for pages and notebooks)."""
    import polars as pl

    return pl.DataFrame([dict(zip(answer.columns, row, strict=True)) for row in answer.rows],
                        schema=answer.columns, orient="row", infer_schema_length=None) if answer.rows else pl.DataFrame()


def chart(answer: Answer) -> Any:
    """An Altair chart fitting the answer's shape: ranking -> bars, trend -> line; None for one number."""
    if answer.chart is None or not answer.rows or len(answer.columns) < 2:
        return None
    import altair as alt
    import polars as pl

    label, value = answer.columns[:2]  # risk answers carry their reasons in a third column
    df = pl.DataFrame({label: [r[0] for r in answer.rows], value: [None if r[1] is None else float(r[1]) for r in answer.rows]})
    fmt = ".1%" if METRICS.get(value) is not None and METRICS[value].kind == "percent" else ",.2f"
    if answer.chart == "line":
        return alt.Chart(df).mark_line(point=True).encode(
            x=alt.X(f"{label}:T", title="month"), y=alt.Y(f"{value}:Q", title=value.replace("_", " "), axis=alt.Axis(format=fmt)),
            tooltip=[alt.Tooltip(f"{label}:T"), alt.Tooltip(f"{value}:Q", format=fmt)],
        ).properties(height=280)
    return alt.Chart(df).mark_bar().encode(
        y=alt.Y(f"{label}:N", sort=None, title=None), x=alt.X(f"{value}:Q", title=value.replace("_", " "), axis=alt.Axis(format=fmt)),
        tooltip=[alt.Tooltip(f"{label}:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
    ).properties(height=max(120, 28 * len(answer.rows)))


def narrative_suggestions() -> list[str]:
    """Example questions for an empty Ask page."""
    from moat.ai.parser import SUGGESTIONS

    return SUGGESTIONS[:3]
