#!/usr/bin/env bash
# The whole test suite built with clang, AddressSanitizer and UndefinedBehaviorSanitizer (in
# build-sanitize/): every unit and end-to-end test runs on instrumented code, any memory error,
# leak or undefined behaviour fails the test that hit it. The same tree builds the libFuzzer
# targets, so the fuzzing regression (saved corpora replayed, then a short run of each target)
# costs no second build.
# bash scripts/sanitize.sh [FUZZ_SECONDS]   (default 10 seconds per fuzz target; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz_seconds=${1:-10}
build=build-sanitize
CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIOTSCOPE_SANITIZE=ON -DIOTSCOPE_BUILD_FUZZ=ON -DIOTSCOPE_BUILD_TESTS=ON \
  -DIOTSCOPE_BUILD_BENCH=OFF >/dev/null
ninja -C "$build" -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:check_initialization_order=1:strict_init_order=1
export UBSAN_OPTIONS=print_stacktrace=1
ctest --test-dir "$build" --output-on-failure -j"$(nproc)" --timeout 1800
if ((fuzz_seconds > 0)); then
  BUILD_DIR=$build bash scripts/fuzz.sh --regress "$fuzz_seconds"
fi
