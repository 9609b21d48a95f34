-- Every change of a household, a service station or a staff member: who, when, why, before and
-- after. The triggers of Sql/data_changes.sql write it, so no writer can forget to; like
-- case_events it is append-only (Grants.sql takes UPDATE and DELETE from the service role).
CREATE TABLE data_changes (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    -- the signed-in user the writer named (DataChanges.SignAsync), else the database role
    actor       text NOT NULL,
    -- what the change was part of: 'edit', 'import 12', 'undo import 12', 'demo load'
    reason      text,
    entity      text NOT NULL CHECK (entity IN ('household', 'station', 'staff')),
    entity_id   bigint NOT NULL,
    -- the row before and after as JSON, location as [lon, lat]; before is null for an insert,
    -- after for a delete
    before      jsonb,
    after       jsonb,
    CHECK (before IS NOT NULL OR after IS NOT NULL)
);
CREATE INDEX data_changes_entity_ix ON data_changes (entity, entity_id, at);
CREATE INDEX data_changes_reason_ix ON data_changes (reason) WHERE reason IS NOT NULL;
