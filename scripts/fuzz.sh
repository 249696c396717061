#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (coverage, ASan, UBSan) and runs each for SECONDS
# (default 60), seeded with the test fixtures. Findings land in build-fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIOTSCOPE_BUILD_FUZZ=ON -DIOTSCOPE_BUILD_TESTS=OFF -DIOTSCOPE_BUILD_BENCH=OFF >/dev/null
ninja -C build-fuzz iotinspector_reader_fuzz
mkdir -p build-fuzz/corpus/iotinspector_reader build-fuzz/findings
find tests/data/iotinspector -type f ! -name '*.md' | while read -r f; do
  cp "$f" "build-fuzz/corpus/iotinspector_reader/seed-$(echo "$f" | tr '/' '_')"
done
build-fuzz/fuzz/iotinspector_reader_fuzz build-fuzz/corpus/iotinspector_reader \
  -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix=build-fuzz/findings/ -print_final_stats=1
