"""ask() end to end on the demo data: numbers equal independent SQL, cache, rate limit, audit, approval queue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from moat import db
from moat.ai.engine import LIMITER, RateLimited, ask, ask_batch, send_for_approval
from moat.governance.permissions import User, local_operator
from moat.snapshots import rollback

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")


def test_ranking_equals_independent_sql(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "Which 3 clients had the highest revenue last quarter?", AS_OF, config=ask_config, model=None)
    expected = db.rows(demo_con, """
        SELECT client_name, round(sum(amount), 2) AS r FROM cur_invoices
        WHERE date BETWEEN '2026-07-01' AND '2026-09-30' AND coalesce(lower(status), '') NOT IN ('draft', 'void')
        GROUP BY client_name ORDER BY r DESC, client_name LIMIT 3""")
    assert a.columns == ["client_name", "revenue"]
    assert [[n, v] for n, v in expected] == a.rows
    assert a.chart == "bar" and a.interpretation == "top 3 clients by revenue, 2026-07-01..2026-09-30"
    # h50: the confidence is the reading's (1.0) times the data's, which is at most the `moat metrics` confidence of
    # the clients shown (tests/ai/test_h50_figure_confidence.py checks that figure)
    assert "cur_invoices" in a.sql and not a.cached and a.confidence_parts["parse"] == 1.0
    assert a.confidence == a.confidence_parts["data"] <= 1.0


def test_single_number_and_trend(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "how many hours did Priya Shah work in March?", AS_OF, config=ask_config, model=None)
    hours = db.scalar(demo_con, "SELECT sum(hours) FROM cur_time_entries WHERE technician_name = 'Priya Shah' "
                                "AND date BETWEEN '2026-03-01' AND '2026-03-31'")
    assert a.rows == [[hours]] and a.value == hours
    t = ask(demo_con, ANALYST, "licence waste per month for Harbor Logistics last quarter", AS_OF, config=ask_config, model=None)
    waste = db.rows(demo_con, """
        SELECT month, sum((seats_purchased - seats_active) * unit_cost) FROM cur_licenses
        WHERE client_name = 'Harbor Logistics' AND month BETWEEN '2026-07-01' AND '2026-09-30' GROUP BY 1 ORDER BY 1""")
    assert t.chart == "line" and [[m, Decimal(v).quantize(Decimal("0.01"))] for m, v in waste] == t.rows


def test_lost_money_equals_glossary(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "which clients lost money last quarter?", AS_OF, config=ask_config, model=None)
    assert a.rows and all(v < 0 for _, v in a.rows)
    assert [r[1] for r in a.rows] == sorted(r[1] for r in a.rows)
    assert "Meridian Dental Group" in [r[0] for r in a.rows]


def test_cache_paraphrase_and_invalidation(demo_con: db.Connection, ask_config) -> None:
    q1 = "other direct costs this year"
    first = ask(demo_con, ANALYST, q1, AS_OF, config=ask_config, model=None)
    again = ask(demo_con, ANALYST, "What were our other costs year to date?", AS_OF, config=ask_config, model=None)
    assert (first.cached, again.cached) == (False, True) and again.rows == first.rows
    assert again.question == "What were our other costs year to date?"
    fresh = ask(demo_con, ANALYST, q1, AS_OF, use_cache=False, config=ask_config, model=None)
    assert not fresh.cached
    costs = db.scalar(demo_con, "SELECT max(snapshot_id) FROM snapshots WHERE dataset = 'costs'")
    rollback(demo_con, local_operator("test"), costs)  # a new data version: the costs disappear
    after = ask(demo_con, ANALYST, q1, AS_OF, config=ask_config, model=None)
    assert not after.cached and after.rows == [[Decimal("0.00")]] != first.rows


def test_refusal_is_polite_audited_and_numberless(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "what's the weather in Oslo tomorrow?", AS_OF, config=ask_config, model=None)
    assert a.refused and a.rows == [] and a.suggestions and "can" in a.narrative.lower()
    logged = db.rows(demo_con, "SELECT user_name, details->>'refused' FROM audit_log WHERE action = 'ask'")
    assert logged == [("ana", "true")]


def test_rate_limit_per_user(demo_con: db.Connection, ask_config) -> None:
    cfg = ask_config.with_(ask_rate_per_minute=2)
    LIMITER.reset()
    ask(demo_con, ANALYST, "revenue last month", AS_OF, config=cfg, model=None)
    ask(demo_con, ANALYST, "revenue last month", AS_OF, config=cfg, model=None)  # cache hit: free
    ask(demo_con, ANALYST, "gross profit last month", AS_OF, config=cfg, model=None)
    with pytest.raises(RateLimited) as err:
        ask(demo_con, ANALYST, "hours last month", AS_OF, config=cfg, model=None)
    assert err.value.retry_after > 0
    ask(demo_con, User("bob", "analyst"), "hours last month", AS_OF, config=cfg, model=None)


def test_provisional_answer_goes_to_the_approval_queue(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "costs for Meridian Dental Group last quarter", AS_OF, config=ask_config, model=None)
    assert a.provisional and a.confidence < ask_config.review_confidence and not a.refused
    result_id = send_for_approval(demo_con, ANALYST, a, "repricing Meridian")
    row = db.one(demo_con, "SELECT entity_type, status, metric, created_by, period_start FROM results WHERE result_id = ?",
                 [result_id])
    assert row == ("question", "pending_review", a.slots["metric"], "ana", date(2026, 7, 1))
    assert db.scalar(demo_con, "SELECT count(*) FROM approvals WHERE result_id = ? AND status = 'pending_review'",
                     [result_id]) == 1
    with pytest.raises(Exception, match="may not"):
        send_for_approval(demo_con, User("vic", "viewer"), a)


def test_viewer_follows_the_client_rows_policy(demo_con: db.Connection, ask_config) -> None:
    """Viewers see per-client answers while ``viewers_see_client_rows`` is on (the default), company totals only
    once an admin switches it off (before: refused whatever the policy said)."""
    from moat.governance import policies

    viewer = User("vic", "viewer")
    assert not ask(demo_con, viewer, "revenue last quarter", AS_OF, config=ask_config, model=None).refused
    allowed = ask(demo_con, viewer, "top 5 clients by revenue last quarter", AS_OF, config=ask_config, model=None)
    assert not allowed.refused and len(allowed.rows) == 5
    policies.update(demo_con, local_operator(), {"viewers_see_client_rows": False}, ask_config)
    per_client = ask(demo_con, viewer, "top 5 clients by revenue last quarter", AS_OF, config=ask_config, model=None)
    assert per_client.refused and per_client.rows == [] and "viewers_see_client_rows" in per_client.narrative
    assert not ask(demo_con, viewer, "revenue last quarter", AS_OF, config=ask_config, model=None).refused


def test_no_data_period_gives_no_number(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "revenue in 2024", AS_OF, config=ask_config, model=None)
    assert a.confidence == 0 and "no data" in a.narrative.lower()


def test_batch_keeps_order(demo_con: db.Connection, ask_config) -> None:
    questions = ["revenue last month", "tell me a joke", "busiest technician last month"]
    out = list(ask_batch(demo_con, ANALYST, questions, AS_OF, config=ask_config, model=None))
    assert [o["question"] for o in out] == questions
    assert [o["refused"] for o in out] == [False, True, False]
