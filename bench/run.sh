#!/usr/bin/env bash
# make bench: the scenarios of docs/benchmarks.md against build/parley, each repeated RUNS times
# (default 3), beside bench/baseline/ws-baseline.mjs (npm `ws`, no database) where that server
# can take part, and with BASELINE=path/to/another/parley against that binary too, alternating
# run by run so all see the same machine. With two or more cores the server is pinned to CPU 0
# and the load generator to CPU 1 for the one-thread runs. Every figure line is key=value; a
# table of medians ends the output, and docs/bench-latency.svg plots delivered frames/s and
# p99 latency against offered load. It starts with the machine's floor (bench/machine_floor.cpp:
# the kernel's cost of loopback deliveries and the disk's fdatasync, with no server at all), the
# ceiling any server has here on the day. Loopback only; every run ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-3}
loads=${LOADS:-"500 1000 2000 5000 10000"}
servers=(build/parley)
[ -n "${BASELINE:-}" ] && servers=("$BASELINE" build/parley)
node_baseline=bench/baseline/ws-baseline.mjs
pin=()
[ "$(nproc)" -ge 2 ] && pin=(--pin)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# run NAME SERVER ARGS...: one load generator run, its line printed and kept under NAME.
run() {
  local name=$1 server=$2
  shift 2
  local line
  line=$(build/parley_loadgen --server "$server" "$@") || { echo "FAILED: $server $*" >&2; return 1; }
  echo "$server: $line"
  echo "$server $line" >>"$out/$name"
}

# floor NAME ARGS...: one run of the machine's floor (no server), its line printed and kept.
floor() {
  local name=$1 line
  shift
  line=$(build/parley_floor "$@") || { echo "FAILED: parley_floor $*" >&2; return 1; }
  echo "$line"
  echo "$line" >>"$out/$name"
}

# 9,000 sockets at most: the floor holds both ends, and the hard descriptor limit here is 20,000.
floor_sockets="10 100 1000 9000"
echo "## floor: what this machine allows any server (kernel loopback and disk alone, no server)"
for _ in $(seq "$runs"); do
  floor floor-1 --mode loopback --frames-per-write 1 "${pin[@]}"
  for n in $floor_sockets; do
    floor "floor-8-$n" --mode loopback --sockets "$n" --messages $((1000000 / n)) "${pin[@]}"
  done
  floor floor-disk --mode disk
done

for shape in "10 100" "1 1000"; do
  set -- $shape
  for threads in 1 2; do
    echo "## fan-out: $1 rooms x $2 clients, 300 messages per room, window 8, --threads $threads"
    p=(); [ "$threads" = 1 ] && p=("${pin[@]}")
    for _ in $(seq "$runs"); do
      [ "$threads" = 1 ] && run "fanout-$1x$2-t1" "$node_baseline" --mode fanout --rooms "$1" \
        --per-room "$2" "${p[@]}"  # Node is one thread either way
      for s in "${servers[@]}"; do
        run "fanout-$1x$2-t$threads" "$s" --mode fanout --rooms "$1" --per-room "$2" \
          --server-threads "$threads" "${p[@]}"
      done
    done
  done
done

# Browser tabs: every socket hears all its user's rooms (room_activity for the rooms it has not
# joined) and has one open, as the web client's sockets do. One user owns the 10 rooms, so a
# message reaches 100 joined sockets and 900 idle watchers. Parley only (the baseline has no
# room list).
for threads in 1 2; do
  echo "## browser tabs: 10 rooms x 100 sockets of one user, each hearing all 10 rooms, 100 messages per room, --threads $threads"
  p=(); [ "$threads" = 1 ] && p=("${pin[@]}")
  for _ in $(seq "$runs"); do
    for s in "${servers[@]}"; do
      run "fanout-10x100-browser-t$threads" "$s" --mode fanout --rooms 10 --per-room 100 \
        --messages 100 --browser --server-threads "$threads" "${p[@]}"
    done
  done
done

# Cost as work grows: 10 members per room (each message fans out to 10), 1 to 1,000 rooms, that
# is 10 to 10,000 connections; about 1,000,000 frames per run whatever the shape.
for rooms in 1 10 100 1000; do
  echo "## growth: $rooms rooms x 10 clients, $((100000 / rooms)) messages per room, --threads 1"
  for _ in $(seq "$runs"); do
    for s in "${servers[@]}"; do
      run "growth-${rooms}x10" "$s" --mode fanout --rooms "$rooms" --per-room 10 \
        --messages $((100000 / rooms)) "${pin[@]}"
    done
  done
done

echo "## latency: 100 rooms x 10 clients, open loop, 1 s warm-up then 3 s measured, --threads 1"
for load in $loads; do
  for _ in $(seq "$runs"); do
    for s in "$node_baseline" "${servers[@]}"; do
      run "latency-$load" "$s" --mode latency --rooms 100 --per-room 10 --rate "$load" \
        --seconds 3 "${pin[@]}"
    done
  done
done

echo "## idle memory: 10,000 connections in 100 rooms, then a 100-message burst per room"
for _ in $(seq "$runs"); do
  for s in "$node_baseline" "${servers[@]}"; do run idle "$s" --mode idle --rooms 100 --per-room 100 "${pin[@]}"; done
done

# Parley only: the baseline bounds nothing of what it queues for a socket.
echo "## stalled readers: 1,000 sockets stop reading while 100 messages/s of 2,000 characters go on"
for s in "${servers[@]}"; do run stalled "$s" --mode stalled --per-room 1001 --rate 100 --seconds 15; done

echo "## join: a room with 1,000,000 stored messages (Parley only: the baseline stores nothing)"
for _ in $(seq "$runs"); do
  for s in "${servers[@]}"; do run join "$s" --mode join --stored 1000000 "${pin[@]}"; done
