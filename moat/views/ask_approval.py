"""Ask's "Send for approval": one pending request per answer, and the answer marked as sent on every rerun.

Each click used to file another identical request (the admin then decided three copies of one question) and the
"Sent" message vanished with the next question. An answer counts as already sent while a request for a result of
the same question, metric, period and value waits for review.
"""

from __future__ import annotations

from typing import Any

from moat import db
from moat.errors import MoatError

_PENDING = (
    "SELECT r.result_id, a.approval_id FROM results r LEFT JOIN approvals a "
    "ON a.result_id = r.result_id AND a.status = 'pending_review' "
    "WHERE r.entity_type = 'question' AND r.status = 'pending_review' AND r.entity = ? AND r.metric = ? "
    "AND r.period_start = ? AND r.period_end = ? AND r.value IS NOT DISTINCT FROM ? "
    "ORDER BY r.result_id LIMIT 1"
)


def _value(answer: Any) -> float | None:
    value = answer.value
    return None if value is None or isinstance(value, str) else float(value)


def pending(con: db.Connection, answer: Any) -> tuple[int, int | None] | None:
    """(result id, approval id) of the request already waiting for this answer, or None."""
    if answer.refused or not answer.slots:
        return None
    row = db.one(con, _PENDING, [answer.question[:300], answer.slots["metric"], answer.slots["start"],
                                 answer.slots["end"], _value(answer)])
    return None if row is None else (int(row[0]), None if row[1] is None else int(row[1]))


def sent_text(found: tuple[int, int | None]) -> str:
    result_id, approval_id = found
    request = f" (request #{approval_id})" if approval_id is not None else ""
    return f"Sent for approval as result {result_id}{request}: pending review."


def send(con: db.Connection, user: Any, answer: Any) -> str:
    """File the request, or refuse a second one for the same answer; the sentence to show (``moat.ui.flash``)."""
    from moat.ai import engine

    found = pending(con, answer)
    if found is not None:
        raise MoatError(f"this answer is already pending review as result {found[0]}",
                        "wait for an admin's decision on the Approvals page; nothing was filed twice")
    engine.send_for_approval(con, user, answer)
    found = pending(con, answer)
    return sent_text(found) if found is not None else "Sent for approval."


def provisional_text(may_request: bool) -> str:
    """The provisional warning in words the reader can act on: a Viewer has no "Send for approval" button."""
    if may_request:
        return "Provisional: the reading or the data is uncertain. Send it for approval before relying on it."
    return ("Provisional: the reading or the data is uncertain. Do not rely on it yet: rephrase the question, or ask an "
            "analyst to send it for approval.")
