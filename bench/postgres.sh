#!/usr/bin/env bash
# The PostgreSQL scenarios of docs/benchmarks.md, each beside the same run on SQLite: durable
# sends (ack after commit, fsync on) across 100 rooms and into one hot room, and latency at
# 500 msg/s into 100 rooms x 10. bench/run.sh starts it on a throwaway PostgreSQL with fsync on
# (PARLEY_PG_DURABLE=1 scripts/with-postgres.sh bench/postgres.sh); each run gets a new database.
# PostgreSQL shares the machine's cores with Parley and the generator, so nothing is pinned
# but the latency runs' server (CPU 0) and generator (CPU 1).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${PARLEY_TEST_PG:-}" ] || { echo "run through scripts/with-postgres.sh" >&2; exit 1; }
runs=${RUNS:-3}
pin=()
[ "$(nproc)" -ge 2 ] && pin=(--pin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# run NAME ARGS...: one load generator run, its line printed and kept under NAME.
run() {
  local name=$1
  shift
  local line
  line=$(build/parley_loadgen --server build/parley "$@") || { echo "FAILED: $*" >&2; return 1; }
  echo "$line"
  echo "$line" >>"$out/$name"
}

# median NAME DB KEY: the median of KEY=value over NAME's lines for database DB.
median() {
  grep -F "db=$2 " "$out/$1" | grep -o " $3=[0-9.]*" | cut -d= -f2 | sort -g |
    awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'
}

echo "## PostgreSQL: $(psql "$PARLEY_TEST_PG" -Atc 'show server_version') (fsync $(psql "$PARLEY_TEST_PG" -Atc 'show fsync'), synchronous_commit $(psql "$PARLEY_TEST_PG" -Atc 'show synchronous_commit'))"
for _ in $(seq "$runs"); do
  for db in sqlite postgres; do
    # Every message carries a clientMsgId, as the web client's do: the retry check runs too.
    run rooms100 --db "$db" --mode fanout --rooms 100 --per-room 1 --messages 300 --client-msg-ids
    run hot --db "$db" --mode fanout --rooms 1 --per-room 10 --messages 20000 --window 256 \
      --client-msg-ids
    run latency500 --db "$db" --mode latency --rooms 100 --per-room 10 --rate 500 --seconds 3 \
      "${pin[@]}"
  done
done

echo
echo "## medians of $runs runs"
printf '%-52s %12s %12s\n' scenario sqlite postgres
printf '%-52s %12s %12s\n' "durable sends, 100 rooms x 1 (messages/s)" \
  "$(median rooms100 sqlite messages_per_s)" "$(median rooms100 postgres messages_per_s)"
printf '%-52s %12s %12s\n' "durable sends, 1 hot room x 10 (messages/s)" \
  "$(median hot sqlite messages_per_s)" "$(median hot postgres messages_per_s)"
printf '%-52s %12s %12s\n' "500 msg/s into 100 rooms x 10: p50 (ms)" \
  "$(median latency500 sqlite p50_ms)" "$(median latency500 postgres p50_ms)"
printf '%-52s %12s %12s\n' "500 msg/s into 100 rooms x 10: p99 (ms)" \
  "$(median latency500 sqlite p99_ms)" "$(median latency500 postgres p99_ms)"
