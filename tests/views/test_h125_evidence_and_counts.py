"""h112's leftovers on Insights and Benchmarks: evidence read as facts in their units, never raw JSON; a count a
whole number."""

from __future__ import annotations

from moat import config
from moat.governance.permissions import User
from moat.metrics.periods import default_period
from moat.privacy import packs
from moat.views import insights as view


def test_insights_evidence_is_facts_in_their_units(demo_con) -> None:
    page = view.insights(demo_con, User("ana", "analyst"), default_period(demo_con), config.load(env={}))
    shown = {}
    for kind in page.kinds:
        heading, evidence = view.chosen(page, [kind], "USD").evidence[0]
        assert evidence.columns == ["what", "detail"], kind  # was the evidence's JSON text
        shown[kind] = dict(evidence.rows())
    seats = shown["reclaim_seats"]
    assert seats["Unit cost"] == "$22.00" and seats["Active from assigned"] == "no"
    assert seats["Inactive share"].endswith("%") and "." in seats["Inactive share"]
    margin = shown["raise_fee"] if "raise_fee" in shown else next(v for v in shown.values() if "Target fee" in v)
    assert margin["Target margin"] == "30.0%" and margin["Costs"].startswith("$") and margin["Monthly revenue"].startswith("$")
    band = next(v for v in shown.values() if "Against target" in v)
    assert band["Against target"] == "70.0%, 80.0%" and band["Hours per month outside band"].endswith(" h")


def test_a_fact_reads_by_its_key() -> None:
    from moat.governance.facts import facts

    frame = facts('{"inactive_share": 0.6, "unit_cost": 22.0, "active_from_assigned": false, "unbilled_hours": 15.5,'
                  ' "nested": {"average_bill_rate": 150}}', "USD")
    assert frame.rows() == [("Inactive share", "60.0%"), ("Unit cost", "$22.00"), ("Active from assigned", "no"),
                            ("Unbilled hours", "15.5 h"), ("Nested: average bill rate", "$150.00")]


def test_benchmark_counts_are_whole_numbers() -> None:
    assert packs.value_text("count", 40.0) == "40"  # was "40.0"
    assert packs.value_text("count", 21.5) == "22"  # a noisy count, half-up
    assert packs.value_text("money", 40.0) == "$40.00"
