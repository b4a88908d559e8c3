"""F17: a PSA export whose one required column has an unknown header can be mapped on the Upload page.

``Tech,Customer,Work Date,Hrs,Bill?,...`` with Dataset = time_entries was refused ("no column for billable or
non_billable ... map them in a mapping file: moat ingest ... --mapping map.yaml") and the page's Column mapping
editor was not drawn for a refused file. Now the editor is shown with the missing field named; picking ``Bill?``
-> billable makes the file ready to commit, and the rows load with the right hours.
"""

from __future__ import annotations

from pathlib import Path

from tests.pages.test_upload_sources import drop, key_of, page, query

PSA = ("Tech,Customer,Work Date,Hrs,Bill?,Ticket Type,Summary\n"
       "Priya Shah,Harbor Logistics,2026-10-01,1.5,Y,helpdesk,reset\n"
       "Tom Becker,Harbor Logistics,2026-10-02,2.25,N,project,migration\n")


def test_the_missing_column_is_mapped_on_the_page_and_the_file_loads(demo_path: Path, app_env, tmp_path: Path) -> None:
    app_env(demo_path)
    psa = tmp_path / "psa_dec.csv"
    psa.write_text(PSA, encoding="utf-8")
    at = drop(page(), psa)
    key = key_of(psa.name)
    at.selectbox(key=f"{key}_dataset").set_value("time_entries").run()
    assert not at.exception
    assert any("Choose which column is Billable or" in i.value for i in at.info), [i.value for i in at.info]
    boxes = {s.label.replace("\\", ""): s for s in at.selectbox if (s.key or "").startswith(f"{key}_fix_")}
    assert set(boxes) == {"Tech", "Customer", "Work Date", "Hrs", "Bill?", "Ticket Type", "Summary"}
    boxes["Bill?"].set_value("billable").run()
    assert not at.exception
    assert not [s for s in at.selectbox if (s.key or "").startswith(f"{key}_fix_")]  # no longer refused
    at.button(key=f"{key}_commit").click().run()
    assert not at.exception
    before = query(demo_path, "SELECT count(*) FROM cur_time_entries WHERE date BETWEEN '2026-10-01' AND '2026-10-02' "
                              "AND hours IN (1.5, 2.25) AND client_name = 'Harbor Logistics' AND notes IN ('reset', 'migration')")
    assert before == [(2,)]
