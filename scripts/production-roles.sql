-- Canbao on a PostgreSQL server: the roles and the database, run ONCE by a superuser (psql -v ... -f this file).
--
--   psql -h HOST -U postgres -v owner_password="'…'" -v request_password="'…'" -f scripts/production-roles.sql
--
-- Three roles, none a superuser, none with BYPASSRLS:
--   canbao_app      NOLOGIN. What every request's transaction runs as (SET LOCAL ROLE): table grants and
--                   row-level-security policies per region and unit, created by the migrations.
--   canbao_owner    LOGIN, DATABASE_URL. Owns the database and every object the migrations create; runs the
--                   migrations and the system work without a scope (login, sessions, payment notifications, receipts,
--                   import engine). Never used for a request's scoped transaction when DATABASE_SCOPED_URL is set.
--   canbao_request  LOGIN, DATABASE_SCOPED_URL. NOINHERIT member of canbao_app and nothing else, owning nothing: it
--                   can only SET ROLE canbao_app. A RESET ROLE inside a request's transaction lands here, where no
--                   table can be read or written at all — never more than canbao_app.
-- The app runs then with
--   DATABASE_URL=postgres://canbao_owner:…@HOST/canbao  DATABASE_SCOPED_URL=postgres://canbao_request:…@HOST/canbao

-- canbao_app is cluster-wide and may exist already (another city's database on the same server).
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'canbao_app') THEN
    CREATE ROLE canbao_app NOLOGIN NOSUPERUSER NOINHERIT NOBYPASSRLS NOCREATEDB NOCREATEROLE;
  END IF;
END $$;
CREATE ROLE canbao_owner LOGIN PASSWORD :owner_password NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
CREATE ROLE canbao_request LOGIN PASSWORD :request_password NOSUPERUSER NOINHERIT NOBYPASSRLS NOCREATEDB NOCREATEROLE;

-- The owner's system work switches to canbao_app too (the migrations check they may).
GRANT canbao_app TO canbao_owner;
GRANT canbao_app TO canbao_request;

CREATE DATABASE canbao OWNER canbao_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE canbao FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE canbao TO canbao_owner, canbao_request;

\connect canbao
-- The schema belongs to the owner (PostgreSQL 15+ gives public to pg_database_owner; older versions to postgres).
ALTER SCHEMA public OWNER TO canbao_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
-- canbao_request gets nothing here: no USAGE, no table, no function. canbao_app's grants come from the migrations.
