"""Issue 15, h134: Ask reads its own readings back (``moat.ai.own_words``).

Every answer says its reading in words and offers alternatives in the same words; asking those words must give that
very reading (the same words, the same rows), or the Ask page could not offer an alternative as a button. Before this,
none of the readings below read back: the ISO range "2026-07-01..2026-09-30" was read as a value range of the date's
parts ("between 1 and 9") plus a comparison, and a measure's gloss ("licence waste (unused seats)") as another measure.

The readings are written out here as the test demo's answers give them (seed 23, data 2026-03..2027-03, asked
2027-04-09), one per shape of ``Intent.interpretation`` / ``each_answer.interpretation``; the questions are this
file's own (none is an eval family's or a held-out question).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from moat.ai.catalogue import Intent
from moat.ai.mentions import Vocabulary
from moat.ai.own_words import candidates, reads_back_to
from tests.ai.asking import AskDemo, ask_as

DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=date(2027, 4, 9))
Q1 = "2027-01-01..2027-03-31"
Q4 = "2026-10-01..2026-12-31"
MARCH = "2027-03-01..2027-03-31"

# (a question, the reading the demo's answer gives it): asking the reading back must give the same reading and rows
READINGS = [
    ("what was our revenue in Q4 2026", f"total revenue, {Q4}"),
    ("revenue Q4 2026 versus Q1 2027", f"total revenue, {Q4} against {Q1}, both values and the change"),
    ("top 4 clients by gross profit in Q1 2027", f"top 4 clients by gross profit, {Q1}"),
    ("rank technicians by hours worked in February 2027", "technicians by hours worked, 2027-02-01..2027-02-28"),
    ("clients sorted by gross margin, worst first, Q1 2027", f"lowest first: clients by gross margin, {Q1}"),
    ("the 3 technicians with the least billable hours in March 2027", f"bottom 3 technicians by billable hours, {MARCH}"),
    ("which product wasted the most licence money in Q1 2027", f"top product by licence waste (unused seats), {Q1}"),
    ("clients with revenue above 30000 in Q1 2027", f"highest first: clients by revenue, where revenue > 30,000, {Q1}"),
    ("how many clients had a gross margin below 25% in Q1 2027", f"number of clients, with gross margin < 25%, {Q1}"),
    ("how many technicians logged non-billable time for Harbor Logistics in March 2027",
     "number of technicians, with some non-billable hours (hours worked - billable hours), for client Harbor Logistics, "
     f"{MARCH}"),
    ("monthly labour cost from October 2026 to March 2027", "labour cost per month, 2026-10-01..2027-03-31"),
    ("revenue month over month from November 2026 to March 2027",
     "revenue per month, with the change from the month before, 2026-11-01..2027-03-31"),
    ("running total of billable hours by month in Q1 2027", f"billable hours per month (running total), {Q1}"),
    ("gross margin of Harbor Logistics in Q1 2027", f"gross margin, for client Harbor Logistics, {Q1}"),
    ("is Priya Shah above 85% billable utilisation in Q1 2027",
     f"billable utilisation, checked against the mark (billable utilisation > 85%), for technician Priya Shah, {Q1}"),
    ("was our gross margin above 35% in Q1 2027", f"total gross margin, checked against the mark (gross margin > 35%), {Q1}"),
    ("did revenue rise by more than 5% from Q4 2026 to Q1 2027",
     f"total revenue, checked against the mark (the rise in percent > 5%), {Q4} against {Q1}, both values and the change "
     "(also in percent of the earlier value)"),
    ("which clients saw revenue drop from Q4 2026 to Q1 2027",
     f"clients by revenue, {Q4} against {Q1}, both values and the change (only those that fell)"),
    ("percentage change in gross profit by client from Q4 2026 to Q1 2027",
     f"clients by gross profit, {Q4} against {Q1}, both values and the change (also in percent of the earlier value)"),
    ("which clients' revenue fell by more than 2000 between Q4 2026 and Q1 2027",
     f"highest first: clients by revenue, where the fall is > 2,000, {Q4} against {Q1}, both values and the change (only "
     "those that fell)"),
    ("revenue for the healthcare segment in Q1 2027", f"revenue, for segment healthcare, {Q1}"),
    ("gross profit by segment in Q1 2027", f"segments by gross profit, {Q1}"),
    ("gross profit excluding Harbor Logistics in Q1 2027", f"total gross profit, for every client except Harbor Logistics, {Q1}"),
    ("unused Huntress seat-months for legal clients in March 2027",
     f"unused seat-months (purchased - active), for product Huntress Managed EDR, segment legal, {MARCH}"),
    ("licence cost per vendor in Q1 2027", f"vendors by licence cost, {Q1}"),
    ("which month of the last 6 had the highest revenue", "top month by revenue, 2026-10-01..2027-03-31"),
    ("revenue by quarter over the last 12 months, highest first", "highest first: quarters by revenue, 2026-04-01..2027-03-31"),
    ("what share of revenue came from Harbor Logistics in Q1 2027",
     f"share of total revenue from client Harbor Logistics (their revenue over everyone's), as a percentage, {Q1}"),
    ("share of gross profit from our top 3 clients in Q1 2027",  # "top": by that measure (a share's concentration)
     "share of total gross profit from the top 3 clients by gross profit (their gross profit over everyone's), as a "
     f"percentage, {Q1}"),
    ("labour cost as a percentage of revenue in Q1 2027",
     f"labour cost in {Q1} as a share of revenue (one over the other, as a percentage)"),
    ("what share of 2026's revenue came in December 2026",
     "revenue in 2026-12-01..2026-12-31 as a share of revenue in 2026-01-01..2026-12-31 (one over the other, as a percentage)"),
    ("which clients had a negative gross profit in both January and February 2027",
     "clients with gross profit < 0 in every one of 2027-01-01..2027-01-31, 2027-02-01..2027-02-28, each period on its "
     "own (their gross profit in each period)"),
    ("total revenue of clients with gross margin under 20% in Q1 2027",
     f"total revenue of the clients with gross margin < 20% (one sum, and how many clients it covers), {Q1}"),
    ("which clients have no SentinelOne seats in March 2027",
     f"clients with activity holding no seats of SentinelOne Complete (0 seat-months purchased), {MARCH}"),
    ("how many clients use Huntress in March 2027", f"number of clients with licences of Huntress Managed EDR, {MARCH}"),
    ("gross margin of our 3 biggest clients by revenue in Q1 2027", f"top 3 clients by revenue, gross margin shown, {Q1}"),
    ("top 5 clients by revenue in Q1 2027, listed smallest first", f"top 5 clients by revenue, lowest first, {Q1}"),
    ("is Tom Becker inside the utilisation target band in Q1 2027",
     f"billable utilisation, for technician Tom Becker, against the target band 70%-80%, {Q1}"),
    ("products by unused seat-months in March 2027", f"products by unused seat-months (purchased - active), {MARCH}"),
    ("direct costs by client in Q1 2027",
     f"clients by direct costs (labour + licence + other direct = revenue - gross profit), {Q1}"),
    ("licence activity by product in March 2027", f"products by licence activity (active / assigned), {MARCH}"),
    ("the three riskiest clients over the past 12 months",
     "riskiest 3 clients, 2026-04-01..2027-03-31 (revenue, hours, margin and time entries from 2026-10-01 on compared "
     "with before)"),
    ("any unusual months at Harbor Logistics over the past 12 months",
     "unusual months in costs/hours/seats, for client Harbor Logistics, 2026-04-01..2027-03-31 (robust z beyond 3.5 "
     "against each client's own months of the 12-month window)"),
]


def _without_label(slots: dict) -> dict:
    return {k: v for k, v in slots.items() if k != "period_label"}


@pytest.mark.parametrize(("question", "reading"), READINGS, ids=[r for _q, r in READINGS])
def test_a_reading_asked_back_is_that_reading(con, cfg, question: str, reading: str) -> None:
    first = ask_as(con, cfg, question, DEMO.as_of)
    assert first.interpretation == reading, (question, first.interpretation)  # the demo still gives this reading
    back = ask_as(con, cfg, reading, DEMO.as_of)
    assert not back.refused, (reading, back.narrative)
    assert back.interpretation == reading and back.rows == first.rows and back.columns == first.columns, (
        reading, back.interpretation, back.rows, first.rows)
    assert back.ignored == [] and back.confidence_parts["parse"] == 1.0, (reading, back.reasons)
    assert back.provisional == first.provisional or not back.provisional, (reading, back.reasons)


def test_every_shape_of_reading_is_sampled() -> None:
    """At least 30 readings, of different shapes (no two the same but for a name or a date)."""
    shapes = {re.sub(r"\d[\d,.%-]*|[A-Z][\w ]+", "#", r) for _q, r in READINGS}
    assert len(READINGS) >= 30 and len(shapes) >= 30


@pytest.mark.parametrize(("pasted", "plain"), [
    ("revenue 2026-07-01..2026-09-30", "revenue from 2026-07-01 to 2026-09-30"),
    ("gross profit by client 2026-10-01 .. 2026-12-31", "gross profit by client from 2026-10-01 to 2026-12-31"),
    ("billable hours per technician, 2027-01-01..2027-02-28", "billable hours per technician from 2027-01-01 to 2027-02-28"),
])
def test_a_pasted_iso_range_is_the_period(con, cfg, pasted: str, plain: str) -> None:
    """A user's own question with a reading's range in it: the days from A to B, never a value range of the date's parts."""
    got, want = ask_as(con, cfg, pasted, DEMO.as_of), ask_as(con, cfg, plain, DEMO.as_of)
    assert not got.refused and got.interpretation == want.interpretation and got.rows == want.rows, (
        pasted, got.interpretation, want.interpretation)
    assert got.confidence >= 0.7 and not got.provisional and not got.ignored, (pasted, got.reasons)


