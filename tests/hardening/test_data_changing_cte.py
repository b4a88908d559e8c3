"""A data-changing statement inside a CTE cannot pass the question path's SQL check (h20's finding A).

DuckDB serialises ``WITH x AS (DELETE ... RETURNING ...) SELECT ...`` as a SELECT, so before this check it passed
``safety.check`` and, run on the shared sandbox Ask reads, emptied a table for every later question until the data
changed. Both lines of defence are checked: the refusal by the syntax tree, and the transaction every sandbox
query runs in, rolled back, so the copy Ask reads is unchanged whatever ran.
"""

from __future__ import annotations

import pytest

from moat import db
from moat.ai import safety
from moat.errors import UnsafeQuery

WRITES = [
    "WITH x AS (DELETE FROM cur_invoices RETURNING 1) SELECT count(*) FROM x",
    "WITH x AS (UPDATE cur_invoices SET amount = 0 RETURNING 1) SELECT count(*) FROM x",
    "WITH x AS (INSERT INTO cur_clients SELECT * FROM cur_clients RETURNING 1) SELECT count(*) FROM x",
    "SELECT * FROM (WITH x AS (DELETE FROM cur_costs RETURNING 1) SELECT count(*) FROM x) AS t",
]


@pytest.mark.parametrize("sql", WRITES)
def test_a_write_inside_a_cte_is_refused_by_the_check(sql: str) -> None:
    with pytest.raises(UnsafeQuery, match="only reading is allowed"):
        safety.check(sql)


def test_the_shared_sandbox_keeps_its_data(demo_con: db.Connection) -> None:
    box = safety.sandbox_for(demo_con)
    count = "SELECT count(*) FROM cur_invoices"
    before = box.connection().execute(count).fetchall()[0][0]
    assert before > 0
    for sql in WRITES:
        with pytest.raises(UnsafeQuery):
            box.connection().execute(sql)
    assert box.connection().execute(count).fetchall()[0][0] == before


def test_reads_still_run_and_leave_no_transaction_open(demo_con: db.Connection) -> None:
    box = safety.sandbox_for(demo_con)
    sql = "WITH x AS (SELECT * FROM cur_invoices) SELECT count(*) FROM x"
    first = box.connection().execute(sql).fetchall()[0][0]
    assert first == box.connection().execute(sql).fetchall()[0][0] > 0
