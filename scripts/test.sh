#!/usr/bin/env bash
# The whole test suite: formatting check, build with warnings as errors, unit and end-to-end
# tests; then the same tests again on a clang build with ASan + UBSan, and the fuzzing regression
# (saved corpora replayed, each fuzz target run briefly) in that tree (scripts/sanitize.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/check-format.sh
IOTSCOPE_DEBUG_INFO=-g1 bash scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)" --timeout 900
bash scripts/sanitize.sh
