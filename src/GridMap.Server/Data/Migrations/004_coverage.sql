-- Coverage planning: the road network that walking distance is measured on (pgRouting), and
-- version counters that tell the planner's warm cache when its data has changed.
-- pgRouting where the server has it (./gridmap installs postgresql-15-pgrouting); without it
-- roads are not loaded and only straight-line coverage is offered.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pgrouting') THEN
        CREATE EXTENSION IF NOT EXISTS pgrouting;
    END IF;
END $$;

CREATE TABLE roads (
    id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- street (along grid boundaries in the demo) | lane
    kind      text NOT NULL DEFAULT 'street',
    line      geometry(LineString, 4326) NOT NULL,
    -- pgRouting topology (vertices in roads_vertices_pgr) and the length walked, both set by road_topology()
    source    bigint,
    target    bigint,
    length_m  double precision
);
CREATE INDEX roads_line_gix ON roads USING gist (line);
-- Nearest road to a point, in metres: ORDER BY line::geography <-> point::geography.
CREATE INDEX roads_line_geog_gix ON roads USING gist ((line::geography));
CREATE INDEX roads_source_ix ON roads (source);
CREATE INDEX roads_target_ix ON roads (target);

-- Rebuilds the topology after roads were loaded or edited: roads meet where their ends lie
-- within 1e-7° (about a centimetre) of each other; lengths are geodesic metres.
CREATE FUNCTION road_topology() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE roads SET length_m = ST_Length(line::geography);
    IF EXISTS (SELECT 1 FROM roads) AND pgr_createTopology('roads', 0.0000001, 'line', 'id', clean := true) <> 'OK' THEN
        RAISE EXCEPTION 'pgr_createTopology failed on roads';
    END IF;
END $$;

-- One counter per table, raised by every statement that writes it. The counter is updated in the
-- writing transaction, so a reader sees the new count exactly when it can see the new rows.
CREATE TABLE data_versions (
    name     text PRIMARY KEY,
    version  bigint NOT NULL DEFAULT 0
);
INSERT INTO data_versions (name) VALUES ('areas'), ('households'), ('service_stations'), ('roads');
-- Raised by the triggers of Data/Sql/data_versions.sql.
