#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (coverage, ASan, UBSan) and runs each for SECONDS
# (default 60), seeded with the test fixtures of what it reads. Findings land in
# build-fuzz/findings/, corpora in build-fuzz/corpus/<target>/ (kept between runs).
# bash scripts/fuzz.sh [SECONDS] [TARGET...]   (default: every fuzz/*_fuzz.cpp)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DIOTSCOPE_BUILD_FUZZ=ON -DIOTSCOPE_BUILD_TESTS=OFF -DIOTSCOPE_BUILD_BENCH=OFF >/dev/null
targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" _fuzz.cpp)"); done
fi
seeds_of() {  # the fixtures each target's parser reads
  case $1 in
    iotinspector_reader) echo tests/data/iotinspector ;;
    packet_decoder) echo tests/data/pcap ;;
    payload_parsers) echo tests/data/payload ;;
    zeek_log) echo tests/data/zeek ;;
    nmap_xml) echo tests/data/nmap ;;
  esac
}
mkdir -p build-fuzz/findings
for target in "${targets[@]}"; do
  ninja -C build-fuzz "${target}_fuzz"
  corpus=build-fuzz/corpus/$target
  mkdir -p "$corpus"
  seeds=$(seeds_of "$target")
  if [ -n "$seeds" ]; then
    find "$seeds" -type f ! -name '*.md' ! -name '*.sh' -size -1M | while read -r f; do
      cp "$f" "$corpus/seed-$(echo "$f" | tr '/' '_')"
    done
  fi
  echo "== $target ($seconds s)"
  "build-fuzz/fuzz/${target}_fuzz" "$corpus" -max_total_time="$seconds" -max_len=65536 \
    -timeout=10 -rss_limit_mb=2048 -artifact_prefix=build-fuzz/findings/ -print_final_stats=1 \
    2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY)" || true
done
