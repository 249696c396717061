#!/usr/bin/env bash
# Configures and builds iotscope in build/ (Release with debug info, warnings as errors).
# A clean build (the demo, CI) compiles each target's sources in batches, in less than half the
# time; for incremental work set IOTSCOPE_UNITY_BUILD=OFF, so one edit rebuilds one file.
set -euo pipefail
cd "$(dirname "$0")/.."
# IOTSCOPE_DEBUG_INFO=-g1: line tables only (CI: quicker to build, backtraces keep file and line).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIOTSCOPE_UNITY_BUILD="${IOTSCOPE_UNITY_BUILD:-ON}" \
  -DIOTSCOPE_DEBUG_INFO="${IOTSCOPE_DEBUG_INFO:--g}" >/dev/null
ninja -C build -j"$(nproc)"
