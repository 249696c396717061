#!/usr/bin/env bash
# run_clickhouse_comparison.sh - iotscope's embedded engine against ClickHouse 18.16 on the same
# IoT Inspector shape A files: both compute local_ports.tsv (docs/engine.md); the outputs are
# compared byte for byte and the wall time and peak memory of each side are printed as Markdown.
#
#   bench/run_clickhouse_comparison.sh DATA_DIR
#
# Environment:
#   IOTSCOPE   the iotscope binary (default: build/iotscope of this repository)
#   WORK_DIR   where outputs and the server's files go (default: a new /tmp/iotscope-bench.XXXXXX)
#   THREADS    iotscope --threads (default 0: all cores; ClickHouse also uses all cores)
#   FLOW_GAP   seconds between windows that start a new flow, both sides (default 60)
#   CH_HTTP_PORT, CH_TCP_PORT   preferred server ports (default 8123, 9000; busy ones are skipped)
# Exit status: 0 when the outputs are equal, 1 when they differ or a step failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "run_clickhouse_comparison.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: bench/run_clickhouse_comparison.sh DATA_DIR"
[ -d "$1" ] || die "$1: not a folder"
data_dir=$(cd "$1" && pwd)
iotscope=${IOTSCOPE:-$repo/build/iotscope}
[ -x "$iotscope" ] || die "$iotscope: no iotscope binary (build it, or set IOTSCOPE)"
command -v clickhouse-client >/dev/null || die "clickhouse-client not installed (apt-get install -y clickhouse-server clickhouse-client)"
[ -x /usr/bin/time ] || die "/usr/bin/time not installed (apt-get install -y time)"
threads=${THREADS:-0}
flow_gap=${FLOW_GAP:-60}
work=${WORK_DIR:-$(mktemp -d /tmp/iotscope-bench.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
ch_dir=$work/clickhouse-server

server_started=0
stop_server() {
  if [ "$server_started" = 1 ]; then
    "$here/clickhouse/server.sh" stop "$ch_dir" >&2 || true
    server_started=0
  fi
}
trap stop_server EXIT
trap 'exit 130' INT TERM

now() { date +%s.%N; }
seconds_between() { printf '%.2f' "$(echo "$2 - $1" | bc -l)"; }
kib_to_mib() { printf '%.0f' "$(echo "$1 / 1024" | bc -l)"; }
rss_from_time_log() { sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$1"; }

# --- the input ----------------------------------------------------------------------------
mapfile -t inputs < <(find "$data_dir" -maxdepth 1 -type f \( -name '*.csv' -o -name '*.tsv' \) | LC_ALL=C sort)
[ ${#inputs[@]} -gt 0 ] || die "$data_dir: no plain .csv or .tsv files (ClickHouse 18.16's file() reads no compressed input)"
input_bytes=0
flow_rows=0
device_rows=0
for f in "${inputs[@]}"; do
  input_bytes=$((input_bytes + $(stat -c %s "$f")))
  rows=$(($(wc -l <"$f") - 1))  # also brings the file into the page cache for both sides
  if head -n 1 "$f" | grep -q 'remote_port'; then flow_rows=$((flow_rows + rows)); else device_rows=$((device_rows + rows)); fi
done

# --- (a) iotscope ---------------------------------------------------------------------------
iotscope_out=$work/iotscope
# --no-anonymize: ClickHouse sees the dataset's own ids, so the comparison needs them too.
iotscope_cmd=("$iotscope" summarize "$data_dir" --out "$iotscope_out" --threads "$threads" --flow-gap "$flow_gap" --no-anonymize)
echo "== iotscope: ${iotscope_cmd[*]}" >&2
start=$(now)
status=0
/usr/bin/time -v -o "$work/iotscope.time" "${iotscope_cmd[@]}" >"$work/iotscope.stdout" 2>"$work/iotscope.stderr" || status=$?
end=$(now)
# 3: finished but skipped bad rows (named on stderr); the comparison still holds.
if [ "$status" != 0 ] && [ "$status" != 3 ]; then
  tail -n 20 "$work/iotscope.stderr" >&2
  die "iotscope summarize failed with status $status (log: $work/iotscope.stderr)"
fi
iotscope_seconds=$(seconds_between "$start" "$end")
iotscope_rss_mib=$(kib_to_mib "$(rss_from_time_log "$work/iotscope.time")")
iotscope_tsv=$work/iotscope_local_ports.tsv
{ head -n 1 "$iotscope_out/local_ports.tsv"; tail -n +2 "$iotscope_out/local_ports.tsv" | LC_ALL=C sort; } >"$iotscope_tsv"

# --- (b) ClickHouse -------------------------------------------------------------------------
echo "== ClickHouse: bench/clickhouse/server.sh start $ch_dir" >&2
server_started=1
"$here/clickhouse/server.sh" start "$ch_dir" >&2
server_pid=$(cat "$ch_dir/pid")
server_idle_rss_kib=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
clickhouse_tsv=$work/clickhouse_local_ports.tsv
echo "== ClickHouse: bench/clickhouse/run_local_ports.sh $ch_dir $clickhouse_tsv $data_dir" >&2
FLOW_GAP=$flow_gap TIMING_FILE=$work/clickhouse.seconds \
  "$here/clickhouse/run_local_ports.sh" "$ch_dir" "$clickhouse_tsv" "$data_dir"
clickhouse_seconds=$(printf '%.2f' "$(cat "$work/clickhouse.seconds")")
server_rss_kib=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")
clickhouse_version=$(clickhouse-client --port "$(cut -d' ' -f2 "$ch_dir/ports")" -q 'SELECT version()')
stop_server

# --- (c) compare ------------------------------------------------------------------------------
iotscope_rows=$(($(wc -l <"$iotscope_tsv") - 1))
clickhouse_rows=$(($(wc -l <"$clickhouse_tsv") - 1))
if cmp -s "$iotscope_tsv" "$clickhouse_tsv"; then
  verdict="equal: $iotscope_rows rows, byte for byte"
  equal=1
else
  verdict="DIFFERENT: iotscope $iotscope_rows rows, ClickHouse $clickhouse_rows rows"
  equal=0
fi

# --- (d) report -------------------------------------------------------------------------------
ratio() { if [ "$(echo "$2 > 0" | bc -l)" = 1 ]; then printf '%.2f' "$(echo "$1 / $2" | bc -l)"; else echo n/a; fi; }
clickhouse_rss_mib=$(kib_to_mib "$server_rss_kib")
cat <<EOF

### local_ports: iotscope vs ClickHouse

Input: \`$data_dir\`: ${#inputs[@]} files, $(printf "%'d" "$input_bytes") bytes, $(printf "%'d" "$flow_rows") flow rows (windows), $(printf "%'d" "$device_rows") device rows.
Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GB RAM; input files in the page cache for both runs.

| | command | wall time | peak RSS |
|---|---|---|---|
| iotscope | \`iotscope summarize DATA_DIR --out OUT --threads $threads --flow-gap $flow_gap\` | $iotscope_seconds s | $iotscope_rss_mib MiB |
| ClickHouse $clickhouse_version | \`bench/clickhouse/run_local_ports.sh SERVER_DIR OUT.tsv DATA_DIR\` (query \`bench/clickhouse/local_ports.sql\` over \`file()\`) | $clickhouse_seconds s | $clickhouse_rss_mib MiB (server VmHWM; $(kib_to_mib "$server_idle_rss_kib") MiB idle) |
| ratio ClickHouse / iotscope | | $(ratio "$clickhouse_seconds" "$iotscope_seconds") | $(ratio "$clickhouse_rss_mib" "$iotscope_rss_mib") |

iotscope wall time includes process start and writing all three TSV files; ClickHouse wall time is
the \`clickhouse-client\` call (devices table load + query + result transfer), server already up.

Outputs (\`LC_ALL=C sort\` on both): **$verdict**.
Files: \`$iotscope_tsv\`, \`$clickhouse_tsv\`.
EOF
if [ "$equal" = 0 ]; then
  echo
  echo "First differences (< iotscope, > ClickHouse):"
  echo '```'
  diff "$iotscope_tsv" "$clickhouse_tsv" | head -n 20 || true
  echo '```'
  exit 1
fi
