"""``ask``: question -> intent -> safe SQL -> answer (+ cache, model, confidence, audit, approval).

The flow, and why each step is where it is:
1. ``require(user, "ask")``; the question is audited whatever happens (action "ask").
2. The data version picks the locked sandbox (``safety``) and the parser built from its names.
3. The deterministic parser reads the question. Unanswerable -> a polite refusal with suggestions, no number.
   Several fitting intents -> the local model (if the probe allows one) scores the catalogue labels in one
   forward pass; its choice is validated against the catalogue, and without a model the parser's first
   candidate is used at a lower confidence.
4. The cache is looked up by the normalised interpretation + data version + template/model version.
5. A miss is rate-limited per user (``ask_rate_per_minute``: real work, not cache hits), then computed by
   ``compile.sql.run`` (metric functions on the safe connection).
6. The narrative: the model's when every number it states is in the result, else the template's.
7. confidence = parse confidence x data confidence; below ``review_confidence`` the answer is provisional and
   can be sent for approval (a ``results`` row of entity_type "question").
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from moat import config as config_mod
from moat import db
from moat.ai import cache as cache_mod
from moat.ai import narrative, safety
from moat.ai.catalogue import METRICS, Intent
from moat.ai.compile.sql import TEMPLATE_VERSION, Result, run
from moat.ai.model import ModelManager, ModelUnavailable, manager_for
from moat.ai.parser import RISK_ALERT_SCORE, Parse, Parser, Vocabulary
from moat.errors import MoatError
from moat.governance import audit
from moat.governance.permissions import User, require
from moat.metrics.periods import Period, default_period
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
    """Sliding one-minute window per user, process-wide (the app, the CLI and notebooks share it)."""

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


@dataclass
class Answer:
    question: str
    interpretation: str | None
    intent: str | None
    slots: dict[str, Any] | None
    sql: str | None
    columns: list[str]
    rows: list[list[Any]]
    narrative: str
    confidence: float
    cached: bool
    model: str
    provisional: bool = False
    refused: bool = False
    suggestions: list[str] = field(default_factory=list)
    chart: str | None = None
    confidence_parts: dict[str, float] = field(default_factory=dict)
    narrative_source: str = "template"
    reasons: list[str] = field(default_factory=list)
    as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Answer:
        return cls(**data)

    @property
    def value(self) -> Any:
        """The single number of a one-number answer (None otherwise)."""
        return self.rows[0][0] if len(self.rows) == 1 and len(self.rows[0]) == 1 else None


# ---------------------------------------------------------------------------------------------- context
_PARSERS_LOCK = threading.Lock()


def _parser(box: safety.Sandbox, cfg: config_mod.Config) -> Parser:
    """The parser of this data version (its vocabulary is the version's names), built once."""
    alert = float(getattr(cfg, "risk_alert_score", RISK_ALERT_SCORE))
    key = ("parser", cfg.target_margin, cfg.utilization_low, cfg.utilization_high, alert)
    with _PARSERS_LOCK:
        found = box.memo.get(key)
        if found is None:
            sc = box.connection()
            found = Parser(Vocabulary.load(sc), cfg.target_margin, cfg.utilization_low, cfg.utilization_high,
                           default_period(sc), alert)
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
            })

    db.retry_conflicts(write)


def _data_confidence(result: Result) -> tuple[float, list[str]]:
    notes = []
    value = max(0.0, min(1.0, result.coverage))
    if result.coverage < 1:
        notes.append(f"the data covers {result.coverage:.0%} of the period")
    if result.nulls:
        value *= 0.8
        notes.append(f"{result.nulls} value(s) undefined (no revenue, hours or known cost)")
    return value, notes


