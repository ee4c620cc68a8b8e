#!/usr/bin/env bash
# The several-nodes figures of docs/benchmarks.md: latency at 500 msg/s into 100 rooms x 10 on
# one node alone, one node with Redis, and two nodes (each room's sender on the first, its other
# members on the second, so every delivery but the sender's echo crosses nodes through Redis),
# alternating run by run, all on one PostgreSQL with fsync on; and Redis's traffic per message.
# Then a reconnect storm: 10,000 clients in 100 rooms over two nodes drop, 20 messages per room
# are sent, all reconnect with `since`; time to `joined` and history reads (pg_stat_statements).
# Last, Redis (a private one) restarted under two nodes subscribed to 10,000 rooms: how much
# reached the second node's clients during the outage (from the database, by reconciling), and
# the time until both have resubscribed and every client has what it missed.
# bench/run.sh starts it as
#   PARLEY_PG_DURABLE=1 PARLEY_PG_STATEMENTS=1 scripts/with-postgres.sh scripts/with-redis.sh \
#     bench/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${PARLEY_TEST_PG:-}" ] && [ -n "${PARLEY_TEST_REDIS:-}" ] ||
  { echo "run through scripts/with-postgres.sh scripts/with-redis.sh" >&2; exit 1; }
runs=${RUNS:-3}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
common=(--server build/parley --db postgres --mode latency --rooms 100 --per-room 10 --rate 500
  --seconds 3)

for _ in $(seq "$runs"); do
  for shape in alone redis1 redis2; do
    case $shape in
      alone) args=() ;;
      redis1) args=(--nodes 1 --redis "$PARLEY_TEST_REDIS") ;;
      redis2) args=(--nodes 2 --redis "$PARLEY_TEST_REDIS") ;;
    esac
    lines=$(build/parley_loadgen "${common[@]}" "${args[@]}") || { echo "FAILED: $shape" >&2; exit 1; }
    echo "$shape: $lines"
    echo "$lines" >>"$out/$shape"
  done
done

# median SHAPE KEY
median() {
  grep -o " $2=[0-9.]*" "$out/$1" | cut -d= -f2 | sort -g |
    awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'
}
echo
echo "## medians of $runs runs: 500 msg/s into 100 rooms x 10 (5,000 deliveries/s)"
printf '%-44s %8s %8s %10s %14s\n' shape p50-ms p99-ms max-ms publish/msg
for shape in alone redis1 redis2; do
  case $shape in
    alone) name="one node, no Redis" ;;
    redis1) name="one node with Redis" ;;
    redis2) name="two nodes: deliveries cross through Redis" ;;
  esac
  pub="-"
  if [ "$shape" != alone ]; then
    pub=$(awk -v p="$(median "$shape" publish_calls)" 'BEGIN {printf "%.2f", p / 2000}')
  fi
  printf '%-44s %8s %8s %10s %14s\n' "$name" "$(median "$shape" p50_ms)" "$(median "$shape" p99_ms)" \
    "$(median "$shape" max_ms)" "$pub"
done
echo "nodes subscribed to a room's channel (two nodes): $(median redis2 subscribed_nodes_per_room)"

echo
echo "## reconnect storm: 10,000 clients in 100 rooms over two nodes, 20 messages missed each"
for _ in $(seq "$runs"); do
  build/parley_loadgen --server build/parley --db postgres --mode storm --nodes 2 --rooms 100 \
    --per-room 100 --messages 20 || { echo "FAILED: storm" >&2; exit 1; }
done

echo
echo "## Redis restarted under two nodes with 10,000 rooms subscribed (down 5 s, a message per room meanwhile)"
for _ in $(seq "$runs"); do
  build/parley_loadgen --server build/parley --db postgres --mode restart --nodes 2 --rooms 10000 \
    --outage 5 || { echo "FAILED: restart" >&2; exit 1; }
done
