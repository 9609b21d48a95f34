-- case_events without periodic stalls. Every report appends here while it holds the live_seq
-- lock, so whatever one append costs, every other writer waits for.

-- The GIN index on area_ids (replay by area) gathered new entries in a pending list, and the
-- append that found the list full merged it into the index: half a second under the lock. At
-- 500 reports/s (pgbench -c 4 -R 500, 290,000 events) p99 was 463 ms with the list, 18 ms
-- without it (max 545 against 205 ms).
ALTER INDEX case_events_areas_gin SET (fastupdate = off);

-- Coarse statistics for the audit trail. ANALYZE samples 300 rows per point of the largest
-- statistics target (default 100), and under a steady flow of reports autovacuum analyses
-- case_events about once a minute: 0.8 s of a core each time at 280,000 events, a stall the live
-- map felt. Its queries (replay by seq and area, a case's trail, counts by action) need no
-- fine histograms: with a target of 10 the same ANALYZE takes 28 ms.
ALTER TABLE case_events
    ALTER COLUMN seq SET STATISTICS 10,
    ALTER COLUMN case_id SET STATISTICS 10,
    ALTER COLUMN at SET STATISTICS 10,
    ALTER COLUMN actor SET STATISTICS 10,
    ALTER COLUMN actor_role SET STATISTICS 10,
    ALTER COLUMN action SET STATISTICS 10,
    ALTER COLUMN from_status SET STATISTICS 10,
    ALTER COLUMN to_status SET STATISTICS 10,
    ALTER COLUMN note SET STATISTICS 10,
    ALTER COLUMN location SET STATISTICS 10,
    ALTER COLUMN area_ids SET STATISTICS 10,
    ALTER COLUMN snapshot SET STATISTICS 10;
