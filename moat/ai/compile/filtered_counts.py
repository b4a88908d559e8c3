"""How many products / vendors / technicians / segments a named client or segment has ("how many products does
Harbor have", "how many techs worked for Acme in March", "how many vendors are healthcare clients on").

h118: the company-wide count (``sql._entity_count``) answered these while the reading said "for client X" — a dropped
filter, a confidently wrong number. The count is taken over the rows of the filter's clients only: licence months for
products and vendors, time entries for technicians, the clients' own segment for segments. A filter these rows cannot
be limited to (a technician on a product count) is refused, never dropped.
"""

from __future__ import annotations

from moat.ai.catalogue import Intent
from moat.ai.compile.result import CannotFilter
from moat.ai.safety import SafeConnection
from moat.metrics.licenses import LICENSE_MONTHS

_LIMITS = ("client", "segment")  # the filters a count is limited by here


def _clients_cte(intent: Intent) -> tuple[str, list[str]]:
    """``c``: the client keys of the filter's clients and segments, with its parameters."""
    conds, params = [], []
    for kind, column in (("client", "client_name"), ("segment", "segment")):
        names = list(intent.filter(kind))
        if names:
            conds.append(f"{column} IN ({', '.join('?' for _ in names)})")
            params += names
    return f"c AS (SELECT DISTINCT client_key FROM cur_clients WHERE {' AND '.join(conds)})", params


def filtered_entity_count(con: SafeConnection, intent: Intent) -> int | None:
    """The count of ``intent.metric``'s kind within its client / segment filter; None when it has neither (the company
    count then stands)."""
    what = intent.metric
    if what == "products" and intent.filter("product"):  # h123: "how many Microsoft products (does Harbor have)"
        return _products_held(con, intent)
    if not any(intent.filter(k) for k in _LIMITS):
        return None
    other = [k for k in ("technician", "product", "vendor", "category") if intent.filter(k)]
    if other:
        raise CannotFilter(f"I can't count {what} of {' and '.join(_LIMITS)} limited by {', '.join(other)} too",
                           f"ask how many {what} the client or segment has, without the {other[0]}")
    clients, params = _clients_cte(intent)
    start, end = intent.period.start, intent.period.end
    if what == "technicians":
        sql = (f"WITH {clients} SELECT count(DISTINCT technician_key) FROM cur_time_entries "
               f"WHERE date BETWEEN ? AND ? AND hours > 0 AND client_key IN (SELECT client_key FROM c)")
        return int(con.execute(sql, [*params, start, end]).fetchall()[0][0])
    if what == "segments":
        sql = f"WITH {clients} SELECT count(DISTINCT segment) FROM cur_clients WHERE client_key IN (SELECT client_key FROM c)"
        return int(con.execute(sql, params).fetchall()[0][0])
    column = "product" if what == "products" else "vendor"
    sql = (f"WITH {LICENSE_MONTHS}, {clients} SELECT count(DISTINCT {column}) FROM lm "
           f"WHERE seats_purchased > 0 AND client_key IN (SELECT client_key FROM c)")
    return int(con.execute(sql, [start, end, *params]).fetchall()[0][0])


def _products_held(con: SafeConnection, intent: Intent) -> int:
    """h123: how many of the named products (a vendor's, as the parser expands it) have seats bought in the period,
    of the client / segment filter's clients when there is one: the same licence months as every product count."""
    other = [k for k in ("technician", "category") if intent.filter(k)]
    if other:
        raise CannotFilter(f"I can't count products limited by {other[0]}", "ask how many products a client has")
    products = list(intent.filter("product"))
    marks = ", ".join("?" for _ in products)
    start, end = intent.period.start, intent.period.end
    if any(intent.filter(k) for k in _LIMITS):
        clients, params = _clients_cte(intent)
        sql = (f"WITH {LICENSE_MONTHS}, {clients} SELECT count(DISTINCT product) FROM lm WHERE seats_purchased > 0 "
               f"AND product IN ({marks}) AND client_key IN (SELECT client_key FROM c)")
        return int(con.execute(sql, [start, end, *params, *products]).fetchall()[0][0])
    sql = f"WITH {LICENSE_MONTHS} SELECT count(DISTINCT product) FROM lm WHERE seats_purchased > 0 AND product IN ({marks})"
    return int(con.execute(sql, [start, end, *products]).fetchall()[0][0])
