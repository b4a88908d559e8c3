"""Issue 15 (h27): the confidently wrong classes a held-out set found (given as general descriptions, no questions),
each checked on the development demo (data to 2026-10-31, asked as of 2026-11-25) against SQL written here from
DESIGN.md's glossary; and the independent agreement check (``moat.ai.agreement``) on real parser readings and on
readings built by hand. Every phrasing is written for this file (none is an eval family's)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from moat import config, db
from moat.ai import agreement
from moat.ai.catalogue import Intent
from moat.ai.engine import LIMITER, ask
from moat.ai.mentions import Vocabulary
from moat.ai.periods import find_period
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
Q3 = ("2026-07-01", "2026-09-30")
BILLED = "coalesce(lower(trim(status)), '') NOT IN ('draft', 'void')"


@pytest.fixture(scope="module")
def con(demo_template: Path, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("h27") / "moat.duckdb"
    shutil.copy(demo_template, path)
    c = db.connect(path)
    yield c
    c.close()


@pytest.fixture(scope="module")
def cfg(con, tmp_path_factory: pytest.TempPathFactory) -> config.Config:
    LIMITER.reset()
    return config.load(env={}).with_(cache_dir=str(tmp_path_factory.mktemp("h27-cache")), ask_rate_per_minute=100000)


def _ask(con, cfg, question: str, as_of: date = AS_OF):
    return ask(con, User("ana", "analyst"), question, as_of, use_cache=False, config=cfg, model=None)


def _confident(con, cfg, question: str, as_of: date = AS_OF):
    a = _ask(con, cfg, question, as_of)
    assert not a.refused, (question, a.narrative)
    # h50: provisional only for the data-quality score `moat metrics` also gives (h43 F8) is still a confident reading
    assert not a.provisional or a.narrative.startswith("Provisional: the data behind"), (question, a.interpretation, a.reasons)
    assert a.confidence_parts["parse"] >= 0.7 and not a.ignored, (question, a.interpretation, a.reasons)
    return a


def _money(rows) -> list[tuple[str, float]]:
    return [(str(r[0]), round(float(r[1]), 2)) for r in rows]


def _licence_cost(con, where: str, by: str) -> list[tuple[str, float]]:
    return _money(db.rows(con, f"""SELECT {by}, sum(seats_purchased * unit_cost) FROM cur_licenses
        WHERE month BETWEEN DATE '{Q3[0]}' AND DATE '{Q3[1]}' AND {where} GROUP BY 1 ORDER BY 1"""))


# ------------------------------------------------------------------ 1. the grouping noun named wins
@pytest.mark.parametrize("question", [
    "which 5 clients cost us the most in technician labour last quarter",
    "the five customers with the biggest tech labour cost last qtr",
])
def test_clients_ranked_by_technician_labour_are_clients(con, cfg, question: str) -> None:
    want = _money(db.rows(con, f"""SELECT c.client_name, sum(te.hours * coalesce(te.cost_rate, t.hourly_cost)) AS lc
        FROM cur_time_entries te JOIN cur_technicians t USING (technician_key)
        JOIN (SELECT client_key, any_value(client_name) AS client_name FROM cur_clients GROUP BY 1) c USING (client_key)
        WHERE te.date BETWEEN DATE '{Q3[0]}' AND DATE '{Q3[1]}' GROUP BY 1 ORDER BY lc DESC LIMIT 5"""))
    a = _confident(con, cfg, question)
    assert a.slots["grouping"] == "client", a.interpretation
    assert _money(a.rows) == want


def test_technicians_ranked_by_labour_stay_technicians(con, cfg) -> None:
    a = _confident(con, cfg, "which 3 technicians cost us the most in labour last quarter")
    assert a.slots["grouping"] == "technician" and len(a.rows) == 3


# ------------------------------------------------------------------ 2. several named entities "each": one row each
@pytest.mark.parametrize("question", [
    "what did we pay Microsoft and Huntress each for licences last quarter",
    "licence spend with microsoft and huntress respectively, last qtr",
    "Microsoft and Huntress separately: licence cost last quarter",
])
def test_named_vendors_each_are_one_row_per_vendor(con, cfg, question: str) -> None:
    a = _confident(con, cfg, question)
    assert sorted(_money(a.rows)) == _licence_cost(con, "vendor IN ('Microsoft', 'Huntress')", "vendor")


def test_named_products_respectively_are_one_row_per_product(con, cfg) -> None:
    a = _confident(con, cfg, "licence cost of Datto SaaS Protection and SentinelOne Complete respectively last quarter")
    want = _licence_cost(con, "product IN ('Datto SaaS Protection', 'SentinelOne Complete')", "product")
    assert sorted(_money(a.rows)) == want


def test_named_clients_separately_are_one_row_per_client(con, cfg) -> None:
    a = _confident(con, cfg, "revenue from Harbor Logistics and Summit Dental separately last quarter")
    want = _money(db.rows(con, f"""SELECT c.client_name, sum(i.amount) FROM cur_invoices i
        JOIN (SELECT client_key, any_value(client_name) AS client_name FROM cur_clients GROUP BY 1) c USING (client_key)
        WHERE i.date BETWEEN DATE '{Q3[0]}' AND DATE '{Q3[1]}' AND {BILLED}
          AND c.client_name IN ('Harbor Logistics', 'Summit Dental') GROUP BY 1 ORDER BY 1"""))
    assert sorted(_money(a.rows)) == want


# ------------------------------------------------------------------ 3. an arrow between two months: the change
def _tech_hours(con, name: str, month: str) -> float:
    return float(db.scalar(con, f"""SELECT sum(te.hours) FROM cur_time_entries te JOIN cur_technicians t USING (technician_key)
        WHERE t.technician_name = '{name}' AND date_trunc('month', te.date) = DATE '{month}'"""))


@pytest.mark.parametrize("question", ["Priya Shah hours aug -> sep", "priya shah's hours worked, August 2026 → September 2026"])
def test_arrow_between_months_is_both_values_and_the_change(con, cfg, question: str) -> None:
    a = _confident(con, cfg, question)
    aug, sep = _tech_hours(con, "Priya Shah", "2026-08-01"), _tech_hours(con, "Priya Shah", "2026-09-01")
    row = [float(v) for v in a.rows[0][-3:]]
    assert row == pytest.approx([aug, sep, sep - aug])


# ------------------------------------------------------------------ 4 / 5. one amount asked: one amount
@pytest.mark.parametrize("question", [
    "how much did unused Microsoft 365 E3 seats cost across our healthcare clients last quarter",
    "unused E3 seats: total cost for every healthcare client last quarter",
    "sum of unused E3 seat cost over all healthcare clients last quarter",
])
def test_unused_seats_of_one_product_in_a_segment_asked_as_one_amount(con, cfg, question: str) -> None:
    a = _confident(con, cfg, question)
    want = float(db.scalar(con, f"""SELECT sum((l.seats_purchased - coalesce(l.seats_active, l.seats_assigned)) * l.unit_cost)
        FROM cur_licenses l JOIN (SELECT client_key, any_value(segment) AS segment FROM cur_clients GROUP BY 1) c USING (client_key)
        WHERE l.month BETWEEN DATE '{Q3[0]}' AND DATE '{Q3[1]}' AND l.product = 'Microsoft 365 E3' AND c.segment = 'healthcare'"""))
    assert len(a.rows) == 1 and float(a.rows[0][-1]) == pytest.approx(want)


@pytest.mark.parametrize("question", [
    "how much revenue did all clients bring in last quarter",
    "combined revenue of every client last quarter",
    "overall revenue across every client, last quarter",
])
def test_all_clients_with_a_total_word_is_one_amount(con, cfg, question: str) -> None:
    want = float(db.scalar(con, f"SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN DATE '{Q3[0]}' AND DATE '{Q3[1]}' "
                                f"AND {BILLED}"))
    a = _confident(con, cfg, question)
    assert len(a.rows) == 1 and float(a.rows[0][-1]) == pytest.approx(want)


def test_all_products_licence_cost_with_how_much_is_one_amount(con, cfg) -> None:
    a = _confident(con, cfg, "how much licence cost for all products last quarter")
    assert len(a.rows) == 1 and round(float(a.rows[0][-1]), 2) == sum(v for _, v in _licence_cost(con, "TRUE", "product"))


def test_all_clients_alone_is_the_list_made_provisional_with_the_total_offered(con, cfg) -> None:
    a = _ask(con, cfg, "revenue for all clients last quarter")
    assert a.slots["grouping"] == "client" and len(a.rows) > 5
    assert a.provisional and a.confidence < cfg.review_confidence
    assert any(alt.startswith("total revenue") for alt in a.alternatives), a.alternatives


# ------------------------------------------------------------------ 6. an amount beside month names is not a year
@pytest.mark.parametrize("text", ["clients in sept and oct 2000 or more", "clients sept-oct 2000+", "sept and oct, 2000 or more",
                                  "revenue over 2000"])
def test_an_amount_beside_months_is_never_the_year_2000(text: str) -> None:
    found = find_period(text, date(2025, 12, 31))
    assert found is None or found.period.start.year == 2025, found


def test_a_year_beside_a_month_is_still_a_year() -> None:
    found = find_period("revenue in march 2025", date(2025, 12, 31))
    assert found is not None and (found.period.start, found.period.end) == (date(2025, 3, 1), date(2025, 3, 31))


def test_clients_over_an_amount_in_two_abbreviated_months(con, cfg) -> None:
    # h44: a condition over two months joined by "and" (each month, or both together?) is answered over both months
    # together and flagged, naming the other reading
    a = _ask(con, cfg, "which clients billed sept and oct 2000 or more")
    assert not a.refused and (a.provisional or a.confidence < 0.7), (a.interpretation, a.confidence)
    want = _money(db.rows(con, f"""SELECT c.client_name, sum(i.amount) AS r FROM cur_invoices i
        JOIN (SELECT client_key, any_value(client_name) AS client_name FROM cur_clients GROUP BY 1) c USING (client_key)
        WHERE i.date BETWEEN DATE '2026-09-01' AND DATE '2026-10-31' AND {BILLED} GROUP BY 1 HAVING r >= 2000 ORDER BY 1"""))
    assert sorted(_money(a.rows)) == want


def test_a_far_off_year_with_no_data_is_asked_back_as_a_possible_amount(con, cfg) -> None:
    a = _ask(con, cfg, "revenue in oct 2000")
    assert a.refused and "amount" in a.narrative and "2000 or more" in a.narrative, a.narrative


# ------------------------------------------------------------------ 7. "so far in <month>" once the month has ended
def test_so_far_in_an_ended_month_is_that_whole_month(con, cfg) -> None:
    a = _confident(con, cfg, "what was revenue so far in august")
    assert (a.slots["start"], a.slots["end"]) == ("2026-08-01", "2026-08-31"), a.slots
    want = float(db.scalar(con, f"SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN DATE '2026-08-01' AND "
                                f"DATE '2026-08-31' AND {BILLED}"))
    assert float(a.rows[0][-1]) == pytest.approx(want)


def test_so_far_in_the_current_month_runs_to_the_as_of_date() -> None:
    found = find_period("november so far", AS_OF)
    assert found is not None and (found.period.start, found.period.end) == (date(2026, 11, 1), AS_OF)


# ------------------------------------------------------------------ 8. the agreement check
VOCAB = Vocabulary(("Harbor Logistics", "Summit Dental", "Sterling Retail Group"), ("Priya Shah", "Tom Becker"),
                   (("Microsoft 365 E3", "Microsoft"), ("Defender for Business", "Microsoft"), ("Huntress Managed EDR", "Huntress")),
                   ("healthcare", "retail"))
LQ = Intent("revenue", "client", date(2026, 7, 1), date(2026, 9, 30), "Q3 2026")


def _check(question: str, intent: Intent) -> list[str]:
    return [d.cue for d in agreement.check(question, intent, VOCAB, AS_OF)]


@pytest.mark.parametrize(("question", "intent"), [
    ("top 5 clients by revenue last quarter", replace(LQ, order="desc", limit=5)),
    ("which technicians logged the most hours last quarter", replace(LQ, metric="hours", grouping="technician", order="desc",
                                                                     limit=5)),
    ("how many clients lost money last quarter", replace(LQ, count=True)),
    ("total revenue across every client last quarter", replace(LQ, grouping="company")),
    ("Harbor Logistics revenue last quarter", replace(LQ, filters=(("client", ("Harbor Logistics",)),))),
    ("Microsoft licence cost per vendor last quarter", replace(LQ, metric="license_cost", grouping="vendor",
                                                               filters=(("product", ("Defender for Business", "Microsoft 365 E3")),))),
    ("revenue Q2 vs Q3 2026", replace(LQ, grouping="company", compare_start=date(2026, 4, 1), compare_end=date(2026, 6, 30),
                                      change="any")),
    ("what percentage of seats were assigned last quarter", replace(LQ, metric="license_utilization", grouping="company")),
    ("revenue for Sterling Retail last quarter", replace(LQ, filters=(("client", ("Sterling Retail Group",)),))),
])
def test_the_agreement_check_passes_readings_that_honour_every_cue(question: str, intent: Intent) -> None:
    assert _check(question, intent) == []


@pytest.mark.parametrize(("question", "intent", "cue"), [
    ("which 5 clients cost us the most in technician labour last quarter",
     replace(LQ, metric="labour_cost", grouping="technician", order="desc", limit=5), "which 5 clients"),
    ("what did we pay Microsoft and Huntress each last quarter",
     replace(LQ, metric="license_cost", grouping="company",
             filters=(("product", ("Defender for Business", "Huntress Managed EDR", "Microsoft 365 E3")),)), "each"),
    ("Priya Shah hours aug -> sep", replace(LQ, metric="hours", grouping="technician", start=date(2026, 8, 1),
                                            filters=(("technician", ("Priya Shah",)),)), "->"),
    ("how much revenue did all clients bring in last quarter", LQ, "all clients"),
    ("how many clients lost money last quarter", replace(LQ, metric="gross_profit"), "how many clients"),
    ("the 3 least profitable clients last quarter", replace(LQ, metric="gross_profit", order="asc", limit=5), "the 3"),
    ("how many seats did we buy last quarter", replace(LQ, metric="license_cost", grouping="company"), "how many seats"),
    ("revenue of Harbor Logistics and Summit Dental last quarter", replace(LQ, filters=(("client", ("Harbor Logistics",)),)),
     "Summit Dental"),
    ("revenue in healthcare last quarter", replace(LQ, grouping="company"), "healthcare"),
    ("revenue in march 2026", replace(LQ, grouping="company"), "march 2026"),
    ("how much did unused Microsoft 365 E3 seats cost across our healthcare clients last quarter",
     replace(LQ, metric="license_waste", filters=(("product", ("Microsoft 365 E3",)), ("segment", ("healthcare",)))),
     "across our healthcare clients"),
])
def test_the_agreement_check_names_the_cue_a_reading_does_not_honour(question: str, intent: Intent, cue: str) -> None:
    cues = _check(question, intent)
    assert any(cue in c for c in cues), cues


def test_a_disagreement_makes_the_answer_provisional_and_names_the_cue(con, cfg) -> None:
    """The engine's side, on a reading the parser still gets wrong by itself: clients asked, products ranked. The
    answer is below the review threshold, the cue is in ``ignored`` and the reply starts by naming it."""
    a = _ask(con, cfg, "which clients had the most unused seats per product last quarter")
    assert not a.refused and a.slots["grouping"] != "client", a.interpretation  # the parser's reading, unchanged
    assert a.provisional and a.confidence < cfg.review_confidence
    assert "which clients" in a.ignored and a.narrative.startswith("Check this reading"), (a.ignored, a.narrative)
    assert any(r.startswith("not honoured: the question says 'which clients'") for r in a.reasons), a.reasons


def test_the_agreement_check_flags_no_right_answer_of_this_file(con, cfg) -> None:
    """A net that flags right answers costs exact answers: the readings this file checks against SQL pass it."""
    for question in ("which 5 clients cost us the most in technician labour last quarter",
                     "what did we pay Microsoft and Huntress each for licences last quarter",
                     "Priya Shah hours aug -> sep", "how much revenue did all clients bring in last quarter",
                     "which clients billed sept and oct 2000 or more", "what was revenue so far in august"):
        a = _ask(con, cfg, question)
        assert not any(r.startswith("not honoured") for r in a.reasons), (question, a.reasons)
