#!/usr/bin/env bash
# run_capture_comparison.sh - times `iotscope flows` (decode, flow table, nDPI and every payload
# parser: the full capture path) against tshark and ndpiReader on one large synthetic lab capture
# in the page cache, then the flow path alone (`flows --no-payload`: decode and flow table, on
# one thread and on every core) against a bare libpcap read loop (bench/capture/pcap_read_loop.c),
# and prints a Markdown section for bench/RESULTS.md.
#
#   bench/run_capture_comparison.sh [CAPTURE]
#
# CAPTURE (default /tmp/iotscope-lab/lab-2g.pcap) is generated with bench/capture/gen_pcap.c
# when missing (FLOWS flows, default 330000: about 2.1 GB, 4.7 M packets); an existing file is
# used as it is. Environment: IOTSCOPE (default build/iotscope of this repository), FLOWS,
# RUNS (iotscope runs, median reported; default 3), WORK_DIR (default a new
# /tmp/iotscope-capbench.XXXXXX), TSHARK=0 / NDPI=0 to skip a reference tool (tshark takes
# about 10 s of CPU per 1 M packets and ~0.5 KB of memory per packet).
# Needs: cc, /usr/bin/time, bc, capinfos and tshark (Debian tshark), ndpiReader (libndpi-bin),
# libpcap-dev.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "run_capture_comparison.sh: $*" >&2; exit 1; }
[ $# -le 1 ] || die "usage: bench/run_capture_comparison.sh [CAPTURE]"
capture=${1:-/tmp/iotscope-lab/lab-2g.pcap}
iotscope=${IOTSCOPE:-$repo/build/iotscope}
flows=${FLOWS:-330000}
runs=${RUNS:-3}
use_tshark=${TSHARK:-1}
use_ndpi=${NDPI:-1}
[ -x "$iotscope" ] || die "$iotscope: no iotscope binary (build it, or set IOTSCOPE)"
[ -x /usr/bin/time ] || die "/usr/bin/time not installed (apt-get install -y time)"
for tool in cc bc capinfos; do
  command -v "$tool" >/dev/null || die "$tool not installed"
done
[ "$use_tshark" = 0 ] || command -v tshark >/dev/null || die "tshark not installed (or TSHARK=0)"
[ "$use_ndpi" = 0 ] || command -v ndpiReader >/dev/null ||
  die "ndpiReader not installed (apt-get install -y libndpi-bin, or NDPI=0)"
work=${WORK_DIR:-$(mktemp -d /tmp/iotscope-capbench.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)

# --- the capture -------------------------------------------------------------------------
if [ ! -f "$capture" ]; then
  cc -O2 -o "$work/gen_pcap" "$here/capture/gen_pcap.c"
  mkdir -p "$(dirname "$capture")"
  echo "== generating $capture ($flows flows)" >&2
  "$work/gen_pcap" "$capture" "$flows" 2>"$work/gen_pcap.stderr" || die "gen_pcap failed"
  cat "$work/gen_pcap.stderr" >&2
fi
capture_bytes=$(stat -c %s "$capture")
packets=$(capinfos -c -M "$capture" | sed -n 's/^Number of packets:[[:space:]]*//p')
[ -n "$packets" ] || die "$capture: capinfos found no packet count"
echo "== page cache: reading $capture once" >&2
cat "$capture" >/dev/null

# --- measuring ---------------------------------------------------------------------------
# time_field FILE LABEL: one value of /usr/bin/time -v's report.
time_field() { sed -n "s/^[[:space:]]*$2: //p" "$1"; }
# Elapsed comes as h:mm:ss or m:ss.ss.
wall_seconds() {
  time_field "$1" 'Elapsed (wall clock) time (h:mm:ss or m:ss)' |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'
}
cpu_seconds() {
  echo "$(time_field "$1" 'User time (seconds)') + $(time_field "$1" 'System time (seconds)')" | bc -l
}
rss_mib() { echo "$(time_field "$1" 'Maximum resident set size (kbytes)') / 1024" | bc; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# measure NAME CMD...: runs CMD under /usr/bin/time -v, stdout and stderr to files in $work.
measure() {
  local name=$1
  shift
  echo "== $name: $*" >&2
  local load_before status=0
  load_before=$(loadavg)
  /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.stdout" 2>"$work/$name.stderr" ||
    status=$?
  echo "$load_before|$(loadavg)" >"$work/$name.load"
  # iotscope exits 3 when it skipped bad input (named on stderr): still a complete run.
  if [ "$status" != 0 ] && [ "$status" != 3 ]; then
    tail -n 20 "$work/$name.stderr" >&2
    die "$name failed with status $status (log: $work/$name.stderr)"
  fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -a iot_wall iot_cpu iot_rss
for i in $(seq 1 "$runs"); do
  measure "iotscope-$i" "$iotscope" flows "$capture" --out /dev/null --no-anonymize
  iot_wall+=("$(wall_seconds "$work/iotscope-$i.time")")
  iot_cpu+=("$(cpu_seconds "$work/iotscope-$i.time")")
  iot_rss+=("$(rss_mib "$work/iotscope-$i.time")")
done
connections=$(sed -n 's/^\([0-9]*\) connections written.*/\1/p' "$work/iotscope-1.stderr")
# The flow path: decoding and the flow table, nothing reading payload. One thread gives the
# issue's "per core" figure; the default (a reading thread and a worker per core) the wall time.
declare -a flow1_wall flow1_cpu flow1_rss flow_wall flow_cpu flow_rss
for i in $(seq 1 "$runs"); do
  measure "flowpath-1t-$i" "$iotscope" flows "$capture" --out /dev/null --no-anonymize \
    --no-payload --threads 1
  flow1_wall+=("$(wall_seconds "$work/flowpath-1t-$i.time")")
  flow1_cpu+=("$(cpu_seconds "$work/flowpath-1t-$i.time")")
  flow1_rss+=("$(rss_mib "$work/flowpath-1t-$i.time")")
  measure "flowpath-$i" "$iotscope" flows "$capture" --out /dev/null --no-anonymize --no-payload
  flow_wall+=("$(wall_seconds "$work/flowpath-$i.time")")
  flow_cpu+=("$(cpu_seconds "$work/flowpath-$i.time")")
  flow_rss+=("$(rss_mib "$work/flowpath-$i.time")")
done
cc -O2 -o "$work/pcap_read_loop" "$here/capture/pcap_read_loop.c" -lpcap
measure pcap-loop "$work/pcap_read_loop" "$capture"
if [ "$use_tshark" != 0 ]; then
  measure tshark tshark -q -z conv,tcp -r "$capture"
  tshark_conversations=$(grep -c '<->' "$work/tshark.stdout" || true)
fi
if [ "$use_ndpi" != 0 ]; then
  # Without -v ndpiReader prints only its summary (a few KB): flows, protocols, throughput.
  measure ndpi ndpiReader -i "$capture"
  ndpi_flows=$(sed -n 's/^[[:space:]]*Unique flows:[[:space:]]*\([0-9]*\).*/\1/p' "$work/ndpi.stdout")
fi

# --- the report --------------------------------------------------------------------------
fmt2() { printf '%.2f' "$1"; }
rate_line() {  # name wall cpu rss_mib runs_note
  local pps mbs pps_cpu mbs_cpu
  pps=$(echo "$packets / $2 / 1000000" | bc -l)
  mbs=$(echo "$capture_bytes / $2 / 1000000" | bc -l)
  pps_cpu=$(echo "$packets / $3 / 1000000" | bc -l)
  mbs_cpu=$(echo "$capture_bytes / $3 / 1000000" | bc -l)
  printf '| %s | %s s | %s s | %s MiB | %s Mpps / %s MB/s | %s Mpps / %s MB/s |\n' "$1" \
    "$(fmt2 "$2")" "$(fmt2 "$3")" "$(printf "%'d" "$4")" "$(printf '%.3f' "$pps")" \
    "$(printf '%.0f' "$mbs")" "$(printf '%.3f' "$pps_cpu")" "$(printf '%.0f' "$mbs_cpu")"
}
ratio() { printf '%.1fx' "$(echo "$1 / $2" | bc -l)"; }

wall_med=$(printf '%s\n' "${iot_wall[@]}" | median)
cpu_med=$(printf '%s\n' "${iot_cpu[@]}" | median)
rss_med=$(printf '%s\n' "${iot_rss[@]}" | median)
{
  echo
  echo "### Lab capture: iotscope flows vs tshark and ndpiReader"
  echo
  counts="$(printf "%'d" "${connections:-0}") connections (iotscope)"
  [ -z "${ndpi_flows:-}" ] || counts+=" / $(printf "%'d" "$ndpi_flows") flows (ndpiReader)"
  [ -z "${tshark_conversations:-}" ] ||
    counts+=" / $(printf "%'d" "$tshark_conversations") TCP conversations (tshark)"
  echo "Input: \`$capture\`: $(printf "%'d" "$capture_bytes") bytes," \
    "$(printf "%'d" "$packets") packets (capinfos), $counts."
  echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1))," \
    "$(free -g | awk '/^Mem:/ {print $2}') GB RAM; page cache warm."
  echo "Binary: \`$iotscope\` ($(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo '?')" \
    "$(git -C "$repo" diff --quiet 2>/dev/null || echo '+ local changes'))."
  echo
  echo "| tool | wall | CPU (user+sys) | peak RSS | by wall | per CPU second |"
  echo "|---|---|---|---|---|---|"
  rate_line "\`iotscope flows\` (median of $runs)" "$wall_med" "$cpu_med" "$rss_med"
  if [ "$use_tshark" != 0 ]; then
    rate_line "\`tshark -q -z conv,tcp\`" "$(wall_seconds "$work/tshark.time")" \
      "$(cpu_seconds "$work/tshark.time")" "$(rss_mib "$work/tshark.time")"
  fi
  if [ "$use_ndpi" != 0 ]; then
    rate_line "\`ndpiReader -i\`" "$(wall_seconds "$work/ndpi.time")" \
      "$(cpu_seconds "$work/ndpi.time")" "$(rss_mib "$work/ndpi.time")"
  fi
  echo
  echo "iotscope runs (wall / CPU / RSS MiB): $(for i in $(seq 0 $((runs - 1))); do
    printf '%s s / %s s / %s; ' "${iot_wall[$i]}" "$(fmt2 "${iot_cpu[$i]}")" "${iot_rss[$i]}"
  done)"
  if [ "$use_tshark" != 0 ]; then
    echo "iotscope vs tshark: $(ratio "$(wall_seconds "$work/tshark.time")" "$wall_med") faster" \
      "by wall, $(ratio "$(cpu_seconds "$work/tshark.time")" "$cpu_med") by CPU time."
  fi
  if [ "$use_ndpi" != 0 ]; then
    echo "iotscope vs ndpiReader: $(ratio "$(wall_seconds "$work/ndpi.time")" "$wall_med") faster" \
      "by wall, $(ratio "$(cpu_seconds "$work/ndpi.time")" "$cpu_med") by CPU time."
  fi
  echo
  echo "Flow path (\`iotscope flows --no-payload\`: decode and flow table, no payload read):"
  echo
  echo "| run | wall | CPU (user+sys) | peak RSS | by wall | per CPU second |"
  echo "|---|---|---|---|---|---|"
  f1_wall=$(printf '%s\n' "${flow1_wall[@]}" | median)
  f1_cpu=$(printf '%s\n' "${flow1_cpu[@]}" | median)
  f_wall=$(printf '%s\n' "${flow_wall[@]}" | median)
  f_cpu=$(printf '%s\n' "${flow_cpu[@]}" | median)
  rate_line "\`--no-payload --threads 1\` (median of $runs)" "$f1_wall" "$f1_cpu" \
    "$(printf '%s\n' "${flow1_rss[@]}" | median)"
  rate_line "\`--no-payload\`, every core (median of $runs)" "$f_wall" "$f_cpu" \
    "$(printf '%s\n' "${flow_rss[@]}" | median)"
  rate_line "libpcap read loop (\`pcap_read_loop\`)" "$(wall_seconds "$work/pcap-loop.time")" \
    "$(cpu_seconds "$work/pcap-loop.time")" "$(rss_mib "$work/pcap-loop.time")"
  echo
  echo "Flow path runs, one thread (wall / CPU): $(for i in $(seq 0 $((runs - 1))); do
    printf '%s s / %s s; ' "${flow1_wall[$i]}" "$(fmt2 "${flow1_cpu[$i]}")"
  done)every core: $(for i in $(seq 0 $((runs - 1))); do
    printf '%s s / %s s; ' "${flow_wall[$i]}" "$(fmt2 "${flow_cpu[$i]}")"
  done)"
  echo "Flow path per core: $(printf '%.2f' "$(echo "$capture_bytes / $f1_cpu / 1000000000" | bc -l)")" \
    "GB per CPU second on one thread (target >= 1), $(printf '%.2f' \
    "$(echo "$capture_bytes / $f_cpu / 1000000000" | bc -l)") on every core;" \
    "the libpcap loop's CPU is $(printf '%.0f' "$(echo "100 * $(cpu_seconds "$work/pcap-loop.time") / $f1_cpu" | bc -l)") %" \
    "of the one-thread flow path's."
  echo "Load average (1/5/15 min) before|after each run:"
  for f in "$work"/*.load; do echo "- $(basename "$f" .load): $(cat "$f")"; done
} | tee "$work/results.md"
echo "== logs and results.md in $work" >&2
