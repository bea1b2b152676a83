#!/usr/bin/env bash
# Ingest benchmark in one command: durable Nagame vs Alertmanager (in memory) vs an SQLite floor.
#
# Usage: bench/ingest_bench.sh
#
# Builds nagame, ingest_rate_client and sqlite_floor in build-bench (Release), then, all on
# loopback with temporary databases and free ports:
#  1. `nagame serve` on a fresh store at a fixed 1,000 deliveries/s for 20 s
#     (bench/ingest_rate_client.cc, open loop, latency from the scheduled send time):
#     p50/p99/p99.9.
#  2. The same server loaded by `wrk -t2 -c16 -d20s` (bench/ingest_load.lua: deliveries of 10
#     fresh firing alerts); its alerts/s, p50/p99 and peak RSS (VmHWM). Then checks that the
#     database holds every acknowledged alert, and fails loudly on any non-2xx or socket error.
#     Then the fixed rate again, on the store that burst left (about a million episodes).
#  3. Debian's Alertmanager (0.25) under the same two loads on POST /api/v2/alerts.
#  4. The floors: the same rows straight into SQLite (WAL, synchronous=FULL) by a C++ loop.
#     The journal's rows (what the server commits before it answers) at the batch size the
#     server actually reached; the episodes' rows (what it builds afterwards) at that batch
#     size and at its max_batch.
#  5. Per source: one `nagame serve` with every source configured, each source's own webhook
#     body (bench/source_bodies/, bench/source_load.lua) under `wrk -t2 -c16` for
#     SOURCE_DURATION seconds, side by side with the Alertmanager source carrying the same
#     number of alerts per delivery (10 where the sender batches alerts: Alertmanager, Grafana,
#     generic; 1 where it sends one per request: New Relic, Azure, PagerDuty). Checks that the
#     database holds every acknowledged alert as an episode. SOURCE_ROUNDS rounds, interleaved.
# Prints one summary table. Exit status: 0 when every run completed and every check held
# (whether the goals are met is reported, not enforced), 1 otherwise.
#
# Environment (defaults): DURATION=20 (seconds per load run), WRK_THREADS=2,
#   WRK_CONNECTIONS=16, RATE=1000 (deliveries/s), RATE_CONNECTIONS=16, FLOOR_DURATION=10,
#   MAX_BATCH=512, APPLY_BUDGET=100ms (ingest.apply_budget), BUILD_DIR=<repo>/build-bench, KEEP_TMP=0 (1 keeps logs and databases),
#   SOURCE_DURATION=10 (seconds per source run), SOURCE_ROUNDS=3 (interleaved; medians shown),
#   SOURCES_ONLY=0 (1 runs only step 5),
#   BENCH_NICE unset (e.g. -5, as root: run servers and load at that niceness, so that other
#   work on a shared machine disturbs the figures less; it cannot help with disk contention),
#   BENCH_RT=0 (1, as root: run them SCHED_RR at priority 1 instead, which approximates an idle
#   machine; the kernel's RT throttling still leaves other work 5% of each second).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-bench}
duration=${DURATION:-20}
wrk_threads=${WRK_THREADS:-2}
wrk_connections=${WRK_CONNECTIONS:-16}
rate=${RATE:-1000}
rate_connections=${RATE_CONNECTIONS:-16}
floor_duration=${FLOOR_DURATION:-10}
max_batch=${MAX_BATCH:-512}
apply_budget=${APPLY_BUDGET:-100ms}  # the config default
alertmanager=/usr/bin/prometheus-alertmanager
prio=()
if [[ ${BENCH_RT:-0} == 1 ]]; then
  prio=(chrt -r 1)
elif [[ -n ${BENCH_NICE:-} ]]; then
  prio=(nice -n "$BENCH_NICE")
fi

log() { printf '[bench %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() {
  printf '\nBENCH FAILED: %s\n' "$*" >&2
  exit 1
}

# --- processes and cleanup ------------------------------------------------------------------
tmp=$(mktemp -d /tmp/nagame-bench.XXXXXX)
pids=()

