#!/usr/bin/env bash
# The whole test suite: formatting check, build with warnings as errors, unit and end-to-end
# tests; then the same tests again on a clang build with ASan + UBSan, and the fuzzing regression
# (saved corpora replayed, each fuzz target run briefly) in that tree (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/check-format.sh
IOTSCOPE_DEBUG_INFO=-g1 bash scripts/build.sh
# The sanitizer tree builds while the gcc tests run, at the lowest priority: about half of the
# tests' time is spent waiting on servers, browsers and namespace labs, and the build takes
# that idle CPU (the tests keep theirs).
sanitize_log=$(mktemp)
nice -n 19 bash scripts/sanitize.sh --build-only >"$sanitize_log" 2>&1 &
sanitize_build=$!
tests_status=0
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900 || tests_status=$?
build_status=0
wait "$sanitize_build" || build_status=$?
if ((build_status != 0)); then
  tail -50 "$sanitize_log"
  echo "the sanitizer build failed ($build_status)"
fi
rm -f "$sanitize_log"
((tests_status == 0 && build_status == 0)) || exit 1
bash scripts/sanitize.sh
