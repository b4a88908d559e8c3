"""The page registry: which pages exist, their titles, and the action a role needs to see each.

``app.py`` builds ``st.navigation`` from ``sections_for(user)``, fully expanded (no "View 7 more": an admin's
pages are all in sight); each page re-checks its action itself, because a page's URL can be typed by anyone.
Headings follow the role: the "Admin" and "Share" headings are an admin's; a page under them that others may
open too (Approvals, Benchmarks) appears for them under their own heading and title.
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
    others_section: str | None = None  # where users who are not admins find it (when section is an admin one)
    others_title: str | None = None


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Overview", ":material/dashboard:", "view_results", "Results"),
    PageSpec("pages/profitability.py", "Profitability", ":material/payments:", "view_results", "Results"),
    PageSpec("pages/licenses.py", "Licences", ":material/key:", "view_results", "Results"),
    PageSpec("pages/utilization.py", "Utilisation", ":material/schedule:", "view_results", "Results"),
    PageSpec("pages/insights.py", "Insights", ":material/lightbulb:", "view_results", "Analysis"),
    PageSpec("pages/explain.py", "Explain", ":material/account_tree:", "run_analytics", "Analysis"),
    PageSpec("pages/upload.py", "Upload", ":material/upload_file:", "upload", "Data"),
    PageSpec("pages/trends.py", "Trends", ":material/trending_up:", "view_results", "Analysis"),
    PageSpec("pages/whatif.py", "What-if", ":material/tune:", "run_analytics", "Analysis"),
    PageSpec("pages/ask.py", "Ask", ":material/chat:", "ask", "Analysis"),
    PageSpec("pages/system.py", "System", ":material/monitor_heart:", "admin_system", "Admin"),
    PageSpec("pages/share.py", "Share", ":material/share:", "share_dp", "Share"),
    PageSpec("pages/benchmarks.py", "Benchmarks", ":material/leaderboard:", "view_results", "Share", "Results"),
    PageSpec("pages/approvals.py", "Approvals", ":material/fact_check:", "view_results", "Admin", "Results",
             "Approved results"),
    PageSpec("pages/audit.py", "Audit trail", ":material/receipt_long:", "read_audit", "Admin"),
    PageSpec("pages/policies.py", "Policies", ":material/policy:", "manage_policies", "Admin"),
    PageSpec("pages/users.py", "Users", ":material/group:", "manage_users", "Admin"),
]


ADMIN_SECTIONS = ("Admin", "Share")
ORDER = ("Results", "Analysis", "Data", "Share", "Admin")


def pages_for(user: User) -> list[PageSpec]:
    return [p for p in PAGES if user.can(p.action)]


def is_admin(user: User) -> bool:
    return user.can("manage_users")


def sections_for(user: User) -> dict[str, list[PageSpec]]:
    """The pages ``user`` may open, by heading, in menu order; non-admins never get an admin heading."""
    found: dict[str, list[PageSpec]] = {}
    for spec in pages_for(user):
        if spec.section in ADMIN_SECTIONS and not is_admin(user):
            if spec.action == "view_results" and user.can("request_approval") and spec.path.endswith("approvals.py"):
                spec = PageSpec(spec.path, spec.title, spec.icon, spec.action, "Analysis")  # analysts request reviews
            else:
                spec = PageSpec(spec.path, spec.others_title or spec.title, spec.icon, spec.action,
                                spec.others_section or "Results")
        found.setdefault(spec.section, []).append(spec)
    return {name: found[name] for name in ORDER if name in found} | {k: v for k, v in found.items() if k not in ORDER}
