-- One report at a random point of the synthetic district (District.SyntheticSql), straight into
-- report_case: PostgreSQL's share of a report, without the server. See docs/benchmarks-live.md.
\set lon random(1210000, 1213999)
\set lat random(318000, 319999)
SELECT id FROM report_case('municipal_facilities', 'pgbench', NULL::text, 'api',
                           (:lon / 10000.0)::float8, (:lat / 10000.0)::float8,
                           now(), now() + interval '45 minutes', interval '24 hours', 50.0::float8);
