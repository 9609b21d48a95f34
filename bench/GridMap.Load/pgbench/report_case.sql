-- One report at a random point of the synthetic district (District.SyntheticSql), straight into
-- report_cases as a batch of one: PostgreSQL's share of a report, without the server. See
-- docs/benchmarks-live.md.
\set lon random(1210000, 1213999)
\set lat random(318000, 319999)
SELECT report FROM report_cases(ARRAY['municipal_facilities'], ARRAY['pgbench'], ARRAY[NULL::text], ARRAY['api'],
                                ARRAY[(:lon / 10000.0)::float8], ARRAY[(:lat / 10000.0)::float8],
                                ARRAY[now()], ARRAY[now() + interval '45 minutes'],
                                interval '24 hours', 50.0::float8);
