-- The schema of d48f67f (its migrations 001–016 and Grants.sql as they were then), for MigrateForwardTests:
-- pg_dump --inserts --no-comments of a database its server migrated (owner gmold_owner, service gmold_service),
-- the two psql meta-commands taken out. Not applied by the server; the test names the roles.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: postgis; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS postgis WITH SCHEMA public;


--
-- Name: pgrouting; Type: EXTENSION; Schema: -; Owner: -
--

CREATE EXTENSION IF NOT EXISTS pgrouting WITH SCHEMA public;


--
-- Name: append_case_event(bigint, text, text, text, text, text, public.geometry); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.append_case_event(p_case_id bigint, p_actor text, p_actor_role text, p_action text, p_from_status text, p_note text DEFAULT NULL::text, p_location public.geometry DEFAULT NULL::public.geometry) RETURNS bigint
    LANGUAGE plpgsql
    AS $$
DECLARE
    c cases;
    s bigint;
    areas bigint[];
BEGIN
    SELECT * INTO STRICT c FROM cases WHERE id = p_case_id;
    UPDATE live_seq SET last = last + 1 WHERE id = 1 RETURNING last INTO s;
    areas := array_remove(ARRAY[c.grid_id, c.community_id, c.street_id, c.district_id], NULL);
    INSERT INTO case_events (seq, case_id, actor, actor_role, action, from_status, to_status, note, location, area_ids, snapshot)
    VALUES (s, c.id, p_actor, p_actor_role, p_action, p_from_status, c.status, p_note, p_location, areas, case_snapshot(c));
    -- Identical notifications of one transaction fold into one; the listener needs no more.
    PERFORM pg_notify('case_events', '');
    RETURN s;
END $$;


ALTER FUNCTION public.append_case_event(p_case_id bigint, p_actor text, p_actor_role text, p_action text, p_from_status text, p_note text, p_location public.geometry) OWNER TO gmold_owner;

--
-- Name: area_chain_at(public.geometry); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.area_chain_at(p public.geometry) RETURNS TABLE(grid_id bigint, community_id bigint, street_id bigint, district_id bigint)
    LANGUAGE sql STABLE
    AS $$
    WITH RECURSIVE chain AS (
        (SELECT id, level, parent_id FROM areas
         WHERE ST_Covers(boundary, p) AND level IN ('grid', 'community', 'street', 'district')
               AND (level <> 'grid' OR layer = 'party')
         ORDER BY array_position(ARRAY['grid', 'community', 'street', 'district'], level), id
         LIMIT 1)
        UNION ALL
        SELECT a.id, a.level, a.parent_id FROM areas a JOIN chain c ON a.id = c.parent_id
    )
    SELECT max(id) FILTER (WHERE level = 'grid'), max(id) FILTER (WHERE level = 'community'),
           max(id) FILTER (WHERE level = 'street'), max(id) FILTER (WHERE level = 'district')
    FROM chain
$$;


ALTER FUNCTION public.area_chain_at(p public.geometry) OWNER TO gmold_owner;

--
-- Name: area_subtree(bigint); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.area_subtree(root bigint) RETURNS SETOF bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    WITH RECURSIVE t(id) AS (
        SELECT id FROM areas WHERE id = root
        UNION ALL
        SELECT a.id FROM areas a JOIN t ON a.parent_id = t.id)
    SELECT id FROM t
$$;


ALTER FUNCTION public.area_subtree(root bigint) OWNER TO gmold_owner;

--
-- Name: bump_data_version(); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.bump_data_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        UPDATE data_versions SET version = version + 1 WHERE name = TG_TABLE_NAME;
    ELSIF EXISTS (SELECT 1 FROM changed_rows) THEN
        UPDATE data_versions SET version = version + 1 WHERE name = TG_TABLE_NAME;
    END IF;
    RETURN NULL;
END $$;


ALTER FUNCTION public.bump_data_version() OWNER TO gmold_owner;

--
-- Name: case_events_append_only(); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.case_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'case_events is an append-only audit trail';
END $$;


