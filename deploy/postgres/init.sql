-- Runs once, when the postgresql volume is first initialised (/docker-entrypoint-initdb.d/).
-- The application's own database; its tables are created by the API's migrations on start.
-- Temporal's databases (temporal, temporal_visibility) are created by temporal-admin-tools.
SELECT 'CREATE DATABASE arshjul OWNER temporal'
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'arshjul')\gexec
