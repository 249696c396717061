#!/usr/bin/env bash
# Runs README's demo script with the built binary and checks what a user would look at.
set -euo pipefail
bin=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
IOTSCOPE_BIN="$bin" DEMO_OUT="$out" bash "$src/scripts/demo.sh" >"$out/stdout.txt" 2>"$out/stderr.txt" || {
  echo "demo failed with exit code $?"; cat "$out/stderr.txt"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }
grep -q "simulated 300 homes" "$out/stdout.txt" || fail "no simulation line"
grep -q "report: $out/report/report.json" "$out/stdout.txt" || fail "no report path"
for f in report.json report.md port_roles.csv scans.csv exposure.csv encryption.csv candidates.csv; do
  [ -s "$out/report/$f" ] || fail "missing $f"
done
python3 - "$out/report/report.json" "$out/dataset/truth.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
truth = json.load(open(sys.argv[2]))
keys = ["version", "inputs", "devices", "port_roles", "device_graph", "scans", "encryption",
        "exposure", "measurement", "candidates", "warnings"]
missing = [k for k in keys if k not in report]
assert not missing, f"missing keys {missing}"
assert len(report["devices"]) == truth["devices"], (len(report["devices"]), truth["devices"])
assert all(i["skipped"] == 0 for i in report["inputs"]), report["inputs"]
assert report["scans"], "the demo dataset has scanners; none reported"
assert report["exposure"], "the demo dataset has exposed devices; none reported"
assert report["candidates"], "no lab candidates"
# Anonymized by default: no dataset IP address of a device appears anywhere in the report.
text = open(sys.argv[1]).read()
leaked = [d["ip"] for d in truth["devices_truth"] if d.get("ip") and f'"{d["ip"]}"' in text]
assert not leaked, f"raw addresses in report: {leaked[:3]}"
print("demo report ok:", len(report["devices"]), "devices,", len(report["scans"]), "scans")
PY
