-- The overdue watcher's scan (every 5 s) found its cases by status, so it read every running
-- case to compare deadlines: 50-130 ms a scan at 60,000-100,000 open cases, growing with them.
-- Indexed by deadline it reads only the cases whose deadline has passed: 0.02 ms when none has.
-- A new report has no handling deadline yet, so filing it adds nothing to the second index.
CREATE INDEX cases_dispatch_overdue_ix ON cases (dispatch_due) WHERE overdue_notified_at IS NULL;
CREATE INDEX cases_handling_overdue_ix ON cases (handling_due) WHERE overdue_notified_at IS NULL AND handling_due IS NOT NULL;
DROP INDEX cases_overdue_scan_ix;