# ---------------------------------------------------------------------------------------------- ask
def ask(con: db.Connection, user: User, question: str, as_of: date | None = None, use_cache: bool = True, *,
        config: config_mod.Config | None = None, model: ModelManager | None | str = AUTO) -> Answer:
    """Answer ``question`` about the current data of ``con`` as ``user`` (see the module docstring)."""
    require(user, "ask")
    cfg = config or config_mod.load()
    as_of = as_of or date.today()
    version = data_version(con)
    box = safety.sandbox_for(con, version)
    parser = _parser(box, cfg)
    parse = parser.parse(question, as_of)
    manager = _manager(cfg, model)
    model_text = "none (no model_path configured)" if manager is None else f"{manager.model_path}"
    reasons = list(parse.reasons)

    if parse.intent is None:
        answer = Answer(question, None, None, None, None, [], [], parse.refusal or "I can't answer that from your data.",
                        0.0, False, model_text, refused=True, suggestions=parse.suggestions, reasons=reasons,
                        as_of=as_of.isoformat())
        _audit(con, user, answer)
        return answer

    intent, parse_conf = parse.intent, parse.confidence
    if not user.can("view_client_level") and (intent.grouping in ("client", "technician") or
                                              intent.filter("client") or intent.filter("technician")):
        answer = Answer(question, intent.interpretation(), intent.name, intent.slots(), None, [], [],
                        f"Your role ({user.role}) sees company-level answers only; per-client and per-technician figures "
                        "need an analyst.", 0.0, False, model_text, refused=True,
                        suggestions=["What was our revenue last quarter?", "What is our gross margin this year?"],
                        reasons=reasons, as_of=as_of.isoformat())
        _audit(con, user, answer)
        return answer
    use_model = manager is not None
    if parse.unsure and manager is not None:
        try:
            intent, p, note = _choose_with_model(parse, manager)
            parse_conf = round(parse_conf / 0.55 * p, 4) if p else parse_conf
            reasons.append(note)
        except ModelUnavailable as err:
            use_model = False
            model_text = f"none ({err.message})"
            reasons.append("the model could not be used; took the parser's first reading")

    model_version = manager.version if (manager is not None and use_model) else "none"
    identity = safety.database_identity(con)
    key = cache_mod.key(intent.key(), identity, version, TEMPLATE_VERSION, model_version)
    store = cache_mod.open_cache(cache_dir(cfg))
    if use_cache:
        hit = store.get(key)
        if hit is not None:
            answer = Answer.from_dict(hit | {"question": question, "cached": True, "as_of": as_of.isoformat()})
            _audit(con, user, answer)
            return answer

    LIMITER.check(user.name, cfg.ask_rate_per_minute)
    sc = box.connection()
    result = run(sc, intent)
    text = narrative.template(intent, result.columns, result.rows)
    source = "template"
    if manager is not None and use_model and result.rows:
        try:
            written = manager.generate(narrative.messages(intent, result.columns, result.rows, question))
            bad = narrative.unsupported_numbers(written, intent, result.rows)
            grounded = narrative.states_a_result_number(written, intent, result.rows)
            if written and grounded and not bad:
                text, source = written, "model"
                model_text = f"{manager.model_path} ({manager.decision.text() if manager.decision else ''})"
            else:
                reasons.append(f"model narrative rejected: states {', '.join(bad[:3])} not in the result" if bad else
                               "model narrative rejected: it states none of the result's numbers")
                model_text = f"{manager.model_path} (narrative rejected; template used)"
        except ModelUnavailable as err:
            model_text = f"none ({err.message})"
            reasons.append(f"answered without the model: {err.message}")

    data_conf, notes = _data_confidence(result)
    reasons.extend(notes)
    confidence = round(parse_conf * data_conf, 4)
    if result.coverage == 0:
        text = f"There is no data for {intent.start}..{intent.end}; nothing to report."
    answer = Answer(
        question, intent.interpretation(), intent.name, intent.slots(), result.sql, result.columns, result.rows, text,
        confidence, False, model_text, provisional=confidence < cfg.review_confidence, chart=result.chart,
        confidence_parts={"parse": round(parse_conf, 4), "data": round(data_conf, 4)}, narrative_source=source,
        reasons=reasons, as_of=as_of.isoformat(),
    )
    if use_cache:
        store.put(key, answer.to_dict())
    _audit(con, user, answer)
    return answer


def ask_batch(con: db.Connection, user: User, questions: Iterable[str], as_of: date | None = None, use_cache: bool = True,
              *, workers: int = 2, config: config_mod.Config | None = None,
              model: ModelManager | None | str = AUTO) -> Iterator[dict[str, Any]]:
    """Answer many questions with at most ``workers`` at a time (each on its own cursor), in input order.

    Rate limits are honoured by waiting (a batch is throttled, not failed); other errors become
    ``{"question", "error"}`` lines so one bad line does not lose the rest.
    """
    cfg = config or config_mod.load()
    items = [q.strip() for q in questions if q.strip() and not q.lstrip().startswith("#")]

    def one(question: str) -> dict[str, Any]:
        cur = con.cursor()
        try:
            while True:
                try:
                    return ask(cur, user, question, as_of, use_cache, config=cfg, model=model).to_dict()
                except RateLimited as err:
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
