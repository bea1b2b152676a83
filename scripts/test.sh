#!/usr/bin/env bash
# Quick start, command 2: installs what is missing, builds everything, runs the whole test
# suite (unit, HTTP over loopback, and end-to-end with real Prometheus and Alertmanager).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh test
scripts/build.sh
cd build
ctest --output-on-failure -j "${NAGAME_JOBS:-$(nproc)}" --timeout 600 "$@"
