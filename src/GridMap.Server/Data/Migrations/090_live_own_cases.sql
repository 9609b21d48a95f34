-- The live push of a user's own cases (Cases/LiveEvent.cs, SubscribeMine): each change finds the
-- grid worker it is assigned to and the departments summoned to it by staff id and department
-- code, and a grid worker's replay finds the cases it ever held, so that one taken away while
-- its phone was offline still leaves its list.
CREATE INDEX users_staff_ix ON users (staff_id) WHERE staff_id IS NOT NULL;
CREATE INDEX users_department_ix ON users (department_code) WHERE department_code IS NOT NULL;
CREATE INDEX case_events_assignee_ix ON case_events (((snapshot->>'assigneeId')::bigint), case_id)
    WHERE snapshot->>'assigneeId' IS NOT NULL;
