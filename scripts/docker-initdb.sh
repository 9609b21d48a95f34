#!/bin/sh
# The PostGIS container's first start (docker-compose.yml): GridMap's schema owner and service
# roles, neither a superuser, and the database handed to the owner. pgRouting is not in this
# image, so walking distance is not offered there.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE gridmap_owner LOGIN PASSWORD '$GRIDMAP_OWNER_PASSWORD';
CREATE ROLE gridmap_service LOGIN PASSWORD '$GRIDMAP_SERVICE_PASSWORD';
CREATE EXTENSION IF NOT EXISTS postgis;
ALTER DATABASE "$POSTGRES_DB" OWNER TO gridmap_owner;
SQL
