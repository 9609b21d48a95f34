-- 双报到: in-service Party members (在职党员) register with the community they live in, the
-- community publishes service tasks (服务项目), members pick them, and the community's staff record
-- the hours each member served on each task (Volunteers/). A member is seen by those whose area
-- holds the community; names and phones are masked as households' are.
CREATE TABLE volunteers (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL,
    phone         text NOT NULL,
    -- 工作单位: where the member works (the unit they are "in service" with)
    work_unit     text NOT NULL,
    community_id  bigint NOT NULL REFERENCES areas (id),
    -- the member's own household when it is a Party-member household on the map (亮身份)
    household_id  bigint REFERENCES households (id) ON DELETE SET NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    registered_by text NOT NULL
);
CREATE INDEX volunteers_community_ix ON volunteers (community_id);
CREATE INDEX volunteers_household_ix ON volunteers (household_id) WHERE household_id IS NOT NULL;

CREATE TABLE service_tasks (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    community_id  bigint NOT NULL REFERENCES areas (id),
    title         text NOT NULL,
    held_on       date NOT NULL,
    place         text NOT NULL,
    published_at  timestamptz NOT NULL DEFAULT now(),
    published_by  text NOT NULL
);
CREATE INDEX service_tasks_community_ix ON service_tasks (community_id, held_on);

-- A member's pick of a task, and the hours served on it once recorded.
CREATE TABLE service_signups (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id       bigint NOT NULL REFERENCES service_tasks (id),
    volunteer_id  bigint NOT NULL REFERENCES volunteers (id),
    hours         numeric(3, 1) CHECK (hours > 0 AND hours <= 24),
    recorded_by   text NOT NULL,
    UNIQUE (task_id, volunteer_id)
);
CREATE INDEX service_signups_volunteer_ix ON service_signups (volunteer_id);

-- Who read members' names and phones unmasked, beside the households read.
ALTER TABLE personal_data_reads ADD COLUMN volunteer_ids bigint[] NOT NULL DEFAULT '{}';
