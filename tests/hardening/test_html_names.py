"""Names carrying HTML, JavaScript or Markdown are shown as typed on every page, never interpreted.

A demo MSP whose clients and a technician have hostile names (among them issue 18's beacon: a Markdown image
and a phishing link) is rendered page by page for every role (AppTest), with a stored analytics run, approved
recommendations and an approved Ask answer naming them, so Insights, Approvals and Explain draw the names.
Every element the server sends is inspected: no element that may carry raw HTML (``unsafe_allow_html``
markdown, ``st.html``) contains a name, and no markdown-rendering element carries a Markdown name unescaped.
A static check backs it up: no page passes anything but a string literal to ``unsafe_allow_html``/``st.html``.
"""

from __future__ import annotations

import ast
import hashlib
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from moat import db, demo
from moat.governance.permissions import local_operator
from moat.snapshots import commit
from tests.conftest import ROOT
from tests.helpers import run_page

END = date(2026, 10, 31)
HOSTILE_CLIENTS = {
    "Summit Dental": '<script>alert("xss")</script> Dental',
    "Cedar Capital": "**Bold** _Law_ [click](javascript:alert(1)) Capital",
    "Acme Logistics": "<img src=x onerror=alert(1)> Logistics",
    "Pinnacle Logistics": "X ![b](http://host/beacon.png) [Sign in again](http://host/phish)",
}
BEACON = HOSTILE_CLIENTS["Pinnacle Logistics"]
HOSTILE_TECH = "<b>Eve</b> `rm -rf` Hacker"
HTML_MARKERS = ("<script", "onerror=", "<b>Eve</b>", "<img")
MARKDOWN_MARKERS = ("**Bold**", "[click](javascript:", "`rm -rf`", "![b](http://host", "[Sign in again](http")
# proto fields that carry data rendered as plain text (tables, code, JSON, raw text), not markdown
PLAIN_TYPES = {"arrow_data_frame", "arrow_table", "json", "code", "text", "exception", "arrow_vega_lite_chart", "vega_lite_chart", "empty"}
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))


