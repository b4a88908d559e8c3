"""Issue 15 (h39): heldout9's failure classes, given as general descriptions, on the eval demo of
``bench/eval_families/setting.yaml`` (seed 23, data 2026-03..2027-03, asked as of 2027-04-09). Each new phrasing is
checked against an explicit phrasing the parser already read (the same rows), or against the metrics layer, and every
refusal names what to ask. Phrasings are h39's own, not the held-out set's."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.mentions import NameIndex, Vocabulary, fold
from moat.ai.numbers import normalise
from moat.ai.periods import find_period
from moat.metrics.periods import Period
from tests.ai.asking import AskDemo, ask_as, confident

AS_OF = date(2027, 4, 9)


DEMO = AskDemo(seed=23, end=date(2027, 3, 31), as_of=AS_OF)


def _ask(con, cfg, question: str):
    return ask_as(con, cfg, question, AS_OF)


def _confident(con, cfg, question: str):
    return confident(_ask(con, cfg, question), question)


def _same(con, cfg, question: str, explicit: str):
    a, b = _confident(con, cfg, question), _confident(con, cfg, explicit)
    assert a.rows == b.rows and a.rows, (question, a.interpretation, b.interpretation)
    return a


def _refused(con, cfg, question: str, says: str):
    a = _ask(con, cfg, question)
    assert a.refused and not a.rows, (question, a.interpretation, a.rows)
    assert says in a.narrative.lower(), (question, a.narrative)
    return a


# Class 1 (confidently wrong): "which one" after "of the last N months" ranks those months, never technicians.
@pytest.mark.parametrize("question, explicit", [
    ("Of the last six months, which one had our lowest billable utilisation?",
     "which month had the lowest billable utilisation in the last 6 months"),
    ("last 3 months, which one billed the most", "which month had the highest revenue in the last 3 months"),
    ("of the last 6 mos, which was our lowest billable utilization month",
     "which month had the lowest billable utilisation in the last 6 months"),
])
def test_which_one_of_the_last_months_ranks_months(con, cfg, question, explicit):
    a = _same(con, cfg, question, explicit)
    assert len(a.rows) == 1 and "month" in a.interpretation, a.interpretation
    assert "technician" not in a.interpretation and "client" not in a.interpretation


# Class 2: a period set apart by punctuation at the end or the start of the question is its period ("May" too).
@pytest.mark.parametrize("question", ["top 5 clients by margin, May", "May: top 5 clients by margin",
                                      "best 5 customers by margin (May)", "top five clients by margin -- May"])
def test_may_set_off_by_punctuation_is_the_month(con, cfg, question):
    _same(con, cfg, question, "top 5 clients by gross margin in May 2026")


def test_may_as_a_verb_is_never_a_month():
    from moat.ai.periods import MAY_SET_OFF

    assert MAY_SET_OFF.search("may I see revenue by client") is None
    assert MAY_SET_OFF.search("revenue by client, may") is not None
    assert find_period("may i see revenue", AS_OF, may_set_off=False) is None
    assert find_period("revenue may", AS_OF, may_set_off=True).period == Period(date(2026, 5, 1), date(2026, 5, 31))


# Class 3: comparison verbs and idioms with an amount are a threshold.
@pytest.mark.parametrize("question, explicit", [
    ("techs who ran hotter than 80% billable utilisation last quarter",
     "technicians with billable utilisation over 80% last quarter"),
    ("customers that fell short of 30% margin last qtr", "clients with gross margin under 30% last quarter"),
    ("clients leaner than 30% margin last quarter", "clients with gross margin under 30% last quarter"),
])
def test_comparative_idioms_are_thresholds(con, cfg, question, explicit):
    _same(con, cfg, question, explicit)


def test_comparatives_that_are_not_about_an_amount_are_left_alone():
    assert normalise("ran hotter than 85 percent") == "ran more than 85 percent"
    assert normalise("cheaper than $500") == "less than $500"
    assert normalise("later than 2026") == "later than 2026"


# Class 4: two bounds are a range.
@pytest.mark.parametrize("question", [
    "clients with revenue at least 20000 and at most 30000 last quarter",
    "clients whose revenue was >= 20k and <= 30k last quarter",
    "customers with rev of at least $20,000 but at most $30,000 last qtr",
])
def test_two_bounds_are_a_range(con, cfg, question):
    a = _same(con, cfg, question, "clients with revenue between 20000 and 30000 last quarter")
    assert all(20000 <= float(r[1]) <= 30000 for r in a.rows)


# Class 5: a space as the thousands separator.
@pytest.mark.parametrize("question", ["clients with revenue over 30 000 last quarter",
                                      "clients above 30 000 $ of revenue last quarter",
                                      "clients with revenue over 30 000,00 last quarter"])
def test_space_as_thousands_separator(con, cfg, question):
    a = _same(con, cfg, question, "clients with revenue over 30000 last quarter")
    assert all(float(r[1]) > 30000 for r in a.rows)


def test_spaced_thousands_rules():
    assert normalise("over 1 234,56 dollars") == "over 1234.56 dollars"
    assert normalise("top 5 100 hours") == "top 5 100 hours"  # a count then an amount: never joined


# Classes 6 and 19: short forms and typos of product and vendor names.
@pytest.mark.parametrize("question", ["BP licence cost last quarter", "licence cost for bus premium last quarter",
                                      "M365 BP license cost, last quarter"])
def test_product_short_forms(con, cfg, question):
    _same(con, cfg, question, "licence cost for Microsoft 365 Business Premium last quarter")


@pytest.mark.parametrize("question", ["dato licence cost last quarter", "licence spend on datta last qtr",
                                      "how much went to datoo licences last quarter"])
def test_vendor_typo_of_one_edit_is_that_vendor(con, cfg, question):
    _same(con, cfg, question, "Datto licence cost last quarter")


def test_two_vendors_as_close_are_asked_back_and_ordinary_words_never_match():
    vocab = Vocabulary(clients=("Harbor Logistics",), technicians=("Priya Shah",),
                       products=(("Datto SaaS Protection", "Datto"), ("Daito Backup", "Daito"),
                                 ("Microsoft 365 Business Premium", "Microsoft"), ("Microsoft 365 E3", "Microsoft")),
                       segments=("healthcare",))
    index = NameIndex(vocab)
    [m] = index.mentions(fold("dato licence cost"))
    assert set(m.ambiguous) == {"Datto", "Daito"}
    assert index.mentions(fold("what did the data say about licence cost")) == []
    [bp] = index.mentions(fold("m365 bp seats"))
    assert bp.names == ("Microsoft 365 Business Premium",) and not bp.ambiguous


# Classes 7 and 18: unused-seat cost is licence waste.
def test_unused_seat_cost_is_waste(con, cfg):
    _same(con, cfg, "unused-seat cost for Microsoft 365 Business Premium over the last 6 months",
          "licence waste for Microsoft 365 Business Premium in the last 6 months")
    a = _same(con, cfg, "rank every product by unused-seat cost over the last 6 months",
              "licence waste by product in the last 6 months")
    assert len(a.rows) > 5


# Class 10: an action after a request lead-in is refused; payment timing is data not held.
@pytest.mark.parametrize("question", ["go ahead and cancel the unused Huntress seats",
                                      "please go ahead and remove the idle Business Premium licences",
                                      "could you downgrade the unused E3 seats"])
def test_action_after_a_lead_in_is_refused(con, cfg, question):
    _refused(con, cfg, question, "cannot change")


def test_reading_verbs_after_a_lead_in_are_answered(con, cfg):
    _confident(con, cfg, "could you show me revenue last month")


def test_payment_timing_is_not_held(con, cfg):
    _refused(con, cfg, "who takes longest to pay their invoices", "payment")


# Class 11: slang for a loss.
@pytest.mark.parametrize("question", ["red clients - Dec 2026", "which clients were in the red in December 2026"])
def test_into_the_red_is_losing_money(con, cfg, question):
    a = _same(con, cfg, question, "clients with negative gross profit in December 2026")
    assert a.rows and all(float(r[1]) < 0 for r in a.rows)


# h139 (h133 M): "went / dropped into the red" asks for a change into loss; the loss-makers of the month are shown,
# flagged (some may have been in the red the month before)
@pytest.mark.parametrize("question", ["which clients went into the red in December 2026",
                                      "which clients dropped into the red in December 2026"])
def test_went_into_the_red_is_the_loss_makers_flagged(con, cfg, question):
    a, b = _ask(con, cfg, question), _confident(con, cfg, "clients with negative gross profit in December 2026")
    assert a.rows == b.rows and a.rows and (a.provisional or a.confidence < 0.7), (question, a.interpretation)


# Class 12: "<year> months so far".
def test_year_months_so_far_ranked(con, cfg):
    _same(con, cfg, "2027 months so far, highest first by revenue", "rank the months of 2027 so far by revenue")


# Classes 13 and 17: money made is gross profit; Jan against Dec crosses the year end; a month range without a year
# is the latest that has ended.
def test_make_more_in_jan_than_dec(con, cfg):
    a = _same(con, cfg, "did we make more or less in Jan than in Dec", "gross profit December 2026 vs January 2027")
    assert len(a.rows) == 1


def test_segment_made_us_over_a_month_range(con, cfg):
    _same(con, cfg, "how much did healthcare make us jul-dec", "gross profit for healthcare from July to December 2026")


def test_month_range_not_ended_is_last_years():
    assert find_period("revenue mar-apr", AS_OF).period == Period(date(2026, 3, 1), date(2026, 4, 30))
    assert find_period("revenue jan-mar", AS_OF).period == Period(date(2027, 1, 1), date(2027, 3, 31))


# Class 14: an hour range.
def test_hour_range(con, cfg):
    _same(con, cfg, "techs in the 140 to 175 hour range last month",
          "technicians with hours worked between 140 and 175 last month")


# Class 15: "Last, First" technician names.
def test_last_comma_first_settles_a_shared_first_name(con, cfg):
    _same(con, cfg, "Wong, Maria - hours - last qtr", "hours worked by Maria Wong last quarter")
    _refused(con, cfg, "hours for Maria last quarter", "which one")


# Class 8: the N months before is the base period of the change.
def test_the_n_months_before(con, cfg):
    a = _confident(con, cfg, "revenue last 3 months compared with the 3 months before")
    b = _confident(con, cfg, "revenue Q4 2026 vs Q1 2027")
    assert a.rows == b.rows


# Class 9 / 16: a name after "could u" (folded to "could you") is still found.
def test_name_after_folded_words_is_found(con, cfg):
    a = _ask(con, cfg, "could u explain why harbour logistics makes us so little")
    assert not a.refused and "Harbor Logistics" in (a.interpretation or "")


# Class 10: unknown names written in lower case and period words with no dates are refused, never the company figure.
@pytest.mark.parametrize("question, says", [
    ("margin at northstar last quarter", "northstar"),
    ("revenue for client zephyr last quarter", "zephyr"),
    ("revenue this season", "no dates"),
    ("hours last season", "no dates"),
])
def test_unknown_lower_case_names_and_undated_words_are_refused(con, cfg, question, says):
    _refused(con, cfg, question, says)


@pytest.mark.parametrize("question", ["revenue at harbor last quarter", "hours with priya last quarter",
                                      "margin at least 20% last quarter", "billable hours this period"])
def test_known_words_after_the_labels_still_read(con, cfg, question):
    _confident(con, cfg, question)


def test_prefixed_licence_words_keep_their_hyphen(con, cfg):
    _same(con, cfg, "non-labour, non-licence client costs jul-dec 2026", "other direct costs July to December 2026")


def test_two_bounds_of_two_measures_are_never_one_range():
    assert "between" not in normalise("revenue over 50k and under 10 percent margin")
    assert "between" not in normalise("over 30k and under 20k")
    assert normalise("at least 10 and at most 20 percent") == "between 10 percent and 20 percent"
