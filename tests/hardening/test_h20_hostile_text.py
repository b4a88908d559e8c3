"""h20 (adversary): user text other than client and technician names is shown as typed, never as Markdown.

``test_html_names`` covers client and technician names. Other text a file brings reaches the pages too: segment,
product, vendor, work-type and cost-category values, and the file name of every upload (Snapshots, Upload). Here
each of those carries a Markdown link or image, and every page is inspected for each role with the same checker.
"""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from moat import db, demo
from moat.governance.permissions import local_operator
from moat.snapshots import commit
from tests.hardening import test_html_names as names
from tests.helpers import run_page

END = date(2026, 10, 31)
SEGMENT = "**Seg** [s](javascript:alert(1))"
PRODUCT = "![p](http://host/beacon-product.png) Suite"
VENDOR = "[Vendor](http://host/phish-vendor)"
WORK_TYPE = "`work` [w](http://host/phish-work)"
CATEGORY = "[Cat](http://host/phish-category)"
FILE = "[invoices](http://host/phish-file).csv"
TECH = "[Tech](http://host/phish-tech) Smith"
MARKERS = ("**Seg**", "[s](javascript:", "![p](http://host", "[Vendor](http", "[w](http://host", "[Cat](http",
           "[invoices](http", "[Tech](http")


def _hostile(frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    out = dict(frames)
    seg = out["clients"]["segment"].drop_nulls().to_list()[0]
    out["clients"] = out["clients"].with_columns(pl.col("segment").replace({seg: SEGMENT}))
    lic = out["licenses"]
    product = lic["product"].to_list()[0]
    vendor = lic["vendor"].to_list()[0]
    out["licenses"] = lic.with_columns(pl.col("product").replace({product: PRODUCT}),
                                       pl.col("vendor").replace({vendor: VENDOR}))
    te = out["time_entries"]
    out["time_entries"] = te.with_columns(pl.col("work_type").replace({te["work_type"].to_list()[0]: WORK_TYPE}))
    tech = out["technicians"]["technician_name"].to_list()[0]
    for name in ("technicians", "time_entries"):
        out[name] = out[name].with_columns(pl.col("technician_name").replace({tech: TECH}))
    costs = out["costs"]
    out["costs"] = costs.with_columns(pl.col("category").replace({costs["category"].to_list()[0]: CATEGORY}))
    return out


@pytest.fixture(scope="module")
def hostile_text_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile_text") / "moat.duckdb"
    con = db.connect(path)
    user = local_operator("test")
    frames = _hostile(demo.generate(1, 7, END))
    for dataset in ("clients", "technicians", "time_entries", "invoices", "licenses", "costs"):
        df = demo.with_keys(dataset, frames[dataset])
        commit(con, user, dataset, df, file_name=FILE if dataset == "invoices" else f"{dataset}.csv",
               sha256=hashlib.sha256(dataset.encode()).hexdigest(), rows_read=df.height)
    con.close()
    return path


def offending(at) -> list[str]:
    saved = names.MARKDOWN_MARKERS
    names.MARKDOWN_MARKERS = MARKERS
    try:
        return names.offending(at)
    finally:
        names.MARKDOWN_MARKERS = saved


@pytest.mark.parametrize("role", ["viewer", "admin"])
@pytest.mark.parametrize("page", names.PAGES)
def test_other_user_text_renders_as_text(hostile_text_db: Path, tmp_path: Path, app_env, page: str, role: str) -> None:
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_text_db, path)
    app_env(path)
    at = run_page(page, role)
    assert not at.exception, [e.value for e in at.exception]
    assert offending(at) == []
    for box in list(at.selectbox):
        picks = [o for o in box.options if any(m in str(o) for m in MARKERS)]
        for option in picks:
            box.set_value(option).run()
            assert not at.exception, [e.value for e in at.exception]
            assert offending(at) == [], (page, role, option)


def test_what_if_notes_show_product_and_technician_names_as_text(hostile_text_db: Path, tmp_path: Path,
                                                                 app_env) -> None:
    """The What-if notes ("1 fewer PRODUCT seats ...", "5 h/month moved from TECH to TECH at CLIENT") were drawn
    with ``st.markdown`` as they were: a product name from a licence file showed its image (a beacon) or link."""
    path = tmp_path / "moat.duckdb"
    shutil.copy(hostile_text_db, path)
    app_env(path)
    at = run_page("whatif.py", "analyst")
    at.selectbox(key="whatif_product").set_value(PRODUCT).run()
    at.number_input(key="whatif_seats").set_value(1).run()
    at.selectbox(key="whatif_from").set_value(TECH).run()
    other = next(t for t in at.selectbox(key="whatif_to").options if t not in (TECH, "(none)"))
    at.selectbox(key="whatif_to").set_value(other).run()
    at.number_input(key="whatif_hours").set_value(5.0).run()
    assert not at.exception, [e.value for e in at.exception]
    notes = [m.value for m in at.markdown if "fewer" in m.value or "moved from" in m.value]
    assert len(notes) == 2, [m.value for m in at.markdown]  # both notes are drawn, so the check below is not vacuous
    assert offending(at) == []
