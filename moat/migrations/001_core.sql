-- Core schema of DESIGN.md: snapshot-tagged datasets, internal tables.
-- Every dataset row carries the snapshot that brought it (snapshot_id), its natural key (row_key), whether it is
-- part of the current data (is_current, maintained by moat.snapshots), and its row number in the source file.
CREATE SEQUENCE IF NOT EXISTS snapshot_seq START 1;
CREATE TABLE IF NOT EXISTS snapshots (
    snapshot_id      BIGINT PRIMARY KEY,
    dataset          VARCHAR NOT NULL,
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR NOT NULL,
    user_name        VARCHAR NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    rows_read        BIGINT NOT NULL,
    rows_loaded      BIGINT NOT NULL,
    rows_quarantined BIGINT NOT NULL,
    quality_score    DOUBLE,
    replace_from     DATE,
    replace_to       DATE,
    status           VARCHAR NOT NULL DEFAULT 'active',   -- active | rolled_back
    details          JSON
);

CREATE TABLE IF NOT EXISTS clients (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    client_key VARCHAR NOT NULL, client_name VARCHAR NOT NULL,
    segment VARCHAR, agreement_type VARCHAR, monthly_fee DECIMAL(18,4), status VARCHAR,
    start_date DATE, end_date DATE
);
CREATE TABLE IF NOT EXISTS technicians (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    technician_key VARCHAR NOT NULL, technician_name VARCHAR NOT NULL,
    hourly_cost DECIMAL(18,4), weekly_capacity_hours DECIMAL(9,2) DEFAULT 40, role VARCHAR
);
CREATE TABLE IF NOT EXISTS time_entries (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    entry_id VARCHAR, technician_key VARCHAR NOT NULL, technician_name VARCHAR NOT NULL,
    client_key VARCHAR NOT NULL, client_name VARCHAR NOT NULL,
    date DATE NOT NULL, hours DECIMAL(9,4) NOT NULL, billable BOOLEAN NOT NULL,
    work_type VARCHAR, notes VARCHAR, cost_rate DECIMAL(18,4), bill_rate DECIMAL(18,4)
);
CREATE TABLE IF NOT EXISTS invoices (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    invoice_number VARCHAR, client_key VARCHAR NOT NULL, client_name VARCHAR NOT NULL,
    date DATE NOT NULL, amount DECIMAL(18,4) NOT NULL, currency VARCHAR, category VARCHAR, status VARCHAR
);
CREATE TABLE IF NOT EXISTS costs (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    cost_id VARCHAR, client_key VARCHAR, client_name VARCHAR,          -- NULL client = overhead
    date DATE NOT NULL, amount DECIMAL(18,4) NOT NULL, category VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS licenses (
    snapshot_id BIGINT NOT NULL, row_key VARCHAR NOT NULL, is_current BOOLEAN NOT NULL, source_row BIGINT,
    client_key VARCHAR NOT NULL, client_name VARCHAR NOT NULL, vendor VARCHAR, product VARCHAR NOT NULL,
    month DATE,                      -- first day of the billed month (billing lines)
    start_date DATE, end_date DATE,  -- subscription rows instead of month
    seats_purchased INTEGER NOT NULL, seats_assigned INTEGER, seats_active INTEGER,
    unit_cost DECIMAL(18,4) NOT NULL, unit_price DECIMAL(18,4)
);

CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id BIGINT PRIMARY KEY,
    snapshot_id   BIGINT,            -- the snapshot of the file it came with (NULL when the file was not committed)
    dataset       VARCHAR,
    file_name     VARCHAR NOT NULL,
    row_number    BIGINT,
    column_name   VARCHAR,
    value         VARCHAR,
    reason        VARCHAR NOT NULL,
    raw           JSON,              -- the whole source row, for re-processing
    status        VARCHAR NOT NULL DEFAULT 'open',   -- open | retried | resolved
    created_at    TIMESTAMP NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS quarantine_seq START 1;

CREATE TABLE IF NOT EXISTS aliases (
    kind        VARCHAR NOT NULL,     -- client | technician
    alias_key   VARCHAR NOT NULL,     -- normalised variant
    alias_name  VARCHAR NOT NULL,     -- as typed
    target_key  VARCHAR NOT NULL,
    target_name VARCHAR NOT NULL,
    created_by  VARCHAR NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (kind, alias_key)
);

CREATE SEQUENCE IF NOT EXISTS run_seq START 1;
CREATE SEQUENCE IF NOT EXISTS result_seq START 1;
CREATE TABLE IF NOT EXISTS results (
    result_id        BIGINT PRIMARY KEY,
    run_id           BIGINT NOT NULL,
    metric           VARCHAR NOT NULL,
    entity_type      VARCHAR NOT NULL,    -- company | client | technician | product | question
    entity           VARCHAR NOT NULL,
    period_start     DATE,
    period_end       DATE,
    value            DOUBLE,
    snapshot_ids     JSON,
    confidence       DOUBLE,
    confidence_parts JSON,
    explanation      JSON,
    status           VARCHAR NOT NULL,    -- approved | pending_review | rejected | changes_requested
    created_by       VARCHAR,
    created_at       TIMESTAMP NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS approval_seq START 1;
CREATE TABLE IF NOT EXISTS approvals (
    approval_id  BIGINT PRIMARY KEY,
    result_id    BIGINT NOT NULL,
    requested_by VARCHAR NOT NULL,
    requested_at TIMESTAMP NOT NULL,
    reason       VARCHAR,
    status       VARCHAR NOT NULL,     -- pending_review | approved | rejected | changes_requested
    decided_by   VARCHAR,
    decided_at   TIMESTAMP,
    comment      VARCHAR
);

CREATE TABLE IF NOT EXISTS audit_log (
    seq       BIGINT PRIMARY KEY,
    ts        TIMESTAMP NOT NULL,
    user_name VARCHAR NOT NULL,
    role      VARCHAR NOT NULL,
    action    VARCHAR NOT NULL,
    object    VARCHAR,
    details   JSON,
    prev_hash VARCHAR NOT NULL,
    hash      VARCHAR NOT NULL
);

CREATE SEQUENCE IF NOT EXISTS release_seq START 1;
CREATE TABLE IF NOT EXISTS dp_ledger (
    release_id   BIGINT PRIMARY KEY,
    snapshot_set VARCHAR NOT NULL,   -- canonical list of the snapshot ids the release read
    epsilon      DOUBLE NOT NULL,
    delta        DOUBLE NOT NULL DEFAULT 0,
    user_name    VARCHAR NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    description  VARCHAR
);

-- The current data of each dataset: what every metric reads.
CREATE OR REPLACE VIEW cur_clients AS SELECT * FROM clients WHERE is_current;
CREATE OR REPLACE VIEW cur_technicians AS SELECT * FROM technicians WHERE is_current;
CREATE OR REPLACE VIEW cur_time_entries AS SELECT * FROM time_entries WHERE is_current;
CREATE OR REPLACE VIEW cur_invoices AS SELECT * FROM invoices WHERE is_current;
CREATE OR REPLACE VIEW cur_costs AS SELECT * FROM costs WHERE is_current;
CREATE OR REPLACE VIEW cur_licenses AS SELECT * FROM licenses WHERE is_current;
