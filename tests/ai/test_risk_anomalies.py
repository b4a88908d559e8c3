"""Risk-score and unusual-month questions end to end on the demo: numbers from moat.analytics via the sandbox."""

from __future__ import annotations

import statistics
from datetime import date

from moat import db
from moat.ai import safety
from moat.ai.engine import ask, chart
from moat.analytics import anomalies, risk
from moat.analytics.evidence import gather
from moat.governance.permissions import User
from moat.metrics.periods import Period

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")
WINDOW = Period(date(2025, 11, 1), date(2026, 10, 31))  # 12 months to the last month with data


def _half_totals(con: db.Connection, client: str, start: str, cut: str, end: str) -> list[tuple[float, float, float, float]]:
    """(revenue, costs, hours, entries) of one client before and from ``cut`` — written from the glossary."""
    out = []
    for s, e in ((start, cut), (cut, end)):
        rev = db.scalar(con, "SELECT coalesce(sum(amount), 0)::DOUBLE FROM cur_invoices WHERE client_name = ? AND date >= ? "
                             "AND date < ? AND coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')", [client, s, e])
        lab, hrs, ent = db.one(con, "SELECT coalesce(sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)), 0)::DOUBLE, "
                                    "coalesce(sum(te.hours), 0)::DOUBLE, count(*)::DOUBLE FROM cur_time_entries te "
                                    "JOIN cur_technicians t USING (technician_key) WHERE te.client_name = ? AND te.date >= ? "
                                    "AND te.date < ?", [client, s, e])
        lic = db.scalar(con, "SELECT coalesce(sum(seats_purchased * unit_cost), 0)::DOUBLE FROM cur_licenses "
                             "WHERE client_name = ? AND month >= ? AND month < ?", [client, s, e])
        oth = db.scalar(con, "SELECT coalesce(sum(amount), 0)::DOUBLE FROM cur_costs WHERE client_name = ? AND date >= ? "
                             "AND date < ?", [client, s, e])
        out.append((rev, lab + lic + oth, hrs, ent))
    return out


def test_risk_score_follows_the_documented_formula(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "what is the risk score of Meridian Dental Group", AS_OF, config=ask_config, model=None)
    assert not a.refused and a.columns == ["client_name", "risk_score", "reasons"] and a.intent == "risk_score.client.single"
    (r1, c1, h1, e1), (r2, c2, h2, e2) = _half_totals(demo_con, "Meridian Dental Group", "2025-11-01", "2026-05-01", "2026-11-01")

    def clamp(x: float) -> float:
        return max(0.0, min(1.0, x))

    by_hand = 100 * (0.30 * clamp(-(r2 - r1) / r1 / 0.30) + 0.20 * clamp(-(h2 - h1) / h1 / 0.30)
                     + 0.30 * clamp(-((1 - c2 / r2) - (1 - c1 / r1)) / 0.20) + 0.20 * clamp((e2 - e1) / e1 / 0.50))
    name, score, reasons = a.rows[0]
    assert name == "Meridian Dental Group" and abs(score - by_hand) <= 0.005 and by_hand > 30
    assert reasons.startswith(("revenue", "margin")) and "of 100" in reasons
    assert "2025-11-01..2026-10-31" in a.interpretation and str(round(score, 2)) in a.narrative


def test_at_risk_list_equals_the_trends_page_and_keeps_margin_phrasing(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "which clients are at risk of churning?", AS_OF, config=ask_config, model=None)
    page = risk.client_risk(gather(demo_con, WINDOW, with_detail=False))  # what the Trends page shows for this window
    expected = [[r["client_name"], r["risk_score"]] for r in page.iter_rows(named=True) if r["risk_score"] >= 30]
    assert [r[:2] for r in a.rows] == expected and len(expected) >= 3
    assert a.chart == "bar" and chart(a) is not None
    m = ask(demo_con, ANALYST, "which clients are below target margin last quarter", AS_OF, config=ask_config, model=None)
    assert m.intent == "gross_margin.client.ranking" and all(v < 0.30 for _, v in m.rows)


def test_unusual_hours_equal_a_hand_computed_robust_z(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "any anomalies in hours last quarter?", AS_OF, config=ask_config, model=None)
    assert a.columns == ["client_name", "series", "month", "value", "median", "robust_z"] and a.rows
    for name, series, month, value, median, z in a.rows:
        assert series == "hours" and date(2026, 7, 1) <= month <= date(2026, 9, 30)
        monthly = [float(h) for (h,) in db.rows(demo_con, """
            SELECT sum(hours) FROM cur_time_entries WHERE client_name = ? AND date BETWEEN '2025-10-01' AND '2026-09-30'
            GROUP BY date_trunc('month', date) ORDER BY 1""", [name])]
        med = statistics.median(monthly)
        mad = statistics.median(abs(x - med) for x in monthly)
        by_hand = (value - med) / (1.4826 * mad)
        assert len(monthly) >= 6 and abs(by_hand) > 3.5 and abs(z - by_hand) <= 0.01 and median == round(med, 2)
    assert "Pioneer Law Partners" in a.narrative


def test_anomalies_equal_the_analytics_function_and_filter_by_client(demo_con: db.Connection, ask_config) -> None:
    a = ask(demo_con, ANALYST, "unusual costs for Pioneer Foundation", AS_OF, config=ask_config, model=None)
    flagged = anomalies.detect(gather(demo_con, WINDOW, with_detail=False))
    expected = flagged.filter((flagged["client_name"] == "Pioneer Foundation") & (flagged["series"] == "costs"))
    assert sorted(r[2] for r in a.rows) == sorted(expected["month"].to_list()) and a.rows
    none = ask(demo_con, ANALYST, "unusual licence seat changes for Harbor Logistics", AS_OF, config=ask_config, model=None)
    assert not none.refused and none.rows == [] and "No unusual month" in none.narrative


def test_question_sql_runs_only_in_the_sandbox(demo_con: db.Connection, ask_config) -> None:
    first = ask(demo_con, ANALYST, "top 5 riskiest clients", AS_OF, config=ask_config, model=None)
    assert "cur_time_entries" in first.sql and len(first.rows) == 5
    for statement in first.sql.split(";\n"):
        safety.check(statement.split("  -- params:")[0])
    # the app's connection loses its views: answers still come, because only the sandbox copy is read
    for view in ("cur_time_entries", "cur_invoices", "cur_licenses", "cur_costs", "cur_clients"):
        demo_con.execute(f"ALTER VIEW {view} RENAME TO hidden_{view}")
    again = ask(demo_con, ANALYST, "top 5 riskiest clients", AS_OF, use_cache=False, config=ask_config, model=None)
    spikes = ask(demo_con, ANALYST, "how many anomalies last quarter", AS_OF, use_cache=False, config=ask_config, model=None)
    assert again.rows == first.rows and spikes.rows == [[3]]


def test_viewers_get_no_client_risk_when_the_policy_says_so(demo_con: db.Connection, ask_config) -> None:
    from moat.governance import policies
    from moat.governance.permissions import local_operator

    policies.update(demo_con, local_operator(), {"viewers_see_client_rows": False}, ask_config)
    a = ask(demo_con, User("vic", "viewer"), "which clients are at risk?", AS_OF, config=ask_config, model=None)
    assert a.refused and a.rows == []
