#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds everything, runs the whole test
# suite (unit, HTTP over loopback, end-to-end with real Prometheus and Alertmanager, the
# meeting screen in Chromium) and, beside it, builds and runs the container image
# (scripts/test-image.sh, needs root).
# Usage: scripts/test.sh [--sanitize | --tsan] [ctest args...]
#   --sanitize  instead: the suite under AddressSanitizer + UndefinedBehaviorSanitizer, with
#               each fuzz target run briefly (scripts/sanitize.sh asan, in build-asan)
#   --tsan      instead: ThreadSanitizer on the threaded tests (scripts/sanitize.sh tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  --sanitize)
    shift
    scripts/install-deps.sh sanitize
    exec scripts/sanitize.sh asan "$@"
    ;;
  --tsan)
    shift
    scripts/install-deps.sh sanitize
    exec scripts/sanitize.sh tsan "$@"
    ;;
esac
scripts/install-deps.sh test
scripts/build.sh

# ctest mostly waits on real Prometheus and Alertmanager (about 10% of the CPU), so the image
# builds meanwhile, at a lower priority; its report follows ctest's.
image_log=$(mktemp)
# The image's build reuses what scripts/build.sh compiled (scripts/ccache-env.sh).
if command -v ccache >/dev/null; then NAGAME_CCACHE_DIR="$(ccache -k cache_dir)"; fi
export NAGAME_CCACHE_DIR="${NAGAME_CCACHE_DIR:-}"
nice -n 10 scripts/test-image.sh >"$image_log" 2>&1 &
image_pid=$!
trap 'kill -TERM "$image_pid" 2>/dev/null || true; wait "$image_pid" 2>/dev/null; rm -f "$image_log"' EXIT

status=0
(cd build && ctest --output-on-failure -j "${NAGAME_JOBS:-$(nproc)}" --timeout 600 "$@") ||
  status=$?
wait "$image_pid" || status=1
cat "$image_log"
exit "$status"
