-- Merges the new entries of the reads' household index (personal_data_reads_households_gin) into
-- the index itself, for Auth/PersonalDataReadsMerge.cs, every second. GIN keeps new entries in a
-- pending list and merges it once it passes 4 MB, in whichever insert fills it: on a city district
-- that request (a household tile, a list of households) waited for it every ~850 household tiles,
-- 1.1 s on an idle machine and past a tile's 3 s limit under load, which failed the tile
-- (docs/benchmarks.md). An insert that finds a merge under way goes on without
-- waiting, so merged here, no request pays for it. Only the index's owner may merge: the function
-- runs as its owner, and the service may call it and nothing else of the owner's.
-- Re-applied whenever this file changes (Data/Migrator.cs).
CREATE OR REPLACE FUNCTION merge_personal_data_reads_index() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT gin_clean_pending_list('public.personal_data_reads_households_gin'::regclass)
$$;
REVOKE ALL ON FUNCTION merge_personal_data_reads_index() FROM PUBLIC;
