-- Issue 18: the privacy budget is spent per privacy unit (client-month), not per uploaded file (moat/privacy/ledger.py).
-- Rows are only ever inserted, one per (unit, month, release): no rollback, reload or re-import restores a spend.
CREATE TABLE IF NOT EXISTS dp_unit_spend (
    unit       VARCHAR NOT NULL,   -- 'key:<client_key>' or 'name:<normalised client name>'
    month      DATE NOT NULL,      -- first day of a calendar month of the release's period
    release_id BIGINT NOT NULL,    -- dp_ledger.release_id
    epsilon    DOUBLE NOT NULL,
    PRIMARY KEY (unit, month, release_id)
);
