"""Where Ask's "Open Explain" / "Open Insights" goes: the page, a label naming what it will show, and the page's own
widget values (its period picker, and Explain's client or technician) set to the answer's.

The link used to open the page on its own default period and, on Explain, the worst-margin client: "why is Harbor
Logistics' margin low" opened Meridian (h125). The values are the keys the pages' widgets already use
(``widgets.period_picker`` with "explain" / "insights", ``explain_what``, ``explain_client``, ``explain_tech``), so
the page draws exactly as if the user had picked them. A name the page's picker does not offer for that period is
left unset (the picker would refuse it) and the label does not promise it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from moat.db import Connection
from moat.metrics.periods import Period

PAGES = {"explain": ("pages/explain.py", "Explain", "why a margin is where it is"),
         "insights": ("pages/insights.py", "Insights", "every recommended action")}
CUSTOM = "Custom"  # the period picker's preset for a range of dates (``widgets.PRESETS``)


@dataclass(frozen=True)
class RouteLink:
    path: str
    label: str
    state: dict[str, Any]  # session-state key -> value, set before switching page


def route_link(con: Connection, route: str, scope: dict[str, Any] | None) -> RouteLink:
    """The link for an answer routed to ``route`` with ``scope`` (``Answer.route_scope``; None: a plain link)."""
    path, page, what = PAGES[route]
    if not scope:
        return RouteLink(path, f"Open {page}: {what}", {})
    period = Period(date.fromisoformat(scope["start"]), date.fromisoformat(scope["end"]))
    state: dict[str, Any] = {f"{route}_period": CUSTOM, f"{route}_range": (period.start, period.end)}
    about = ""
    if route == "explain":
        from moat.views.explain import client_names, technician_names

        if scope.get("technician") and scope["technician"] in technician_names(con, period):
            state |= {"explain_what": "Technician utilisation", "explain_tech": scope["technician"]}
            about = f" for {scope['technician']}"
        elif scope.get("client") and scope["client"] in client_names(con, period):
            state |= {"explain_what": "Client margin", "explain_client": scope["client"]}
            about = f" for {scope['client']}"
    return RouteLink(path, f"Open {page}{about}, {period.start:%d %b %Y} to {period.end:%d %b %Y}", state)
