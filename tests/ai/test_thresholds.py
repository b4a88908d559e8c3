"""Thresholds written in words or ranges, counts over a threshold, and periods without data (issue 15).

Phrasings are written here, none is an eval family. Parser checks run on the hand-made vocabulary of
``test_parser``; the empty-period checks run ``ask`` on the demo database and compare with its data range."""

from __future__ import annotations

from datetime import date

import pytest

from moat import db
from moat.ai.catalogue import Threshold
from moat.ai.engine import ask
from moat.ai.parser import Parser
from moat.governance.permissions import User
from moat.metrics.periods import data_range
from tests.ai.test_parser import AS_OF, DEFAULT, VOCAB

ANALYST = User("ana", "analyst")


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


@pytest.mark.parametrize(("text", "expected"), [
    ("between ten and twenty-five percent", "between 10 and 25 percent"),
    ("over twenty-five thousand", "over 25 thousand"),
    ("at least one hundred and twenty hours", "at least 120 hours"),
    ("more than forty two hours", "more than 42 hours"),
    ("top ten clients", "top ten clients"),
    ("one client", "one client"),
    ("worked on more than one client", "worked on more than one client"),
    ("over ten thousand dollars", "over 10 thousand dollars"),
])
def test_number_words_become_digits_only_where_a_quantity_is_meant(text: str, expected: str) -> None:
    from moat.ai.numbers import digits  # here, not at the top: the other checks also run on code without the module

    assert digits(text) == expected


# ------------------------------------------------------------------ 4. thresholds in words and ranges
@pytest.mark.parametrize(("question", "metric", "threshold"), [
    ("clients with margin between ten and twenty-five percent last quarter", "gross_margin",
     Threshold("between", 0.10, 0.25)),
    ("clients with revenue over twenty-five thousand last quarter", "revenue", Threshold(">", 25000.0)),
    ("clients with revenue of 10k or more last quarter", "revenue", Threshold(">=", 10000.0)),
    ("clients with 10k+ revenue last quarter", "revenue", Threshold(">=", 10000.0)),
    ("clients with margin in the 10% to 25% range last quarter", "gross_margin", Threshold("between", 0.10, 0.25)),
    ("clients whose margin is in the 10 to 25 percent range last quarter", "gross_margin",
     Threshold("between", 0.10, 0.25)),
    ("technicians with at least forty hours last month", "hours", Threshold(">=", 40.0)),
    ("clients with no less than twenty percent margin last quarter", "gross_margin", Threshold(">=", 0.20)),
    ("technicians who worked more than their capacity last month", "total_utilization", Threshold(">", 1.0)),
    ("who logged over available hours last month", "total_utilization", Threshold(">", 1.0)),
    ("technicians who worked more hours than they had available last month", "total_utilization", Threshold(">", 1.0)),
    ("clients with margin not less than 20% last quarter", "gross_margin", Threshold(">=", 0.20)),
    ("clients whose revenue exceeded 10k last quarter", "revenue", Threshold(">", 10000.0)),
    ("clients with revenue of 10k and up last quarter", "revenue", Threshold(">=", 10000.0)),
    ("clients with revenue of $10k-$25k last quarter", "revenue", Threshold("between", 10000.0, 25000.0)),
    ("clients with a margin of ten to twenty-five percent last quarter", "gross_margin", Threshold("between", 0.10, 0.25)),
])
def test_thresholds_in_words_and_ranges(parser: Parser, question: str, metric: str, threshold: Threshold) -> None:
    parsed = parser.parse(question, AS_OF)
    i = parsed.intent
    assert i is not None and not parsed.partial, (parsed.refusal, parsed.ignored)
    assert i.metric == metric and i.threshold == threshold
    assert i.grouping in ("client", "technician")


@pytest.mark.parametrize("question", [
    "clients with revenue over umpteen thousand last quarter",
    "clients with margins above a healthy level last quarter",
])
def test_a_threshold_it_cannot_place_is_never_silently_dropped(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None or parsed.partial or parsed.intent.threshold is not None


# ------------------------------------------------------------------ 5. "how many" with a threshold is a count
@pytest.mark.parametrize(("question", "grouping"), [
    ("count clients with margin below 20% last quarter", "client"),
    ("count the technicians above 80% billable last month", "technician"),
    ("how many of our clients had revenue over twenty thousand last quarter", "client"),
    ("what is the number of techs who logged 100 or more hours last month", "technician"),
    ("how many clients were in the 10 to 25 percent margin range last quarter", "client"),
])
def test_how_many_with_a_threshold_is_a_count(parser: Parser, question: str, grouping: str) -> None:
    parsed = parser.parse(question, AS_OF)
    i = parsed.intent
    assert i is not None and not parsed.partial, (parsed.refusal, parsed.ignored)
    assert i.count and i.threshold is not None and i.grouping == grouping


# ------------------------------------------------------------------ 6. a period without any data is refused
def test_a_year_without_data_is_refused_with_the_data_range(demo_con: db.Connection, ask_config) -> None:
    first, last = data_range(demo_con)
    empty_year = last.year + 1
    as_of = date(empty_year, 1, 20)
    for question in ("what was our revenue this year?", "gross margin YTD", f"revenue by client in {empty_year}"):
        a = ask(demo_con, ANALYST, question, as_of, config=ask_config, model=None)
        assert a.refused and a.rows == [] and a.value is None, (question, a.rows, a.narrative)
        assert str(empty_year) in a.narrative and f"{first:%b %Y}" in a.narrative and f"{last:%b %Y}" in a.narrative
        assert f"ask about {last.year}" in a.narrative


def test_a_comparison_with_an_empty_year_is_refused_naming_it(demo_con: db.Connection, ask_config) -> None:
    first, _ = data_range(demo_con)
    a = ask(demo_con, ANALYST, f"revenue in {first.year} vs last year", date(first.year, 12, 31), config=ask_config, model=None)
    assert a.refused and a.rows == [] and str(first.year - 1) in a.narrative


def test_a_partly_covered_period_is_still_answered_with_a_note(demo_con: db.Connection, ask_config) -> None:
    _, last = data_range(demo_con)
    a = ask(demo_con, ANALYST, f"revenue in {last.year}", date(last.year + 1, 3, 1), config=ask_config, model=None)
    assert not a.refused and a.value is not None


def test_the_command_line_refuses_an_empty_period_as_it_refuses_any_question(app_env, demo_path,
                                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`moat ask --format json`: refused, no rows, the data's range in the narrative, exit code 0 (as every refusal)."""
    import json

    from moat.cli import main

    app_env(demo_path)
    con = db.connect(demo_path)
    try:
        first, last = data_range(con)
    finally:
        con.close()
    code = main(["--db", str(demo_path), "ask", "what was our revenue this year?", "--as-of", f"{last.year + 1}-01-15",
                 "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["refused"] is True and data["rows"] == [] and data["columns"] == []
    assert f"There is no data for {last.year + 1} to {last.year + 1}-01-15" in data["narrative"]
    assert f"the data runs from {first:%b %Y} to {last:%b %Y}" in data["narrative"]
