#!/usr/bin/env bash
# Proves docker/Dockerfile and docker/compose.yaml on this machine, without a registry or a
# container runtime (part of scripts/test.sh):
#  1. makes the Debian base images if missing (scripts/base-images.sh, cached);
#  2. builds docker/Dockerfile unchanged with buildah (chroot isolation, cached layers; the
#     build binds this machine's apt package cache, copy-on-write, so nothing downloads twice);
#  3. checks compose's `nagame` service against the image (tests/docker/compose_check.py) and
#     runs `nagame check-config` inside the image on the config compose mounts;
#  4. runs the image's command as the image's user with compose's mounts, environment and a
#     fresh named volume, in a network namespace of its own (its port is free there): /healthz,
#     /readyz, the image's HEALTHCHECK, a captured Alertmanager webhook -> 200 -> its episodes in
#     /api/v1/episodes, the SQLite files owned by that user, SIGTERM -> drained, exit 0.
# Prints the image size and the time of each step; exits 1 on any failure.
# Usage: scripts/test-image.sh   (as root; through sudo otherwise)
set -Eeuo pipefail
# buildah, debootstrap and chroot need root: like scripts/install-deps.sh, ask sudo otherwise.
if ((EUID != 0)); then exec sudo --preserve-env -- "$0" "$@"; fi
cd "$(dirname "$0")/.."

cache="${NAGAME_IMAGE_CACHE:-/var/cache/nagame-image}"
tag=localhost/nagame:test
fixture=tests/fixtures/alertmanager/captured/several_alerts.json

started=$EPOCHREALTIME
step_started=$started
seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }
step() {
  printf 'test-image: %-28s %6s s\n' "$1" "$(seconds_since "$step_started")"
  step_started=$EPOCHREALTIME
}
fail() {
  echo "test-image: FAILED: $*" >&2
  exit 1
}

