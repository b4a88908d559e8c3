"""h102 F2: the rules for a Viewer kept to aggregates were checked on the parser's first reading, and the model may
answer another one.

When a parse is unsure, a configured model picks among the parser's candidate readings (``engine._pick_reading``).
Ask checked per-client figures, small segments and products, and small slices on ``parse.intent`` only, before the
model chose. h97 found no dev question whose candidates differed in what those rules look at; since then 28 do (20
differ in period, 8 in the figure: "in how many months of last year did we clear 200k" is revenue first, gross
profit second). With one technician's month in the year, the revenue reading passes (no one's time), the gross
profit reading is refused (h97 U1: fewer than 3 technicians), and a model that picked it answered the Viewer
anyway. Worse, a partly understood question offers complete readings of any kind: "hours per day in October 2026"
(no daily grouping) is the company's hours, with clients by hours, quarters by hours and technicians by hours as
candidates, and five of six random tiny models picked a per-client or per-technician one: the Viewer got every
client's (or technician's) hours. Now the rules are applied again to the reading answered. The models are random-
weight tiny Llamas whose seeds make them pick the reading named (each test checks that premise on the Analyst's
answer).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import moat
from moat import config
from moat.ai import engine
from moat.ai.fixtures import build_random_llama
from moat.ai.model import ModelManager
from moat.governance.permissions import User
from tests.hardening.small_periods import restrict_viewers

QUESTION = "in how many months of last year did we make over 200k"  # h122 settled "clear 200k" as revenue
AS_OF = date(2026, 11, 15)
SEED = 1  # this random tiny model scores the gross profit reading above the revenue one for QUESTION
PER_DAY = "hours per day in October 2026"
PER_CLIENT_SEED = 2  # this one picks "clients by hours worked" for PER_DAY


@pytest.fixture
def one_technicians_month(demo_path: Path, tmp_path: Path) -> Path:
    """The demo (data from mid-October 2025) plus one technician's time for three clients in September 2025."""
    entries = tmp_path / "september.csv"
    entries.write_text("Entry ID,Date,Technician,Client,Hours,Billable\n"
                       "SEP-1,2025-09-12,Priya Shah,Harbor Logistics,3,Yes\n"
                       "SEP-2,2025-09-13,Priya Shah,Summit Dental,1,Yes\n"
                       "SEP-3,2025-09-14,Priya Shah,Bluebird Bakery,3,No\n", encoding="utf-8")
    with moat.open(demo_path) as admin:
        assert admin.ingest(entries)["rows_loaded"] == 3
    return restrict_viewers(demo_path)


def test_the_reading_the_model_picks_is_checked(one_technicians_month: Path, ask_config: config.Config,
                                                tmp_path: Path) -> None:
    model = ModelManager(str(build_random_llama(tmp_path / "model", "tiny", seed=SEED)))
    cfg = ask_config.with_(db_path=str(one_technicians_month))
    with moat.open(one_technicians_month, user=User("a", "analyst")) as analyst:  # the premise: the model picks GP
        shown = engine.ask(analyst.con, analyst.user, QUESTION, AS_OF, use_cache=False, config=cfg, model=model)
        assert not shown.refused and shown.slots["metric"] == "gross_profit", shown.interpretation
        assert any(r.startswith("model chose reading 2") for r in shown.reasons), shown.reasons
    with moat.open(one_technicians_month, user=User("v", "viewer")) as viewer:
        plain = engine.ask(viewer.con, viewer.user, QUESTION, AS_OF, use_cache=False, config=cfg, model=None)
        assert not plain.refused and plain.slots["metric"] == "revenue"  # the parser's reading: no one's time
        picked = engine.ask(viewer.con, viewer.user, QUESTION, AS_OF, use_cache=False, config=cfg, model=model)
        assert picked.refused and picked.rows == [], (picked.interpretation, picked.rows)
        assert "fewer than 3 technicians" in picked.narrative and "2025-09-01" in picked.narrative, picked.narrative


def test_a_per_client_reading_the_model_picks_is_refused(demo_path: Path, ask_config: config.Config,
                                                         tmp_path: Path) -> None:
    path = restrict_viewers(demo_path)
    model = ModelManager(str(build_random_llama(tmp_path / "model", "tiny", seed=PER_CLIENT_SEED)))
    cfg = ask_config.with_(db_path=str(path))
    with moat.open(path, user=User("a", "analyst")) as analyst:  # the premise: the model picks clients by hours
        shown = engine.ask(analyst.con, analyst.user, PER_DAY, AS_OF, use_cache=False, config=cfg, model=model)
        assert shown.slots["grouping"] == "client" and len(shown.rows) > 3, shown.interpretation
    with moat.open(path, user=User("v", "viewer")) as viewer:
        plain = engine.ask(viewer.con, viewer.user, PER_DAY, AS_OF, use_cache=False, config=cfg, model=None)
        assert plain.slots["grouping"] == "company" and len(plain.rows) == 1  # the parser's reading: the company's
        picked = engine.ask(viewer.con, viewer.user, PER_DAY, AS_OF, use_cache=False, config=cfg, model=model)
        assert picked.refused and picked.rows == [], (picked.interpretation, picked.rows[:3])
        assert "per-client and per-technician figures need an analyst" in picked.narrative, picked.narrative
