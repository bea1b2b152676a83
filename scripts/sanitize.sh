#!/usr/bin/env bash
# Builds Nagame with Debian's clang under a sanitizer, in its own build directory, and runs
# the tests there (the e2e tests start that directory's sanitized `nagame`).
# Usage: scripts/sanitize.sh asan [ctest args...]
#          build-asan: AddressSanitizer + UndefinedBehaviorSanitizer, the libFuzzer targets
#          (tests/fuzz) too; runs the whole suite, each fuzz target for 10 s (label `fuzz`).
#        scripts/sanitize.sh asan-build [cmake --build args...]
#          the same build, no tests (bench/fuzz.sh: `--target fuzz_targets`)
#        scripts/sanitize.sh tsan [ctest args...]
#          build-tsan: ThreadSanitizer; runs the tests that exercise the ingest threads, the
#          outbox and the HTTP server ($tsan_tests below).
# Incremental: re-running rebuilds only what changed. NAGAME_JOBS sets the parallelism.
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:?usage: scripts/sanitize.sh asan|asan-build|tsan [ctest args...]}"
shift
jobs="${NAGAME_JOBS:-$(nproc)}"

# Small debug info and -O1 keep a 2-core build short; line tables are enough for stacks.
common=(-O1 -gline-tables-only -fno-omit-frame-pointer)
# The tests that run threads against each other: the ingest queue (writers, builder,
# checkpointer), the outbox store and its sender, the HTTP server, the chat command runner and
# the summary job, and the e2e tests that drive ingest and the server through the binary.
tsan_tests='^(IngestQueue|OutboxStoreTest|OutboxSenderTest|ServerTest|RouterTest|HttpClient|'
tsan_tests+='ChatServiceTest|SummaryJobTest|DurabilityTest|OverloadE2eTest|SourcesE2eTest|'
tsan_tests+='AlertmanagerE2eTest)\.'
case "$mode" in
  asan | asan-build)
    dir=build-asan
    flags=("${common[@]}" -fsanitize=address,undefined -fno-sanitize-recover=undefined
           -D_GLIBCXX_ASSERTIONS)
    cmake_extra=(-DNAGAME_FUZZ=ON)
    filter=()
    export ASAN_OPTIONS="detect_leaks=1:${ASAN_OPTIONS:-}"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:${UBSAN_OPTIONS:-}"
    ;;
  tsan)
    dir=build-tsan
    flags=("${common[@]}" -fsanitize=thread)
    cmake_extra=()
    filter=(-R "$tsan_tests")
    export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:${TSAN_OPTIONS:-}"
    ;;
  *)
    echo "usage: scripts/sanitize.sh asan|asan-build|tsan [ctest args...]" >&2
    exit 2
    ;;
esac

if [[ ! -f $dir/CMakeCache.txt ]]; then
  launcher=()
  if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=None -DCMAKE_CXX_COMPILER=clang++ "${launcher[@]}" \
    -DCMAKE_CXX_FLAGS="${flags[*]}" -DCMAKE_EXE_LINKER_FLAGS="${flags[*]}" \
    "${cmake_extra[@]}" >/dev/null
fi
if [[ $mode == asan-build ]]; then
  exec cmake --build "$dir" -j "$jobs" "$@"
fi
cmake --build "$dir" -j "$jobs"
cd "$dir"
ctest --output-on-failure -j "$jobs" --timeout 900 "${filter[@]}" "$@"
