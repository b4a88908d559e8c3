"""The deterministic parser, slot by slot, on a small hand-made vocabulary (no database needed)."""

from __future__ import annotations

from datetime import date

import pytest

from moat.ai.catalogue import Threshold
from moat.ai.parser import Parser, Vocabulary
from moat.metrics.periods import Period

AS_OF = date(2026, 11, 25)
VOCAB = Vocabulary(
    clients=("Meridian Dental Group", "Harbor Logistics", "Summit Capital", "Summit Dental", "Acme Engineering"),
    technicians=("Priya Shah", "Tom Becker", "Olga Moreau", "Olga Nguyen"),
    products=(("Microsoft 365 Business Premium", "Microsoft"), ("Microsoft 365 E3", "Microsoft"),
              ("Defender for Business", "Microsoft"), ("Datto SaaS Protection", "Datto")),
    segments=("healthcare", "legal", "manufacturing"),
)
DEFAULT = Period(date(2026, 8, 1), date(2026, 10, 31))


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(VOCAB, target_margin=0.30, utilization_low=0.70, utilization_high=0.80, default_period=DEFAULT)


def intent(parser: Parser, question: str):
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None, parsed.refusal
    return parsed.intent


@pytest.mark.parametrize(("question", "metric"), [
    ("revenue last quarter", "revenue"), ("sales last quarter", "revenue"), ("turnover last quarter", "revenue"),
    ("gross profit last quarter", "gross_profit"), ("profit margin last quarter", "gross_margin"),
    ("labour cost last quarter", "labour_cost"), ("labor costs last quarter", "labour_cost"),
    ("licence spend last quarter", "license_cost"), ("cost of unused licences last quarter", "license_waste"),
    ("licence utilisation last quarter", "license_utilization"), ("effective hourly rate last quarter", "ehr"),
    ("billable hours last quarter", "billable_hours"), ("billable utilization last quarter", "billable_utilization"),
    ("total utilisation last quarter", "total_utilization"), ("hours worked last quarter", "hours"),
    ("seats purchased last quarter", "seats_purchased"), ("revnue last quarter", "revenue"),
])
def test_metric_synonyms_and_typos(parser: Parser, question: str, metric: str) -> None:
    assert intent(parser, question).metric == metric


def test_period_and_default(parser: Parser) -> None:
    i = intent(parser, "revenue in Q1 2026")
    assert (i.start, i.end) == (date(2026, 1, 1), date(2026, 3, 31))
    parsed = parser.parse("revenue", AS_OF)
    assert (parsed.intent.start, parsed.intent.end) == (DEFAULT.start, DEFAULT.end)
    assert parsed.confidence < 1 and any("default period" in r for r in parsed.reasons)


def test_fuzzy_names(parser: Parser) -> None:
    assert intent(parser, "revenue of Meridian Dental Group last month").filters == (("client", ("Meridian Dental Group",)),)
    assert intent(parser, "revenue of Meridan Dentl Group last month").filters == (("client", ("Meridian Dental Group",)),)
    assert intent(parser, "margin for Meridian this year").filters == (("client", ("Meridian Dental Group",)),)
    i = intent(parser, "hours worked by Priya in March")
    assert (i.grouping, i.filters) == ("technician", (("technician", ("Priya Shah",)),))
    assert intent(parser, "Tom Beker utilization last month").filter("technician") == ("Tom Becker",)


def test_product_families_and_vendors(parser: Parser) -> None:
    i = intent(parser, "how much do unused M365 licences cost us last quarter")
    assert i.metric == "license_waste" and i.grouping == "company"
    assert i.filter("product") == ("Microsoft 365 Business Premium", "Microsoft 365 E3")
    assert len(intent(parser, "Microsoft licence cost this year").filter("product")) == 3


def test_segments(parser: Parser) -> None:
    i = intent(parser, "revenue from healthcare clients last quarter")
    assert (i.filter("segment"), i.shape) == (("healthcare",), "single")
    assert intent(parser, "revenue by segment this year").grouping == "segment"


@pytest.mark.parametrize(("question", "order", "limit"), [
    ("top 5 clients by revenue last quarter", "desc", 5),
    ("top five clients by revenue last quarter", "desc", 5),
    ("bottom three clients by margin last quarter", "asc", 3),
    ("which 2 clients had the lowest margin", "asc", 2),
    ("which client had the highest revenue", "desc", 1),
    ("which clients had the highest revenue", "desc", 5),
    ("worst licence waste clients", "desc", 5),  # for a cost, "worst" is the largest
    ("a dozen clients with the best margin", "desc", 12),
])
def test_rankings(parser: Parser, question: str, order: str, limit: int) -> None:
    i = intent(parser, question)
    assert (i.order, i.limit, i.shape) == (order, limit, "ranking")


