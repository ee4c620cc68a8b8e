#!/usr/bin/env bash
# with-postgres.sh COMMAND...: runs COMMAND with PARLEY_TEST_PG set to a throwaway PostgreSQL.
# The server is Debian's (installed by install-deps.sh --test): initdb into a temporary folder,
# started on a free loopback port with a socket only in that folder, and stopped and removed
# when COMMAND ends, whether it passed or not. With PARLEY_TEST_PG already set, that server is
# used instead and nothing is started. As root, the server runs as the `postgres` user (initdb
# refuses root). fsync is off: the tests check Parley, not the disk; commits still wait for
# PostgreSQL's own WAL write, so a server restart loses nothing acked. PARLEY_PG_DURABLE=1
# keeps fsync on, for benchmarks whose acks must mean "on disk"; PARLEY_PG_STATEMENTS=1 loads
# pg_stat_statements, for benchmarks that count the queries Parley sends.
set -euo pipefail
if [ -n "${PARLEY_TEST_PG:-}" ]; then exec "$@"; fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL not found: run scripts/install-deps.sh --test" >&2; exit 1; }
dir=$(mktemp -d /tmp/parley-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres --)
fi
stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT
"${as_owner[@]}" "$bindir/initdb" -D "$dir/data" -U parley --auth=trust -E UTF8 --locale=C.UTF-8 \
  --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }

# A free port: one nothing answers on; if another process takes it first, try again. The
# settings go into postgresql.conf, so a test that stops the server (PARLEY_TEST_PG_CTL with
# PARLEY_TEST_PG_DATA) starts it again the same with a plain `pg_ctl start`.
for _ in 1 2 3 4 5; do
  port=$(pick_port)
  cat >>"$dir/data/postgresql.conf" <<CONF  # on a retry, the later lines win
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = $([ "${PARLEY_PG_DURABLE:-}" = 1 ] && echo on || echo off)
max_connections = 200
$([ "${PARLEY_PG_STATEMENTS:-}" = 1 ] && echo "shared_preload_libraries = 'pg_stat_statements'")
CONF
  if "${as_owner[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null; then
    export PARLEY_TEST_PG="postgres://parley@127.0.0.1:$port/postgres"
    export PARLEY_TEST_PG_DATA="$dir/data" PARLEY_TEST_PG_CTL="${as_owner[*]} $bindir/pg_ctl"
    "$@"
    exit $?
  fi
done
echo "could not start PostgreSQL; its log:" >&2
cat "$dir/server.log" >&2
exit 1
