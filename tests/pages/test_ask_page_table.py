"""Ask's answer table speaks like every other page table (issue 17 point 5): human column labels and values through
the one formatter (money with its currency, margins as percentages), never a raw 14800 under "revenue"; and the
confidence line reads in percentages."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from moat import db
from moat.ai import engine
from moat.governance.permissions import User
from moat.ui.answer_view import answer_view
from tests.helpers import run_page
from tests.pages.test_human_words import shown_words

AS_OF = date(2026, 11, 25)


def columns(table) -> dict[str, dict]:  # each column's label and format as the page configured them
    return json.loads(table.proto.columns or "{}")


def ask(at, question: str):
    at.chat_input(key="ask_input").set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at.dataframe[-1]


def test_answer_tables_have_labels_and_formatted_values(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    at = run_page("ask.py", "analyst")
    at.date_input(key="ask_as_of").set_value(AS_OF).run()

    table = ask(at, "What was the revenue of Harbor Logistics in October 2026?")
    config = columns(table)
    assert config["revenue"]["label"] == "Revenue" and config["revenue"]["type_config"]["format"] == "dollar"
    assert table.value["revenue"].to_list() == [12800.0]

    table = ask(at, "Which 5 clients had the lowest gross margin last quarter?")
    config = columns(table)
    assert config["client_name"]["label"] == "Client" and config["gross_margin"]["label"] == "Gross margin"
    assert config["gross_margin"]["type_config"]["format"] == "%.1f%%"
    margins = table.value["gross_margin"].to_list()
    assert margins[0] < -1 and all(m == round(m, 1) for m in margins)  # percent, one decimal (was -0.4673...)

    table = ask(at, "billable share of Priya Shah last quarter")
    config = columns(table)
    assert config["billable_share"]["label"] == "Billable share" and config["billable_share"]["type_config"]["format"] == "%.1f%%"
    assert table.value["billable_share"].to_list()[0] > 1  # a percentage, not the fraction 0.99

    confidence = [c.value for c in at.caption if c.value.startswith("Confidence")]
    assert confidence and all(re.match(r"Confidence \d+\.\d% \(reading \d+\.\d%, data \d+\.\d%\) · computed · worded from a template$", c) for c in confidence)
    assert shown_words(at) == []


def test_the_view_keeps_the_engine_numbers(demo_con: db.Connection) -> None:
    from moat import config

    answer = engine.ask(demo_con, User("ana", "analyst"), "top 3 clients by revenue in Q3 2026", AS_OF, False,
                        config=config.load(env={}))
    view = answer_view(answer.to_dict())
    assert view.table is not None and view.table.columns == answer.columns and view.table.height == 3
    assert view.names_people and view.figure is not None and view.suggestions is None
    refused = answer_view(engine.ask(demo_con, User("ana", "analyst"), "what's the weather", AS_OF, False,
                                     config=config.load(env={})).to_dict())
    assert refused.table is None and refused.figure is None


def test_two_period_columns_carry_the_metric_unit(demo_path: Path, app_env) -> None:
    """h103: "gross margin Q2 vs Q3" drew Before 0.34, After 0.31, Change -0.03 beside a narrative of "34.1% ...
    31.3% (change -2.8 pts)"; "revenue Q2 vs Q3" drew its amounts without the currency. The before / after / change
    columns are in the unit of the metric asked: a ratio's values as percentages and its change in points."""
    app_env(demo_path)
    at = run_page("ask.py", "analyst")
    at.date_input(key="ask_as_of").set_value(AS_OF).run()

    table = ask(at, "gross margin Q2 vs Q3 2026")
    config = columns(table)
    assert [config[c]["label"] for c in ("before", "after", "change")] == ["Before", "After", "Change"]
    assert config["before"]["type_config"]["format"] == "%.1f%%" and config["after"]["type_config"]["format"] == "%.1f%%"
    assert config["change"]["type_config"]["format"] == "%.1f pp"
    before, after, change = (table.value[c].to_list()[0] for c in ("before", "after", "change"))
    said = next(t.value for t in reversed(at.text) if t.value.startswith("Total gross margin"))
    figures = re.search(r": (-?[\d.]+)% in .*, (-?[\d.]+)% in .* \(change ([-+]?[\d.]+) pts\)", said)
    assert figures, said
    assert (before, after, change) == tuple(float(f) for f in figures.groups())  # the narrative's, not 0.34 / -0.03
    assert abs(change) >= 0.1  # a change in points (the fraction -0.03 would round to 0.0)

    table = ask(at, "revenue Q2 vs Q3 2026")
    config = columns(table)
    assert all(config[c]["type_config"]["format"] == "dollar" for c in ("before", "after", "change"))

    table = ask(at, "which technicians' hours dropped from Q2 to Q3 2026")
    config = columns(table)
    assert all(config[c]["type_config"]["format"] == "%,.1f h" for c in ("before", "after", "change"))


def test_a_share_answer_reads_as_a_percentage_of_a_total_in_money(demo_con: db.Connection) -> None:
    """h103: "top 5 healthcare clients' share of revenue" drew Share 0.14 and Total revenue 641,797.31 (no
    currency) beside Revenue $89,866.52."""
    from moat import config
    from moat.formatting import display_frame

    answer = engine.ask(demo_con, User("ana", "analyst"), "top 5 healthcare clients' share of revenue in Q3 2026",
                        AS_OF, False, config=config.load(env={}))
    assert answer.columns == ["share", "revenue", "total_revenue"], answer.columns
    view = answer_view(answer.to_dict())
    shown, spec = display_frame(view.table, kinds=view.kinds)
    assert spec["share"][1] == "%.1f%%" and spec["total_revenue"][1] == spec["revenue"][1] == "$%,.2f"
    assert shown["share"][0] == round(float(answer.rows[0][0]) * 100, 1) > 1
