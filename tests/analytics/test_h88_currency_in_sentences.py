"""h81/h88: analysis sentences wrote money without its currency ("invoiced 15,822 of 26,370 agreed", "a monthly fee
of 16,524.22 reaches the 30% target margin") beside tables of "$15,822.00". They now write it through the one money
formatter (``moat.formatting.money_text``) in the base currency (setting ``base_currency``)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from moat.analytics import analysis, explain, insights
from moat.analytics.evidence import gather
from moat.analytics.views import client_view
from moat.config import load
from moat.formatting import money_text, value_text
from moat.governance.permissions import User
from moat.metrics import Period, profitability
from tests.governance.gov_util import run_cli

YEAR = Period(date(2025, 11, 1), date(2026, 10, 31))
MERIDIAN = "Meridian Dental Group"
EUR = load(env={"MOAT_BASE_CURRENCY": "EUR"})


def _shortfall(e: dict) -> str:
    return next(c["detail"] for c in e["contributions"] if c["component"] == "revenue")


@pytest.mark.parametrize(("currency", "symbol"), [("USD", "$"), ("EUR", "€"), ("CHF", "CHF ")])
def test_explanation_writes_invoiced_and_agreed_money_in_the_base_currency(demo_con, currency: str, symbol: str) -> None:
    e = explain.client(gather(demo_con, YEAR), MERIDIAN, currency=currency)
    prof = profitability(demo_con, YEAR)
    invoiced = prof.filter(prof["client_key"] == "meridian dental group")["revenue"][0]
    expected = f"invoiced {money_text(invoiced, currency)} of {money_text(e['reference_revenue'], currency)} agreed"
    assert _shortfall(e).startswith(expected), _shortfall(e)
    assert expected in e["sentence"] and symbol in expected
    assert not re.search(r"invoiced \d", e["sentence"])  # never a bare number


def test_insight_actions_write_money_in_the_base_currency(demo_con) -> None:
    ev = gather(demo_con, YEAR)
    for cfg, symbol in ((load(env={}), "$"), (EUR, "€")):
        th = insights.Thresholds.from_config(cfg)
        rows = insights.insights(ev, th)
        [reprice] = [r for r in rows if r["kind"] == "reprice" and r["entity"] == MERIDIAN]
        fee = money_text(reprice["evidence"]["target_fee"], th.currency)
        assert reprice["action"] == f"reprice {MERIDIAN}: a monthly fee of {fee} reaches the 30% target margin"
        assert fee.startswith(symbol)
        flagged = [r for r in rows if r["kind"] == "anomaly"]
        assert flagged, "the demo plants unusual months"
        for r in flagged:  # costs in money, hours in h, seats a number: as the series is counted
            kind = {"costs": "money", "hours": "hours", "seats": "number"}[r["evidence"]["series"]]
            value = value_text(r["evidence"]["value"], kind, th.currency)
            usual = value_text(r["evidence"]["median"], kind, th.currency)
            assert r["action"].endswith(f": {value} vs a usual {usual}"), r["action"]


def test_a_stored_run_and_the_explain_view_use_the_configured_currency(demo_con) -> None:
    a = analysis.analyse(demo_con, YEAR, insights.Thresholds.from_config(EUR))
    sentence = a.explanations.filter(a.explanations["client"] == MERIDIAN)["sentence"][0]
    assert "invoiced €" in sentence and "agreed" in sentence
    assert any(r["action"].startswith(f"reprice {MERIDIAN}: a monthly fee of €") for r in a.insights)
    shown = client_view(demo_con, User("ana", "analyst"), YEAR, MERIDIAN, EUR).explanation
    assert "invoiced €" in shown["sentence"]


def test_cli_explain_and_insights_write_the_configured_currency(demo_path, app_env, monkeypatch) -> None:
    app_env(demo_path)
    monkeypatch.setenv("MOAT_BASE_CURRENCY", "EUR")
    span = ("--from", str(YEAR.start), "--to", str(YEAR.end))
    said = run_cli("--db", str(demo_path), "explain", "client", MERIDIAN, *span)
    assert said.returncode == 0 and "invoiced €" in said.stdout.splitlines()[0], (said.stdout, said.stderr)
    listed = run_cli("--db", str(demo_path), "insights", *span, "--format", "csv")
    assert listed.returncode == 0 and f"reprice {MERIDIAN}: a monthly fee of €" in listed.stdout, listed.stderr
