-- Versioned boundaries (issue 15). areas keeps the boundary in force, from valid_from; each
-- boundary it had before is kept in area_versions with the time it was in force, so "which grid
-- was this point in on 1 March" has an answer (areas_at, Sql/area_versions.sql). Every reader of
-- the current map keeps reading areas as before. Areas stored before this migration are taken to
-- have been in force always.
ALTER TABLE areas ADD COLUMN valid_from timestamptz NOT NULL DEFAULT '-infinity';
ALTER TABLE areas ALTER COLUMN valid_from SET DEFAULT now();

CREATE TABLE area_versions (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_id     bigint NOT NULL REFERENCES areas (id),
    boundary    geometry(MultiPolygon, 4326) NOT NULL,
    valid_from  timestamptz NOT NULL,
    valid_to    timestamptz NOT NULL,
    -- who replaced this boundary (the signed-in user a writer named, as in data_changes)
    closed_by   text NOT NULL,
    CHECK (valid_from < valid_to)
);
CREATE INDEX area_versions_boundary_gix ON area_versions USING gist (boundary);
CREATE INDEX area_versions_area_ix ON area_versions (area_id, valid_to);
