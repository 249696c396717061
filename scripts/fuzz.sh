#!/usr/bin/env bash
# libFuzzer targets of fuzz/ (clang, coverage, ASan + UBSan); see docs/fuzzing.md.
#
#   bash scripts/fuzz.sh [SECONDS] [TARGET...]    fuzz each target (default: all) for SECONDS
#       (default 60), starting from the saved corpus fuzz/corpus/<target>/; what it finds new
#       goes to BUILD_DIR/corpus/<target>/ (kept between runs), crashes to BUILD_DIR/findings/.
#   bash scripts/fuzz.sh --regress SECONDS [TARGET...]    the CI check: (a) replays every saved
#       input of fuzz/corpus/<target>/ without mutation, then (b) fuzzes each target for SECONDS
#       on a scratch copy of its corpus; exits non-zero on any crash, leak, timeout or finding.
#   bash scripts/fuzz.sh --seed [TARGET...]    cuts seeds from the real traces and fixtures
#       (fuzz/make_seed_corpora.py) and merges them into fuzz/corpus/<target>/ (-merge=1).
#
# FUZZ_FLAGS: extra libFuzzer flags for the fuzz mode, e.g. "-entropic=0" (docs/fuzzing.md).
# BUILD_DIR (default build-fuzz): a tree configured with -DIOTSCOPE_BUILD_FUZZ=ON is only
# built (ninja), never reconfigured; a missing one is configured here with clang.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build-fuzz}

mode=fuzz
case ${1:-} in
  --regress) mode=regress; shift; seconds=${1:?--regress needs SECONDS}; shift ;;
  --seed) mode=seed; shift ;;
  *) seconds=${1:-60}; shift || true ;;
esac

targets=("$@")
if ((${#targets[@]} == 0)); then
  for f in fuzz/*_fuzz.cpp; do targets+=("$(basename "$f" _fuzz.cpp)"); done
fi

if [ ! -f "$build/CMakeCache.txt" ]; then
  CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DIOTSCOPE_BUILD_FUZZ=ON -DIOTSCOPE_BUILD_TESTS=OFF -DIOTSCOPE_BUILD_BENCH=OFF >/dev/null
elif ! grep -q '^IOTSCOPE_BUILD_FUZZ:BOOL=ON' "$build/CMakeCache.txt"; then
  echo "fuzz.sh: $build is not configured with -DIOTSCOPE_BUILD_FUZZ=ON (clang)" >&2
  exit 2
fi
ninja -C "$build" "${targets[@]/%/_fuzz}" >/dev/null
# Undefined behaviour is a finding, not a warning to scroll past.
export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:print_stacktrace=1"
# Long runs: ASan's 256 MB quarantine and its filling of each allocation's first 4 KiB were a
# third of the time of the slow targets (page faults and memset, perf); a 16 MB quarantine still
# catches a use after free within one input, and overreads are caught by the redzones, not by
# the fill. 1.5x more executions a second on zeek_log. The CI regression keeps ASan's defaults.
if [ "$mode" = fuzz ]; then
  export ASAN_OPTIONS="max_malloc_fill_size=0:quarantine_size_mb=16${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
fi

max_len_of() {  # tables and logs need room; a few dozen frames or one message do not
  case $1 in
    packet_decoder | zeek_log | iotinspector_reader | dataset_rows) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

# Runs one libFuzzer process; prints "<executions> <exec/s> <peak RSS MB>" and keeps its log.
run_fuzzer() {
  local target=$1 log=$2
  shift 2
  local status=0
  "$build/fuzz/${target}_fuzz" -max_len="$(max_len_of "$target")" -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$build/findings/$target-" -print_final_stats=1 "$@" \
    >"$log" 2>&1 || status=$?
  awk '/^stat::number_of_executed_units/ {n=$2} /^stat::average_exec_per_sec/ {r=$2}
       /^stat::peak_rss_mb/ {m=$2} END {printf "%s %s %s\n", n+0, r+0, m+0}' "$log"
  return "$status"
}

report_failure() {
  local target=$1 log=$2
  echo "FAIL $target: see $log and $build/findings/"
  grep -E "^(==[0-9]+==ERROR|SUMMARY|.*runtime error)" "$log" | head -5 || true
}

mkdir -p "$build/findings" "$build/logs"
if [ "$mode" = seed ]; then
  seeds=$(mktemp -d)
  trap 'rm -rf "$seeds"' EXIT
  python3 fuzz/make_seed_corpora.py "$seeds" >/dev/null
fi
# One target's regression: replay every saved input, then fuzz a scratch copy of the corpus.
regress_one() {
  local target=$1 saved=fuzz/corpus/$1 log=$build/logs/$1.log inputs stats scratch status=0
  mkdir -p "$saved"
  inputs=$(find "$saved" -type f | wc -l)
  if ! stats=$(run_fuzzer "$target" "$log.replay" -runs=0 "$saved"); then
    report_failure "$target" "$log.replay"
    return 1
  fi
  echo "ok   $target: replayed $inputs saved inputs"
  scratch=$(mktemp -d)
  cp -r "$saved/." "$scratch/"
  if stats=$(run_fuzzer "$target" "$log" -max_total_time="$seconds" "$scratch"); then
    read -r runs rate rss <<<"$stats"
    echo "ok   $target: fuzzed $seconds s, $runs executions ($rate/s, $rss MB), no finding"
  else
    report_failure "$target" "$log"
    status=1
  fi
  rm -rf "$scratch"
  return "$status"
}

# The regression runs one target per core (each libFuzzer process is single-threaded) and prints
# each target's lines together, in the order of the targets.
if [ "$mode" = regress ]; then
  outs=$(mktemp -d)
  trap 'rm -rf "$outs"' EXIT
  for target in "${targets[@]}"; do
    while (($(jobs -rp | wc -l) >= $(nproc))); do wait -n || true; done
    {
      status=0
      regress_one "$target" || status=1
      echo "$status" >"$outs/$target.status"
    } >"$outs/$target.out" 2>&1 &
  done
  wait
  failed=0
  for target in "${targets[@]}"; do
    cat "$outs/$target.out"
    [ "$(cat "$outs/$target.status" 2>/dev/null)" = 0 ] || failed=1
  done
  exit "$failed"
fi

failed=0
for target in "${targets[@]}"; do
  saved=fuzz/corpus/$target
  mkdir -p "$saved"
  log=$build/logs/$target.log
  case $mode in
    seed)
      mkdir -p "$seeds/$target"
      run_fuzzer "$target" "$log" -merge=1 "$saved" "$seeds/$target" >/dev/null || true
      echo "$target: $(find "$saved" -type f | wc -l) inputs, $(du -sh "$saved" | cut -f1)"
      ;;
    fuzz)
      work=$build/corpus/$target
      mkdir -p "$work"
      # shellcheck disable=SC2086 # FUZZ_FLAGS: extra libFuzzer flags, split on spaces
      if stats=$(run_fuzzer "$target" "$log" -max_total_time="$seconds" ${FUZZ_FLAGS:-} "$work" \
        "$saved"); then
        read -r runs rate rss <<<"$stats"
        echo "ok   $target: $seconds s, $runs executions ($rate/s, peak $rss MB), no finding"
      else
        report_failure "$target" "$log"
        failed=1
      fi
      ;;
  esac
done
exit "$failed"
