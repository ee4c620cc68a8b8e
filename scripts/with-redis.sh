#!/usr/bin/env bash
# with-redis.sh COMMAND...: runs COMMAND with PARLEY_TEST_REDIS set to a throwaway Redis
# (Debian's redis-server, installed by install-deps.sh --test): no persistence, a free loopback
# port, its files in a temporary folder; stopped and removed when COMMAND ends, whether it
# passed or not. With PARLEY_TEST_REDIS already set, that server is used and nothing is
# started. PARLEY_TEST_REDIS_DIR names the folder (a test that restarts Redis starts it again
# with `redis-server "$PARLEY_TEST_REDIS_DIR/redis.conf"`).
set -euo pipefail
if [ -n "${PARLEY_TEST_REDIS:-}" ]; then exec "$@"; fi
source "$(dirname "${BASH_SOURCE[0]}")/lib/ports.sh"
command -v redis-server >/dev/null ||
  { echo "redis-server not found: run scripts/install-deps.sh --test" >&2; exit 1; }
dir=$(mktemp -d /tmp/parley-redis.XXXXXX)
stop() {
  [ -f "$dir/redis.pid" ] && kill "$(cat "$dir/redis.pid")" 2>/dev/null || true
  for _ in $(seq 50); do [ -f "$dir/redis.pid" ] || break; sleep 0.1; done
  rm -rf "$dir"
}
trap stop EXIT

for _ in 1 2 3 4 5; do
  port=$(pick_port)
  cat >"$dir/redis.conf" <<CONF
bind 127.0.0.1
port $port
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
save ""
appendonly no
CONF
  redis-server "$dir/redis.conf" || continue
  for _ in $(seq 50); do
    if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then
      export PARLEY_TEST_REDIS="redis://127.0.0.1:$port" PARLEY_TEST_REDIS_DIR="$dir"
      "$@"
      exit $?
    fi
    sleep 0.1
  done
done
echo "could not start Redis; its log:" >&2
cat "$dir/redis.log" >&2 2>/dev/null || true
exit 1