def _rename(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    clients = frames["clients"]["client_name"].to_list()
    picks = [c for c in clients if c not in (demo.MERIDIAN, demo.HARBOR)][:len(HOSTILE_CLIENTS)]
    mapping = dict(zip(picks, HOSTILE_CLIENTS.values(), strict=True))
    tech = frames["technicians"]["technician_name"].to_list()[2]
    out = {}
    for name, df in frames.items():
        if "client_name" in df.columns:
            df = df.with_columns(pl.col("client_name").replace(mapping))
        if "technician_name" in df.columns:
            df = df.with_columns(pl.col("technician_name").replace({tech: HOSTILE_TECH}))
        out[name] = df
    return out


@pytest.fixture(scope="module")
def hostile_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    con = db.connect(path)
    user = local_operator("test")
    frames = _rename(demo.generate(1, 7, END))
    for dataset in ("clients", "technicians", "time_entries", "invoices", "licenses", "costs"):
        df = demo.with_keys(dataset, frames[dataset])
        commit(con, user, dataset, df, file_name=f"hostile-{dataset}.csv", sha256=hashlib.sha256(dataset.encode()).hexdigest(),
               rows_read=df.height)
    names = {r[0] for r in db.rows(con, "SELECT client_name FROM cur_clients")}
    assert set(HOSTILE_CLIENTS.values()) <= names
    _stored_and_approved(con)
    con.close()
    return path


def _stored_and_approved(con: db.Connection) -> None:
    """A stored run whose results all wait for review, then every result naming a hostile client approved, and an
    Ask answer listing clients sent and approved: every page that shows stored content then names them."""
    from moat import config
    from moat.ai.engine import ask, send_for_approval
    from moat.analytics import run
    from moat.governance import approvals
    from moat.governance.permissions import User
    from moat.metrics.periods import default_period

    cfg = config.load(env={}).with_(review_confidence=1.0, ask_rate_per_minute=1000)
    analyst, admin = User("ana", "analyst"), User("ada", "admin")
    run.run(con, analyst, default_period(con), cfg)
    answer = ask(con, analyst, "Which 40 clients had the highest revenue last quarter?", date(2026, 11, 25), config=cfg,
                 model=None, use_cache=False)
    assert any(BEACON in str(r[0]) for r in answer.rows), "the answer names the beacon client"
    send_for_approval(con, analyst, answer, "for the board")
    queue = approvals.queue(con, admin, "pending_review", cfg)
    hostile = queue.filter(pl.col("entity").is_in(list(HOSTILE_CLIENTS.values())) | (pl.col("entity_type") == "question"))
    assert hostile.height > 4
    for approval_id in hostile["approval_id"].to_list():
        approvals.decide(con, admin, approval_id, "approve")


def _elements(node: Any) -> list[Any]:
    found = [node]
    for child in getattr(node, "children", {}).values() if isinstance(getattr(node, "children", None), dict) else []:
        found += _elements(child)
    return found


# widget fields shown as plain text by the frontend (only labels and help texts render markdown)
PLAIN_FIELDS = {"options", "default", "value", "default_value", "raw_value", "placeholder", "id", "form_id"}


def _strings(message: Any) -> list[str]:
    """Every string inside a protobuf message (recursively) that the frontend may render as markdown or HTML."""
    out: list[str] = []
    for field, value in message.ListFields():
        if field.name in PLAIN_FIELDS:
            continue
        if isinstance(value, (str, bytes, int, float, bool)) or hasattr(value, "ListFields"):
            items = [value]
        else:  # a repeated field (upb containers are sequences without __iter__)
            items = [value[i] for i in range(len(value))]
        for item in items:
            if isinstance(item, str):
                out.append(item)
            elif hasattr(item, "ListFields"):
                out += _strings(item)
    return out


def offending(at: Any) -> list[str]:
    problems = []
    for node in _elements(at._tree):
        proto = getattr(node, "proto", None)
        kind = getattr(node, "type", "")
        if proto is None or not hasattr(proto, "ListFields") or kind in PLAIN_TYPES:
            continue
        texts = _strings(proto)
        raw_html = kind == "html" or bool(getattr(proto, "allow_html", False)) or bool(getattr(proto, "unsafe_allow_html", False))
        for text in texts:
            if raw_html and any(m in text for m in HTML_MARKERS + MARKDOWN_MARKERS):
                problems.append(f"{kind} may render raw HTML and contains a name: {text[:80]!r}")
            if any(m in text for m in MARKDOWN_MARKERS):
                problems.append(f"{kind} renders markdown and contains a name unescaped: {text[:80]!r}")
    return problems


INTERACTIONS = {  # what a user picks so the page draws a hostile name where it could render
    "explain.py": ("explain_client", BEACON),
    "approvals.py": ("approvals_read", None),
}


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_render_as_text(hostile_template: Path, tmp_path: Path, app_env, page: str, role: str) -> None:
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_template, path)
    app_env(path)
    at = run_page(page, role)
    assert not at.exception, [e.value for e in at.exception]
    assert offending(at) == []
    if page == "ask.py" and role != "viewer":  # the answer's narrative and table name the clients
        at.chat_input(key="ask_input").set_value("Which 40 clients had the highest revenue last quarter?").run()
        assert not at.exception, [e.value for e in at.exception]
        assert any(BEACON in str(v) for t in at.dataframe for v in t.value.to_numpy().ravel())
        assert offending(at) == []
    key, value = INTERACTIONS.get(page, (None, None))
    boxes = [b for b in at.selectbox if b.key == key] if key else []
    for box in boxes:
        options = [value] if value is not None else list(box.options)[:8]
        for option in options:
            box.set_value(option if value is not None else _option_value(box, option)).run()
            assert not at.exception, [e.value for e in at.exception]
            assert offending(at) == [], (page, role, option)


