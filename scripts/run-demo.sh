#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, builds, and runs `nagame serve` with the
# demo config (config/demo.yaml) on the embedded SQLite default. Ctrl-C stops it gracefully.
# On first start it seeds the database with clearly marked DEMO history (`nagame seed-demo`:
# five weeks of made-up alerts, acks, decisions and an incident; config/demo-history-rules.yml
# defines those rules), so /review shows a meeting at once; a second start seeds nothing.
#   scripts/run-demo.sh --empty   seeds nothing: the database stays as it is (empty at first;
#                                 the demo rules stay defined and show as never fired)
# The pages need the demo login: user "demo", the password in .nagame-demo/password (made
# here once, shown once; export NAGAME_DEMO_PASSWORD to choose your own).
set -euo pipefail
cd "$(dirname "$0")/.."
seed=1
for arg in "$@"; do
  case "$arg" in
    --empty) seed=0 ;;
    *) echo "usage: scripts/run-demo.sh [--empty]" >&2; exit 2 ;;
  esac
done
scripts/install-deps.sh build
scripts/build.sh --target nagame
export NAGAME_AM_TOKEN="${NAGAME_AM_TOKEN:-demo-token}"
mkdir -p .nagame-demo
chmod 700 .nagame-demo
if [[ -z "${NAGAME_DEMO_PASSWORD:-}" ]]; then
  if [[ ! -s .nagame-demo/password ]]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > .nagame-demo/password)
    echo "demo login for the pages: user demo, password $(cat .nagame-demo/password)"
    echo "(kept in .nagame-demo/password; shown only this once)"
  fi
  NAGAME_DEMO_PASSWORD="$(cat .nagame-demo/password)"
  export NAGAME_DEMO_PASSWORD
fi
if ((seed)); then
  build/nagame seed-demo --config config/demo.yaml
fi
echo "meeting screen: http://127.0.0.1:9095/review (user demo)"
exec build/nagame serve --config config/demo.yaml
