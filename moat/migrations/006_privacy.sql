-- Differential-privacy releases and peer benchmark packs (moat.privacy).
-- dp_ledger (001_core) is the record of every epsilon spent; dp_budget holds one row per snapshot set whose
-- UPDATE is the serialisation point of concurrent releases: two transactions debiting the same set conflict on
-- that row, so the loser re-reads what was spent and cannot overspend.
CREATE TABLE IF NOT EXISTS dp_budget (
    snapshot_set VARCHAR PRIMARY KEY,
    spent        DOUBLE NOT NULL DEFAULT 0,
    releases     INTEGER NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP NOT NULL
);

-- The noisy output of each release (never the raw aggregates), so its pack can be downloaded again later
-- without spending more budget.
CREATE TABLE IF NOT EXISTS dp_releases (
    release_id   BIGINT PRIMARY KEY,     -- = dp_ledger.release_id
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    pack         JSON NOT NULL
);

-- Packs imported from peers: one row per pack file (by byte hash), one row per released value.
CREATE SEQUENCE IF NOT EXISTS benchmark_pack_seq START 1;
CREATE TABLE IF NOT EXISTS benchmark_packs (
    pack_id        BIGINT PRIMARY KEY,
    sha256         VARCHAR NOT NULL UNIQUE,
    label          VARCHAR NOT NULL,
    schema_version INTEGER NOT NULL,
    epsilon        DOUBLE NOT NULL,
    alpha          DOUBLE NOT NULL,
    period_start   DATE NOT NULL,
    period_end     DATE NOT NULL,
    grouping       VARCHAR NOT NULL,
    imported_by    VARCHAR NOT NULL,
    imported_at    TIMESTAMP NOT NULL,
    pack           JSON NOT NULL
);
CREATE TABLE IF NOT EXISTS benchmark_values (
    pack_id  BIGINT NOT NULL,
    metric   VARCHAR NOT NULL,
    segment  VARCHAR NOT NULL,
    value    DOUBLE,
    low      DOUBLE,
    high     DOUBLE,
    accuracy DOUBLE,
    PRIMARY KEY (pack_id, metric, segment)
);
