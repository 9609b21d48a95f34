-- Open311 as the GeoReport v2 spec has it: posting needs an api_key that an admin issues, and a
-- case's free text reaches the public only when the command centre marked the case public.

-- Keys that 311 apps and hotline systems post with. Only a hash is kept: whoever reads the
-- table cannot post as anyone. A revoked key stays on record; its name may be issued again.
CREATE TABLE open311_api_keys (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'),
    -- SHA-256 of the key: the keys are 256 random bits, so a fast hash is enough
    key_hash    bytea NOT NULL UNIQUE,
    -- reports per minute this key may post; NULL: GRIDMAP_INTAKE_PER_MINUTE
    per_minute  integer CHECK (per_minute > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);
CREATE UNIQUE INDEX open311_api_keys_active_name_ux ON open311_api_keys (name) WHERE revoked_at IS NULL;

-- Set by a command centre (or admin) for a case whose description may be shown to the public;
-- the public Open311 listing shows no description otherwise.
ALTER TABLE cases ADD COLUMN published boolean NOT NULL DEFAULT false;
