-- Run once as the postgres superuser: psql -f deploy/postgresql/setup.sql
-- The app connects over the local socket as the system user "filmsite" (peer authentication,
-- no password): DATABASE_URL=postgres://filmsite@%2Fvar%2Frun%2Fpostgresql/filmsite
-- and in pg_hba.conf, above the other "local" lines:  local  filmsite  filmsite  peer
CREATE ROLE filmsite LOGIN;
CREATE DATABASE filmsite OWNER filmsite ENCODING 'UTF8' TEMPLATE template0;
ALTER ROLE filmsite SET timezone = 'UTC';
