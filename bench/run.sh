#!/usr/bin/env bash
# make bench: the benchmarks of docs/benchmarks.md against build/parley, each repeated, and,
# with BASELINE=path/to/another/parley, the same runs against that binary in the same session
# (alternating, so both see the same machine). Loopback only; every run ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
servers=(build/parley)
[ -n "${BASELINE:-}" ] && servers=("$BASELINE" build/parley)

for threads in 1 2; do
  echo "## fan-out: 10 rooms x 100 clients, 300 messages per room, window 8, --threads $threads"
  for run in $(seq "$runs"); do
    for server in "${servers[@]}"; do
      printf '%-28s ' "$server"
      build/parley_bench --server "$server" --rooms 10 --per-room 100 --messages 300 \
        --window 8 --server-threads "$threads" | grep -E 'frames/s|CPU-second' |
        sed -E 's/.* ([0-9]+) frames\/s$/\1 frames\/s,/; s/.*: ([0-9]+) frames per server CPU-second/\1 per server CPU-second/' |
        paste -sd' '
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
