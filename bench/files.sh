#!/usr/bin/env bash
# make bench, files (issue 30): upload and download throughput of one 100 MB file (MB/s, and the
# server's CPU seconds per MB), the server's RSS while ten 100 MB uploads run at once, and the
# thumbnail time per image (bench/image_bench.cpp). The floor is the disk: writing 100 MB and
# fsyncing it with dd, which every upload must do at least once. Loopback only; it ends by itself.
# usage: bench/files.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d "${TMPDIR:-/tmp}/parley-files-bench.XXXXXX")
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mb=100
head -c $((mb * 1024 * 1024)) /dev/urandom >"$work/big.bin"
ticks=$(getconf CLK_TCK)

build/parley serve --port 0 --db "sqlite:$work/parley.db" --files "$work/files" --limit all=off \
  --max-connections-per-ip 100000 >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/log" && break; sleep 0.05; done
url=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/log" | sed 's/listening on //')
[ -n "$url" ] || { cat "$work/log"; exit 1; }
token=$(curl -sf -H 'Content-Type: application/json' -d '{"username":"bench","password":"password123"}' \
  "$url/auth/register" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
room=$(curl -sf -H 'Content-Type: application/json' -H "Authorization: Bearer $token" \
  -d '{"name":"files"}' "$url/groups" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

cpu() { awk -v t="$ticks" '{print ($14 + $15) / t}' "/proc/$pid/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
seconds() { python3 -c "import sys; print(float(sys.argv[1]) - float(sys.argv[2]))" "$@"; }
upload() {  # upload FILE: prints the file's url
  curl -sf -H "Authorization: Bearer $token" -H 'Expect:' -F "file=@$1" "$url/files?roomId=$room" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["files"][0]["url"])'
}

echo "## files: one ${mb} MB file up and down, ten at once, thumbnails"
for _ in $(seq "$runs"); do
  t0=$(date +%s.%N)
  dd if="$work/big.bin" of="$work/floor.bin" bs=1M conv=fdatasync status=none
  floor=$(python3 -c "print(round($mb / ($(date +%s.%N) - $t0), 1))")
  rm -f "$work/floor.bin"

  c0=$(cpu); t0=$(date +%s.%N)
  file=$(upload "$work/big.bin")
  up_s=$(seconds "$(date +%s.%N)" "$t0"); up_cpu=$(seconds "$(cpu)" "$c0")
  c0=$(cpu); t0=$(date +%s.%N)
  curl -sf -H "Authorization: Bearer $token" -o "$work/back.bin" "$url$file"
  down_s=$(seconds "$(date +%s.%N)" "$t0"); down_cpu=$(seconds "$(cpu)" "$c0")
  cmp -s "$work/big.bin" "$work/back.bin" || { echo "FAILED: the download differs" >&2; exit 1; }
  rm -f "$work/back.bin"

  # Ten at once (each a different file, so none is deduplicated), RSS sampled every 20 ms.
  for i in $(seq 10); do
    { printf '%02d' "$i"; head -c $((mb * 1024 * 1024 - 2)) "$work/big.bin"; } >"$work/p$i.bin"
  done
  rss0=$(rss_kb); peak=$rss0
  uploads=()
  for i in $(seq 10); do
    upload "$work/p$i.bin" >/dev/null &
    uploads+=($!)
  done
  running() { for p in "${uploads[@]}"; do kill -0 "$p" 2>/dev/null && return 0; done; return 1; }
  while running; do
    r=$(rss_kb); [ "$r" -gt "$peak" ] && peak=$r
    sleep 0.02
  done
  for p in "${uploads[@]}"; do wait "$p"; done
  rm -f "$work"/p*.bin
  python3 - "$mb" "$up_s" "$up_cpu" "$down_s" "$down_cpu" "$floor" "$rss0" "$peak" <<'PY'
import sys
mb, up_s, up_cpu, down_s, down_cpu, floor, rss0, peak = map(float, sys.argv[1:])
print(f"files upload_mb_s={mb / up_s:.1f} upload_cpu_s_per_mb={up_cpu / mb:.4f} "
      f"download_mb_s={mb / down_s:.1f} download_cpu_s_per_mb={down_cpu / mb:.4f} "
      f"disk_floor_mb_s={floor} upload_vs_floor={mb / up_s / floor:.2f} "
      f"rss_before_mb={rss0 / 1024:.1f} rss_peak_10x100mb_mb={peak / 1024:.1f} "
      f"rss_growth_mb={(peak - rss0) / 1024:.1f}")
PY
done
build/parley_image_bench --count 10