ALTER FUNCTION public.case_events_append_only() OWNER TO gmold_owner;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: cases; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.cases (
    id bigint NOT NULL,
    category_code text NOT NULL,
    description text NOT NULL,
    reporter text,
    source text DEFAULT 'api'::text NOT NULL,
    status text DEFAULT 'reported'::text NOT NULL,
    location public.geometry(Point,4326) NOT NULL,
    grid_id bigint,
    community_id bigint,
    street_id bigint,
    district_id bigint,
    assignee_id bigint,
    possible_duplicate_of bigint,
    reported_at timestamp with time zone DEFAULT now() NOT NULL,
    dispatch_due timestamp with time zone,
    dispatched_at timestamp with time zone,
    handling_due timestamp with time zone,
    closed_at timestamp with time zone,
    overdue_notified_at timestamp with time zone,
    version integer DEFAULT 1 NOT NULL,
    registered_at timestamp with time zone,
    feedback_at timestamp with time zone,
    updated_at timestamp with time zone DEFAULT now() NOT NULL,
    pauses tstzrange[] DEFAULT '{}'::tstzrange[] NOT NULL,
    paused_since timestamp with time zone,
    extension_requested_hours integer,
    extension_granted_hours integer DEFAULT 0 NOT NULL,
    rework_count integer DEFAULT 0 NOT NULL,
    published boolean DEFAULT false NOT NULL,
    CONSTRAINT cases_description_check CHECK (((length(description) >= 1) AND (length(description) <= 2000))),
    CONSTRAINT cases_extension_granted_hours_check CHECK ((extension_granted_hours >= 0)),
    CONSTRAINT cases_extension_requested_hours_check CHECK ((extension_requested_hours > 0)),
    CONSTRAINT cases_reporter_check CHECK ((length(reporter) <= 200)),
    CONSTRAINT cases_status_known CHECK ((status = ANY (ARRAY['reported'::text, 'registered'::text, 'voided'::text, 'dispatched'::text, 'in_progress'::text, 'returned'::text, 'extension_requested'::text, 'extended'::text, 'parked'::text, 'feedback_submitted'::text, 'checking'::text, 'closed'::text])))
);


ALTER TABLE public.cases OWNER TO gmold_owner;

--
-- Name: case_snapshot(public.cases); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.case_snapshot(c public.cases) RETURNS jsonb
    LANGUAGE sql STABLE
    AS $$
    SELECT jsonb_build_object(
        'id', c.id, 'status', c.status, 'categoryCode', c.category_code,
        'description', c.description, 'lon', ST_X(c.location), 'lat', ST_Y(c.location),
        'gridId', c.grid_id, 'communityId', c.community_id, 'streetId', c.street_id,
        'assigneeId', c.assignee_id, 'possibleDuplicateOf', c.possible_duplicate_of,
        'reportedAt', c.reported_at, 'deadline', coalesce(c.handling_due, c.dispatch_due),
        'overdue', c.overdue_notified_at IS NOT NULL AND c.status NOT IN ('closed', 'voided'),
        'version', c.version)
$$;


ALTER FUNCTION public.case_snapshot(c public.cases) OWNER TO gmold_owner;

--
-- Name: grid_at(public.geometry); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.grid_at(p public.geometry) RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$
    SELECT id FROM areas
    WHERE level = 'grid' AND layer = 'party' AND ST_Covers(boundary, p)
    ORDER BY id LIMIT 1
$$;


ALTER FUNCTION public.grid_at(p public.geometry) OWNER TO gmold_owner;

--
-- Name: households_derive_grid(); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.households_derive_grid() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    NEW.grid_id := grid_at(NEW.location);
    RETURN NEW;
END $$;


ALTER FUNCTION public.households_derive_grid() OWNER TO gmold_owner;

--
-- Name: mask_name(text, boolean); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.mask_name(value text, unmasked boolean DEFAULT false) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN unmasked OR value IS NULL THEN value
        WHEN char_length(value) <= 1 THEN '*'
        WHEN char_length(value) = 2 THEN left(value, 1) || '*'
        ELSE left(value, 1) || repeat('*', char_length(value) - 2) || right(value, 1)
    END
$$;


ALTER FUNCTION public.mask_name(value text, unmasked boolean) OWNER TO gmold_owner;

--
-- Name: mask_phone(text, boolean); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.mask_phone(value text, unmasked boolean DEFAULT false) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
    SELECT CASE
        WHEN unmasked OR value IS NULL THEN value
        WHEN char_length(value) >= 8 THEN left(value, 3) || repeat('*', char_length(value) - 7) || right(value, 4)
        WHEN char_length(value) <= 2 THEN repeat('*', char_length(value))
        ELSE repeat('*', char_length(value) - 2) || right(value, 2)
    END
$$;


ALTER FUNCTION public.mask_phone(value text, unmasked boolean) OWNER TO gmold_owner;

--
-- Name: personal_data_reads_append_only(); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.personal_data_reads_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    RAISE EXCEPTION 'personal_data_reads is an append-only record';
END $$;


ALTER FUNCTION public.personal_data_reads_append_only() OWNER TO gmold_owner;

--
-- Name: report_case(text, text, text, text, double precision, double precision, timestamp with time zone, timestamp with time zone, interval, double precision); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.report_case(p_category_code text, p_description text, p_reporter text, p_source text, p_lon double precision, p_lat double precision, p_now timestamp with time zone, p_dispatch_due timestamp with time zone, p_duplicate_window interval, p_duplicate_metres double precision) RETURNS SETOF public.cases
    LANGUAGE plpgsql
    SET enable_seqscan TO 'off'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    p geometry := ST_SetSRID(ST_MakePoint(p_lon, p_lat), 4326);
    c cases;
