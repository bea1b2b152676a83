#!/usr/bin/env bash
# Configures and builds Nagame in ./build (incremental: re-running rebuilds only what changed).
# Usage: scripts/build.sh [cmake --build args...]   e.g. scripts/build.sh --target nagame
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${NAGAME_JOBS:-$(nproc)}"
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build build -j "$jobs" "$@"
