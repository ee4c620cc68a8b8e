#!/usr/bin/env bash
# Builds the fuzz targets (fuzz/) with clang and runs each for SECONDS (default 60), starting
# from the checked-in corpus. New inputs go to a temporary folder, never into the corpus; a
# crash leaves its input in build-fuzz/ and fails the run.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
seconds=${1:-60}
root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build-fuzz"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$root/fuzz" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" >/dev/null
cmake --build "$build"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in protocol rest_body; do
  mkdir -p "$work/$target"
  echo "fuzz_$target: ${seconds} s"
  "$build/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$build/crash-$target-" -print_final_stats=1 \
    "$work/$target" "$root/fuzz/corpus/$target" 2> "$work/$target.log" || {
    tail -60 "$work/$target.log"
    echo "fuzz_$target failed: the input is in $build/crash-$target-*"
    exit 1
  }
  grep -E "^stat::number_of_executed_units|^Done" "$work/$target.log" || true
done
