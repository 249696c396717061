#!/usr/bin/env bash
# The README demo: simulate a small crowdsourced dataset, analyze it, print the summary.
# IOTSCOPE_BIN=path skips the install and build (the end-to-end test runs the demo that way).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${IOTSCOPE_BIN:-}
if [ -z "$bin" ]; then
  bash scripts/install-deps.sh
  bash scripts/build.sh
  bin=./build/iotscope
fi
out=${DEMO_OUT:-demo}
"$bin" simulate --homes 300 --seed 7 --out "$out/dataset"
"$bin" analyze "$out/dataset" --out "$out/report" --anonymization-key "$out/anonymization.key"
echo "the full report: $out/report/report.md, $out/report/report.json and one CSV per table"
