#!/usr/bin/env bash
# cluster.sh [COMMAND...]: a Parley cluster on this machine: a throwaway PostgreSQL and Redis
# (scripts/with-postgres.sh and with-redis.sh, or $PARLEY_TEST_PG and $PARLEY_TEST_REDIS),
# three `parley serve` nodes sharing them, and nginx in front (deploy/nginx.conf, round-robin).
#   make cluster             serves http://localhost:${PORT:-8080} with the web client until
#                            Ctrl+C, then stops everything and removes its data
#   scripts/cluster.sh CMD   runs CMD with PARLEY_CLUSTER_URL (nginx), PARLEY_CLUSTER_NODES
#                            (the nodes' ports), PARLEY_CLUSTER_PIDS (their process ids),
#                            PARLEY_CLUSTER_FILES (the files folder they share) and
#                            PARLEY_CLUSTER_REDIS_PREFIX (theirs, for a node started again),
#                            then stops everything; exits with CMD's status (the cluster tests)
# Everything listens on 127.0.0.1 only. PARLEY_BIN names the binary (default build/parley).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PARLEY_TEST_PG:-}" ] || [ -z "${PARLEY_TEST_REDIS:-}" ]; then
  exec scripts/with-postgres.sh scripts/with-redis.sh "$0" "$@"
fi
parley=$(realpath "${PARLEY_BIN:-build/parley}")
[ -x "$parley" ] || { echo "no $parley: run make build first" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx not found: scripts/install-deps.sh --cluster" >&2; exit 1; }

dir=$(mktemp -d /tmp/parley-cluster.XXXXXX)
chmod 755 "$dir"
pids=()
nginx_pid=""
stop() {
  trap - EXIT INT TERM
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
trap 'exit 130' INT TERM

web=()
[ -f web/dist/index.html ] && web=(--web-root "$(realpath web/dist)")
ports=()
for i in 1 2 3; do
  "$parley" serve --host 127.0.0.1 --port 0 --db "$PARLEY_TEST_PG" --redis "$PARLEY_TEST_REDIS" \
    --redis-prefix "cluster-$$:" --threads 2 --trust-proxy --files "$dir/files" "${web[@]}" \
    >"$dir/node$i.log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 200); do
    port=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$dir/node$i.log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    kill -0 "${pids[-1]}" 2>/dev/null || break
    sleep 0.05
  done
  [ -n "$port" ] || { echo "node $i did not start:" >&2; cat "$dir/node$i.log" >&2; exit 1; }
  ports+=("$port")
done

# nginx on ${PORT:-8080} for people; for a command, on a free port, tried again with another
# when another process binds it first.
source scripts/lib/ports.sh
for attempt in 1 2 3 4 5; do
  lb=${PORT:-8080}
  [ $# -gt 0 ] && lb=$(pick_port)
  sed -e "s/127.0.0.1:3001/127.0.0.1:${ports[0]}/" -e "s/127.0.0.1:3002/127.0.0.1:${ports[1]}/" \
    -e "s/127.0.0.1:3003/127.0.0.1:${ports[2]}/" -e "s/listen 8080;/listen 127.0.0.1:$lb;/" \
    deploy/nginx.conf >"$dir/nginx.conf"
  nginx -p "$dir" -c "$dir/nginx.conf" -g "daemon off;" >"$dir/nginx.log" 2>&1 &
  nginx_pid=$!
  # nginx writes its pid file once it holds its port (something else may answer on it before).
  for _ in $(seq 100); do
    [ "$(cat "$dir/nginx.pid" 2>/dev/null)" = "$nginx_pid" ] &&
      curl -sf "http://127.0.0.1:$lb/healthz" >/dev/null 2>&1 && break 2
    kill -0 "$nginx_pid" 2>/dev/null || break
    sleep 0.05
  done
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  if [ $# -eq 0 ] || [ "$attempt" -eq 5 ] || ! grep -q "Address already in use" "$dir/nginx.log"; then
    echo "nginx did not start:" >&2
    cat "$dir/nginx.log" >&2
    exit 1
  fi
done

if [ $# -gt 0 ]; then
  export PARLEY_CLUSTER_URL="http://127.0.0.1:$lb" PARLEY_CLUSTER_NODES="${ports[*]}" \
    PARLEY_CLUSTER_PIDS="${pids[*]}" PARLEY_CLUSTER_REDIS_PREFIX="cluster-$$:" \
    PARLEY_CLUSTER_FILES="$dir/files"
  set +e
  "$@"
  status=$?
  set -e
  exit "$status"
fi
echo "Parley cluster at http://localhost:$lb: nodes on ports ${ports[*]}, PostgreSQL and Redis" \
  "throwaway. Ctrl+C stops everything."
[ ${#web[@]} -gt 0 ] || echo "(no web client: run make build first to get one)"
wait "${pids[@]}"