BEGIN
    INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                       possible_duplicate_of, reported_at, updated_at, dispatch_due)
    SELECT p_category_code, p_description, p_reporter, p_source, p, a.grid_id, a.community_id, a.street_id, a.district_id,
           (SELECT d.id FROM cases d
            WHERE d.category_code = p_category_code AND d.status NOT IN ('closed', 'voided')
              -- As an age, not a range of reported_at: the range could use cases_reported_at_ix,
              -- and in a burst every case is recent, so it matched the whole table.
              AND p_now - d.reported_at >= interval '0' AND p_now - d.reported_at < p_duplicate_window
              AND ST_DWithin(d.location::geography, p::geography, p_duplicate_metres)
            ORDER BY ST_Distance(d.location::geography, p::geography), d.id
            LIMIT 1),
           p_now, p_now, p_dispatch_due
    FROM area_chain_at(p) a
    WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
    RETURNING * INTO c;
    IF c.id IS NULL THEN
        RETURN;
    END IF;
    PERFORM append_case_event(c.id, coalesce(p_reporter, p_source), 'reporter', 'report', NULL, NULL, c.location);
    RETURN NEXT c;
END $$;


ALTER FUNCTION public.report_case(p_category_code text, p_description text, p_reporter text, p_source text, p_lon double precision, p_lat double precision, p_now timestamp with time zone, p_dispatch_due timestamp with time zone, p_duplicate_window interval, p_duplicate_metres double precision) OWNER TO gmold_owner;

--
-- Name: report_cases(text[], text[], text[], text[], double precision[], double precision[], timestamp with time zone[], timestamp with time zone[], interval, double precision); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.report_cases(p_category_code text[], p_description text[], p_reporter text[], p_source text[], p_lon double precision[], p_lat double precision[], p_now timestamp with time zone[], p_dispatch_due timestamp with time zone[], p_duplicate_window interval, p_duplicate_metres double precision) RETURNS SETOF public.cases
    LANGUAGE plpgsql
    SET enable_seqscan TO 'off'
    SET plan_cache_mode TO 'force_generic_plan'
    AS $$
DECLARE
    p geometry;
    filed_ord integer[] := '{}';
    filed_id bigint[] := '{}';
    id bigint;
    c cases;
BEGIN
    FOR i IN 1 .. coalesce(array_length(p_category_code, 1), 0) LOOP
        p := ST_SetSRID(ST_MakePoint(p_lon[i], p_lat[i]), 4326);
        id := NULL;
        INSERT INTO cases (category_code, description, reporter, source, location, grid_id, community_id, street_id, district_id,
                           possible_duplicate_of, reported_at, updated_at, dispatch_due)
        SELECT p_category_code[i], p_description[i], p_reporter[i], p_source[i], p, a.grid_id, a.community_id, a.street_id, a.district_id,
               (SELECT d.id FROM cases d
                WHERE d.category_code = p_category_code[i] AND d.status NOT IN ('closed', 'voided')
                  AND p_now[i] - d.reported_at >= interval '0' AND p_now[i] - d.reported_at < p_duplicate_window
                  AND ST_DWithin(d.location::geography, p::geography, p_duplicate_metres)
                ORDER BY ST_Distance(d.location::geography, p::geography), d.id
                LIMIT 1),
               p_now[i], p_now[i], p_dispatch_due[i]
        FROM area_chain_at(p) a
        WHERE coalesce(a.grid_id, a.community_id, a.street_id, a.district_id) IS NOT NULL
        RETURNING cases.id INTO id;
        IF id IS NOT NULL THEN
            filed_ord := filed_ord || i;
            filed_id := filed_id || id;
        END IF;
    END LOOP;
    FOR j IN 1 .. coalesce(array_length(filed_id, 1), 0) LOOP
        PERFORM append_case_event(filed_id[j], coalesce(p_reporter[filed_ord[j]], p_source[filed_ord[j]]), 'reporter', 'report', NULL, NULL,
                                  ST_SetSRID(ST_MakePoint(p_lon[filed_ord[j]], p_lat[filed_ord[j]]), 4326));
    END LOOP;
    FOR j IN 1 .. coalesce(array_length(filed_id, 1), 0) LOOP
        SELECT * INTO c FROM cases WHERE cases.id = filed_id[j];
        RETURN NEXT c;
    END LOOP;
END $$;


ALTER FUNCTION public.report_cases(p_category_code text[], p_description text[], p_reporter text[], p_source text[], p_lon double precision[], p_lat double precision[], p_now timestamp with time zone[], p_dispatch_due timestamp with time zone[], p_duplicate_window interval, p_duplicate_metres double precision) OWNER TO gmold_owner;

--
-- Name: road_topology(); Type: FUNCTION; Schema: public; Owner: gmold_owner
--

CREATE FUNCTION public.road_topology() RETURNS void
    LANGUAGE plpgsql
    AS $$
BEGIN
    UPDATE roads SET length_m = ST_Length(line::geography);
    IF EXISTS (SELECT 1 FROM roads) AND pgr_createTopology('roads', 0.0000001, 'line', 'id', clean := true) <> 'OK' THEN
        RAISE EXCEPTION 'pgr_createTopology failed on roads';
    END IF;