tmp=$(mktemp -d /tmp/nagame-image-test.XXXXXX)
container=""
serve_pid=""
netns=""
# Every process in the server's network namespace: buildah run, the chroot helper, nagame.
netns_pids() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(readlink "$p/ns/net" 2>/dev/null) == "$netns" ]] && echo "${p#/proc/}"
  done
  return 0
}
cleanup() {
  trap '' INT TERM HUP PIPE
  if [[ -n "$netns" ]]; then
    netns_pids | xargs -r kill -KILL 2>/dev/null || true
  fi
  [[ -n "$serve_pid" ]] && wait "$serve_pid" 2>/dev/null
  [[ -n "$container" ]] && buildah rm "$container" >/dev/null 2>&1
  cat "$tmp/serve.log" >"$cache/last-serve.log" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# A command that fails under set -e says where, as fail() does.
trap 'echo "test-image: FAILED: line $LINENO: $BASH_COMMAND" >&2' ERR
trap "exit 1" INT TERM HUP PIPE

scripts/install-deps.sh image
mkdir -p "$cache"
exec 8>"$cache/test-image.lock"
flock 8  # one run at a time: runs share the layer cache and remove each other's old layers
scripts/base-images.sh
step "base images"

# --- 2. Build ----------------------------------------------------------------------------------
mkdir -p /var/cache/apt/archives
# Images on the base images of scripts/base-images.sh (they carry its label).
ours() {
  buildah images --all --noheading --no-trunc --format '{{.ID}}' \
    --filter label=org.nagame.base-image.stamp | sed 's/^sha256://' | sort
}
ours >"$tmp/images-before"
# Each step as it starts, "[cached]" when --layers reuses it; the whole log if it fails.
built=0
# The host build's compiler cache (scripts/test.sh names it), lent to the image's build at the
# checkout's own path, so the image compiles only what the host did not (scripts/ccache-env.sh).
ccache_args=(--build-arg "NAGAME_SRC=$PWD")
if [[ -n "${NAGAME_CCACHE_DIR:-}" && -d "$NAGAME_CCACHE_DIR" ]]; then
  ccache_args+=(--volume "$NAGAME_CCACHE_DIR:/host-ccache" --build-arg NAGAME_CCACHE_DIR=/host-ccache)
fi
buildah bud --isolation chroot --pull=never --layers --force-rm --format docker \
  --volume /var/cache/apt/archives:/var/cache/apt/archives:O "${ccache_args[@]}" \
  --iidfile "$tmp/iid" -t "$tag" -f docker/Dockerfile . 2>&1 | tee "$tmp/build.log" |
  awk '/^\[[0-9]\/[0-9]\] STEP/ { printf "%s  %s", (n++ ? "\n" : ""), substr($0, 1, 90) }
       /Using cache/ { printf "  [cached]" }
       /^ccache: / { printf "\n    %s", $0 } { fflush() } END { if (n) print "" }' && built=1
cp "$tmp/build.log" "$cache/last-build.log"

# Layers this build made or reused stay cached; the previous run's others are removed (also
# after a failed build, whose layers the next run removes unless it reuses them).
ours >"$tmp/images-after"
{
  comm -13 "$tmp/images-before" "$tmp/images-after"
  { grep -oE 'Using cache [0-9a-f]{64}' "$tmp/build.log" || true; } | cut -d' ' -f3  # none if cold
  cat "$tmp/iid" 2>/dev/null || true
} | sed 's/^sha256://' | sort -u >"$tmp/kept"
if [[ -f "$cache/layers" ]]; then
  for old in $(comm -23 "$cache/layers" "$tmp/kept"); do
    buildah rmi "$old" >/dev/null 2>&1 || true
  done
fi
cp "$tmp/kept" "$cache/layers"
if ((!built)); then
  cat "$tmp/build.log" >&2
  fail "buildah bud -f docker/Dockerfile"
fi
image=$(<"$tmp/iid")
image=${image#sha256:}
step "buildah bud"

# --- 3. The image's metadata, compose, check-config -------------------------------------------
buildah inspect --type image "$image" >"$tmp/inspect.json"
config_json() { jq -r ".Docker.config.$1" "$tmp/inspect.json"; }
size=$(buildah images --noheading --no-trunc --format '{{.ID}} {{.Size}}' |
  awk -v id="$image" '$1 == id || $1 == "sha256:" id { $1 = ""; print; exit }')
echo "test-image: image $tag ${image:0:12}, size$size"
user=$(config_json User)
[[ -n "$user" && "$user" != root && "$user" != 0 ]] || fail "the image runs as root"
[[ $(config_json 'Healthcheck.Test[0]') == CMD ]] || fail "the image has no HEALTHCHECK"
mapfile -t entrypoint < <(config_json 'Entrypoint[]?')
mapfile -t cmd < <(config_json 'Cmd[]?')
mapfile -t healthcheck < <(config_json 'Healthcheck.Test[1:][]')

if ! /usr/bin/python3 tests/docker/compose_check.py docker/compose.yaml \
  <"$tmp/inspect.json" >"$tmp/compose"; then
  fail "docker/compose.yaml does not match the image"
fi
container=$(buildah from --quiet --pull=never "$image")
rootfs=$(buildah mount "$container")
run_args=()
env_args=()
while read -r kind a b c; do
  case "$kind" in
    bind) run_args+=(--volume "$a:$b:$c") ;;
    volume)
      # A new named volume starts as a copy of the image's directory, owner and mode included.
      mkdir -p "$tmp/volumes/$a"
      cp -a "$rootfs$b/." "$tmp/volumes/$a/"
      chown --reference="$rootfs$b" "$tmp/volumes/$a"
      chmod --reference="$rootfs$b" "$tmp/volumes/$a"
      run_args+=(--volume "$tmp/volumes/$a:$b")
      # It takes the place of the anonymous volume buildah would mount there for the VOLUME.
      buildah config --volume "$b-" "$container"
      volume_dir="$tmp/volumes/$a"
      ;;
    env) env_args+=(--env "$a=image-test-$RANDOM$RANDOM") ;;
    config) config_path="$a" ;;
    port) port="$a" ;;
    database) database="$a" ;;
  esac
done <"$tmp/compose"
token=$(printf '%s\n' "${env_args[@]}" | sed -n 's/^NAGAME_AM_TOKEN=//p')
[[ -n "$token" && -n "${volume_dir:-}" && -n "${port:-}" && -n "${database:-}" ]] ||
  fail "compose gives nagame no token, volume or port: $(cat "$tmp/compose")"
uid=$(awk -F: -v u="$user" '$1 == u { print $3 }' "$rootfs/etc/passwd")
gid=$(awk -F: -v u="$user" '$1 == u { print $4 }' "$rootfs/etc/passwd")
[[ -n "$uid" && "$uid" != 0 ]] || fail "user $user is not in the image's /etc/passwd"

in_image() { buildah run --isolation chroot "${run_args[@]}" "$@"; }
out=$(in_image "${env_args[@]}" "$container" -- "${entrypoint[@]}" check-config "$config_path") ||
  fail "nagame check-config $config_path in the image: $out"
[[ "$out" == "$config_path: OK" ]] || fail "check-config said: $out"
# And it does check: without the token compose passes, the config is refused.
if out=$(in_image "$container" -- "${entrypoint[@]}" check-config "$config_path" 2>&1); then
  fail "check-config accepted the config without NAGAME_AM_TOKEN"
fi
echo "test-image: compose matches the image; check-config in the image: $config_path: OK"
step "compose and check-config"

# --- 4. Run the image's command --------------------------------------------------------------
# A network namespace of its own, as a container has: the config's port is free in it.
unshare --net -- sh -c 'ip link set lo up && exec "$@"' sh \
  buildah run --isolation chroot "${run_args[@]}" "${env_args[@]}" "$container" -- \
  "${entrypoint[@]}" "${cmd[@]}" >"$tmp/serve.log" 2>&1 8>&- &
