-- Analytics runs (moat.analytics.run): one row per run, so pages can read the latest stored results for a period
-- and snapshot comparisons can pair two runs. The results themselves live in `results` (001_core.sql).
CREATE TABLE IF NOT EXISTS analytics_runs (
    run_id         BIGINT PRIMARY KEY,
    period_start   DATE NOT NULL,
    period_end     DATE NOT NULL,
    created_by     VARCHAR NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    snapshot_ids   JSON,              -- every snapshot that contributed current rows, per dataset
    data_version   VARCHAR,           -- moat.db.data_version at run time (stale-run detection)
    results        BIGINT NOT NULL,
    pending_review BIGINT NOT NULL,
    seconds        DOUBLE,
    settings       JSON               -- thresholds the insights used
);