END $$;


ALTER FUNCTION public.road_topology() OWNER TO gmold_owner;

--
-- Name: areas; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.areas (
    id bigint NOT NULL,
    level text NOT NULL,
    layer text,
    code text NOT NULL,
    name text NOT NULL,
    parent_id bigint,
    population integer,
    boundary public.geometry(MultiPolygon,4326) NOT NULL,
    CONSTRAINT areas_boundary_check CHECK (public.st_isvalid(boundary)),
    CONSTRAINT areas_check CHECK (((level = ANY (ARRAY['grid'::text, 'micro_grid'::text])) = (layer IS NOT NULL))),
    CONSTRAINT areas_check1 CHECK (((level = 'district'::text) = (parent_id IS NULL))),
    CONSTRAINT areas_code_check CHECK ((code ~ '^[0-9]{6}([0-9]{3}){0,4}$'::text)),
    CONSTRAINT areas_layer_check CHECK ((layer = ANY (ARRAY['party'::text, 'governance'::text, 'city_management'::text]))),
    CONSTRAINT areas_level_check CHECK ((level = ANY (ARRAY['district'::text, 'street'::text, 'community'::text, 'grid'::text, 'micro_grid'::text]))),
    CONSTRAINT areas_population_check CHECK ((population >= 0))
);


ALTER TABLE public.areas OWNER TO gmold_owner;

--
-- Name: areas_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.areas ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.areas_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: case_events; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.case_events (
    seq bigint NOT NULL,
    case_id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    actor text NOT NULL,
    actor_role text NOT NULL,
    action text NOT NULL,
    from_status text,
    to_status text NOT NULL,
    note text,
    location public.geometry(Point,4326),
    area_ids bigint[] NOT NULL,
    snapshot jsonb NOT NULL
);
ALTER TABLE ONLY public.case_events ALTER COLUMN seq SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN case_id SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN at SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN actor SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN actor_role SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN action SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN from_status SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN to_status SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN note SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN location SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN area_ids SET STATISTICS 10;
ALTER TABLE ONLY public.case_events ALTER COLUMN snapshot SET STATISTICS 10;


ALTER TABLE public.case_events OWNER TO gmold_owner;

--
-- Name: case_summons; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.case_summons (
    case_id bigint NOT NULL,
    department_code text NOT NULL,
    summoned_at timestamp with time zone NOT NULL,
    due_at timestamp with time zone NOT NULL,
    confirmed_at timestamp with time zone
);


ALTER TABLE public.case_summons OWNER TO gmold_owner;

--
-- Name: cases_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.cases ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.cases_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: data_protection_keys; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.data_protection_keys (
    name text NOT NULL,
    xml text NOT NULL
);


ALTER TABLE public.data_protection_keys OWNER TO gmold_owner;

--
-- Name: data_versions; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.data_versions (
    name text NOT NULL,
    version bigint DEFAULT 0 NOT NULL
);


ALTER TABLE public.data_versions OWNER TO gmold_owner;

--
-- Name: households; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.households (
    id bigint NOT NULL,
    name text NOT NULL,
    members integer NOT NULL,
    kind text NOT NULL,
    phone text,
    location public.geometry(Point,4326) NOT NULL,
    grid_id bigint,
    CONSTRAINT households_kind_check CHECK ((kind = ANY (ARRAY['demonstration'::text, 'leading'::text, 'prosperity'::text, 'civility'::text, 'member'::text]))),
    CONSTRAINT households_members_check CHECK (((members >= 1) AND (members <= 50)))
);


ALTER TABLE public.households OWNER TO gmold_owner;

--
-- Name: households_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.households ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.households_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: live_seq; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.live_seq (
    id integer NOT NULL,
    last bigint NOT NULL,
    CONSTRAINT live_seq_id_check CHECK ((id = 1))
);


ALTER TABLE public.live_seq OWNER TO gmold_owner;

--
-- Name: open311_api_keys; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.open311_api_keys (
    id bigint NOT NULL,
    name text NOT NULL,
    key_hash bytea NOT NULL,
    per_minute integer,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    revoked_at timestamp with time zone,
    CONSTRAINT open311_api_keys_name_check CHECK ((name ~ '^[a-z0-9][a-z0-9._-]{0,63}$'::text)),
    CONSTRAINT open311_api_keys_per_minute_check CHECK ((per_minute > 0))
);


ALTER TABLE public.open311_api_keys OWNER TO gmold_owner;

--
-- Name: open311_api_keys_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.open311_api_keys ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.open311_api_keys_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: personal_data_reads; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.personal_data_reads (
    id bigint NOT NULL,
    at timestamp with time zone DEFAULT now() NOT NULL,
    user_id bigint NOT NULL,
    username text NOT NULL,
    what text NOT NULL,
    household_ids bigint[] NOT NULL
);


