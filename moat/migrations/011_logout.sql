-- Server-side logout (issue 9 hardening): a re-authentication cookie issued before its user's last logout no
-- longer signs anyone in, even when the browser kept it (its delete never ran) or someone copied it.
ALTER TABLE login_state ADD COLUMN IF NOT EXISTS last_logout_at TIMESTAMP;
