-- Disabled / inactive technicians (review h69): a PSA's agents, members and resources exports say whether a person
-- still works there (HaloPSA `Is Disabled`, ConnectWise `inactiveFlag` + `inactiveDate`, Autotask `isActive`). Kept on
-- load so that utilisation's capacity never counts a technician who was gone for the whole period, nor days after
-- the last one (moat/metrics/utilization.py). NULL = the file did not say: an active technician, as before.
ALTER TABLE technicians ADD COLUMN IF NOT EXISTS active BOOLEAN;
ALTER TABLE technicians ADD COLUMN IF NOT EXISTS end_date DATE;
CREATE OR REPLACE VIEW cur_technicians AS SELECT * FROM technicians WHERE is_current;
