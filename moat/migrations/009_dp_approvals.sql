-- Which approved DP-release request each release used (moat.privacy.approval). An approval authorises exactly
-- one release: the primary key on approval_id makes a second use impossible even for two racing releases, and
-- the row is written in the release's own transaction (with its ledger debit and audit row).
CREATE TABLE IF NOT EXISTS dp_release_approvals (
    approval_id BIGINT PRIMARY KEY,       -- approvals.approval_id of a 'dp_release' request
    release_id  BIGINT NOT NULL UNIQUE,   -- dp_ledger.release_id
    released_by VARCHAR NOT NULL,
    released_at TIMESTAMP NOT NULL
);
