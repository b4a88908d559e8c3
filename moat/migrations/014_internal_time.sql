-- Internal time (ConnectWise ChargeCode time, time on the MSP's own company, Autotask's owner company 0) is worked
-- time of a technician that belongs to no client: it loads with an empty client (overhead, like a cost without a
-- client), counts in the technician's worked hours and never in a client's profitability (issue 14).
ALTER TABLE time_entries ALTER COLUMN client_key DROP NOT NULL;
ALTER TABLE time_entries ALTER COLUMN client_name DROP NOT NULL;
