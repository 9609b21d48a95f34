-- Who may see what, where: users with a role and an area, the personal-data masks every map
-- layer applies, and the record of each unmasked read of households' personal data (PIPL).

CREATE TABLE users (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    -- ASP.NET Core Identity's PasswordHasher format (PBKDF2-HMAC-SHA512, salted)
    password_hash  text NOT NULL,
    role           text NOT NULL CHECK (role IN ('admin', 'command_centre', 'grid_leader', 'grid_worker', 'planner', 'reporter')),
    -- the area the role applies to; a public reporter has none, an admin sees everything anyway
    area_id        bigint REFERENCES areas (id),
    -- the staff row a grid leader or worker is, so "cases assigned to me" can be answered
    staff_id       bigint REFERENCES staff (id),
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (role <> 'reporter' OR area_id IS NULL),
    CHECK (role IN ('admin', 'reporter') OR area_id IS NOT NULL)
);

-- Who read which households' names and phone numbers unmasked, and when. Append-only.
CREATE TABLE personal_data_reads (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at             timestamptz NOT NULL DEFAULT now(),
    user_id        bigint NOT NULL REFERENCES users (id),
    username       text NOT NULL,
    -- the request that read them, e.g. "GET /api/households"
    what           text NOT NULL,
    household_ids  bigint[] NOT NULL
);
CREATE INDEX personal_data_reads_at_ix ON personal_data_reads (at);
CREATE INDEX personal_data_reads_households_gin ON personal_data_reads USING gin (household_ids);

CREATE FUNCTION personal_data_reads_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'personal_data_reads is an append-only record';
END $$;
CREATE TRIGGER personal_data_reads_append_only BEFORE UPDATE OR DELETE ON personal_data_reads
    FOR EACH ROW EXECUTE FUNCTION personal_data_reads_append_only();

-- The keys that sign sign-in tokens, shared by every server instance on this database.
CREATE TABLE data_protection_keys (
    name  text PRIMARY KEY,
    xml   text NOT NULL
);

-- The area and everything below it (street → communities → grids → micro-grids): the rows
-- a caller whose role applies to `root` may see. Queries filter with
-- `(scope IS NULL OR area_column IN (SELECT area_subtree(scope)))`, scope NULL meaning all.
CREATE FUNCTION area_subtree(root bigint) RETURNS SETOF bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH RECURSIVE t(id) AS (
        SELECT id FROM areas WHERE id = root
        UNION ALL
        SELECT a.id FROM areas a JOIN t ON a.parent_id = t.id)
    SELECT id FROM t
$$;

-- 张建国 → 张*国, 刘芳 → 刘*, 欧阳建国 → 欧**国: first and last character kept. Must agree with
-- Auth/Masking.cs, which masks what C# writes.
CREATE FUNCTION mask_name(value text, unmasked boolean DEFAULT false) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN unmasked OR value IS NULL THEN value
        WHEN char_length(value) <= 1 THEN '*'
        WHEN char_length(value) = 2 THEN left(value, 1) || '*'
        ELSE left(value, 1) || repeat('*', char_length(value) - 2) || right(value, 1)
    END
$$;

-- 13812341234 → 138****1234: first three and last four kept; short numbers keep the last two.
CREATE FUNCTION mask_phone(value text, unmasked boolean DEFAULT false) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE
        WHEN unmasked OR value IS NULL THEN value
        WHEN char_length(value) >= 8 THEN left(value, 3) || repeat('*', char_length(value) - 7) || right(value, 4)
        WHEN char_length(value) <= 2 THEN repeat('*', char_length(value))
        ELSE repeat('*', char_length(value) - 2) || right(value, 2)
    END
$$;
