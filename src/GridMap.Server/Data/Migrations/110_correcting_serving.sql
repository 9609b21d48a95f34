-- Correcting what was recorded of Party members serving (issue 17): visits, members and service
-- tasks are edited and retired with the version the editor read (Sql/record_versions.sql raises
-- it), as households are; every change is audited by their data_changes triggers (071).
ALTER TABLE visits ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE volunteers ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE service_tasks ADD COLUMN version integer NOT NULL DEFAULT 1;

-- A phone records a visit offline and sends it when the signal returns, perhaps days later and
-- more than once (the answer lost): the key it made when the visit was recorded keeps that one visit.
ALTER TABLE visits ADD COLUMN client_key uuid;
ALTER TABLE visits ADD CONSTRAINT visits_client_key_unique UNIQUE (recorded_by, client_key);

-- A member who leaves (moved away, registered by mistake) is retired, not deleted: the visits they
-- made and the hours they served stay as history. Retired members are not listed, counted as
-- registered, named for a visit or given a task.
ALTER TABLE volunteers ADD COLUMN retired_at timestamptz;
