"""The page registry: which pages exist, their titles, and the action a role needs to see each.

``app.py`` builds ``st.navigation`` from ``pages_for(user)``; each page re-checks its action itself, because a
page's URL can be typed by anyone.
"""

from __future__ import annotations

from dataclasses import dataclass

from moat.governance.permissions import User


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    action: str  # permission needed (moat.governance.permissions)
    section: str


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "view_results", "Results"),
    PageSpec("pages/profitability.py", "Profitability", ":material/payments:", "view_results", "Results"),
    PageSpec("pages/licenses.py", "Licences", ":material/key:", "view_results", "Results"),
    PageSpec("pages/utilization.py", "Utilisation", ":material/schedule:", "view_results", "Results"),
]


def pages_for(user: User) -> list[PageSpec]:
    return [p for p in PAGES if user.can(p.action)]