@pytest.mark.parametrize(("question", "metric", "threshold"), [
    ("which clients lost money last quarter", "gross_profit", Threshold("<", 0.0)),
    ("unprofitable clients this year", "gross_profit", Threshold("<", 0.0)),
    ("clients with margin below 20% this year", "gross_margin", Threshold("<", 0.2)),
    ("clients with revenue over $5k this year", "revenue", Threshold(">", 5000.0)),
    ("clients with more than 1,500 hours this year", "hours", Threshold(">", 1500.0)),
    ("technicians with utilisation above 90 last month", "billable_utilization", Threshold(">", 0.9)),
    ("over-utilised technicians last month", "billable_utilization", Threshold(">", 0.8)),
    ("which clients are below target margin", "gross_margin", Threshold("<", 0.3)),
    ("clients that missed the margin target last quarter", "gross_margin", Threshold("<", 0.3)),
    ("which clients' margins are at risk", "gross_margin", Threshold("<", 0.3)),
    ("which clients are at risk", "risk_score", Threshold(">=", 30.0)),
    ("clients likely to churn last quarter", "risk_score", Threshold(">=", 30.0)),
    ("clients with a risk score above 50", "risk_score", Threshold(">", 50.0)),
])
def test_thresholds(parser: Parser, question: str, metric: str, threshold: Threshold) -> None:
    i = intent(parser, question)
    assert (i.metric, i.threshold) == (metric, threshold)


def test_counts_and_trends(parser: Parser) -> None:
    i = intent(parser, "how many clients lost money this year")
    assert (i.count, i.shape, i.grouping) == (True, "count", "client")
    assert intent(parser, "how many clients do we have").metric == "clients"
    i = intent(parser, "revenue per month this year")
    assert (i.grouping, i.shape) == ("month", "trend")
    assert intent(parser, "how has margin trended over the last 6 months").grouping == "month"


def test_paraphrases_share_one_key(parser: Parser) -> None:
    a = intent(parser, "top 5 clients by revenue last quarter")
    b = intent(parser, "Which five customers brought in the most sales in Q3 2026?")
    assert a.key() == b.key()
    assert a.key() != intent(parser, "bottom 5 clients by revenue last quarter").key()


