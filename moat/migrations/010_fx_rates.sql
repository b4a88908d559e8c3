-- Exchange rates (issue 3) and stable content keys.
--
-- fx_rates: one rate per (base currency, currency, month): 1 unit of `currency` = rate_to_base units of the base.
-- Loaded with `moat rates load FILE.csv` (audited); ingestion converts invoice/cost amounts and licence unit
-- costs/prices written in another currency at the rate of the row's month, keeping the file's currency and
-- amount in the original_* columns below (the canonical money columns always hold base-currency amounts).
CREATE TABLE IF NOT EXISTS fx_rates (
    base_currency VARCHAR NOT NULL,
    currency      VARCHAR NOT NULL,
    month         DATE NOT NULL,          -- first day of the month
    rate_to_base  DECIMAL(18,8) NOT NULL,
    file_name     VARCHAR,
    sha256        VARCHAR,
    loaded_by     VARCHAR NOT NULL,
    loaded_at     TIMESTAMP NOT NULL,
    PRIMARY KEY (base_currency, currency, month)
);
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS original_currency VARCHAR;
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS original_amount DECIMAL(18,4);
ALTER TABLE invoices ADD COLUMN IF NOT EXISTS fx_rate DECIMAL(18,8);
ALTER TABLE costs ADD COLUMN IF NOT EXISTS original_currency VARCHAR;
ALTER TABLE costs ADD COLUMN IF NOT EXISTS original_amount DECIMAL(18,4);
ALTER TABLE costs ADD COLUMN IF NOT EXISTS fx_rate DECIMAL(18,8);
ALTER TABLE licenses ADD COLUMN IF NOT EXISTS original_currency VARCHAR;
ALTER TABLE licenses ADD COLUMN IF NOT EXISTS original_unit_cost DECIMAL(18,4);
ALTER TABLE licenses ADD COLUMN IF NOT EXISTS original_unit_price DECIMAL(18,4);
ALTER TABLE licenses ADD COLUMN IF NOT EXISTS fx_rate DECIMAL(18,8);

-- Re-key id-less rows stored under the old, polars-version-dependent key (c:<u64 decimal>#n) with the stable
-- one of moat.snapshots.content_key: c: || md5(canonical content) || # || occurrence among identical id-less
-- rows of the same snapshot in file order. The expressions are moat.snapshots.content_sql(CONTENT_COLUMNS[...])
-- (a test checks that re-keying reproduces exactly what ingestion writes). Money/currency as written in the file.
UPDATE time_entries SET row_key = k.new_key FROM (
    SELECT rowid AS rid, 'c:' || md5(c) || '#' || CAST(row_number() OVER (PARTITION BY snapshot_id, c ORDER BY source_row) - 1 AS VARCHAR) AS new_key
    FROM (SELECT rowid, snapshot_id, source_row, concat_ws('␟', coalesce(CAST("technician_key" AS VARCHAR), '␀'), coalesce(CAST("client_key" AS VARCHAR), '␀'), coalesce(CAST("date" AS VARCHAR), '␀'), coalesce(CAST("hours" AS VARCHAR), '␀'), coalesce(CAST("billable" AS VARCHAR), '␀'), coalesce(CAST("work_type" AS VARCHAR), '␀'), coalesce(CAST("notes" AS VARCHAR), '␀'), coalesce(CAST("cost_rate" AS VARCHAR), '␀'), coalesce(CAST("bill_rate" AS VARCHAR), '␀')) AS c FROM time_entries WHERE entry_id IS NULL AND row_key LIKE 'c:%')
) k
WHERE time_entries.rowid = k.rid AND regexp_matches(time_entries.row_key, '^c:[0-9]+#[0-9]+$');
UPDATE invoices SET row_key = k.new_key FROM (
    SELECT rowid AS rid, 'c:' || md5(c) || '#' || CAST(row_number() OVER (PARTITION BY snapshot_id, c ORDER BY source_row) - 1 AS VARCHAR) AS new_key
    FROM (SELECT rowid, snapshot_id, source_row, concat_ws('␟', coalesce(CAST("client_key" AS VARCHAR), '␀'), coalesce(CAST("date" AS VARCHAR), '␀'), coalesce(CAST(coalesce(original_amount, amount) AS VARCHAR), '␀'), coalesce(CAST(coalesce(original_currency, currency) AS VARCHAR), '␀'), coalesce(CAST("category" AS VARCHAR), '␀'), coalesce(CAST("status" AS VARCHAR), '␀')) AS c FROM invoices WHERE invoice_number IS NULL AND row_key LIKE 'c:%')
) k
WHERE invoices.rowid = k.rid AND regexp_matches(invoices.row_key, '^c:[0-9]+#[0-9]+$');
UPDATE costs SET row_key = k.new_key FROM (
    SELECT rowid AS rid, 'c:' || md5(c) || '#' || CAST(row_number() OVER (PARTITION BY snapshot_id, c ORDER BY source_row) - 1 AS VARCHAR) AS new_key
    FROM (SELECT rowid, snapshot_id, source_row, concat_ws('␟', coalesce(CAST("client_key" AS VARCHAR), '␀'), coalesce(CAST("date" AS VARCHAR), '␀'), coalesce(CAST(coalesce(original_amount, amount) AS VARCHAR), '␀'), coalesce(CAST("category" AS VARCHAR), '␀')) AS c FROM costs WHERE cost_id IS NULL AND row_key LIKE 'c:%')
) k
WHERE costs.rowid = k.rid AND regexp_matches(costs.row_key, '^c:[0-9]+#[0-9]+$');
