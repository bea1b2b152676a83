#!/usr/bin/env bash
# Runs one libFuzzer target for SECONDS from its seeds and prints one line:
#   "<target> <executions> <crashes> <corpus inputs> <artifact or ->".
# Usage: tests/fuzz/run.sh TARGET_BINARY SECONDS WORKDIR
# The seeds come from the repository's fixtures (listed per target below) and
# tests/fuzz/seeds/<target>/; what the fuzzer finds is kept in WORKDIR/<target>/corpus for the
# next run, and a crashing input in WORKDIR/<target>/ (replay: TARGET_BINARY that-file).
# Exits 1 when the target crashed or broke an invariant.
set -euo pipefail
binary="$1"
seconds="$2"
work="$3"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
fixtures="$root/tests/fixtures"
target="$(basename "$binary")"

dir="$work/$target"
seeds="$dir/seeds"
rm -rf "$seeds"
mkdir -p "$seeds" "$dir/corpus"
if [[ -d $here/seeds/$target ]]; then cp "$here/seeds/$target"/* "$seeds/"; fi

# Seed file `name` holding the byte `selector` (octal escape) and then the file `from`.
prefixed() {
  { printf "$2"; cat "$3"; } >"$seeds/$1"
}

case "$target" in
  webhook_fuzz)
    # The selector byte is the source's place in bot/sources/registry.cc.
    i=0
    for source in alertmanager grafana azure generic newrelic pagerduty; do
      for f in $(find "$fixtures/$source" -name '*.json'); do
        prefixed "$source-$(basename "$f")" "\\$(printf %o $i)" "$f"
      done
      i=$((i + 1))
    done
    dict=json.dict
    ;;
  promql_fuzz)
    # Every single-line expression of the fixture and demo rule files.
    n=0
    for f in "$fixtures"/rules/*.yml "$fixtures"/chat/rules.yml "$root"/docker/demo/rules/*.yml; do
      while IFS= read -r line; do
        line="${line#*expr: }"
        line="${line#\'}"; line="${line%\'}"
        printf '%s' "$line" >"$seeds/expr-$n"
        n=$((n + 1))
      done < <(grep -E '^\s*expr: [^|>]' "$f")
    done
    dict=promql.dict
    ;;
  rule_file_fuzz)
    cp "$fixtures"/rules/*.yml "$fixtures"/chat/rules.yml "$seeds/"
    cp "$root"/docker/demo/rules/*.yml "$seeds/" 2>/dev/null || true
    dict=yaml.dict
    ;;
  config_fuzz)
    cp "$fixtures"/config/*.yaml "$seeds/"
    cp "$fixtures"/sources/all_sources.yaml "$root"/config/demo.yaml "$seeds/"
    cp "$root"/docker/demo/nagame.yaml "$seeds/demo-nagame.yaml"
    dict=yaml.dict
    ;;
  chat_request_fuzz)
    prefixed slack-form '\0\n' "$fixtures/slack/slash_command_body.txt"
    # The Mattermost request's body: what follows the blank line after its headers.
    sed '1,/^\r\?$/d' "$fixtures/mattermost/slash_command_request.txt" | tr -d '\n' |
      { printf '\1\nToken x\n'; cat; } >"$seeds/mattermost-form"
    dict=json.dict
    ;;
  upstream_answer_fuzz)
    prefixed query-range '\2' "$fixtures/alertmanager/captured/prometheus_alerts_query_range.json"
    dict=json.dict
    ;;
  query_window_fuzz)
    dict=window.dict
    ;;
  chat_command_fuzz)
    dict=window.dict
    ;;
  *)
    echo "run.sh: no seeds listed for $target" >&2
    exit 2
    ;;
esac

log="$dir/last-run.log"
status=0
ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}" \
  "$binary" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2560 -max_len=65536 \
  -print_final_stats=1 -dict="$here/$dict" -artifact_prefix="$dir/" \
  "$dir/corpus" "$seeds" >"$log" 2>&1 || status=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
artifact=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -1)
crashes=0
if ((status != 0)); then crashes=1; fi
printf '%s %s %s %s %s\n' "$target" "${execs:-?}" "$crashes" "$(ls "$dir/corpus" | wc -l)" \
  "${artifact:--}"
if ((status != 0)); then
  grep -E -A30 'ERROR: |invariant broken|runtime error|terminate called|deadly signal' "$log" |
    head -60 >&2 || true
  exit 1
fi
