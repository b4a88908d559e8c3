"""Questions that another page answers: "why ..." -> the explanation (Explain), "what should we do ..." -> Insights.

"Why is Meridian's margin low?" is answered with the Shapley parts of the client's margin gap to the median
(``moat.analytics.explain`` through ``views.client_view``, the Explain page's own call), "is Priya overloaded,
why" with the technician's hours by work type; "what should we do about licence waste" with the insights of the
period (``views.insights_view``, the Insights page's call), filtered to what the question names. The same
permission checks as those pages apply; the answer names the page to open for the whole picture.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from moat import config as config_mod
from moat import db
from moat.ai.answer import Answer
from moat.errors import MoatError
from moat.governance.permissions import User

PAGES = {"explain": "pages/explain.py", "insights": "pages/insights.py"}
_SURE = re.compile(r"\s*(?:why\b|what should (?:we|i)\b)|"  # h57: the routing words said first
                   # h68: "what should be done about X", "X - recommended actions", "recommended actions: X", "X: next steps?"
                   r"\s*what (?:should|must|needs to) be done\b|\s*what (?:do|would) you recommend\b|\s*what (?:do|can|could) (?:we|i) do\b|"
                   r"\s*(?:recommended )?(?:actions|next steps)\s*(?:for\b|about\b|[:\-\u2013\u2014])|"
                   r".*(?:[,:\-\u2013\u2014]|^)\s*(?:recommended (?:actions|next steps)|next steps|recommendations)\s*[?.!]*\s*$")
_KINDS = {"license": ("reclaim_seats",), "licence": ("reclaim_seats",), "seat": ("reclaim_seats",),
          "waste": ("reclaim_seats",), "price": ("reprice",), "pricing": ("reprice",), "margin": ("reprice",),
          "unbilled": ("chase_unbilled",), "billing": ("chase_unbilled",), "utili": ("rebalance",),
          "overload": ("rebalance",), "workload": ("rebalance",), "unusual": ("anomaly",), "anomal": ("anomaly",)}


def answer(con: db.Connection, user: User, parse: Any, cfg: config_mod.Config, as_of: date, model_text: str,
           policy: Any) -> Any:
    period = parse.route_period
    data: float | None = None  # the explanation's own confidence (the Explain page's figure), when it has one
    try:
        if parse.route == "explain":
            text, columns, rows, data = _explain(con, user, parse, cfg, period)
        else:
            text, columns, rows = _insights(con, user, parse, cfg, period)
        refused = False
    except MoatError as err:
        text, columns, rows, refused = str(err), [], [], True
    confidence = 0.0 if refused else parse.confidence
    parts: dict[str, float] = {}
    if data is not None and not refused:  # h125: as every computed answer, the reading's confidence times the data's,
        confidence = round(parse.confidence * data, 4)  # both shown: the data part is the figure Explain shows
        parts = {"parse": round(parse.confidence, 4), "data": round(data, 4)}
        if data < policy.review_confidence:
            text = (f"Provisional: the data behind this explanation scores {data:.1%}, under the review threshold "
                    f"{policy.review_confidence:.0%}. " + text)
    page = "Explain" if parse.route == "explain" else "Insights"
    names = [n for kind in ("client", "technician", "product") for n in parse.route_filters.get(kind, ())]
    about = f" about {', '.join(names)}" if names else ""
    return Answer(parse.question, f"{'why' if parse.route == 'explain' else 'what to do'}{about}: answered by the {page} "
                  f"page, {period.start.isoformat()}..{period.end.isoformat()}", f"route.{parse.route}", None, None, columns, rows,
                  text, confidence, False, model_text,
                  # h57 (h51 D7): a question that opens with "why" / "what should we do" is routed for sure: the
                  # page's answer is provisional only when the routing is unsure or words went unread; any other
                  # wording stays provisional, as before (a route read from other words may be the wrong question)
                  provisional=not refused and not (_SURE.match(parse.question.lower()) is not None
                                                    and confidence >= policy.review_confidence
                                                    and not parse.ignored),
                  refused=refused, reasons=list(parse.reasons), as_of=as_of.isoformat(), ignored=list(parse.ignored),
                  route=parse.route, confidence_parts=parts, route_scope=_scope(parse, period))


def _scope(parse: Any, period: Any) -> dict[str, Any]:
    """What the page holding the whole answer should open on: the answer's period and its one client / technician
    (Ask's "Open Explain" opened on Explain's own default period and worst client, h125)."""
    def one(kind: str) -> str | None:
        names = parse.route_filters.get(kind, ())
        return names[0] if len(names) == 1 else None

    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "client": one("client"),
            "technician": one("technician")}


def _explain(con: db.Connection, user: User, parse: Any, cfg: config_mod.Config,
             period: Any) -> tuple[str, list, list, float | None]:
    """The explanation's sentence and parts, and, for a client, the confidence of the figures behind it (the one the
    Explain page shows: a "why" answer was a fixed 90% while Explain said 94.3% for the same client, h125)."""
    from moat.analytics.views import client_view, technician_view

    clients, techs = parse.route_filters.get("client", ()), parse.route_filters.get("technician", ())
    if len(techs) == 1:
        t = technician_view(con, user, period, techs[0], cfg)
        return str(t["sentence"]), [], [], None
    if len(clients) != 1:
        return ("A \"why\" question is answered per client: open Explain and pick the client, or ask e.g. "
                "\"why is <client>'s margin low last quarter?\""), [], [], None
    if not user.can("view_client_level"):  # h23: a viewer the policy lets see client rows gets the explanation's
        e, data = _explanation_for_viewer(con, user, period, clients[0], cfg)  # rows (never the drill-down)
    else:
        view = client_view(con, user, period, clients[0], cfg)
        e, data = view.explanation, float(view.confidence["confidence"])
    rows = [[c["label"], c["contribution_pts"], c["contribution_money"]] for c in e["contributions"]]
    return str(e["sentence"]), ["component", "contribution_pts", "contribution_money"], rows, data


def _explanation_for_viewer(con: db.Connection, user: User, period: Any, name: str,
                            cfg: config_mod.Config) -> tuple[dict, float]:
    """h23 (issue 15: Ask follows ``viewers_see_client_rows``): a viewer gets one client's margin explanation when the
    policy lets viewers see client rows, and a refusal naming the policy otherwise. Only the explanation (per-component
    contributions) is computed, never the drill-down to source rows that the Explain page shows analysts."""
    import polars as pl

    from moat.analytics import confidence, explain
    from moat.analytics.evidence import detail, gather
    from moat.governance import policies

    if not policies.get(con, cfg).client_rows_visible(user):
        raise MoatError(f"Your role ({user.role}) sees company-level answers only (policy viewers_see_client_rows)",
                        "ask about the company (e.g. \"why is our margin low last quarter?\"), or ask an analyst")
    ev = gather(con, period, with_detail=False)
    key = explain.find_client(ev, name)
    ev.detail = detail(con, period, client_keys=[key])
    e = explain.client(ev, key, currency=cfg.currency)
    conf = confidence.client_confidence(ev).filter(pl.col("client_key") == e["client_key"])
    return e, float(conf["confidence"][0]) if conf.height else 0.0


def _insights(con: db.Connection, user: User, parse: Any, cfg: config_mod.Config, period: Any) -> tuple[str, list, list]:
    import polars as pl

    from moat.analytics.views import insights_view

    view = insights_view(con, user, period, cfg)
    df = view.rows
    names = [n for kind in ("client", "technician", "product") for n in parse.route_filters.get(kind, ())]
    if names and df.height:
        df = df.filter(pl.col("entity").is_in(names) | pl.col("action").str.contains("|".join(map(_escape, names))))
    words = set(parse.question.lower().replace("licence", "license").split())
    kinds = {k for w, ks in _KINDS.items() if any(w in word for word in words) for k in ks}
    if kinds and df.height:
        df = df.filter(pl.col("kind").is_in(sorted(kinds)))
    if view.message and not df.height:
        return view.message, [], []
    if not df.height:
        return "No recommended action matches in this period; open Insights for all of them.", [], []
    top = df.head(10)
    rows = [[r["kind"], r["entity"], r["action"], r["monthly_effect"]] for r in top.iter_rows(named=True)]
    text = "Recommended: " + "; ".join(str(r[2]) for r in rows[:3]) + (f"; and {df.height - 3} more" if df.height > 3 else "")
    return text + ".", ["kind", "entity", "action", "monthly_effect"], rows


def _escape(name: str) -> str:
    import re

    return re.escape(name)
