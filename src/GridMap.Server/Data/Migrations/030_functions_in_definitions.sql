-- Functions and views now live in Data/Sql (re-applied whenever they change). What no longer
-- exists there goes: the case's snapshot is the view case_snapshots, and reports are filed only
-- through report_cases.
DROP FUNCTION IF EXISTS case_snapshot(cases);
DROP FUNCTION IF EXISTS report_case(text, text, text, text, float8, float8, timestamptz, timestamptz, interval, float8);
