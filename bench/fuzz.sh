#!/usr/bin/env bash
# Runs every libFuzzer target (tests/fuzz/, under ASan+UBSan) for SECONDS each, one after the
# other, and prints executions and crashes per target in a table.
# Usage: bench/fuzz.sh [SECONDS]   (default 60)
# Builds build-asan first (scripts/sanitize.sh's directory and flags); the corpus each target
# grows stays in build-asan/fuzz-work/<target>/corpus, so later runs start from it. A crash
# leaves its input in build-asan/fuzz-work/<target>/ (replay: build-asan/fuzz/<target> FILE).
# Exits 1 when any target crashed or broke an invariant.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
scripts/sanitize.sh asan-build --target fuzz_targets >/dev/null
# tests/fuzz/CMakeLists.txt lists the targets ("a;b;c").
targets=$(tr ';' ' ' <build-asan/fuzz/targets.txt)

status=0
results=()
for t in $targets; do
  line=$(tests/fuzz/run.sh "build-asan/fuzz/$t" "$seconds" build-asan/fuzz-work) || status=1
  results+=("$line")
done
printf '\n%-22s %14s %8s %8s  %s\n' target executions crashes corpus "crash input"
for line in "${results[@]}"; do
  read -r name execs crashes corpus artifact <<<"$line"
  printf '%-22s %14s %8s %8s  %s\n' "$name" "$execs" "$crashes" "$corpus" "$artifact"
done
exit "$status"
