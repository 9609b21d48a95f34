-- The one form in which times leave the server: ISO 8601 in China Standard Time with its offset
-- (2026-03-09T09:00:00.25+08:00), whatever the session's TimeZone; the same text System.Text.Json
-- writes for a DateTimeOffset at +08:00 (Data/ApiTime.cs), which a test holds them to.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION api_time(t timestamptz) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT (to_jsonb(t AT TIME ZONE INTERVAL '+08:00') #>> '{}') || '+08:00'
$$;
