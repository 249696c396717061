#!/usr/bin/env bash
# run_local_ports.sh - computes iotscope's local_ports.tsv with a running ClickHouse 18.16 server
# (started by server.sh) from IoT Inspector shape A files: plain CSV or TSV with a header.
#
#   run_local_ports.sh SERVER_DIR OUT_TSV INPUT...
#
# INPUT: files or folders (folders: every *.csv / *.tsv in them). Each file is recognised by its
# header (flows: remote_port and ts; devices: device_ip), symlinked under the server's
# user_files_path and read with the file() table function. OUT_TSV gets the header of
# local_ports.tsv and the rows sorted with LC_ALL=C sort, i.e. byte order like iotscope's.
# Environment: FLOW_GAP (seconds, default 60), PRINT_SQL=1 (print the query to stderr),
# TIMING_FILE (the query's wall seconds are written there).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
die() { echo "run_local_ports.sh: $*" >&2; exit 1; }
[ $# -ge 3 ] || die "usage: run_local_ports.sh SERVER_DIR OUT_TSV INPUT..."
server_dir=$(cd "$1" && pwd)
out_tsv=$2
shift 2
[ -f "$server_dir/ports" ] || die "$server_dir/ports missing: start the server with server.sh start $server_dir"
read -r _ tcp_port <"$server_dir/ports"
flow_gap=${FLOW_GAP:-60}
[[ "$flow_gap" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "FLOW_GAP=$flow_gap is not a number of seconds"

files=()
for input in "$@"; do
  if [ -d "$input" ]; then
    while IFS= read -r f; do files+=("$f"); done < <(find "$input" -maxdepth 1 -type f \
      \( -name '*.csv' -o -name '*.tsv' -o -name '*.gz' -o -name '*.zst' -o -name '*.jsonl' \) | LC_ALL=C sort)
  elif [ -f "$input" ]; then
    files+=("$input")
  else
    die "$input: no such file or folder"
  fi
done
[ ${#files[@]} -gt 0 ] || die "no input files in: $*"

link_dir=$server_dir/user_files/run-$$
mkdir -p "$link_dir"
cleanup() { rm -rf "$link_dir"; }
trap cleanup EXIT

header_names() {  # $1 = file, $2 = separator; prints the lower-cased header names one per line
  head -n 1 "$1" | tr -d '\r' | tr "$2" '\n' | sed -e 's/^[[:space:]]*"\{0,1\}//' -e 's/"\{0,1\}[[:space:]]*$//' |
    tr '[:upper:]' '[:lower:]'
}

flows_sql=""
devices_sql=""
first_ts=""
n=0
for f in "${files[@]}"; do
  case "$f" in
    *.csv) format=CSVWithNames sep=',' ;;
    *.tsv) format=TSVWithNames sep=$'\t' ;;
    *.truth.json | */truth.json) continue ;;
    *) die "$f: ClickHouse 18.16's file() reads plain CSV or TSV only; decompress it or convert it first" ;;
  esac
  mapfile -t names < <(header_names "$f" "$sep")
  structure=""
  declare -A seen=()
  for i in "${!names[@]}"; do
    name=${names[$i]}
    # Columns are positional in 18.16 and names are taken literally (no quoting), so unnamed,
    # repeated or unusual ones get a placeholder name.
    if [ -z "$name" ] || [ -n "${seen[$name]:-}" ] || ! [[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]]; then name="unused_$i"; fi
    seen[$name]=1
    structure+="${structure:+, }$name String"
  done
  has() { [ -n "${seen[$1]:-}" ]; }
  n=$((n + 1))
  link="$link_dir/$n-$(basename "$f")"
  ln -s "$(cd "$(dirname "$f")" && pwd)/$(basename "$f")" "$link"
  source_sql="file('${link#"$server_dir/user_files/"}', '$format', '$structure')"
  if has remote_port && has ts; then
    for c in user_key device_id device_port remote_ip protocol in_byte_count out_byte_count; do
      has "$c" || die "$f: flows table without column $c"
    done
    opt() { if has "$1"; then echo "$1"; else echo "'' AS $1"; fi; }
    select="SELECT user_key, device_id, device_port, remote_ip, remote_port, protocol, $(opt syn_originator), $(opt remote_hostname), in_byte_count, out_byte_count, ts FROM $source_sql"
    flows_sql+="${flows_sql:+ UNION ALL }$select"
    if [ -z "$first_ts" ]; then
      ts_col=0
      for i in "${!names[@]}"; do [ "${names[$i]}" = ts ] && ts_col=$((i + 1)); done
      first_ts=$(sed -n 2p "$f" | tr -d '\r' | cut -d "$sep" -f "$ts_col" | tr -d '"')
    fi
  elif has device_ip && has device_id && has user_key; then
    # Read without "WithNames" and the header row filtered out: 18.16 reads a file() twice when
    # filling a table, and the second read skips the first data row as if it were the header.
    plain_source=${source_sql/"'$format'"/"'${format%WithNames}'"}
    devices_sql+="${devices_sql:+ UNION ALL }SELECT user_key, device_id, device_ip FROM $plain_source WHERE lower(user_key) != 'user_key'"
  else
    echo "run_local_ports.sh: $f: neither a shape A flows nor devices table; skipped" >&2
  fi
  unset seen
done
[ -n "$flows_sql" ] || die "no shape A flows table among the inputs"
[ -n "$devices_sql" ] || devices_sql="SELECT '' AS user_key, '' AS device_id, '' AS device_ip"

# Unix seconds parsed as iotscope does (whole + fraction / 10^digits) so gaps compare exactly;
# ISO 8601 text when the first row's ts is not a number.
if [[ "$first_ts" =~ ^[0-9]+(\.[0-9]*)?$ ]] || [ -z "$first_ts" ]; then
  ts_expr="toFloat64(toUInt64OrZero(if(position(ts, '.') = 0, ts, substring(ts, 1, position(ts, '.') - 1))))
                        + if(position(ts, '.') = 0 OR position(ts, '.') = length(ts), 0,
                             toFloat64(toUInt64OrZero(substring(ts, position(ts, '.') + 1)))
                             / toFloat64(intExp10(length(ts) - position(ts, '.'))))"
else
  ts_expr="toFloat64(toUInt32(parseDateTimeBestEffort(ts))) + toFloat64OrZero(concat('0', extract(ts, '\\\\.[0-9]+')))"
fi

sql=$(cat "$here/local_ports.sql")
sql=${sql//\{FLOWS\}/$flows_sql}
sql=${sql//\{DEVICES\}/$devices_sql}
sql=${sql//\{TS_EXPR\}/$ts_expr}
sql=${sql//\{FLOW_GAP\}/$flow_gap}
[ "${PRINT_SQL:-0}" = 1 ] && printf '%s\n' "$sql" >&2

raw=$out_tsv.unsorted
start=$(date +%s.%N)
clickhouse-client --port "$tcp_port" --max_query_size=10000000 --multiquery --query "$sql" >"$raw"
end=$(date +%s.%N)
seconds=$(echo "$end - $start" | bc -l)
[ -z "${TIMING_FILE:-}" ] || printf '%.3f\n' "$seconds" >"$TIMING_FILE"
{
  printf 'home\tdevice\tport\ttransport\tscope\tflows\tbytes\tdistinct_remote_ports\tdistinct_remote_hosts\twindows\n'
  LC_ALL=C sort "$raw"
} >"$out_tsv"
rm -f "$raw"
printf 'clickhouse: %s rows in %.3f s -> %s\n' "$(($(wc -l <"$out_tsv") - 1))" "$seconds" "$out_tsv" >&2
