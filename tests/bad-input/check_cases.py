#!/usr/bin/env python3
"""Runs every case of cases.tsv against the built binary and checks, per case: no crash and no
hang (a time limit), the exit code, the message (on stderr and, for analyze, in report.json
`inputs`), and how many good records were kept (report.json `inputs` records / skipped, or the
rows of the conn.log `flows` wrote). Every file a run writes must be valid UTF-8.

Usage: check_cases.py BINARY CORPUS_DIR [CASE...]
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

TIME_LIMIT_SECONDS = 120
# A label the Latin-1 case must keep: its invalid bytes written as U+FFFD, the rest unchanged.
LATIN1_LABEL = "Caf\ufffd cam\ufffdra"


def read_cases(corpus):
    cases = []
    for line in (corpus / "cases.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("case\t") or not line.strip():
            continue
        name, command, file, exit_code, where, message, kept, skipped = line.split("\t")
        cases.append(dict(name=name, command=command, file=file, exit=int(exit_code),
                          where=where, message=message, kept=kept, skipped=skipped))
    return cases


def run(binary, case, corpus, work):
    path = str(corpus / case["file"])
    if case["command"] == "analyze":
        argv = [binary, "analyze", path, "--out", str(work / "report"), "--anonymization-key",
                str(work / "key")]
    else:
        argv = [binary, "flows", path, "--out", str(work / "conn.log"), "--anonymization-key",
                str(work / "key")]
    try:
        done = subprocess.run(argv, capture_output=True, timeout=TIME_LIMIT_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        return None, f"no answer within {TIME_LIMIT_SECONDS} s (hang)"
    return done, None


def names_problem(text, case):
    """True when `text` (a stderr line or a report issue) names the case's file, at the case's
    position, with the case's message."""
    at = Path(case["file"]).name + case["where"]
    if case["where"] and not case["where"].endswith(":"):
        at += ":"  # ":3" must not match ":31", "@20" not "@2048"
    return at in text and case["message"] in text


def input_entry(report, file):
    for entry in report["inputs"]:
        if entry["path"].endswith("/" + file) or entry["path"] == file:
            return entry
    return None


def check_utf8(work):
    for out in sorted(p for p in work.rglob("*") if p.is_file() and p.name != "key"):
        try:
            out.read_bytes().decode("utf-8")
        except UnicodeDecodeError as error:
            yield f"{out.relative_to(work)} is not valid UTF-8 ({error})"


def check_analyze(case, work, stderr):
    report_path = work / "report" / "report.json"
    if not report_path.exists():
        yield "no report.json written"
        return
    report = json.loads(report_path.read_text(encoding="utf-8"))
    entry = input_entry(report, case["file"])
    if entry is None:
        yield f"report.json inputs has no entry for {case['file']}: {report['inputs']}"
        return
    if case["message"] and not any(names_problem(issue, case) for issue in entry["issues"]):
        yield f"report.json inputs issues lack {case['where']!r} {case['message']!r}: " \
              f"{entry['issues']}"
    kept = entry["records"] + entry["dropped"]
    if case["kept"] != "-" and kept != int(case["kept"]):
        yield f"kept {kept} records, expected {case['kept']}"
    if case["skipped"] != "-" and entry["skipped"] != int(case["skipped"]):
        yield f"skipped {entry['skipped']}, expected {case['skipped']}"
    if "latin1" in case["file"]:
        if LATIN1_LABEL not in report_path.read_text(encoding="utf-8"):
            yield f"the Latin-1 label {LATIN1_LABEL!r} is not in report.json"
    del stderr


def check_flows(case, work):
    conn_log = work / "conn.log"
    if not conn_log.exists():
        yield "no conn.log written"
        return
    rows = [l for l in conn_log.read_text(encoding="utf-8").splitlines()
            if l and not l.startswith("#")]
    if case["kept"] != "-" and len(rows) != int(case["kept"]):
        yield f"conn.log has {len(rows)} rows, expected {case['kept']}"


def check(binary, case, corpus):
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        done, problem = run(binary, case, corpus, work)
        if problem:
            return [problem]
        problems = []
        stderr = done.stderr.decode("utf-8", "replace")
        if done.returncode < 0 or done.returncode > 128:
            problems.append(f"crashed (exit {done.returncode})")
        if done.returncode != case["exit"]:
            problems.append(f"exit code {done.returncode}, expected {case['exit']}")
        if case["message"] and not any(names_problem(l, case) for l in stderr.splitlines()):
            problems.append(f"stderr lacks {case['where']!r} {case['message']!r}")
        if case["command"] == "analyze":
            problems += list(check_analyze(case, work, stderr))
        else:
            problems += list(check_flows(case, work))
        problems += list(check_utf8(work))
        try:
            done.stdout.decode("utf-8")
        except UnicodeDecodeError as error:
            problems.append(f"the terminal output is not valid UTF-8 ({error})")
        if problems:
            problems.append("stderr was:\n    " + "\n    ".join(stderr.splitlines()[:12]))
        return problems


def main():
    binary, corpus = sys.argv[1], Path(sys.argv[2])
    only = set(sys.argv[3:])
    failed = 0
    cases = [c for c in read_cases(corpus) if not only or c["name"] in only]
    for case in cases:
        problems = check(binary, case, corpus)
        if problems:
            failed += 1
            print(f"FAIL {case['name']} ({case['command']} {case['file']}):")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"ok   {case['name']}")
    print(f"{len(cases) - failed} of {len(cases)} bad-input cases pass")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
