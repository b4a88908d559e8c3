"""Names carrying HTML, JavaScript or Markdown are shown as typed on every page, never interpreted.

A demo MSP whose clients and a technician have hostile names is rendered page by page (AppTest, as an admin, who sees every element).
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
}
HOSTILE_TECH = "<b>Eve</b> `rm -rf` Hacker"
HTML_MARKERS = ("<script", "onerror=", "<b>Eve</b>", "<img")
MARKDOWN_MARKERS = ("**Bold**", "[click](javascript:", "`rm -rf`")
# proto fields that carry data rendered as plain text (tables, code, JSON, raw text), not markdown
PLAIN_TYPES = {"arrow_data_frame", "arrow_table", "json", "code", "text", "exception", "arrow_vega_lite_chart", "vega_lite_chart", "empty"}
PAGES = sorted(p.name for p in (ROOT / "pages").glob("*.py") if not p.name.startswith("_"))


def _rename(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    clients = frames["clients"]["client_name"].to_list()
    picks = [c for c in clients if c not in (demo.MERIDIAN, demo.HARBOR)][:3]
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
    con.close()
    return path


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


@pytest.mark.parametrize("page", PAGES)
def test_hostile_names_render_as_text(hostile_template: Path, tmp_path: Path, app_env, page: str) -> None:  # noqa: ANN001
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_template, path)
    app_env(path)
    at = run_page(page, "admin")  # admins see every element a page can draw
    assert not at.exception, [e.value for e in at.exception]
    assert offending(at) == []


def test_inspection_catches_unsafe_rendering(hostile_template: Path, tmp_path: Path, app_env) -> None:  # noqa: ANN001
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
