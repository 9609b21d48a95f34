-- The area a service station serves: the area of the station's level that covers its point (for a
-- grid station, the Party grid). Placing a planned station and editing a station both ask it.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION station_area_at(station_level text, p geometry) RETURNS bigint
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT id FROM areas
    WHERE level = station_level AND (layer IS NULL OR layer = 'party') AND ST_Covers(boundary, p)
    ORDER BY id LIMIT 1
$$;