ALTER TABLE public.personal_data_reads OWNER TO gmold_owner;

--
-- Name: personal_data_reads_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.personal_data_reads ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.personal_data_reads_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: roads; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.roads (
    id bigint NOT NULL,
    kind text DEFAULT 'street'::text NOT NULL,
    line public.geometry(LineString,4326) NOT NULL,
    source bigint,
    target bigint,
    length_m double precision
);


ALTER TABLE public.roads OWNER TO gmold_owner;

--
-- Name: roads_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.roads ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.roads_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.schema_migrations (
    version text NOT NULL,
    applied_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE public.schema_migrations OWNER TO gmold_owner;

--
-- Name: service_stations; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.service_stations (
    id bigint NOT NULL,
    name text NOT NULL,
    level text NOT NULL,
    status text DEFAULT 'open'::text NOT NULL,
    location public.geometry(Point,4326) NOT NULL,
    radius_m double precision NOT NULL,
    opening_hours text,
    services text[] DEFAULT '{}'::text[] NOT NULL,
    area_id bigint,
    CONSTRAINT service_stations_level_check CHECK ((level = ANY (ARRAY['district'::text, 'street'::text, 'community'::text, 'grid'::text]))),
    CONSTRAINT service_stations_radius_m_check CHECK (((radius_m > (0)::double precision) AND (radius_m <= (20000)::double precision))),
    CONSTRAINT service_stations_status_check CHECK ((status = ANY (ARRAY['open'::text, 'planned'::text])))
);


ALTER TABLE public.service_stations OWNER TO gmold_owner;

--
-- Name: service_stations_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.service_stations ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.service_stations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: staff; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.staff (
    id bigint NOT NULL,
    name text NOT NULL,
    role text NOT NULL,
    home_grid_id bigint NOT NULL,
    phone text,
    on_duty boolean DEFAULT false NOT NULL,
    location public.geometry(Point,4326),
    located_at timestamp with time zone,
    CONSTRAINT staff_role_check CHECK ((role = ANY (ARRAY['grid_leader'::text, 'grid_worker'::text, 'party_member'::text])))
);


ALTER TABLE public.staff OWNER TO gmold_owner;

--
-- Name: staff_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.staff ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.staff_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: gmold_owner
--

CREATE TABLE public.users (
    id bigint NOT NULL,
    username text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL,
    area_id bigint,
    staff_id bigint,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    CONSTRAINT users_check CHECK (((role <> 'reporter'::text) OR (area_id IS NULL))),
    CONSTRAINT users_check1 CHECK (((role = ANY (ARRAY['admin'::text, 'reporter'::text])) OR (area_id IS NOT NULL))),
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['admin'::text, 'command_centre'::text, 'grid_leader'::text, 'grid_worker'::text, 'planner'::text, 'reporter'::text]))),
    CONSTRAINT users_username_check CHECK ((username ~ '^[a-z0-9][a-z0-9._-]{0,63}$'::text))
);


ALTER TABLE public.users OWNER TO gmold_owner;

--
-- Name: users_id_seq; Type: SEQUENCE; Schema: public; Owner: gmold_owner
--

ALTER TABLE public.users ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME public.users_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Data for Name: areas; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: case_events; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: case_summons; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: cases; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: data_protection_keys; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: data_versions; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--

INSERT INTO public.data_versions VALUES ('areas', 0);
INSERT INTO public.data_versions VALUES ('households', 0);
INSERT INTO public.data_versions VALUES ('service_stations', 0);
INSERT INTO public.data_versions VALUES ('roads', 0);


--
-- Data for Name: households; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: live_seq; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--

INSERT INTO public.live_seq VALUES (1, 0);


--
-- Data for Name: open311_api_keys; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: personal_data_reads; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: roads; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--

INSERT INTO public.schema_migrations VALUES ('001_territory', '2026-12-03 11:42:04.0224+00');
INSERT INTO public.schema_migrations VALUES ('002_cases', '2026-12-03 11:42:04.227145+00');
INSERT INTO public.schema_migrations VALUES ('003_cases_workflow', '2026-12-03 11:42:04.33604+00');
INSERT INTO public.schema_migrations VALUES ('004_coverage', '2026-12-03 11:42:04.359425+00');
INSERT INTO public.schema_migrations VALUES ('005_auth', '2026-12-03 11:42:04.389324+00');
INSERT INTO public.schema_migrations VALUES ('006_report_case', '2026-12-03 11:42:04.463717+00');
INSERT INTO public.schema_migrations VALUES ('007_report_case_duplicate_by_distance', '2026-12-03 11:42:04.471573+00');
INSERT INTO public.schema_migrations VALUES ('008_overdue_scan_by_deadline', '2026-12-03 11:42:04.487732+00');
INSERT INTO public.schema_migrations VALUES ('009_case_events_steady_writes', '2026-12-03 11:42:04.559088+00');
INSERT INTO public.schema_migrations VALUES ('010_append_only_personal_data_reads', '2026-12-03 11:42:04.582973+00');
INSERT INTO public.schema_migrations VALUES ('011_live_and_token_keys', '2026-12-03 11:42:04.606953+00');
INSERT INTO public.schema_migrations VALUES ('012_open311_keys_and_public_cases', '2026-12-03 11:42:04.643003+00');
INSERT INTO public.schema_migrations VALUES ('015_data_versions_only_for_changes', '2026-12-03 11:42:04.747556+00');
INSERT INTO public.schema_migrations VALUES ('016_report_cases', '2026-12-03 11:42:04.783795+00');


