-- Whose own case each change is, and whom it took a case from (Cases/LiveEvent.cs, as personal
-- keys), stored with the event: worked out once by its writer (append_case_events, before the
-- live stream's lock) rather than by the live listener with five lookups for each event it reads
-- while every delivery waits behind the read. NULL on events appended without them (before this
-- migration, the demo load's copy): readers work them out from the same definition
-- (Sql/live_recipients.sql).
ALTER TABLE case_events ADD COLUMN own_keys bigint[], ADD COLUMN left_keys bigint[];
-- Coarse statistics, as for the trail's other columns (009).
ALTER TABLE case_events ALTER COLUMN own_keys SET STATISTICS 10, ALTER COLUMN left_keys SET STATISTICS 10;
