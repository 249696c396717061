#!/usr/bin/env bash
# The whole test suite built with clang, AddressSanitizer and UndefinedBehaviorSanitizer (in
# build-sanitize/): the unit and end-to-end tests run on instrumented code, any memory error,
# leak or undefined behaviour fails the test that hit it. The same tree builds the libFuzzer
# targets, so the fuzzing regression (saved corpora replayed, then a short run of each target)
# costs no second build.
# Tests that drive outside programs (ClickHouse servers, nmap, a browser, the namespace labs, the
# README demo) run on the gcc build only: under ASan they took half the suite's time and what
# they check there is the other program, not memory iotscope could misuse on untrusted input.
# Tests that score accuracy, not memory use, are thinned there too: TruthScoring's four tests read the same
# simulated dataset (one of them stays), and ZeekAgreement reads the traces of
# tests/data/zeek-agreement, which CaptureThreads.EachRealTraceGivesTheSameOutput reads whole
# under ASan too (FixturesAreSmallAndComplete stays).
# bash scripts/sanitize.sh [--build-only] [FUZZ_SECONDS]
#   (default 10 seconds per fuzz target; 0 skips fuzzing; --build-only stops after the build)
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
if [ "${1:-}" = --build-only ]; then
  build_only=1
  shift
fi
fuzz_seconds=${1:-10}
build=build-sanitize
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIOTSCOPE_SANITIZE=ON -DIOTSCOPE_BUILD_FUZZ=ON -DIOTSCOPE_BUILD_TESTS=ON \
  -DIOTSCOPE_BUILD_BENCH=OFF -DIOTSCOPE_UNITY_BUILD="${IOTSCOPE_UNITY_BUILD:-ON}" >/dev/null
ninja -C "$build" -j"$(nproc)"
((build_only == 0)) || exit 0
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1
outside_programs='^ClickHouse|ComparedWithNmap$|^e2e_(clickhouse_engine|html_report|readme_demo|probe_lab|lab_capture|live_capture|privacy)$'
scoring_only='^ZeekAgreement\.(MeetsTheIssueTargets|NoTraceFallsBelowItsMeasuredAgreement)$|^TruthScoring\.(PortRoles|Exposure|Scans)$'
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 1800 \
  -E "$outside_programs|$scoring_only"
if ((fuzz_seconds > 0)); then
  BUILD_DIR=$build bash scripts/fuzz.sh --regress "$fuzz_seconds"
fi
