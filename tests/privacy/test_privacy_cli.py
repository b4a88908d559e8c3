"""`moat share`, `moat privacy budget`, `moat benchmarks import`: outputs and exit codes 0 / 2 / 3."""

from __future__ import annotations

import json

from moat import db
from moat.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_preview_release_refusal_and_budget(demo_path, app_env, capsys, tmp_path) -> None:
    app_env(demo_path)
    base = ["--db", str(demo_path)]
    code, out, _ = run(capsys, *base, "share", "--metrics", "mean_margin,client_count", "--epsilon", "1", "--preview")
    assert code == 0
    assert "preview (nothing spent)" in out and "margin_sum" in out and "-1 to 1" in out
    assert "0 of 3 spent, 3 remaining; this release fits" in out
    con = db.connect(demo_path)
    assert db.scalar(con, "SELECT count(*) FROM dp_ledger") == 0
    con.close()

    pack = tmp_path / "out" / "pack.json"
    code, out, _ = run(capsys, *base, "share", "--metrics", "mean_margin,client_count", "--epsilon", "2", "--out", str(pack))
    assert code == 0 and "epsilon 2 spent, 1 remaining" in out
    data = json.loads(pack.read_text(encoding="utf-8"))
    assert data["privacy"]["epsilon"] == 2 and {v["metric"] for v in data["values"]} == {"mean_margin", "client_count"}
    assert pack.with_suffix(".csv").read_text(encoding="utf-8").startswith("metric,segment,value,low,high")

    code, out, err = run(capsys, *base, "share", "--metrics", "client_count", "--epsilon", "1.5", "--out", str(tmp_path / "p2.json"))
    assert code == 3
    assert "needs epsilon 1.5 but only 1 of the privacy budget 3 remains" in err
    assert not (tmp_path / "p2.json").exists()

    code, out, _ = run(capsys, *base, "privacy", "budget", "--format", "json")
    assert code == 0
    (row,) = json.loads(out)
    assert (row["current"], row["budget"], row["spent"], row["remaining"], row["releases"]) == (True, 3.0, 2.0, 1.0, 1)

    code, out, _ = run(capsys, *base, "benchmarks", "import", str(pack))
    assert code == 0 and "as benchmark pack 1" in out
    code, out, err = run(capsys, *base, "benchmarks", "import", str(pack))
    assert code == 0 and "already imported as pack 1" in err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "schema_version": 9}), encoding="utf-8")
    code, _, err = run(capsys, *base, "benchmarks", "import", str(bad))
    assert code == 2 and "schema_version 9 is not supported" in err


def test_share_needs_out_unless_preview(demo_path, app_env, capsys) -> None:
    app_env(demo_path)
    code, _, err = run(capsys, "--db", str(demo_path), "share", "--metrics", "ehr", "--epsilon", "1")
    assert code == 2 and "--out PACK.json is required" in err
    code, _, err = run(capsys, "--db", str(demo_path), "share", "--metrics", "nope", "--epsilon", "1", "--preview")
    assert code == 1 and "unknown metric(s) nope" in err
