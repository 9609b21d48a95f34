-- Editing households, stations and staff (issue 15). Each row carries the version an editor saw:
-- a write naming an older one is refused (Sql/record_versions.sql raises it on every change of the
-- record, whoever writes). A station can be closed; a staff member retired, since cases and users
-- keep pointing at them. A household is deleted when it is retired: nothing points at it, and
-- data_changes keeps what it was.
ALTER TABLE service_stations DROP CONSTRAINT IF EXISTS service_stations_status_check;
ALTER TABLE service_stations ADD CONSTRAINT service_stations_status_known CHECK (status IN ('open', 'planned', 'closed'));
ALTER TABLE households ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE service_stations ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE staff ADD COLUMN retired_at timestamptz;
ALTER TABLE staff ADD CONSTRAINT staff_retired_not_located CHECK (retired_at IS NULL OR (location IS NULL AND NOT on_duty));
