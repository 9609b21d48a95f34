-- Functional departments (职能部门) sign in: role 'department', with the department's code
-- (from the case catalogue) and the area it answers summonses in. And the overdue watcher's mark
-- on a summons past its due time without 报到, as on a case (overdue_notified_at).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users
    ADD COLUMN department_code text,
    ADD CONSTRAINT users_role_check CHECK (role IN ('admin', 'command_centre', 'grid_leader', 'grid_worker', 'planner', 'reporter', 'department')),
    ADD CONSTRAINT users_department_code CHECK ((role = 'department') = (department_code IS NOT NULL));
ALTER TABLE case_summons ADD COLUMN late_notified_at timestamptz;
CREATE INDEX case_summons_department_ix ON case_summons (department_code, case_id);
-- The watcher's scan: summonses not yet confirmed nor marked late.
CREATE INDEX case_summons_pending_ix ON case_summons (due_at) WHERE confirmed_at IS NULL AND late_notified_at IS NULL;
