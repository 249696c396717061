#!/usr/bin/env bash
# run_full_analysis.sh - times the whole `iotscope analyze` (read, identify, reduce, analyses,
# reports) on a dataset folder and prints wall time, peak RSS and iotscope's stage timings as
# Markdown.
#
#   bench/run_full_analysis.sh DATA_DIR
#
# Environment: IOTSCOPE (default build/iotscope of this repository), WORK_DIR (default a new
# /tmp/iotscope-analyze.XXXXXX), THREADS (iotscope --threads, default 0: all cores).
# The anonymization key is a throw-away file in WORK_DIR, so ~/.config is not touched.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
die() { echo "run_full_analysis.sh: $*" >&2; exit 1; }
[ $# -eq 1 ] || die "usage: bench/run_full_analysis.sh DATA_DIR"
[ -d "$1" ] || die "$1: not a folder"
data_dir=$(cd "$1" && pwd)
iotscope=${IOTSCOPE:-$repo/build/iotscope}
[ -x "$iotscope" ] || die "$iotscope: no iotscope binary (build it, or set IOTSCOPE)"
[ -x /usr/bin/time ] || die "/usr/bin/time not installed (apt-get install -y time)"
threads=${THREADS:-0}
work=${WORK_DIR:-$(mktemp -d /tmp/iotscope-analyze.XXXXXX)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
report_dir=$work/report

mapfile -t inputs < <(find "$data_dir" -maxdepth 1 -type f ! -name 'truth.json' | LC_ALL=C sort)
[ ${#inputs[@]} -gt 0 ] || die "$data_dir: no files"
input_bytes=0
for f in "${inputs[@]}"; do
  input_bytes=$((input_bytes + $(stat -c %s "$f")))
  cat "$f" >/dev/null  # page cache, as for the ClickHouse comparison
done

cmd=("$iotscope" analyze "$data_dir" --out "$report_dir" --quiet --timings --threads "$threads"
     --anonymization-key "$work/anonymization.key")
echo "== ${cmd[*]}" >&2
start=$(date +%s.%N)
status=0
/usr/bin/time -v -o "$work/analyze.time" "${cmd[@]}" >"$work/analyze.stdout" 2>"$work/analyze.stderr" || status=$?
end=$(date +%s.%N)
# 3: finished but skipped bad rows or files (named on stderr).
if [ "$status" != 0 ] && [ "$status" != 3 ]; then
  tail -n 20 "$work/analyze.stderr" >&2
  die "iotscope analyze failed with status $status (log: $work/analyze.stderr)"
fi
seconds=$(printf '%.2f' "$(echo "$end - $start" | bc -l)")
rss_kib=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$work/analyze.time")
cpu_percent=$(sed -n 's/^[[:space:]]*Percent of CPU this job got: //p' "$work/analyze.time")
stages=$(grep -m 1 '^seconds: ' "$work/analyze.stderr" || echo "seconds: (no --timings line)")
issues=$(grep -c -v '^seconds: ' "$work/analyze.stderr" || true)

cat <<EOF

### iotscope analyze

Input: \`$data_dir\`: ${#inputs[@]} files, $(printf "%'d" "$input_bytes") bytes (page cache warm).
Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -n 1)), $(free -g | awk '/^Mem:/ {print $2}') GB RAM.

| command | wall time | peak RSS | CPU |
|---|---|---|---|
| \`iotscope analyze DATA_DIR --out R --quiet --timings --threads $threads\` | $seconds s | $(printf '%.0f' "$(echo "$rss_kib / 1024" | bc -l)") MiB | $cpu_percent |

Stages in seconds (iotscope --timings): ${stages#seconds: }.
Exit status $status; $issues warning or bad-row lines on stderr (see \`$work/analyze.stderr\`); report in \`$report_dir\`.
EOF