done

# median FILE SERVER KEY: the median of KEY=value over SERVER's lines in FILE.
median() {
  grep -F "$2 " "$1" 2>/dev/null | grep -o "$3=[0-9.]*" | cut -d= -f2 | sort -g |
    awk '{v[NR]=$1} END {if (NR) print v[int((NR+1)/2)]; else print "-"}'
}

echo
echo "## medians of $runs runs"
printf 'floor: frames per sender CPU-second, 8 frames per write, by sockets:'
for n in $floor_sockets; do printf ' %s %s' "$n" "$(median "$out/floor-8-$n" floor frames_per_sender_cpu_s)"; done
echo "; 1 frame per write, 1000 sockets: $(median "$out/floor-1" floor frames_per_sender_cpu_s)"
echo "floor: fdatasync p50 / p99 ms: overwrite $(median "$out/floor-disk" floor overwrite_p50_ms) /" \
  "$(median "$out/floor-disk" floor overwrite_p99_ms), append" \
  "$(median "$out/floor-disk" floor append_p50_ms) / $(median "$out/floor-disk" floor append_p99_ms)"
printf '%-28s %-34s %12s %12s %10s %10s\n' scenario server frames/s per-CPU-s p99-ms gen-CPU-s
for f in "$out"/fanout-* "$out"/growth-* "$out"/latency-*; do
  [ -e "$f" ] || continue
  for s in "$node_baseline" "${servers[@]}"; do
    grep -qF "$s " "$f" || continue
    printf '%-28s %-34s %12s %12s %10s %10s\n' "$(basename "$f")" "$s" \
      "$(median "$f" "$s" frames_per_s)" "$(median "$f" "$s" frames_per_server_cpu_s)" \
      "$(median "$f" "$s" p99_ms)" "$(median "$f" "$s" generator_cpu_s)"
  done
done | sort -V
# CPU per delivered frame of browser-like sockets against joined-only ones (the issue's bound: 1.5).
for s in "${servers[@]}"; do
  for threads in 1 2; do
    joined=$(median "$out/fanout-10x100-t$threads" "$s" frames_per_server_cpu_s)
    browser=$(median "$out/fanout-10x100-browser-t$threads" "$s" frames_per_server_cpu_s)
    awk -v j="$joined" -v b="$browser" -v s="$s" -v t="$threads" 'BEGIN {
      if (j > 0 && b > 0) printf "browser/joined CPU per frame %s --threads %s: %.2f\n", s, t, j / b }'
  done
done
for s in "$node_baseline" "${servers[@]}"; do
  grep -qF "$s " "$out/idle" || continue
  echo "idle $s: KiB per idle connection $(median "$out/idle" "$s" kib_per_idle_connection)," \
    "after a burst $(median "$out/idle" "$s" kib_per_connection_after_burst)"
done
for s in "${servers[@]}"; do
  grep -F "$s " "$out/stalled" | grep -o 'peak_over_idle_kib=[0-9]* queue_bound_kib=[0-9]* peak_over_bound=[0-9.]*.*' |
    sed "s|^|stalled readers $s: |"
done
for s in "${servers[@]}"; do
  echo "join $s: join_last_100 p50 $(grep -F "$s " "$out/join" | grep -o 'join_last_100 p50_ms=[0-9.]*' |
    cut -d= -f2 | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}') ms"
done

# The plot: delivered frames/s and p99 against offered messages/s, Parley and the baseline.
data="$out/plot.dat"
for load in $loads; do
  printf '%s' "$load" >>"$data"
  for s in "$node_baseline" "${servers[@]}"; do
    printf ' %s %s' "$(median "$out/latency-$load" "$s" frames_per_s)" \
      "$(median "$out/latency-$load" "$s" p99_ms)" >>"$data"
  done
  echo >>"$data"
done
# plot_columns FIRST: a gnuplot `plot` of every server's column, from FIRST in steps of 2.
plot_columns() {
  local plot="plot" col=$1
  for s in "$node_baseline" "${servers[@]}"; do
    plot+=" '$data' using 1:$col with linespoints title '$(basename "$s")',"
    col=$((col + 2))
  done
  echo "${plot%,}"
}
{
  echo "set terminal svg size 900,420 dynamic font 'sans,11'"
  echo "set output 'docs/bench-latency.svg'"
  echo "set multiplot layout 1,2 title '100 rooms x 10 clients, open loop, medians of $runs runs ($(nproc) cores)'"
  echo "set xlabel 'offered messages/s'; set logscale x; set key top left; set grid"
  echo "set ylabel 'delivered frames/s'"
  plot_columns 2
  echo "set ylabel 'p99 latency (ms)'; set logscale y"
  plot_columns 3
  echo "unset multiplot"
} | gnuplot
echo "plot: docs/bench-latency.svg"

echo "## REST read (GET /groups/:id/messages) idle, then while one client floods the room"
for _ in $(seq "$runs"); do
  for s in "${servers[@]}"; do
    echo "$s"
    build/parley_rest_bench --server "$s" | sed 's/^/  /'
  done
done

echo "## PostgreSQL beside SQLite (a throwaway PostgreSQL with fsync on)"
PARLEY_PG_DURABLE=1 scripts/with-postgres.sh bench/postgres.sh

echo "## Several nodes: PostgreSQL (fsync on) and Redis"
PARLEY_PG_DURABLE=1 PARLEY_PG_STATEMENTS=1 scripts/with-postgres.sh scripts/with-redis.sh bench/cluster.sh

echo "## Files: uploads, downloads and thumbnails"
bench/files.sh "$runs"