# Stops one process we started: SIGTERM, up to 15 s to exit, then SIGKILL.
stop_pid() {
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 150); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$?
  for pid in "${pids[@]}"; do stop_pid "$pid"; done
  if [[ ${KEEP_TMP:-0} == 1 ]]; then
    log "kept $tmp"
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody is listening on.
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  die "no free loopback port found"
}

# Waits up to 15 s for `url` to answer 2xx while `pid` lives.
wait_ready() {
  local url=$1 pid=$2 logfile=$3
  for _ in $(seq 150); do
    curl -sf -o /dev/null --max-time 1 "$url" && return 0
    kill -0 "$pid" 2>/dev/null || die "process exited during startup; log tail:
$(tail -n 20 "$logfile")"
    sleep 0.1
  done
  die "$url not ready after 15 s; log tail:
$(tail -n 20 "$logfile")"
}

# kv LINE KEY: the value of KEY=value in a result line.
kv() { awk -v k="$2" '{for (i = 1; i <= NF; i++) {n = index($i, "="); if (n && substr($i, 1, n - 1) == k) print substr($i, n + 1)}}' <<<"$1"; }
calc() { awk "BEGIN { printf \"%s\", $1 }"; }
vm_hwm_mib() { awk '/^VmHWM:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }

# --- prerequisites and build ----------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  log "installing wrk"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y wrk >/dev/null
fi
for tool in sqlite3 curl "$alertmanager"; do
  command -v "$tool" >/dev/null || die "$tool is missing: run scripts/install-deps.sh test"
done

log "building in $build (Release)"
if [[ ! -f $build/CMakeCache.txt ]] || ! grep -q '^CMAKE_BUILD_TYPE:STRING=Release$' "$build/CMakeCache.txt"; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DNAGAME_BUILD_BENCH=ON -DNAGAME_BUILD_TESTS=OFF >"$tmp/cmake.log" 2>&1 ||
    die "cmake configure failed; see output:
$(tail -n 30 "$tmp/cmake.log")"
fi
cmake --build "$build" -j2 --target nagame ingest_rate_client sqlite_floor >"$tmp/build.log" 2>&1 ||
  die "build failed:
$(grep -m 20 -E 'error|Error' "$tmp/build.log")"
nagame=$build/nagame
rate_client=$build/bench/ingest_rate_client
floor=$build/bench/sqlite_floor

# wrk and the rate client read the bearer token from the environment, not the command line.
NAGAME_BENCH_TOKEN=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
export NAGAME_BENCH_TOKEN

run_wrk() {  # URL FORMAT: runs the closed-loop load, prints its WRK_RESULT line
  timeout $((duration + 60)) "${prio[@]}" wrk -t"$wrk_threads" -c"$wrk_connections" -d"${duration}s" \
    --timeout 10s -s "$root/bench/ingest_load.lua" "$1" -- "$2" 1 >"$tmp/wrk-$2.out" 2>&1 ||
    die "wrk against $2 failed:
$(cat "$tmp/wrk-$2.out")"
  grep '^WRK_RESULT' "$tmp/wrk-$2.out" || die "wrk printed no result:
$(cat "$tmp/wrk-$2.out")"
}

# URL FORMAT [ORIGIN]: runs the fixed-rate load, prints its RATE_RESULT line. Runs with
# different origins send different fingerprints (default 2; wrk's are origin 1).
run_rate() {
  local origin=${3:-2}
  timeout $((duration + 60)) "${prio[@]}" "$rate_client" "$1" --format "$2" --rate "$rate" \
    --connections "$rate_connections" --duration "$duration" --origin "$origin" \
    >"$tmp/rate-$2-$origin.out" 2>"$tmp/rate-$2-$origin.err" ||
    die "fixed-rate load against $2 failed (non-2xx or socket errors):
$(cat "$tmp/rate-$2-$origin.out" "$tmp/rate-$2-$origin.err")"
  grep '^RATE_RESULT' "$tmp/rate-$2-$origin.out"
}

db_counts() {  # DB: "deliveries alert_instances episodes notifications"
  sqlite3 -batch -cmd '.timeout 5000' -separator ' ' "$1" \
    "SELECT (SELECT COUNT(*) FROM deliveries), (SELECT COUNT(*) FROM alert_instances),
            (SELECT COUNT(*) FROM episodes), (SELECT COUNT(*) FROM notifications)"
}

# Counts once two reads 0.3 s apart agree: requests in flight when the load stopped commit
# within a few milliseconds, and nothing else writes.
settled_counts() {
  local prev="" now
  for _ in $(seq 30); do
    now=$(db_counts "$1")
    [[ $now == "$prev" ]] && break
    prev=$now
    sleep 0.3
  done
  echo "$now"
}

metric() {  # METRICS_TEXT NAME: the value of an unlabelled sample
  awk -v n="$2" '$1 == n { print $2 }' <<<"$1"
}

# Waits until the ingest journal is empty (every acknowledged delivery's episodes are built);
# prints the seconds it took. Under a burst Nagame acknowledges deliveries once they are in its
# durable journal and builds their episodes right after, so this is how far behind it was.
wait_drained() {  # METRICS_URL
  local start backlog
  start=$(date +%s.%N)
  for _ in $(seq 1200); do
    backlog=$(curl -sf --max-time 5 "$1" | awk '$1 == "nagame_ingest_journal_backlog" { print $2 }')
    [[ $backlog == 0 ]] && { calc "int(($(date +%s.%N) - $start) * 10 + 0.5) / 10"; return; }
    sleep 0.25
  done
  die "nagame: the ingest journal did not drain within 5 minutes (backlog $backlog)"
}

# The disk's flush latency: one synchronous 4 KiB overwrite (O_DSYNC), 200 times, on the file
# system holding the databases. Every durable commit waits for at least one such flush, so with
# C connections in a closed loop Nagame cannot acknowledge more than about
# C x 10 alerts / flush latency (with zero CPU cost), whatever it does between flushes.
flush_ms() {
  local f=$tmp/flush-probe start end
  dd if=/dev/zero of="$f" bs=4k count=200 status=none
  sync
  start=$(date +%s.%N)
  "${prio[@]}" dd if=/dev/zero of="$f" bs=4k count=200 oflag=dsync conv=notrunc status=none
  end=$(date +%s.%N)
  rm -f "$f"
  calc "int(($end - $start) / 200 * 1000 * 100 + 0.5) / 100"
}

load_start=$(cut -d' ' -f1 /proc/loadavg)
flush_latency_ms=$(flush_ms)
log "disk flush latency: $flush_latency_ms ms (O_DSYNC 4 KiB write, mean of 200)"

# start_nagame NAME PORT SOURCES: writes $tmp/NAME.yaml (SOURCES is its `sources:` block; the
# rest is the same for every run), starts `nagame serve` on it with its log in $tmp/NAME.log
# and its database $tmp/NAME.db, and waits until it is ready. Its pid is left in $started_pid.
start_nagame() {
  cat >"$tmp/$1.yaml" <<EOF
listen: "127.0.0.1:$2"
database: "$tmp/$1.db"
sources:
$3
server:
  threads: 2
ingest:
  max_batch: $max_batch
  apply_budget: $apply_budget
EOF
  log "starting nagame serve ($1) on 127.0.0.1:$2"
  "${prio[@]}" "$nagame" serve --config "$tmp/$1.yaml" >"$tmp/$1.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
  wait_ready "http://127.0.0.1:$2/readyz" "$started_pid" "$tmp/$1.log"
}

# --- 5: per source --------------------------------------------------------------------------
# Each source's run, as "SOURCE ALERTS_PER_DELIVERY"; every ratio is against the Alertmanager
# source's run with the same number of alerts per delivery.
source_runs=("alertmanager 10" "grafana 10" "generic 10" "alertmanager 1" "newrelic 1" "azure 1"
  "pagerduty 1")
source_duration=${SOURCE_DURATION:-10}
source_rounds=${SOURCE_ROUNDS:-3}
source_lines=()

# SOURCE ALERTS ORIGIN URL: one closed-loop run; prints its WRK_RESULT line.
run_source_wrk() {
  local out=$tmp/wrk-source-$1-$2.out
  timeout $((source_duration + 60)) "${prio[@]}" wrk -t"$wrk_threads" -c"$wrk_connections" \
    -d"${source_duration}s" --timeout 10s -s "$root/bench/source_load.lua" "$4" -- "$1" \
    "$root/bench/source_bodies" "$2" "$3" >"$out" 2>&1 || die "wrk against source $1 failed:
$(cat "$out")"
  grep '^WRK_RESULT' "$out" || die "wrk printed no result for source $1:
$(cat "$out")"
}

run_sources() {
  local port sdb pid origin=10 line run source per before after ok round
  port=$(free_port)
  sdb=$tmp/sources.db
  start_nagame sources "$port" '  alertmanager: { bearer_token: "${NAGAME_BENCH_TOKEN}" }
  grafana: { bearer_token: "${NAGAME_BENCH_TOKEN}" }
  newrelic: { bearer_token: "${NAGAME_BENCH_TOKEN}" }
  azure: { token: "${NAGAME_BENCH_TOKEN}" }
  pagerduty: { signing_secrets: ["${NAGAME_BENCH_TOKEN}"] }
  generic:
    bearer_token: "${NAGAME_BENCH_TOKEN}"
    mapping:
      alerts: /items
      rule: /name
      key: /id
      status: { pointer: /state, firing: [open], resolved: [closed] }
      starts_at: /opened
      ends_at: /closed
      labels: /tags'
  pid=$started_pid
  # Rounds interleave the sources, so a disturbance on a shared machine hits them all alike.
  for ((round = 1; round <= source_rounds; round++)); do
  for run in "${source_runs[@]}"; do
    read -r source per <<<"$run"
    origin=$((origin + 1))
    log "source $source: wrk -t$wrk_threads -c$wrk_connections -d${source_duration}s, $per alert(s) per delivery"
    read -r _ _ before _ <<<"$(settled_counts "$sdb")"
    line=$(run_source_wrk "$source" "$per" "$origin" "http://127.0.0.1:$port/webhooks/$source")
    echo "$line"
    for k in non2xx connect_errors read_errors write_errors timeouts; do
      [[ $(kv "$line" "$k") == 0 ]] || die "source $source: wrk saw $k=$(kv "$line" "$k"); server log tail:
$(tail -n 20 "$tmp/sources.log")"
    done
    wait_drained "http://127.0.0.1:$port/metrics" >/dev/null
    read -r _ _ after _ <<<"$(settled_counts "$sdb")"
    ok=$(kv "$line" ok)
    ((after - before >= ok * per)) ||
      die "source $source: LOST DATA: $((ok * per)) alerts acknowledged, $((after - before)) new episodes"
    source_lines+=("$line")
  done
  done
  stop_pid "$pid"
}

verdict() { if awk "BEGIN { exit !($1) }"; then echo "met"; else echo "NOT met"; fi; }

# median KEY SOURCE PER: the median of KEY over the rounds of SOURCE at PER alerts/delivery.
median() {
  local line
  for line in "${source_lines[@]}"; do
    if [[ $(kv "$line" target) == "$2" && $(kv "$line" alerts_per_request) == "$3" ]]; then
      kv "$line" "$1"
    fi
  done | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Prints the per-source table: each source's median alerts/s over the rounds beside the
# Alertmanager source's at the same number of alerts per delivery.
print_sources() {
  local run source per aps ratio
  echo
  echo "== Ingest per source: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk -t$wrk_threads -c$wrk_connections -d${source_duration}s, $source_rounds interleaved rounds, medians, one server =="
  printf '%-14s %16s %12s %9s %9s %15s %9s\n' "source" "alerts/delivery" "alerts/s" "p50 ms" \
    "p99 ms" "/ alertmanager" "goal 0.8"
  for run in "${source_runs[@]}"; do
    read -r source per <<<"$run"
    aps=$(median alerts_per_s "$source" "$per")
    ratio=$(calc "$aps / $(median alerts_per_s alertmanager "$per")")
    printf '%-14s %16d %12.0f %9.2f %9.2f %15.2f %9s\n' "$source" "$per" "$aps" \
      "$(median p50_ms "$source" "$per")" "$(median p99_ms "$source" "$per")" "$ratio" \
      "$(verdict "$ratio >= 0.8")"
  done
}

if [[ ${SOURCES_ONLY:-0} == 1 ]]; then
  run_sources
  print_sources
  exit 0
fi

# --- 1, 2: Nagame ----------------------------------------------------------------------------
nagame_port=$(free_port)
db=$tmp/nagame.db
start_nagame nagame "$nagame_port" '  alertmanager: { bearer_token: "${NAGAME_BENCH_TOKEN}" }'
nagame_pid=$started_pid
webhook_url="http://127.0.0.1:$nagame_port/webhooks/alertmanager"

log "nagame: fixed rate $rate deliveries/s on $rate_connections connections for ${duration}s, fresh store"
n_rate_fresh=$(run_rate "$webhook_url" nagame 3)
echo "$n_rate_fresh"
rate_fresh_drain_s=$(wait_drained "http://127.0.0.1:$nagame_port/metrics")
read -r d0 i0 e0 n0 <<<"$(settled_counts "$db")"
rate_fresh_ok=$(kv "$n_rate_fresh" ok)
((d0 == rate_fresh_ok && e0 == 10 * d0 && i0 == e0 && n0 == e0)) ||
  die "nagame: after the fixed-rate run on a fresh store the database holds $d0 deliveries, $e0 episodes; want $rate_fresh_ok and $((10 * rate_fresh_ok))"
log "verified: all $rate_fresh_ok fixed-rate deliveries committed"
journaled0=$(curl -sf --max-time 5 "http://127.0.0.1:$nagame_port/metrics" |
  awk '$1 == "nagame_ingest_journal_total{event=\"journaled\"}" { print $2 }')

log "nagame: wrk -t$wrk_threads -c$wrk_connections -d${duration}s, 10 alerts per delivery"
cpu0=$(cpu_seconds "$nagame_pid")
n_wrk=$(run_wrk "$webhook_url" nagame)
cpu1=$(cpu_seconds "$nagame_pid")
echo "$n_wrk"
for k in non2xx connect_errors read_errors write_errors timeouts; do
  [[ $(kv "$n_wrk" "$k") == 0 ]] || die "nagame: wrk saw $k=$(kv "$n_wrk" "$k"); server log tail:
$(tail -n 20 "$tmp/nagame.log")"
done
n_ok=$(kv "$n_wrk" ok)
n_sent=$(kv "$n_wrk" sent)
drain_s=$(wait_drained "http://127.0.0.1:$nagame_port/metrics")
log "nagame: episodes of every acknowledged delivery built ${drain_s}s after the load stopped"
read -r d i e n <<<"$(settled_counts "$db")"
# Fresh fingerprints: every alert is one new instance, one new episode and one notification.
# wrk stops with up to one request per connection unanswered; the server still commits those,
# so the database may hold up to that many more deliveries than were acknowledged.
# d, i, e, n: what the closed-loop run added.
d=$((d - d0)) i=$((i - i0)) e=$((e - e0)) n=$((n - n0))
((i == 10 * d && e == 10 * d && n == 10 * d)) ||
  die "nagame: database rows disagree: deliveries=$d instances=$i episodes=$e notifications=$n"
((d >= n_ok)) || die "nagame: LOST DATA: $n_ok deliveries acknowledged, $d in the database"
((d <= n_sent)) || die "nagame: $d deliveries in the database but wrk sent only $n_sent"
log "verified: $n_ok deliveries ($((10 * n_ok)) alerts) acknowledged; database holds $d deliveries, $e episodes ($((d - n_ok)) committed from requests in flight when wrk stopped)"
metrics=$(curl -sf --max-time 5 "http://127.0.0.1:$nagame_port/metrics" || true)
journaled=$(awk '$1 == "nagame_ingest_journal_total{event=\"journaled\"}" { print $2 }' <<<"$metrics")
batch_sum=$(metric "$metrics" nagame_ingest_batch_deliveries_sum)
batch_count=$(metric "$metrics" nagame_ingest_batch_deliveries_count)
mean_batch=$wrk_connections
if [[ -n $batch_count && $batch_count != 0 ]]; then
  mean_batch=$(calc "int($batch_sum / $batch_count * 10 + 0.5) / 10")
fi
n_cores=$(calc "int(($cpu1 - $cpu0) / $(kv "$n_wrk" duration_s) * 100 + 0.5) / 100")
log "nagame: mean group commit $mean_batch deliveries ($batch_count commits), server CPU $n_cores cores"

log "nagame: fixed rate $rate deliveries/s on $rate_connections connections for ${duration}s, after the burst"
n_rate=$(run_rate "$webhook_url" nagame)
echo "$n_rate"
rate_drain_s=$(wait_drained "http://127.0.0.1:$nagame_port/metrics")
read -r d2 i2 e2 n2 <<<"$(settled_counts "$db")"
d2=$((d2 - d0)) i2=$((i2 - i0)) e2=$((e2 - e0)) n2=$((n2 - n0))
rate_ok=$(kv "$n_rate" ok)
((d2 - d == rate_ok && e2 - e == 10 * rate_ok && i2 == e2 && n2 == e2)) ||
  die "nagame: after the fixed-rate run the database holds $((d2 - d)) more deliveries, $((e2 - e)) more episodes; want $rate_ok and $((10 * rate_ok))"
log "verified: all $rate_ok fixed-rate deliveries committed"
n_rss=$(vm_hwm_mib "$nagame_pid")
db_mib=$(du -sm "$tmp" | cut -f1)
stop_pid "$nagame_pid"

# --- 3: Alertmanager -------------------------------------------------------------------------
am_port=$(free_port)
mkdir -p "$tmp/am-data"
cat >"$tmp/alertmanager.yml" <<EOF
route:
  receiver: "null"
receivers:
  - name: "null"
EOF
am_version=$("$alertmanager" --version 2>&1 | awk 'NR == 1 { print $3 }')
log "starting Alertmanager $am_version on 127.0.0.1:$am_port"
"${prio[@]}" "$alertmanager" --config.file="$tmp/alertmanager.yml" --storage.path="$tmp/am-data" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= \
  >"$tmp/alertmanager.log" 2>&1 &
am_pid=$!
pids+=("$am_pid")
wait_ready "http://127.0.0.1:$am_port/-/ready" "$am_pid" "$tmp/alertmanager.log"
am_url="http://127.0.0.1:$am_port/api/v2/alerts"

log "alertmanager: wrk -t$wrk_threads -c$wrk_connections -d${duration}s, 10 alerts per request"
a_wrk=$(run_wrk "$am_url" alertmanager)
echo "$a_wrk"
for k in non2xx connect_errors read_errors write_errors timeouts; do
  [[ $(kv "$a_wrk" "$k") == 0 ]] || die "alertmanager: wrk saw $k=$(kv "$a_wrk" "$k")"
done
log "alertmanager: fixed rate $rate requests/s on $rate_connections connections for ${duration}s"
a_rate=$(run_rate "$am_url" alertmanager)
echo "$a_rate"
a_rss=$(vm_hwm_mib "$am_pid")
stop_pid "$am_pid"

# --- 4: the floors ---------------------------------------------------------------------------
floor_batch=$(calc "int($mean_batch + 0.5) < 1 ? 1 : int($mean_batch + 0.5)")
run_floor() {  # NAME BATCH [--journal]
  local line
  line=$(timeout $((floor_duration + 60)) "${prio[@]}" "$floor" --db "$tmp/$1.db" --batch "$2" \
    --duration "$floor_duration" "${@:3}") || die "sqlite_floor failed"
  rm -f "$tmp/$1".db*
  echo "$line"
}
log "floor: the journal's rows straight into SQLite, $floor_batch deliveries per commit, ${floor_duration}s"
f_journal_line=$(run_floor floor-journal "$floor_batch" --journal)
echo "$f_journal_line"
log "floor: the episodes' rows straight into SQLite, $floor_batch deliveries per commit, ${floor_duration}s"
f_line=$(run_floor floor "$floor_batch")
echo "$f_line"
log "floor: the episodes' rows, $max_batch deliveries per commit (max_batch), ${floor_duration}s"
f_max_line=$(run_floor floor-max "$max_batch")
echo "$f_max_line"

# --- summary ---------------------------------------------------------------------------------
n_aps=$(kv "$n_wrk" alerts_per_s)
a_aps=$(kv "$a_wrk" alerts_per_s)
f_journal_aps=$(kv "$f_journal_line" alerts_per_s)
f_aps=$(kv "$f_line" alerts_per_s)
f_max_aps=$(kv "$f_max_line" alerts_per_s)
pcts() { printf '%.1f/%.1f/%.1f' "$(kv "$1" p50_ms)" "$(kv "$1" p99_ms)" "$(kv "$1" p999_ms)"; }

run_sources
echo
echo "== Ingest benchmark: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, loopback, 10 alerts per delivery =="
printf '%-34s %12s %9s %9s %11s %24s\n' "" "alerts/s" "p50 ms" "p99 ms" "peak RSS" "@${rate}/s p50/p99/p99.9 ms"
printf '%-34s %12.0f %9.2f %9.2f %8s MiB %24s\n' "Nagame (WAL, synchronous=FULL)" "$n_aps" \
  "$(kv "$n_wrk" p50_ms)" "$(kv "$n_wrk" p99_ms)" "$n_rss" \
  "$(pcts "$n_rate")"
printf '%-34s %12.0f %9.2f %9.2f %8s MiB %24s\n' "Alertmanager $am_version (in memory)" "$a_aps" \
  "$(kv "$a_wrk" p50_ms)" "$(kv "$a_wrk" p99_ms)" "$a_rss" \
  "$(pcts "$a_rate")"
printf '%-34s %12.0f\n' "Floor, journal rows, $floor_batch/commit" "$f_journal_aps"
printf '%-34s %12.0f\n' "Floor, episode rows, $floor_batch/commit" "$f_aps"
printf '%-34s %12.0f\n' "Floor, episode rows, $max_batch/commit" "$f_max_aps"
printf '%-34s %12.2f\n' "Nagame / Alertmanager" "$(calc "$n_aps / $a_aps")"
printf '%-34s %12.2f\n' "Nagame / journal floor" "$(calc "$n_aps / $f_journal_aps")"
printf '%-34s %12s %9s %9s %11s %24s\n' "Nagame @${rate}/s, fresh store" "" "" "" "" "$(pcts "$n_rate_fresh")"
echo "load: wrk -t$wrk_threads -c$wrk_connections -d${duration}s; fixed rate: $rate/s on $rate_connections connections for ${duration}s, latency from the scheduled send"
echo "fixed rate answered per second (below $rate: the server fell behind, so latencies grew for the whole run): nagame $(kv "$n_rate" achieved_per_s), alertmanager $(kv "$a_rate" achieved_per_s)"
episodes_per_s=$(calc "int($d * 10 / ($(kv "$n_wrk" duration_s) + $drain_s))")
echo "nagame: $((${journaled:-0} - ${journaled0:-0})) of the closed-loop deliveries ($n_ok acknowledged before wrk stopped) went through the journal; all episodes built ${drain_s}s after the load stopped (episodes built: $episodes_per_s alerts/s over load + drain); after the fixed-rate runs: ${rate_fresh_drain_s}s on the fresh store, ${rate_drain_s}s after the burst"
echo "nagame: mean group commit $mean_batch deliveries; $((d0 + d2)) deliveries committed, $((d2 - n_ok - rate_ok)) of them unacknowledged (in flight at wrk's stop); data dir $db_mib MiB"
echo "disk flush latency $flush_latency_ms ms: ceiling for durable acknowledgements with $wrk_connections connections in a closed loop ~ $(calc "int($wrk_connections * 10 / $flush_latency_ms * 1000)") alerts/s"
load_end=$(cut -d' ' -f1 /proc/loadavg)
echo "machine load average (1 min) at start/end: $load_start / $load_end on $(nproc) cores (other work competed for the cores when above $(nproc)); scheduling: ${prio[*]:-default}"
echo "goal >= 50000 alerts/s sustained, durable: $(verdict "$n_aps >= 50000")"
echo "goal p99 < 20 ms at $rate deliveries/s, fresh store:  $(verdict "$(kv "$n_rate_fresh" p99_ms) < 20")"
echo "goal p99 < 20 ms at $rate deliveries/s, after the burst ($db_mib MiB store): $(verdict "$(kv "$n_rate" p99_ms) < 20")"
print_sources