serve_pid=$!
# Until unshare has made the namespace, the process is still in this one.
host_netns=$(readlink /proc/self/ns/net)
for _ in $(seq 1 100); do
  netns=$(readlink "/proc/$serve_pid/ns/net" 2>/dev/null) || fail "unshare --net failed"
  [[ "$netns" != "$host_netns" ]] && break
  netns=""
  sleep 0.05
done
[[ -n "$netns" ]] || fail "unshare --net made no network namespace"
in_netns() { nsenter --net="/proc/$serve_pid/ns/net" "$@"; }
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  kill -0 "$serve_pid" 2>/dev/null || { cat "$tmp/serve.log" >&2; fail "nagame serve exited"; }
  in_netns curl -fsS -o /dev/null "$url/healthz" 2>/dev/null && break
  sleep 0.1
done
in_netns curl -fsS -o /dev/null "$url/healthz" || fail "GET /healthz"
in_netns curl -fsS -o /dev/null "$url/readyz" || fail "GET /readyz"
# The running server: the image's user, in this run's network namespace.
nagame_pid=""
for p in $(netns_pids); do
  [[ $(cat "/proc/$p/comm") == nagame ]] && nagame_pid=$p
done
[[ -n "$nagame_pid" ]] || fail "no nagame process in the namespace"
read -r _ real_uid _ < <(grep '^Uid:' "/proc/$nagame_pid/status")
[[ "$real_uid" == "$uid" ]] || fail "nagame runs as uid $real_uid, not $user ($uid)"
# The image's HEALTHCHECK, as Docker runs it: inside the container, next to the server.
in_netns buildah run --isolation chroot "$container" -- "${healthcheck[@]}" ||
  fail "the image's HEALTHCHECK failed: ${healthcheck[*]}"
echo "test-image: nagame serve runs as $user ($uid) on $url; /healthz, /readyz, HEALTHCHECK: ok"

# A captured Alertmanager delivery: refused without the token, 200 with it, then readable.
code=$(in_netns curl -sS -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary "@$fixture" "$url/webhooks/alertmanager")
[[ "$code" == 401 ]] || fail "webhook without the token answered $code, not 401"
code=$(in_netns curl -sS -o "$tmp/webhook.out" -w '%{http_code}' \
  -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  --data-binary "@$fixture" "$url/webhooks/alertmanager")
[[ "$code" == 200 ]] || fail "webhook answered $code: $(cat "$tmp/webhook.out")"
from=$(jq -r '[.alerts[].startsAt] | min' "$fixture")
want=$(jq -c '[.alerts[].fingerprint] | sort' "$fixture")
for _ in $(seq 1 50); do  # readable at once when idle; a loaded machine gets 5 s
  in_netns curl -fsS "$url/api/v1/episodes?from=$from&source=alertmanager" \
    >"$tmp/episodes.json" || fail "GET /api/v1/episodes"
  got=$(jq -c '[.episodes[] | select(.state == "firing") | .fingerprint] | sort' \
    "$tmp/episodes.json")
  [[ "$got" == "$want" ]] && break
  sleep 0.1
done
[[ "$got" == "$want" ]] || fail "episodes $got, not the delivery's $want"
echo "test-image: webhook $fixture -> 200; /api/v1/episodes has its episodes $want"

# SIGTERM drains and exits 0; the database is the image user's, in the named volume.
kill -TERM "$nagame_pid"
for _ in $(seq 1 300); do
  kill -0 "$serve_pid" 2>/dev/null || break
  sleep 0.1
done
kill -0 "$serve_pid" 2>/dev/null && fail "nagame did not stop within 30 s of SIGTERM"
status=0
wait "$serve_pid" || status=$?
serve_pid=""
netns=""
[[ $status == 0 ]] || { cat "$tmp/serve.log" >&2; fail "nagame exited $status after SIGTERM"; }
if ! grep -q '"stopping"' "$tmp/serve.log" || ! grep -q '"stopped"' "$tmp/serve.log"; then
  cat "$tmp/serve.log" >&2
  fail "the log does not show the drain"
fi
for f in "$database" "$database-ingest"; do
  on_host="$volume_dir/${f#"$(dirname "$database")"/}"
  [[ -f "$on_host" ]] || fail "$f is not in the volume: $(ls -la "$volume_dir")"
  [[ $(stat -c %u:%g "$on_host") == "$uid:$gid" ]] ||
    fail "$f is owned by $(stat -c %U:%G "$on_host"), not $user"
done
echo "test-image: SIGTERM -> drained, exit 0; $database and its journal owned by $user"
step "run the image"
echo "test-image: OK in $(seconds_since "$started") s (image ${size# })"
