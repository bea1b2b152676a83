#!/usr/bin/env bash
# Configures and builds Nagame in ./build (incremental: re-running rebuilds only what changed).
# Ninja and ccache are used when present (scripts/install-deps.sh installs both); the cache is
# what lets scripts/test-image.sh build the image without compiling everything again.
# Usage: scripts/build.sh [cmake --build args...]   e.g. scripts/build.sh --target nagame
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="${NAGAME_JOBS:-$(nproc)}"
configure=(-DCMAKE_BUILD_TYPE=RelWithDebInfo)
if command -v ninja >/dev/null; then configure+=(-G Ninja); fi
if command -v ccache >/dev/null; then
  source scripts/ccache-env.sh
  [[ -n "${CMAKE_CXX_COMPILER_LAUNCHER:-}" ]] || configure+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
if [[ ! -f build/CMakeCache.txt ]]; then
  cmake -S . -B build "${configure[@]}" >/dev/null
fi
cmake --build build -j "$jobs" "$@"
