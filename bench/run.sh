#!/usr/bin/env bash
# make bench: the benchmarks of docs/benchmarks.md against build/parley, each repeated, with
# the same fan-out runs against bench/baseline/ws-baseline.mjs (npm `ws`, no database) and,
# with BASELINE=path/to/another/parley, against that binary too, alternating run by run so all
# see the same machine. Loopback only; every run ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
servers=(build/parley)
[ -n "${BASELINE:-}" ] && servers=("$BASELINE" build/parley)
baseline=bench/baseline/ws-baseline.mjs

# One fan-out run: delivered frames/s and frames per server CPU-second on one line.
fanout() {  # server threads rooms per-room
  printf '%-32s ' "$1"
  build/parley_bench --server "$1" --server-threads "$2" --rooms "$3" --per-room "$4" \
    --messages 300 --window 8 | grep -E 'frames/s|CPU-second' |
    sed -E 's/.* ([0-9]+) frames\/s$/\1 frames\/s,/; s/.*: ([0-9]+) frames per server CPU-second/\1 per server CPU-second/' |
    paste -sd' '
}

for shape in "10 100" "1 1000"; do
  set -- $shape
  for threads in 1 2; do
    echo "## fan-out: $1 rooms x $2 clients, 300 messages per room, window 8, --threads $threads"
    for run in $(seq "$runs"); do
      [ "$threads" = 1 ] && fanout "$baseline" 1 "$1" "$2"  # Node is one thread either way
      for server in "${servers[@]}"; do fanout "$server" "$threads" "$1" "$2"; done
    done
  done
done

echo "## REST read (GET /groups/:id/messages) idle, then while one client floods the room"
for run in $(seq "$runs"); do
  for server in "${servers[@]}"; do
    echo "$server"
    build/parley_rest_bench --server "$server" | sed 's/^/  /'
  done
done