@pytest.mark.parametrize("question", [
    "what's the weather", "tell me a joke", "delete all clients", "DROP TABLE clients", "what will revenue be next year",
    "revenue of Apple last quarter", "How much did Google pay us?", "revenue in 2031", "",
])
def test_unanswerable_refused(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal and parsed.suggestions


def test_ambiguous_name_is_asked_back(parser: Parser) -> None:
    parsed = parser.parse("revenue for Summit last quarter", AS_OF)
    assert parsed.intent is None and "Summit Capital" in parsed.refusal and "Summit Dental" in parsed.refusal
    assert parser.parse("hours of Olga last month", AS_OF).intent is None


def test_vague_metric_offers_candidates(parser: Parser) -> None:
    parsed = parser.parse("costs for Meridian last quarter", AS_OF)
    assert parsed.unsure and [c.metric for c in parsed.candidates] == ["labour_cost", "license_cost", "other_cost"]
    assert parsed.confidence < 0.7


# ---------------------------------------------------------------- risk scores and unusual months
WINDOW = (date(2025, 11, 1), date(2026, 10, 31))  # trend_window of the default period: 12 months to its end


@pytest.mark.parametrize(("question", "order", "limit", "shape"), [
    ("top 5 riskiest clients", "desc", 5, "ranking"),
    ("riskiest client", "desc", 1, "ranking"),
    ("which clients have the highest risk scores", "desc", 5, "ranking"),
    ("3 least risky clients", "asc", 3, "ranking"),
    ("safest clients", "asc", 5, "ranking"),
    ("risk score of Meridian Dental Group", None, None, "single"),
    ("is Harbor Logistics at risk of churning", None, None, "single"),  # one client: its score, no cut-off
])
def test_risk_rankings(parser: Parser, question: str, order: str | None, limit: int | None, shape: str) -> None:
    i = intent(parser, question)
    assert (i.metric, i.grouping, i.order, i.limit, i.shape, i.threshold) == ("risk_score", "client", order, limit, shape, None)


def test_risk_window_is_twelve_months_to_the_asked_period(parser: Parser) -> None:
    i = intent(parser, "which clients are at risk of churning?")
    assert (i.start, i.end) == WINDOW and i.threshold == Threshold(">=", 30.0) and i.name == "risk_score.client.ranking"
    assert "2026-05-01" in i.interpretation()  # the second half starts in the middle month of the window
    lq = intent(parser, "riskiest clients last quarter")
    assert (lq.start, lq.end) == (date(2025, 10, 1), date(2026, 9, 30))
    ty = intent(parser, "riskiest clients this year")  # cut at the last month with data, then 12 months back
    assert (ty.start, ty.end) == WINDOW
    assert intent(parser, "top 5 riskiest clients").key() == intent(parser, "Which five customers are the riskiest?").key()


def test_risk_count_and_alert_setting() -> None:
    strict = Parser(VOCAB, default_period=DEFAULT, risk_alert_score=60.0)
    i = strict.parse("how many clients are at risk", AS_OF).intent
    assert i is not None and (i.count, i.shape, i.threshold) == (True, "count", Threshold(">=", 60.0))


@pytest.mark.parametrize(("question", "series", "start", "end"), [
    ("any anomalies in hours last quarter?", ("hours",), date(2026, 7, 1), date(2026, 9, 30)),
    ("unusual licence seat changes for Harbor Logistics", ("seats",), *WINDOW),
    ("cost spikes this year", ("costs",), date(2026, 1, 1), date(2026, 10, 31)),
    ("any outliers in March", (), date(2026, 3, 1), date(2026, 3, 31)),
    ("unusual hours or seats last quarter", ("hours", "seats"), date(2026, 7, 1), date(2026, 9, 30)),
])
def test_anomaly_slots(parser: Parser, question: str, series: tuple[str, ...], start: date, end: date) -> None:
    i = intent(parser, question)
    assert (i.metric, i.series, i.start, i.end, i.shape) == ("anomalies", series, start, end, "list")
    if "Harbor" in question:
        assert i.filter("client") == ("Harbor Logistics",)


def test_anomaly_count_and_top_n(parser: Parser) -> None:
    assert intent(parser, "how many anomalies last quarter").shape == "count"
    i = intent(parser, "top 3 anomalies this year")
    assert (i.limit, i.series) == (3, ())


@pytest.mark.parametrize("question", [
    "risk score of healthcare clients", "unusual hours for Priya Shah", "risk score of Apple",
    "which clients will churn next year",
])
def test_risk_and_anomaly_refusals(parser: Parser, question: str) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is None and parsed.refusal


def test_the_word_change_is_not_exchange_online() -> None:
    """Before: "change" was fuzzy-matched to the product "Exchange Online Plan 1" (and the question refused)."""
    vocab = Vocabulary(clients=("Harbor Logistics",), technicians=("Priya Shah",),
                       products=(("Exchange Online Plan 1", "Microsoft"),), segments=())
    parsed = Parser(vocab, default_period=DEFAULT).parse("what's the change in revenue last quarter", AS_OF)
    assert parsed.intent is not None and parsed.intent.filter("product") == ()
    assert parsed.intent.metric == "revenue" and parsed.intent.compare_start == date(2026, 4, 1)


def test_foreign_looking_names_are_not_a_foreign_language() -> None:
    vocab = Vocabulary(clients=("Los Alamos Dental", "Las Vegas Realty"), technicians=(), products=(), segments=())
    parsed = Parser(vocab, default_period=DEFAULT).parse("revenue of Los Alamos Dental and Las Vegas Realty last month", AS_OF)
    assert parsed.intent is not None and len(parsed.intent.filter("client")) == 2
    german = Parser(vocab, default_period=DEFAULT).parse("wie viel Umsatz hatten die Kunden im letzten Quartal", AS_OF)
    assert german.intent is None and "English" in german.refusal


@pytest.mark.parametrize(("question", "check"), [
    ("revenue per client last month, lowest first", lambda i: (i.grouping, i.order, i.limit) == ("client", "asc", None)),
    ("how many seats are sitting idle across all clients",
     lambda i: (i.metric, i.grouping) == ("seats_unused", "company")),
    ("margin this quarter vs last quarter", lambda i: (i.compare_start, i.start) == (date(2026, 7, 1), date(2026, 10, 1))),
    ("margin Q4 vs Q1 2026", lambda i: (i.compare_start, i.start) == (date(2025, 10, 1), date(2026, 1, 1))),
    ("is Tom Becker underutilised?", lambda i: i.band == (0.70, 0.80) and i.filter("technician") == ("Tom Becker",)),
    ("overutilised techs last quarter", lambda i: i.threshold == Threshold(">", 0.8) and i.grouping == "technician"),
    ("which clients cost us more than they pay", lambda i: i.threshold == Threshold("<", 0.0) and i.metric == "gross_profit"),
])
def test_fresh_phrasings(parser: Parser, question: str, check) -> None:
    parsed = parser.parse(question, AS_OF)
    assert parsed.intent is not None and not parsed.ignored and check(parsed.intent), parsed.intent