--
-- Data for Name: service_stations; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: spatial_ref_sys; Type: TABLE DATA; Schema: public; Owner: postgres
--



--
-- Data for Name: staff; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: gmold_owner
--



--
-- Name: areas_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.areas_id_seq', 1, false);


--
-- Name: cases_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.cases_id_seq', 1, false);


--
-- Name: households_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.households_id_seq', 1, false);


--
-- Name: open311_api_keys_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.open311_api_keys_id_seq', 1, false);


--
-- Name: personal_data_reads_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.personal_data_reads_id_seq', 1, false);


--
-- Name: roads_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.roads_id_seq', 1, false);


--
-- Name: service_stations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.service_stations_id_seq', 1, false);


--
-- Name: staff_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.staff_id_seq', 1, false);


--
-- Name: users_id_seq; Type: SEQUENCE SET; Schema: public; Owner: gmold_owner
--

SELECT pg_catalog.setval('public.users_id_seq', 1, false);


--
-- Name: areas areas_layer_code_key; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_layer_code_key UNIQUE NULLS NOT DISTINCT (layer, code);


--
-- Name: areas areas_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_pkey PRIMARY KEY (id);


--
-- Name: case_events case_events_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_pkey PRIMARY KEY (seq);


--
-- Name: case_summons case_summons_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.case_summons
    ADD CONSTRAINT case_summons_pkey PRIMARY KEY (case_id, department_code);


--
-- Name: cases cases_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_pkey PRIMARY KEY (id);


--
-- Name: data_protection_keys data_protection_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.data_protection_keys
    ADD CONSTRAINT data_protection_keys_pkey PRIMARY KEY (name);


--
-- Name: data_versions data_versions_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.data_versions
    ADD CONSTRAINT data_versions_pkey PRIMARY KEY (name);


--
-- Name: households households_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_pkey PRIMARY KEY (id);


--
-- Name: live_seq live_seq_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.live_seq
    ADD CONSTRAINT live_seq_pkey PRIMARY KEY (id);


--
-- Name: open311_api_keys open311_api_keys_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.open311_api_keys
    ADD CONSTRAINT open311_api_keys_key_hash_key UNIQUE (key_hash);


--
-- Name: open311_api_keys open311_api_keys_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.open311_api_keys
    ADD CONSTRAINT open311_api_keys_pkey PRIMARY KEY (id);


--
-- Name: personal_data_reads personal_data_reads_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.personal_data_reads
    ADD CONSTRAINT personal_data_reads_pkey PRIMARY KEY (id);


--
-- Name: roads roads_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.roads
    ADD CONSTRAINT roads_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (version);


--
-- Name: service_stations service_stations_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.service_stations
    ADD CONSTRAINT service_stations_pkey PRIMARY KEY (id);


--
-- Name: staff staff_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_pkey PRIMARY KEY (id);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (id);


--
-- Name: users users_username_key; Type: CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_username_key UNIQUE (username);


--
-- Name: areas_boundary_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX areas_boundary_gix ON public.areas USING gist (boundary);


--
-- Name: areas_level_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX areas_level_ix ON public.areas USING btree (level, layer);


--
-- Name: areas_parent_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX areas_parent_ix ON public.areas USING btree (parent_id);


--
-- Name: case_events_areas_gin; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX case_events_areas_gin ON public.case_events USING gin (area_ids) WITH (fastupdate=off);


--
-- Name: case_events_case_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX case_events_case_ix ON public.case_events USING btree (case_id, seq);


--
-- Name: cases_assignee_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_assignee_ix ON public.cases USING btree (assignee_id);


--
-- Name: cases_community_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_community_ix ON public.cases USING btree (community_id);


--
-- Name: cases_dispatch_overdue_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_dispatch_overdue_ix ON public.cases USING btree (dispatch_due) WHERE (overdue_notified_at IS NULL);


--
-- Name: cases_district_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_district_ix ON public.cases USING btree (district_id);


--
-- Name: cases_grid_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_grid_ix ON public.cases USING btree (grid_id);


--
-- Name: cases_handling_overdue_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_handling_overdue_ix ON public.cases USING btree (handling_due) WHERE ((overdue_notified_at IS NULL) AND (handling_due IS NOT NULL));


--
-- Name: cases_location_geog_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_location_geog_gix ON public.cases USING gist (((location)::public.geography));


--
-- Name: cases_location_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_location_gix ON public.cases USING gist (location);


