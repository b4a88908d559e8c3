-- Results keep their long JSON (explanation, confidence parts, snapshot ids) ZSTD-compressed. An analytics run at
-- 1M time entries writes ~40k rows with ~20 MB of JSON; DuckDB's default string compression spent 0.17 s per
-- checkpoint on it and left 12 MB per run on disk, ZSTD 0.09 s and under 5 MB (bench/bench_analytics.py).
-- DuckDB cannot change a column's compression in place, so the table is rebuilt with every row it holds.
CREATE TABLE results_zstd (
    result_id        BIGINT PRIMARY KEY,
    run_id           BIGINT NOT NULL,
    metric           VARCHAR NOT NULL,
    entity_type      VARCHAR NOT NULL,    -- company | client | technician | product | question
    entity           VARCHAR NOT NULL,
    period_start     DATE,
    period_end       DATE,
    value            DOUBLE,
    snapshot_ids     JSON USING COMPRESSION zstd,
    confidence       DOUBLE,
    confidence_parts JSON USING COMPRESSION zstd,
    explanation      JSON USING COMPRESSION zstd,
    status           VARCHAR NOT NULL,    -- approved | pending_review | rejected | changes_requested
    created_by       VARCHAR,
    created_at       TIMESTAMP NOT NULL
);
INSERT INTO results_zstd
SELECT result_id, run_id, metric, entity_type, entity, period_start, period_end, value, snapshot_ids, confidence,
       confidence_parts, explanation, status, created_by, created_at
FROM results ORDER BY result_id;
DROP TABLE results;
ALTER TABLE results_zstd RENAME TO results;
