-- Governance state that must survive restarts and be shared by every app server: login lockouts and policies.
-- Credentials and roles live in the users YAML file (config users_file), not here; see moat/governance/users.py.

-- One row per user name that ever failed to sign in. failed_count counts consecutive failures since the last
-- success or expired lock; locked_until is set when it reaches the limit (moat.governance.login.MAX_FAILURES).
CREATE TABLE IF NOT EXISTS login_state (
    user_name      VARCHAR PRIMARY KEY,
    failed_count   INTEGER NOT NULL DEFAULT 0,
    last_failed_at TIMESTAMP,
    locked_until   TIMESTAMP,
    last_login_at  TIMESTAMP
);

-- Admin-editable rules (moat.governance.policies): one row per key that differs from its configured default.
CREATE TABLE IF NOT EXISTS policies (
    key        VARCHAR PRIMARY KEY,
    value      JSON NOT NULL,
    updated_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