--
-- Name: cases_reported_at_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_reported_at_ix ON public.cases USING btree (reported_at);


--
-- Name: cases_status_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_status_ix ON public.cases USING btree (status);


--
-- Name: cases_street_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX cases_street_ix ON public.cases USING btree (street_id);


--
-- Name: households_grid_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX households_grid_ix ON public.households USING btree (grid_id);


--
-- Name: households_location_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX households_location_gix ON public.households USING gist (location);


--
-- Name: open311_api_keys_active_name_ux; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE UNIQUE INDEX open311_api_keys_active_name_ux ON public.open311_api_keys USING btree (name) WHERE (revoked_at IS NULL);


--
-- Name: personal_data_reads_at_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX personal_data_reads_at_ix ON public.personal_data_reads USING btree (at);


--
-- Name: personal_data_reads_households_gin; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX personal_data_reads_households_gin ON public.personal_data_reads USING gin (household_ids);


--
-- Name: roads_line_geog_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX roads_line_geog_gix ON public.roads USING gist (((line)::public.geography));


--
-- Name: roads_line_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX roads_line_gix ON public.roads USING gist (line);


--
-- Name: roads_source_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX roads_source_ix ON public.roads USING btree (source);


--
-- Name: roads_target_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX roads_target_ix ON public.roads USING btree (target);


--
-- Name: service_stations_location_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX service_stations_location_gix ON public.service_stations USING gist (location);


--
-- Name: staff_home_grid_ix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX staff_home_grid_ix ON public.staff USING btree (home_grid_id);


--
-- Name: staff_location_gix; Type: INDEX; Schema: public; Owner: gmold_owner
--

CREATE INDEX staff_location_gix ON public.staff USING gist (location);


--
-- Name: areas areas_deleted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER areas_deleted AFTER DELETE ON public.areas REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: areas areas_inserted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER areas_inserted AFTER INSERT ON public.areas REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: areas areas_truncated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER areas_truncated AFTER TRUNCATE ON public.areas FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: areas areas_updated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER areas_updated AFTER UPDATE ON public.areas REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: case_events case_events_append_only; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER case_events_append_only BEFORE DELETE OR UPDATE ON public.case_events FOR EACH ROW EXECUTE FUNCTION public.case_events_append_only();


--
-- Name: case_events case_events_no_truncate; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER case_events_no_truncate BEFORE TRUNCATE ON public.case_events FOR EACH STATEMENT EXECUTE FUNCTION public.case_events_append_only();


--
-- Name: households households_deleted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER households_deleted AFTER DELETE ON public.households REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: households households_derive_grid; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER households_derive_grid BEFORE INSERT OR UPDATE OF location ON public.households FOR EACH ROW EXECUTE FUNCTION public.households_derive_grid();


--
-- Name: households households_inserted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER households_inserted AFTER INSERT ON public.households REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: households households_truncated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER households_truncated AFTER TRUNCATE ON public.households FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: households households_updated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER households_updated AFTER UPDATE ON public.households REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: personal_data_reads personal_data_reads_append_only; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER personal_data_reads_append_only BEFORE DELETE OR UPDATE ON public.personal_data_reads FOR EACH ROW EXECUTE FUNCTION public.personal_data_reads_append_only();


--
-- Name: personal_data_reads personal_data_reads_no_truncate; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER personal_data_reads_no_truncate BEFORE TRUNCATE ON public.personal_data_reads FOR EACH STATEMENT EXECUTE FUNCTION public.personal_data_reads_append_only();


--
-- Name: roads roads_deleted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER roads_deleted AFTER DELETE ON public.roads REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: roads roads_inserted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER roads_inserted AFTER INSERT ON public.roads REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: roads roads_truncated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER roads_truncated AFTER TRUNCATE ON public.roads FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: roads roads_updated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER roads_updated AFTER UPDATE ON public.roads REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: service_stations service_stations_deleted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER service_stations_deleted AFTER DELETE ON public.service_stations REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: service_stations service_stations_inserted; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER service_stations_inserted AFTER INSERT ON public.service_stations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: service_stations service_stations_truncated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER service_stations_truncated AFTER TRUNCATE ON public.service_stations FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: service_stations service_stations_updated; Type: TRIGGER; Schema: public; Owner: gmold_owner
--

CREATE TRIGGER service_stations_updated AFTER UPDATE ON public.service_stations REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION public.bump_data_version();


--
-- Name: areas areas_parent_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.areas
    ADD CONSTRAINT areas_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES public.areas(id);


--
-- Name: case_events case_events_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.case_events
    ADD CONSTRAINT case_events_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.cases(id);


--
-- Name: case_summons case_summons_case_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.case_summons
    ADD CONSTRAINT case_summons_case_id_fkey FOREIGN KEY (case_id) REFERENCES public.cases(id);


