-- The record of personal-data reads refuses TRUNCATE as case_events does: only its owner could
-- run it anyway (the service role has no TRUNCATE right), and then only by dropping this first.
CREATE TRIGGER personal_data_reads_no_truncate BEFORE TRUNCATE ON personal_data_reads
    FOR EACH STATEMENT EXECUTE FUNCTION personal_data_reads_append_only();
