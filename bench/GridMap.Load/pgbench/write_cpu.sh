#!/bin/bash
# PostgreSQL's CPU for filing reports, the server left out: N batches of 5 reports at random points
# of the synthetic district (District.SyntheticSql) through report_cases, in one statement on one
# connection; prints the CPU time the backend used (utime + stime from /proc, so run it on the
# database's machine) and the wall time. CPU time is what a shared, loaded machine changes least.
# Usage: write_cpu.sh DATABASE [N]   (libpq settings from PGHOST, PGPORT, PGUSER, PGPASSWORD)
# Works on d48f67f's report_cases too (no reported_by): alternate the builds' databases.
set -euo pipefail
db=$1; n=${2:-300}
# The load tool's reports are filed by a signed-in user: the same here, where report_cases takes one.
extra=$(psql -d "$db" -qAtc "SELECT CASE WHEN pronargs >= 11 THEN ', array_fill((SELECT min(id) FROM users), ARRAY[5])' ELSE '' END FROM pg_proc WHERE proname = 'report_cases'")
psql -d "$db" -qAt <<SQL
SELECT pg_backend_pid() AS pid \gset
\setenv BPID :pid
\! awk '{print \$14 + \$15}' /proc/\$BPID/stat > /tmp/write_cpu.\$BPID
SELECT clock_timestamp() AS t0 \gset
SELECT count(*) FROM generate_series(1, $n) b, LATERAL (SELECT 1 FROM report_cases(
  array_fill('municipal_facilities'::text, ARRAY[5]), array_fill('write_cpu'::text, ARRAY[5]), array_fill(NULL::text, ARRAY[5]), array_fill('api'::text, ARRAY[5]),
  ARRAY(SELECT 121.0 + random() * 0.4 + b * 0 FROM generate_series(1, 5)), ARRAY(SELECT 31.8 + random() * 0.2 + b * 0 FROM generate_series(1, 5)),
  array_fill(now(), ARRAY[5]), array_fill(now() + interval '45 minutes', ARRAY[5]), interval '24 hours', 50.0::float8 $extra)) x \g /dev/null
\! echo "cpu \$(( ( \$(awk '{print \$14 + \$15}' /proc/\$BPID/stat) - \$(cat /tmp/write_cpu.\$BPID) ) * 1000 / \$(getconf CLK_TCK) )) ms"; rm -f /tmp/write_cpu.\$BPID
SELECT 'wall ' || round(extract(epoch FROM clock_timestamp() - :'t0') * 1000) || ' ms';
SQL
