"""F21: the Audit page's check can be recorded, and System then shows it instead of "never recorded".

Before: Audit said "Chain intact" (verified, not recorded) and System still said "Last verification: never recorded".
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers import run_page


def texts(at) -> list[str]:
    return [e.value for kind in ("success", "caption", "markdown", "info", "text") for e in getattr(at, kind)]


def test_recording_the_audit_pages_check_reaches_system(demo_path: Path, app_env) -> None:
    app_env(demo_path)
    before = run_page("system.py", "admin")
    assert any("Last verification: never recorded" in t for t in texts(before))
    at = run_page("audit.py", "admin")
    assert not at.exception
    assert at.button(key="audit_record").help.startswith("Checked now, for this page only")
    at.button(key="audit_record").click().run()
    assert not at.exception
    assert any(t.startswith("Check recorded: all ") for t in (s.value for s in at.success))
    after = run_page("system.py", "admin")
    shown = [t for t in texts(after) if "Last verification" in t]
    assert shown and "never recorded" not in shown[0] and "by test-admin" in shown[0], shown