def _option_value(box: Any, shown: str) -> Any:
    """The value behind a selectbox option text (a format_func's label)."""
    index = list(box.options).index(shown)
    return box._options_values[index] if hasattr(box, "_options_values") else shown


def test_pages_draw_the_hostile_names_they_are_tested_with(hostile_template: Path, tmp_path: Path, app_env) -> None:
    """The check above is not vacuous: Insights (viewer: approved only) and Approvals show the beacon client."""
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_template, path)
    app_env(path)
    insights = run_page("insights.py", "viewer")
    assert any(BEACON in str(v) for t in insights.dataframe for v in t.value.to_numpy().ravel())
    approvals_page = run_page("approvals.py", "viewer")
    assert any(BEACON in str(v) for t in approvals_page.dataframe for v in t.value.to_numpy().ravel())


def test_reports_keep_names_as_text(hostile_template: Path, tmp_path: Path) -> None:
    """The HTML report escapes every name; the PDF holds no link; charts carry names as data only."""
    import io

    import pypdf

    from moat.export import report, report_render
    from moat.governance.permissions import User
    from moat.metrics.periods import default_period

    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_template, path)
    con = db.connect(path)
    try:
        built = report.build(con, User("ada", "admin"), default_period(con), with_charts=False)
        assert any(BEACON in r.title for r in built.risks) or any(BEACON in a["entity"] for a in built.approved)
        html = report_render.render(built, "html").decode("utf-8")
        pdf = report_render.render(built, "pdf")
    finally:
        con.close()
    for live in ("<img src=x", "<script>", 'href="http://host', "src=\"http://host", "<b>Eve</b>"):
        assert live not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html or "&lt;img" in html
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert "/Annots" not in page  # no link annotation came from a name


def test_inspection_catches_unsafe_rendering(hostile_template: Path, tmp_path: Path, app_env) -> None:
    """The check above can fail: a page that interpolates a name into markdown or raw HTML is caught."""
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_template, path)
    app_env(path)
    from streamlit.testing.v1 import AppTest

    script = (
        "import streamlit as st\n"
        "from moat import db\n"
        "import os\n"
        "con = db.connect(os.environ['MOAT_DB_PATH'], read_only=True)\n"
        "names = [r[0] for r in db.rows(con, 'SELECT client_name FROM cur_clients ORDER BY 1')]\n"
        "st.markdown('Worst: ' + names[0], unsafe_allow_html=True)\n"
        "st.metric(names[1], 1)\n"
    )
    at = AppTest.from_string(script).run()
    problems = offending(at)
    assert any("may render raw HTML" in p for p in problems)
    assert any("**Bold**" in p for p in problems)


class _UnsafeCalls(ast.NodeVisitor):
    def __init__(self) -> None:
        self.found: list[str] = []

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        unsafe_kw = any(k.arg == "unsafe_allow_html" and not (isinstance(k.value, ast.Constant) and k.value.value is False)
                        for k in node.keywords)
        if unsafe_kw or name == "html":
            literal = node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            if not literal:
                self.found.append(f"line {node.lineno}: {name}(...) with non-literal content and raw HTML allowed")
        self.generic_visit(node)


def test_no_page_passes_data_to_raw_html() -> None:
    files = sorted((ROOT / "pages").glob("*.py")) + sorted((ROOT / "moat" / "ui").glob("*.py")) + [ROOT / "app.py"]
    assert len(files) > 3
    problems = []
    for file in files:
        visitor = _UnsafeCalls()
        visitor.visit(ast.parse(file.read_text(encoding="utf-8")))
        problems += [f"{file.relative_to(ROOT)} {p}" for p in visitor.found]
    assert problems == []
    bad = _UnsafeCalls()
    bad.visit(ast.parse("st.markdown(f'<b>{name}</b>', unsafe_allow_html=True)\nst.html(name)\nst.markdown('<br>', unsafe_allow_html=True)"))
    assert len(bad.found) == 2  # the check itself catches data, and allows a literal