def test_an_edited_reading_is_read_as_edited(con, cfg) -> None:
    """A reading with its number changed ("top 4" -> "top 2") is that reading: the first two of the four rows."""
    four = ask_as(con, cfg, f"top 4 clients by gross profit, {Q1}", DEMO.as_of)
    two = ask_as(con, cfg, f"Top 2 clients by gross profit, {Q1}?", DEMO.as_of)
    assert two.interpretation == f"top 2 clients by gross profit, {Q1}" and two.rows == four.rows[:2], two.interpretation
    assert len(four.rows) == 4


@pytest.mark.parametrize("text", [
    f"revenue, for client Nobody Such Ltd, {Q1}",  # an unknown name: never the company's figure
    f"top 4 clients by happiness, {Q1}",  # not a measure of the catalogue
])
def test_words_that_are_not_a_reading_are_left_to_the_parser(con, cfg, text: str) -> None:
    assert candidates(text, Vocabulary.load(con)) == []
    got = ask_as(con, cfg, text, DEMO.as_of)
    assert got.refused or got.provisional or got.confidence < 0.7 or got.ignored, (text, got.interpretation)


def test_alternatives_offered_as_buttons_read_back_to_themselves(con, cfg) -> None:
    """The engine lists an alternative as verified only when its words read back to it; asked, it gives its rows."""
    first = ask_as(con, cfg, "top 5 by licence waste in Q1 2027", DEMO.as_of)  # clients assumed; products, vendors
    assert first.alternatives and set(first.alternatives_verified) <= set(first.alternatives)
    assert first.alternatives_verified, first.alternatives
    for text, kind in zip(first.alternatives_verified, ("products", "vendors"), strict=True):
        back = ask_as(con, cfg, text, DEMO.as_of)
        assert back.interpretation == text and back.confidence_parts["parse"] == 1.0, (text, back.interpretation)
        plain = ask_as(con, cfg, f"top 5 {kind} by licence waste in Q1 2027", DEMO.as_of)
        assert plain.interpretation == text and back.rows == plain.rows


