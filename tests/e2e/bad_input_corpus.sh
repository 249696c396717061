#!/usr/bin/env bash
# Every case of the bad-input corpus (tests/bad-input/cases.tsv, made by make_corpus.py from real
# files): no crash or hang, the expected exit code, a message naming file, position and what was
# expected, and every good record kept. Plus one case too big to commit: a plain CSV with a 50 MB
# line, made here from the corpus' compressed copy.
set -euo pipefail
bin=$1
src=$2
corpus="$src/tests/bad-input"
python3 "$corpus/check_cases.py" "$bin" "$corpus"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
zstd -q -d -c "$corpus/flows_huge_line.csv.zst" >"$out/flows_huge_line.csv"
set +e
timeout 120 "$bin" analyze "$out/flows_huge_line.csv" --out "$out/report" --quiet \
  --anonymization-key "$out/key" >/dev/null 2>"$out/err.txt"
code=$?
set -e
[ "$code" -eq 3 ] || { echo "huge plain line: exit code $code, expected 3"; cat "$out/err.txt"; exit 1; }
grep -q "flows_huge_line.csv:4: line is longer than 1048576 bytes; skipped" "$out/err.txt" ||
  { echo "huge plain line: no message naming line 4"; cat "$out/err.txt"; exit 1; }
python3 - "$out/report/report.json" "$corpus/cases.tsv" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
expected = next(l.split("\t") for l in open(sys.argv[2]) if l.startswith("flows_huge_line\t"))
entry = report["inputs"][0]
kept = entry["records"] + entry["dropped"]
assert kept == int(expected[6]) and entry["skipped"] == 1, entry
print("huge plain line ok: kept", kept, "skipped", entry["skipped"])
PY
