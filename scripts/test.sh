#!/usr/bin/env bash
# The second command: install dependencies, build, and run every test.
#   1. unit tests (GoogleTest via ctest)
#   2. integration: the sqllogic files against Firn and a real PostgreSQL 15 oracle, and the
#      real-client tests (psycopg2, psycopg 3)
#   3. the same unit + integration tests on an AddressSanitizer + UBSan build
#   4. each libFuzzer target (built in the sanitizer build) for a bounded time
# Ends with one line "N passed, M failed" over everything; exits non-zero on any failure.
# FIRN_TEST_QUICK=1 skips steps 3 and 4 (for local iteration).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh --test

passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

# Adds the counts from a ctest run ("... tests failed out of N") or from a line
# "N passed, M failed" to the totals.
count() {
  local out="$1"
  local line
  line=$(grep -E "tests passed, [0-9]+ tests failed out of [0-9]+" "$out" | tail -1 || true)
  if [[ -n "$line" ]]; then
    local total fail
    total=$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$line")
    fail=$(sed -E 's/.* ([0-9]+) tests failed.*/\1/' <<<"$line")
    passed=$((passed + total - fail))
    failed=$((failed + fail))
    return
  fi
  line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$out" | tail -1 || true)
  if [[ -n "$line" ]]; then
    passed=$((passed + $(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")))
    failed=$((failed + $(sed -E 's/.*passed, ([0-9]+) failed.*/\1/' <<<"$line")))
  else
    failed=$((failed + 1))  # a step that reported nothing counts as a failure
  fi
}

step() {  # step NAME COMMAND...
  local name="$1" started=$SECONDS
  shift
  echo "=== $name"
  if "$@" >"$log" 2>&1; then
    tail -n 3 "$log"
  else
    cat "$log"
    echo "!!! $name failed"
    failed=$((failed + 1))
  fi
  count "$log"
  echo "    ($name: $((SECONDS - started)) s; $SECONDS s since the start)"
}

step "clang-format" scripts/check-format.sh
scripts/build.sh
echo "    (build: $SECONDS s since the start)"
step "unit tests" bash -c "cd build && ctest --output-on-failure -j2 --timeout 300"
step "integration" env FIRN_BIN=build/firn tests/integration/run.sh

if [[ "${FIRN_TEST_QUICK:-0}" != "1" ]]; then
  # The sanitizer build uses clang, which compiles it about twice as fast as GCC here, and
  # builds the libFuzzer targets (step 4) in the same tree. Line tables are all the
  # sanitizers' stack traces need. -O1 (AddressSanitizer's own advice) compiles in ~260 s
  # more than -O0 here but runs the unit tests 4x and the integration tests 2.5x faster
  # (182 -> 46 s, 470 -> 184 s), and the fuzzers get more runs in their time.
  # A build-asan/ configured with GCC is started afresh.
  if [[ -f build-asan/CMakeCache.txt ]] &&
    ! grep -q '^CMAKE_CXX_COMPILER:.*clang' build-asan/CMakeCache.txt; then
    rm -rf build-asan
  fi
  CC=clang CXX=clang++ BUILD_DIR=build-asan BUILD_TYPE=Debug scripts/build.sh \
    -DFIRN_SANITIZE=ON -DFIRN_FUZZ=ON \
    "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_DEBUG=-O1 -gline-tables-only"
  echo "    (asan build: $SECONDS s since the start)"
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  step "unit tests (asan+ubsan)" bash -c "cd build-asan && ctest --output-on-failure -j2 --timeout 600"
  # The sanitizer build runs a big statement many times slower than the release one.
  step "integration (asan+ubsan)" env FIRN_BIN=build-asan/firn FIRN_SQL_TIMEOUT=120 \
    tests/integration/run.sh

  # Each libFuzzer target for a bounded time (FIRN_FUZZ_SECONDS, default 30).
  fuzzers=(fuzz_wire_decoder fuzz_sql_parser fuzz_storage_decoders)
  for name in "${fuzzers[@]}"; do
    corpus=$(mktemp -d)
    # Seeds (real files Firn wrote) let the fuzzer start from valid inputs.
    if [[ -d "tests/fuzz/corpus/$name" ]]; then cp "tests/fuzz/corpus/$name"/* "$corpus"/; fi
    if "build-asan/tests/fuzz/$name" -max_total_time="${FIRN_FUZZ_SECONDS:-30}" \
      -rss_limit_mb=2048 -max_len=4096 "$corpus" >"$log" 2>&1; then
      echo "=== fuzz $name: $(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1)"
      passed=$((passed + 1))
    else
      tail -n 40 "$log"
      echo "!!! fuzz $name failed"
      failed=$((failed + 1))
    fi
    rm -rf "$corpus"
  done
fi

echo "    (fuzz: $SECONDS s since the start)"
echo "$passed passed, $failed failed"
[[ "$failed" -eq 0 ]]
