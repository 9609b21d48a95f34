-- Versioned boundaries (051_area_versions.sql): whichever writer changes an area's boundary (a
-- boundary change, an import that replaces an area), the old one is closed into area_versions and
-- the new one is in force from the change's transaction time. A boundary changed twice in one
-- transaction was never in force in between, so only the first closes a version.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION keep_area_version() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF ST_AsBinary(NEW.boundary) = ST_AsBinary(OLD.boundary) THEN
        RETURN NEW;
    END IF;
    IF OLD.valid_from < transaction_timestamp() THEN
        INSERT INTO area_versions (area_id, boundary, valid_from, valid_to, closed_by)
        VALUES (OLD.id, OLD.boundary, OLD.valid_from, transaction_timestamp(),
                coalesce(nullif(current_setting('gridmap.actor', true), ''), current_user));
    END IF;
    NEW.valid_from := transaction_timestamp();
    RETURN NEW;
END $$;

DROP TRIGGER IF EXISTS areas_keep_version ON areas;
CREATE TRIGGER areas_keep_version BEFORE UPDATE OF boundary ON areas
    FOR EACH ROW EXECUTE FUNCTION keep_area_version();

-- The areas as they were at time t, each with the boundary then in force; an area made after t is
-- not there. Columns as in areas, so a query can read areas_at(t) where it would read areas.
CREATE OR REPLACE FUNCTION areas_at(t timestamptz)
RETURNS TABLE (id bigint, level text, layer text, code text, name text, parent_id bigint, boundary geometry)
LANGUAGE sql STABLE AS $$
    SELECT a.id, a.level, a.layer, a.code, a.name, a.parent_id, a.boundary FROM areas a WHERE a.valid_from <= t
    UNION ALL
    SELECT a.id, a.level, a.layer, a.code, a.name, a.parent_id, v.boundary
    FROM area_versions v JOIN areas a ON a.id = v.area_id
    WHERE v.valid_from <= t AND t < v.valid_to
$$;
