"""Ask's chart speaks like the page tables (issue 17): axis and tooltip titles are the human labels of
``moat.formatting.label`` ("Licence waste", "Month"), never the engine's lower-case field words ("license waste")."""

from __future__ import annotations

from datetime import date

from moat import config, db
from moat.ai import engine
from moat.formatting import label
from moat.governance.permissions import User
from moat.ui.answer_view import answer_view

AS_OF = date(2026, 11, 25)


def chart_titles(question: str, con: db.Connection) -> tuple[dict, list[dict]]:
    answer = engine.ask(con, User("ana", "analyst"), question, AS_OF, False, config=config.load(env={}))
    view = answer_view(answer.to_dict())
    assert view.figure is not None, answer.narrative
    encoding = view.figure.to_dict()["encoding"]
    return {c: encoding[c].get("title", "(field name)") for c in ("x", "y")}, encoding["tooltip"]


def test_a_ranking_chart_has_the_tables_labels(demo_con: db.Connection) -> None:
    axes, tooltips = chart_titles("top 3 clients by licence waste in Q3 2026", demo_con)
    assert axes == {"x": "Licence waste", "y": None}  # the client names need no axis title
    assert [t["title"] for t in tooltips] == ["Client", "Licence waste"]
    assert label("license_waste") == "Licence waste"  # one place for labels: the formatter's


def test_a_trend_chart_has_the_tables_labels(demo_con: db.Connection) -> None:
    axes, tooltips = chart_titles("revenue trend by month in 2026", demo_con)
    assert axes == {"x": "Month", "y": "Revenue"}
    assert [(t["title"], t.get("format")) for t in tooltips] == [("Month", "%b %Y"), ("Revenue", ",.2f")]


def test_a_monthly_chart_reads_like_its_table(demo_con: db.Connection) -> None:
    """h81: "how much do unused Microsoft 365 licences cost us per month?" drew three monthly points on an axis
    ticked every few days ("Thu 03, Sat 05, ...") and money as "3,500.00" beside a table of "$3,360.00"."""
    answer = engine.ask(demo_con, User("ana", "analyst"), "how much do unused Microsoft 365 licences cost us per month?",
                        AS_OF, False, config=config.load(env={}))
    encoding = answer_view(answer.to_dict()).figure.to_dict()["encoding"]
    assert encoding["x"]["type"] == "temporal"
    assert encoding["x"]["axis"]["format"] == "%b %Y"
    assert encoding["x"]["axis"]["tickCount"] == {"interval": "month", "step": 1}
    assert encoding["y"]["field"] == "license_waste"
    assert encoding["y"]["axis"]["labelExpr"] == "(datum.value < 0 ? '-' : '') + '$' + format(abs(datum.value), ',.0f')"
    euros = answer_view(answer.to_dict(), "EUR").figure.to_dict()["encoding"]
    assert "'€'" in euros["y"]["axis"]["labelExpr"]


def test_a_percent_axis_keeps_its_percent_format(demo_con: db.Connection) -> None:
    answer = engine.ask(demo_con, User("ana", "analyst"), "which 5 clients had the lowest margin in Q3 2026?", AS_OF,
                        False, config=config.load(env={}))
    encoding = answer_view(answer.to_dict()).figure.to_dict()["encoding"]
    assert encoding["x"]["axis"] == {"format": ".1%"}  # the engine's, untouched: no currency on a margin
