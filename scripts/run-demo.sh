#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs `nagame serve` with the
# demo config (config/demo.yaml) on the embedded SQLite default. Ctrl-C stops it gracefully.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh build
scripts/build.sh --target nagame
export NAGAME_AM_TOKEN="${NAGAME_AM_TOKEN:-demo-token}"
exec build/nagame serve --config config/demo.yaml
