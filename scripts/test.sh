#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds everything, runs the whole test
# suite (unit, HTTP over loopback, and end-to-end with real Prometheus and Alertmanager) and,
# beside it, builds and runs the container image (scripts/test-image.sh, needs root); then
# the whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer, with each fuzz
# target run briefly (scripts/sanitize.sh asan, built in build-asan beside the first run).
# Usage: scripts/test.sh [--plain | --sanitize | --tsan] [ctest args...]
#   --plain     only the plain suite and the image
#   --sanitize  only the ASan+UBSan suite (build-asan)
#   --tsan      only the ThreadSanitizer run of the threaded tests (build-tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
mode=all
case "${1:-}" in
  --plain | --sanitize | --tsan) mode="${1#--}" && shift ;;
esac
scripts/install-deps.sh test
case "$mode" in
  sanitize) exec scripts/sanitize.sh asan "$@" ;;
  tsan) exec scripts/sanitize.sh tsan "$@" ;;
esac
scripts/build.sh

# ctest mostly waits on real Prometheus and Alertmanager (about 10% of the CPU), so the image
# builds meanwhile, at a lower priority; its report follows ctest's. The sanitizer build runs
# there too, at the same priority.
image_log=$(mktemp)
asan_log=$(mktemp)
nice -n 10 scripts/test-image.sh >"$image_log" 2>&1 &
image_pid=$!
asan_pid=""
if [[ $mode == all ]]; then
  nice -n 10 scripts/sanitize.sh asan-build >"$asan_log" 2>&1 &
  asan_pid=$!
fi
trap 'kill -TERM $image_pid $asan_pid 2>/dev/null || true; wait; rm -f "$image_log" "$asan_log"' EXIT

status=0
(cd build && ctest --output-on-failure -j "${NAGAME_JOBS:-$(nproc)}" --timeout 600 "$@") ||
  status=$?
wait "$image_pid" || status=1
cat "$image_log"
if [[ $mode == all ]]; then
  echo "=== ASan+UBSan suite (build-asan) ==="
  if ! wait "$asan_pid"; then
    cat "$asan_log"
    exit 1
  fi
  scripts/sanitize.sh asan "$@" || status=1
fi
exit "$status"
