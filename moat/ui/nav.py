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
    PageSpec("pages/insights.py", "Insights", ":material/lightbulb:", "view_results", "Analysis"),
    PageSpec("pages/explain.py", "Explain", ":material/account_tree:", "run_analytics", "Analysis"),
    PageSpec("pages/upload.py", "Upload", ":material/upload_file:", "upload", "Data"),
    PageSpec("pages/trends.py", "Trends", ":material/trending_up:", "view_results", "Analysis"),
    PageSpec("pages/whatif.py", "What-if", ":material/tune:", "run_analytics", "Analysis"),
    PageSpec("pages/ask.py", "Ask", ":material/chat:", "ask", "Analysis"),
    PageSpec("pages/system.py", "System", ":material/monitor_heart:", "admin_system", "Admin"),
    PageSpec("pages/share.py", "Share", ":material/share:", "share_dp", "Share"),
    PageSpec("pages/benchmarks.py", "Benchmarks", ":material/leaderboard:", "view_results", "Share"),
    PageSpec("pages/approvals.py", "Approvals", ":material/fact_check:", "view_results", "Admin"),
    PageSpec("pages/audit.py", "Audit trail", ":material/receipt_long:", "read_audit", "Admin"),
    PageSpec("pages/policies.py", "Policies", ":material/policy:", "manage_policies", "Admin"),
    PageSpec("pages/users.py", "Users", ":material/group:", "manage_users", "Admin"),
]


def pages_for(user: User) -> list[PageSpec]:
    return [p for p in PAGES if user.can(p.action)]
