"""The report's trend follows the Overview's rule (issue 17): exactly the picked months, with the Overview's caption.

It charted twelve months back from the period's end (a report on Aug-Oct 2026 drew Nov 2025 to Oct 2026), next to
three-month KPIs that the bars did not add up to, while the Overview showed the three months.
"""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pypdf

from moat import db
from moat.export import report, report_render
from moat.governance.permissions import User
from moat.metrics.periods import Period
from moat.views.overview import overview, trend_caption

ADMIN = User("ada", "admin")
Q3 = Period(date(2026, 8, 1), date(2026, 10, 31))


def pdf_words(data: bytes) -> str:
    """The PDF's text with line breaks and runs of spaces made single spaces (a caption wraps over lines)."""
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


def test_the_trend_charts_exactly_the_picked_months_with_the_overview_caption(demo_con: db.Connection) -> None:
    built = report.build(demo_con, ADMIN, Q3)
    text = pdf_words(report_render.pdf(built))
    assert "Aug 2026 to Oct 2026, the months of the period picked." in text
    assert "Nov 2025" not in text  # the old chart ran from Nov 2025, a year back from the period's end
    html = report_render.html(built)
    assert "Aug 2026 to Oct 2026, the months of the period picked." in html
    trend = built.charts[0]
    assert trend.data is not None
    assert trend.data["month"].to_list() == [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
    revenue = db.scalar(demo_con, "SELECT sum(amount) FROM cur_invoices WHERE date BETWEEN ? AND ? "
                                  "AND coalesce(lower(status), '') NOT IN ('draft', 'void')", [Q3.start, Q3.end])
    assert sum(Decimal(str(v)) for v in trend.data["revenue"].to_list()) == revenue  # the bars add up to the KPI
    view = overview(demo_con, Q3)
    assert trend.caption == view.trend_caption == trend_caption(Q3)
    assert trend.data.equals(view.trend)  # the very rows the Overview draws


def test_one_month_is_one_bar_and_the_caption_says_so(demo_con: db.Connection) -> None:
    october = Period(date(2026, 10, 1), date(2026, 10, 31))
    trend = report.build(demo_con, ADMIN, october).charts[0]
    assert trend.data is not None and trend.data["month"].to_list() == [date(2026, 10, 1)]
    assert "Oct 2026 only: one month is picked; pick 3 months or more to see a trend." in trend.caption


def test_a_cut_month_is_named_in_the_caption(demo_con: db.Connection) -> None:
    cut = Period(date(2026, 8, 15), date(2026, 10, 31))
    built = report.build(demo_con, ADMIN, cut)
    trend = built.charts[0]
    assert trend.data is not None and trend.data["month"].to_list()[0] == date(2026, 8, 1)
    assert "Cut by the period's dates: Aug 2026 from the 15th." in pdf_words(report_render.pdf(built))
