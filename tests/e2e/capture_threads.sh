#!/usr/bin/env bash
# One capture, any number of threads, the same answers: `flows` (conn.log) and `analyze` (every
# report file) with --threads 1, 2 and 3 on real traces merged into one capture, and on a
# synthetic capture of many concurrent connections (bench/capture/gen_pcap.c).
set -euo pipefail
bin=$(realpath "$1")
src=$(realpath "$2")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

mapfile -t traces < <(find "$src/tests/data/pcap" "$src/tests/data/zeek-agreement" \
  \( -name '*.pcap' -o -name '*.pcapng' -o -name '*.trace' \) -size -20M | LC_ALL=C sort)
[ "${#traces[@]}" -ge 10 ] || fail "only ${#traces[@]} traces found"
cc -O2 -o "$work/gen_pcap" "$src/bench/capture/gen_pcap.c" 2>"$work/cc.log" ||
  { cat "$work/cc.log"; fail "cannot build gen_pcap"; }
"$work/gen_pcap" "$work/synthetic.pcap" 3000 >/dev/null 2>&1 || fail "gen_pcap failed"

run() {  # threads, inputs...
  local threads=$1; shift
  local dir=$work/t$threads
  mkdir -p "$dir"
  "$bin" flows "$@" --threads "$threads" --out "$dir/conn.log" --no-anonymize 2>"$dir/flows.err" ||
    [ $? -eq 3 ] || { cat "$dir/flows.err"; fail "flows --threads $threads"; }
  grep -v '^#\(open\|close\)' "$dir/conn.log" >"$dir/conn.rows"
  "$bin" analyze "$@" --threads "$threads" --home lab --out "$dir/report" --quiet \
    --anonymization-key "$work/key" >/dev/null 2>"$dir/analyze.err" ||
    [ $? -eq 3 ] || { cat "$dir/analyze.err"; fail "analyze --threads $threads"; }
}
for inputs in traces synthetic; do
  if [ "$inputs" = traces ]; then args=("${traces[@]}"); else args=("$work/synthetic.pcap"); fi
  for threads in 1 2 3; do run "$threads" "${args[@]}"; done
  rows=$(wc -l <"$work/t1/conn.rows")
  [ "$rows" -gt 50 ] || fail "$inputs: only $rows conn.log rows"
  for threads in 2 3; do
    cmp -s "$work/t1/conn.rows" "$work/t$threads/conn.rows" ||
      fail "$inputs: conn.log with $threads threads differs from 1 thread"
    diff -r "$work/t1/report" "$work/t$threads/report" >"$work/diff.txt" ||
      { head -20 "$work/diff.txt"; fail "$inputs: report with $threads threads differs"; }
  done
  echo "$inputs: $rows connections, conn.log and report identical for 1, 2 and 3 threads"
  rm -rf "$work"/t1 "$work"/t2 "$work"/t3
done
