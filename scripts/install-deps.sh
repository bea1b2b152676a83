#!/usr/bin/env bash
# Installs the Debian packages Nagame needs to build, test and run; idempotent.
# Usage: scripts/install-deps.sh [build|test|sanitize|image]   (test adds Prometheus, Alertmanager, wrk,
# ..., sanitize adds clang to test, and image: what scripts/test-image.sh needs)
set -euo pipefail

mode="${1:-build}"
with_clang=0
if [[ "$mode" == "sanitize" ]]; then mode=test with_clang=1; fi
pkgs=(cmake g++ make ninja-build ccache pkg-config libboost1.81-dev libssl-dev nlohmann-json3-dev
      libsqlitecpp-dev libsqlite3-dev sqlite3 libyaml-cpp-dev libcli11-dev
      libhowardhinnant-date-dev libre2-dev prometheus-cpp-dev tzdata ca-certificates curl)
if [[ "$mode" == "test" ]]; then
  pkgs+=(libgtest-dev libgmock-dev libbenchmark-dev prometheus prometheus-alertmanager
         ceph-prometheus-alerts wrk openssl python3 mold chromium)
  # scripts/sanitize.sh (install-deps.sh sanitize): Debian's clang with its sanitizer and
  # libFuzzer runtimes.
  if ((with_clang)); then pkgs+=(clang libclang-rt-14-dev); fi
  # Node.js runs tests/adaptive_cards (the Teams card check) and tests/browser (the meeting
  # screen in chromium, driven by puppeteer-core). A node from elsewhere (e.g.
  # NodeSource, which bundles npm) is used as it is: Debian's npm package conflicts with it.
  command -v node >/dev/null || pkgs+=(nodejs)
  command -v npm >/dev/null || pkgs+=(npm)
fi
# What scripts/test-image.sh uses (scripts/test.sh runs it): debootstrap for the base images,
# buildah to build and run the image, curl, jq and python3-yaml to check it.
image_pkgs=(debootstrap buildah iproute2 curl jq python3 python3-yaml)
case "$mode" in
  test) pkgs+=("${image_pkgs[@]}") ;;
  image) pkgs=("${image_pkgs[@]}") ;;
esac

# The npm packages the tests use, exactly as each folder's package-lock.json pins them, into
# its node_modules (git-ignored); a folder whose lock is already installed is skipped.
install_npm_test_packages() {
  local root dir
  root="$(cd "$(dirname "$0")/.." && pwd)"
  for dir in "$root/tests/adaptive_cards" "$root/tests/browser"; do
    if cmp -s "$dir/package-lock.json" "$dir/node_modules/.nagame-installed-lock"; then
      continue
    fi
    echo "install-deps: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
    cp "$dir/package-lock.json" "$dir/node_modules/.nagame-installed-lock"
  done
}

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  if [[ "$mode" == "test" ]]; then install_npm_test_packages; fi
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
# Package scripts must not start Prometheus/Alertmanager as system services: tests start
# their own copies on free loopback ports.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee $policy >/dev/null
  $SUDO chmod +x $policy
  created_policy=1
fi
trap '[[ $created_policy == 1 ]] && $SUDO rm -f $policy' EXIT
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if [[ "$mode" == "test" ]]; then install_npm_test_packages; fi