--
-- Name: cases cases_assignee_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_assignee_id_fkey FOREIGN KEY (assignee_id) REFERENCES public.staff(id);


--
-- Name: cases cases_community_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_community_id_fkey FOREIGN KEY (community_id) REFERENCES public.areas(id);


--
-- Name: cases cases_district_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_district_id_fkey FOREIGN KEY (district_id) REFERENCES public.areas(id);


--
-- Name: cases cases_grid_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_grid_id_fkey FOREIGN KEY (grid_id) REFERENCES public.areas(id);


--
-- Name: cases cases_possible_duplicate_of_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_possible_duplicate_of_fkey FOREIGN KEY (possible_duplicate_of) REFERENCES public.cases(id);


--
-- Name: cases cases_street_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.cases
    ADD CONSTRAINT cases_street_id_fkey FOREIGN KEY (street_id) REFERENCES public.areas(id);


--
-- Name: households households_grid_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.households
    ADD CONSTRAINT households_grid_id_fkey FOREIGN KEY (grid_id) REFERENCES public.areas(id);


--
-- Name: personal_data_reads personal_data_reads_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.personal_data_reads
    ADD CONSTRAINT personal_data_reads_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.users(id);


--
-- Name: service_stations service_stations_area_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.service_stations
    ADD CONSTRAINT service_stations_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.areas(id);


--
-- Name: staff staff_home_grid_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.staff
    ADD CONSTRAINT staff_home_grid_id_fkey FOREIGN KEY (home_grid_id) REFERENCES public.areas(id);


--
-- Name: users users_area_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_area_id_fkey FOREIGN KEY (area_id) REFERENCES public.areas(id);


--
-- Name: users users_staff_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: gmold_owner
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_staff_id_fkey FOREIGN KEY (staff_id) REFERENCES public.staff(id);


--
-- Name: SCHEMA public; Type: ACL; Schema: -; Owner: pg_database_owner
--

GRANT USAGE ON SCHEMA public TO gmold_service;


--
-- Name: TABLE cases; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.cases TO gmold_service;


--
-- Name: TABLE areas; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.areas TO gmold_service;


--
-- Name: SEQUENCE areas_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.areas_id_seq TO gmold_service;


--
-- Name: TABLE case_events; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT ON TABLE public.case_events TO gmold_service;


--
-- Name: TABLE case_summons; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.case_summons TO gmold_service;


--
-- Name: SEQUENCE cases_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.cases_id_seq TO gmold_service;


--
-- Name: TABLE data_protection_keys; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT ON TABLE public.data_protection_keys TO gmold_service;


--
-- Name: TABLE data_versions; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.data_versions TO gmold_service;


--
-- Name: TABLE households; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.households TO gmold_service;


--
-- Name: SEQUENCE households_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.households_id_seq TO gmold_service;


--
-- Name: TABLE live_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.live_seq TO gmold_service;


--
-- Name: TABLE open311_api_keys; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.open311_api_keys TO gmold_service;


--
-- Name: SEQUENCE open311_api_keys_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.open311_api_keys_id_seq TO gmold_service;


--
-- Name: TABLE personal_data_reads; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT ON TABLE public.personal_data_reads TO gmold_service;


--
-- Name: SEQUENCE personal_data_reads_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.personal_data_reads_id_seq TO gmold_service;


--
-- Name: TABLE roads; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.roads TO gmold_service;


--
-- Name: SEQUENCE roads_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.roads_id_seq TO gmold_service;


--
-- Name: TABLE schema_migrations; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT ON TABLE public.schema_migrations TO gmold_service;


--
-- Name: TABLE service_stations; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.service_stations TO gmold_service;


--
-- Name: SEQUENCE service_stations_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.service_stations_id_seq TO gmold_service;


--
-- Name: TABLE staff; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,INSERT,DELETE,UPDATE ON TABLE public.staff TO gmold_service;


--
-- Name: SEQUENCE staff_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.staff_id_seq TO gmold_service;


--
-- Name: TABLE users; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT ON TABLE public.users TO gmold_service;


--
-- Name: SEQUENCE users_id_seq; Type: ACL; Schema: public; Owner: gmold_owner
--

GRANT SELECT,USAGE ON SEQUENCE public.users_id_seq TO gmold_service;


--
-- Name: DEFAULT PRIVILEGES FOR SEQUENCES; Type: DEFAULT ACL; Schema: public; Owner: gmold_owner
--

ALTER DEFAULT PRIVILEGES FOR ROLE gmold_owner IN SCHEMA public GRANT SELECT,USAGE ON SEQUENCES  TO gmold_service;


--
-- Name: DEFAULT PRIVILEGES FOR TABLES; Type: DEFAULT ACL; Schema: public; Owner: gmold_owner
--

ALTER DEFAULT PRIVILEGES FOR ROLE gmold_owner IN SCHEMA public GRANT SELECT,INSERT,DELETE,UPDATE ON TABLES  TO gmold_service;


--
-- PostgreSQL database dump complete
--


