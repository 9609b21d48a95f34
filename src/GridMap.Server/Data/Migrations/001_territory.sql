-- Territory: the nested areas, and the people and places pinned on them.
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE areas (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    level       text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid', 'micro_grid')),
    -- Grid layers coexist (党建 / 综治 / 城管 grids); only grids and micro-grids have one.
    layer       text CHECK (layer IN ('party', 'governance', 'city_management')),
    code        text NOT NULL CHECK (code ~ '^[0-9]{6}([0-9]{3}){0,4}$'),
    name        text NOT NULL,
    parent_id   bigint REFERENCES areas (id),
    population  integer CHECK (population >= 0),
    boundary    geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(boundary)),
    CHECK ((level IN ('grid', 'micro_grid')) = (layer IS NOT NULL)),
    CHECK ((level = 'district') = (parent_id IS NULL)),
    UNIQUE NULLS NOT DISTINCT (layer, code)
);
CREATE INDEX areas_boundary_gix ON areas USING gist (boundary);
CREATE INDEX areas_parent_ix ON areas (parent_id);
CREATE INDEX areas_level_ix ON areas (level, layer);

-- The Party-building grid that covers a point: the grid a household, staff member or case
-- belongs to is derived from its location, never typed by hand.
CREATE FUNCTION grid_at(p geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT id FROM areas
    WHERE level = 'grid' AND layer = 'party' AND ST_Covers(boundary, p)
    ORDER BY id LIMIT 1
$$;

CREATE TABLE households (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL,
    members     integer NOT NULL CHECK (members BETWEEN 1 AND 50),
    -- demonstration | leading | prosperity | civility | member  (党员示范户 / 党员引领户 / 致富示范户 / 文明示范户 / 党员户)
    kind        text NOT NULL CHECK (kind IN ('demonstration', 'leading', 'prosperity', 'civility', 'member')),
    phone       text,
    location    geometry(Point, 4326) NOT NULL,
    grid_id     bigint REFERENCES areas (id)
);
CREATE INDEX households_location_gix ON households USING gist (location);
CREATE INDEX households_grid_ix ON households (grid_id);

CREATE FUNCTION households_derive_grid() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.grid_id := grid_at(NEW.location);
    RETURN NEW;
END $$;
CREATE TRIGGER households_derive_grid BEFORE INSERT OR UPDATE OF location ON households
    FOR EACH ROW EXECUTE FUNCTION households_derive_grid();

CREATE TABLE service_stations (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL,
    level          text NOT NULL CHECK (level IN ('district', 'street', 'community', 'grid')),
    -- planned: proposed by a planner (site suggestion), not yet built
    status         text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'planned')),
    location       geometry(Point, 4326) NOT NULL,
    radius_m       double precision NOT NULL CHECK (radius_m > 0 AND radius_m <= 20000),
    opening_hours  text,
    services       text[] NOT NULL DEFAULT '{}',
    area_id        bigint REFERENCES areas (id)
);
CREATE INDEX service_stations_location_gix ON service_stations USING gist (location);

CREATE TABLE staff (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text NOT NULL,
    role          text NOT NULL CHECK (role IN ('grid_leader', 'grid_worker', 'party_member')),
    home_grid_id  bigint NOT NULL REFERENCES areas (id),
    phone         text,
    on_duty       boolean NOT NULL DEFAULT false,
    location      geometry(Point, 4326),
    located_at    timestamptz
);
CREATE INDEX staff_location_gix ON staff USING gist (location);
CREATE INDEX staff_home_grid_ix ON staff (home_grid_id);
