"""The query child's stdout carries only the Arrow stream (found by the 2-hour service run, issue 16).

Under a load average near 20 a notebook's ``s.sql`` took over 2 s in the child, DuckDB drew its progress bar on the
child's stdout ("\\r100% ▕...▏"), and the parent read those bytes as an Arrow message length: "Expected to read
808464653 metadata bytes" (0x3030310D = "\\r100"), three failed reads in two hours. The child now turns the bar off
(as ``moat.db.connect`` does for every other connection); the check reads the child's own setting, so it does not
depend on how busy the machine is.
"""

from __future__ import annotations

from moat import db, isolation
from moat.ai import safety


def test_the_query_child_draws_no_progress_bar(demo_con: db.Connection) -> None:
    folder = str(isolation.data_dir(safety.sandbox_for(demo_con)))
    df = isolation._run(folder, "SELECT current_setting('enable_progress_bar') AS bar, count(*) AS n FROM cur_invoices",
                        None, row_limit=10, timeout_s=60, memory_mb=512)
    assert df["n"].item() > 0
    assert df["bar"].item() is False
