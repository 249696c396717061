#!/usr/bin/env bash
# A dataset with broken rows: analyze keeps the good rows, names file, line and column of each
# bad one, and says so in its exit code (3).
set -euo pipefail
bin=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"$bin" simulate --homes 3 --seed 1 --out "$out/data" >/dev/null
flows="$out/data/flows.csv"
good=$(($(wc -l <"$flows") - 1))
# Line 3 gets a non-numeric remote port; a truncated row and binary garbage go at the end.
python3 - "$flows" <<'PY'
import sys
path = sys.argv[1]
lines = open(path, encoding="utf-8").read().splitlines(True)
header = lines[0].rstrip("\n").split(",")
fields = lines[2].rstrip("\n").split(",")
fields[header.index("remote_port")] = "abc"
lines[2] = ",".join(fields) + "\n"
lines.append("only,three,fields\n")
open(path, "w", encoding="utf-8").writelines(lines)
open(path, "ab").write(b"\x00\xff\xfe garbage \x01\n")
PY
set +e
"$bin" analyze "$out/data" --out "$out/report" --quiet --anonymization-key "$out/key" 2>"$out/err.txt"
code=$?
set -e
[ "$code" -eq 3 ] || { echo "expected exit code 3, got $code"; cat "$out/err.txt"; exit 1; }
grep -q "flows.csv:3:" "$out/err.txt" || { echo "no message naming flows.csv line 3"; cat "$out/err.txt"; exit 1; }
grep -q "remote_port" "$out/err.txt" || { echo "message does not name the column"; exit 1; }
python3 - "$out/report/report.json" "$good" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
good = int(sys.argv[2])
flows = [i for i in report["inputs"] if "flows" in i["format"]]
assert len(flows) == 1, report["inputs"]
kept = flows[0]["records"] + flows[0]["dropped"]
assert kept == good - 1, (kept, good - 1)
assert flows[0]["skipped"] == 3, flows[0]
assert report["warnings"], "skipped rows must be listed in warnings"
print("bad input ok: kept", kept, "skipped", flows[0]["skipped"])
PY