def test_reads_back_to_is_false_for_words_that_leave_a_slot_out(con) -> None:
    """One client's figure in two periods kept only if it fell writes no direction (one named entity is shown as it
    moved): its words read back as the plain change, which keeps the row either way, so it is never a button."""
    vocab = Vocabulary.load(con)
    fell = Intent("revenue", "client", date(2027, 1, 1), date(2027, 3, 31), "Q1 2027", (("client", ("Harbor Logistics",)),),
                  compare_start=date(2026, 10, 1), compare_end=date(2026, 12, 31), change="down")
    assert fell.interpretation() == f"revenue, for client Harbor Logistics, {Q4} against {Q1}, both values and the change"
    assert not reads_back_to(fell, vocab)
    assert reads_back_to(replace(fell, change="any"), vocab)
    shown = Intent("revenue", "client", date(2027, 1, 1), date(2027, 3, 31), "Q1 2027", order="desc", limit=3)
    assert reads_back_to(shown, vocab)


def test_a_count_says_what_it_counts(con, cfg) -> None:
    """A count with no mark names its measure, so its words read back as the same count (it was "number of vendors,
    for client ...", read back as the number of licence vendors overall)."""
    first = ask_as(con, cfg, "number of licence vendors Meridian Dental Group bought from in Q1 2027", DEMO.as_of)
    assert first.interpretation == ("number of vendors, with seat-months purchased recorded, for client Meridian Dental "
                                    f"Group, {Q1}")
    back = ask_as(con, cfg, first.interpretation, DEMO.as_of)
    assert back.interpretation == first.interpretation and back.rows == first.rows
