#!/usr/bin/env bash
# run_clickhouse_engine.sh - the ClickHouse engine (issue 7) against the embedded engine on the
# same simulated dataset: `iotscope analyze DIR` (embedded), `iotscope load DIR --engine ...`
# into two local shards (scripts/clickhouse-servers.sh), then `iotscope analyze --engine ...`.
# Prints one Markdown table row per step with wall time, rows/s and the peak memory of iotscope
# and of each ClickHouse server, and whether the two report folders are equal.
#
#   bench/run_clickhouse_engine.sh DATA_DIR
#
# Environment:
#   IOTSCOPE   the iotscope binary (default: build/iotscope of this repository)
#   SHARDS     2 (default): a cluster of both servers; 1: server 1 alone, no cluster
#   WORK_DIR   where reports and the servers' files go (default: a new /tmp/iotscope-chengine.XXXXXX;
#              the servers' data, about 10% of the CSV size, is deleted at the end)
# Exit status: 0 when the reports are equal, 1 otherwise or when a step failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "run_clickhouse_engine.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: bench/run_clickhouse_engine.sh DATA_DIR"
[ -d "$1" ] || die "$1: not a folder"
data_dir=$(cd "$1" && pwd)
iotscope=${IOTSCOPE:-$repo/build/iotscope}
[ -x "$iotscope" ] || die "$iotscope: no iotscope binary (build it, or set IOTSCOPE)"
[ -x /usr/sbin/clickhouse-server ] || die "clickhouse-server not installed (scripts/install-deps.sh)"
[ -x /usr/bin/time ] || die "/usr/bin/time not installed (apt-get install -y time)"
work=${WORK_DIR:-$(mktemp -d /tmp/iotscope-chengine.XXXXXX)}
mkdir -p "$work"
servers=$work/servers
cleanup() {
  bash "$repo/scripts/clickhouse-servers.sh" stop "$servers" >/dev/null 2>&1 || true
  rm -rf "$servers"
}
trap cleanup EXIT

bash "$repo/scripts/clickhouse-servers.sh" start "$servers" $$ >"$work/servers.log" 2>&1 ||
  { cat "$work/servers.log"; die "cannot start the servers"; }
read -r http1 _ < <(sed -n 1p "$servers/ports")
shards=${SHARDS:-2}
case $shards in
  2) url="clickhouse://127.0.0.1:$http1/bench?cluster=iotscope" ;;
  1) url="clickhouse://127.0.0.1:$http1/bench" ;;
  *) die "SHARDS must be 1 or 2" ;;
esac
server_pids=("$(cat "$servers/s1/pid")" "$(cat "$servers/s2/pid")")

rows=$(find "$data_dir" -maxdepth 1 -name '*flows*.csv' -exec cat {} + | wc -l)
echo "input: $data_dir, $rows flow-table lines; machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"

# Peak RSS of the servers per step: VmHWM, reset before each step (clear_refs 5).
reset_server_peaks() { for pid in "${server_pids[@]}"; do echo 5 >"/proc/$pid/clear_refs"; done; }
server_peaks() {
  local out=()
  for pid in "${server_pids[@]}"; do
    out+=("$(awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$pid/status")")
  done
  echo "${out[0]} / ${out[1]} MiB"
}
timed() {  # label, then the command; prints "wall rss_mib"
  local label=$1; shift
  /usr/bin/time -v "$@" >"$work/$label.out" 2>"$work/$label.time" ||
    { tail -20 "$work/$label.time"; die "$label failed"; }
  local wall rss
  wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$label.time" |
    awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
  rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/$label.time")
  echo "$wall $((rss / 1024))"
}

echo
echo "| step | wall | rows/s | iotscope peak RSS | servers' peak RSS (shard 1 / 2) |"
echo "|---|---|---|---|---|"
read -r wall rss < <(timed embedded "$iotscope" analyze "$data_dir" --out "$work/embedded" --quiet \
  --timings --anonymization-key "$work/key")
echo "| embedded \`analyze\` | ${wall} s | $(awk -v r="$rows" -v w="$wall" 'BEGIN {printf "%.0f", r / w}') | ${rss} MiB | - |"
reset_server_peaks
read -r wall rss < <(timed load "$iotscope" load "$data_dir" --engine "$url")
echo "| \`load\` into $shards shard(s) | ${wall} s | $(awk -v r="$rows" -v w="$wall" 'BEGIN {printf "%.0f", r / w}') | ${rss} MiB | $(server_peaks) |"
reset_server_peaks
read -r wall rss < <(timed clickhouse "$iotscope" analyze --engine "$url" --out "$work/clickhouse" \
  --quiet --timings --anonymization-key "$work/key")
echo "| \`analyze --engine\` | ${wall} s | $(awk -v r="$rows" -v w="$wall" 'BEGIN {printf "%.0f", r / w}') | ${rss} MiB | $(server_peaks) |"
echo
grep -h "^flows:\|rows/s over" "$work/load.out" || true
echo "embedded stages: $(grep -h '^seconds:' "$work/embedded.time" || true)"
echo "clickhouse stages: $(grep -h '^seconds:' "$work/clickhouse.time" || true)"
stored=$(du -sm "$servers/s1/data" "$servers/s2/data" 2>/dev/null | awk '{s += $1} END {print s}')
echo "stored on disk: ${stored} MiB over both servers; machine load after: $(cut -d' ' -f1-3 /proc/loadavg)"
if diff -rq "$work/embedded" "$work/clickhouse" >"$work/diff.txt"; then
  echo "reports: equal (diff -r of every file)"
else
  echo "reports: DIFFER"; head -20 "$work/diff.txt"; exit 1
fi
