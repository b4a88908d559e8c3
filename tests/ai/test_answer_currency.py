"""Ask writes money in the company's base currency (setting ``base_currency``), as the pages and analytics sentences
do: a EUR company asking for its revenue must never read "$" (the narrative once hard-coded it)."""

from __future__ import annotations

from datetime import date

from moat import db
from moat.ai import narrative
from moat.ai.engine import ask
from moat.formatting import money_text
from moat.governance.permissions import User

AS_OF = date(2026, 11, 25)
ANALYST = User("ana", "analyst")


def test_answer_sentences_use_the_base_currency(demo_con: db.Connection, ask_config) -> None:
    revenue = db.scalar(demo_con, "SELECT round(sum(amount), 2) FROM cur_invoices WHERE date BETWEEN '2026-10-01' "
                                  "AND '2026-10-31' AND coalesce(lower(status), '') NOT IN ('draft', 'void')")
    euro = ask(demo_con, ANALYST, "revenue last month", AS_OF, config=ask_config.with_(base_currency="EUR"), model=None)
    assert money_text(revenue, "EUR") in euro.narrative and "$" not in euro.narrative
    assert money_text(revenue, "EUR").startswith("€")
    # the same question in a dollar company is not served the cached euro sentence, and says dollars
    dollar = ask(demo_con, ANALYST, "revenue last month", AS_OF, config=ask_config, model=None)
    assert money_text(revenue, "USD") in dollar.narrative and "€" not in dollar.narrative
    swiss = ask(demo_con, ANALYST, "top 3 clients by revenue last month", AS_OF,
                config=ask_config.with_(base_currency="CHF"), model=None)
    assert "CHF " in swiss.narrative and "$" not in swiss.narrative
    assert narrative.CURRENCY.get() == "USD"  # set for one answer only, never left behind
