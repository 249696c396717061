#!/usr/bin/env bash
# Privacy: with anonymization on (the default) no output of analyze, summarize or flows (files,
# stdout, stderr) holds a raw MAC or IP address or a dataset id of its inputs, in any spelling.
# The inputs are real: a simulated dataset, three captures from tests/data (IPv4, IPv6, local
# multicast), a Zeek conn.log / ssl.log with MAC columns, a real nmap XML and the results of a real
# `iotscope probe` of two listeners on 127.0.0.1. Also: the key stays outside the report folder,
# the same key gives identical reports, another key other ids, and with --no-anonymize the same
# search finds the raw addresses (so the search can find them). docs/privacy.md lists the files
# that hold raw data by design; none of them is written here.
set -euo pipefail
command -v tshark >/dev/null || { echo "privacy.sh reads the captures' addresses with tshark (Debian package tshark)"; exit 1; }
bin=$1
src=$2
w=$(mktemp -d)
listener=""
cleanup() {
  [ -n "$listener" ] && kill "$listener" 2>/dev/null || true
  rm -rf "$w"
}
trap cleanup EXIT
in=$w/in
mkdir -p "$in/zeek" "$w/home"

# --- inputs -----------------------------------------------------------------------------------
"$bin" simulate --homes 3 --seed 11 --out "$in/data" >/dev/null
pcaps=()
for p in tls1.2.pcap home-multicast-short.pcap ipv6-fragmented-dns.pcap; do
  cp "$src/tests/data/pcap/$p" "$in/"
  pcaps+=("$in/$p")
done
cp "$src/tests/data/zeek/home/conn.log" "$src/tests/data/zeek/home/ssl.log" "$in/zeek/"
# Messages must not leak either: one device of the dataset loses its devices row (the reader
# names a device it met only in flows), and a Zeek row holds its originator's address where its
# port belongs (the reader quotes the bad value).
python3 - "$in" <<'PY'
import sys
from pathlib import Path
data = Path(sys.argv[1]) / "data"
devices = (data / "devices.csv").read_text().splitlines(True)
flow_devices = {l.split(",")[1] for l in (data / "flows.csv").read_text().splitlines()[1:]}
drop = next(i for i in range(len(devices) - 1, 0, -1) if devices[i].split(",")[1] in flow_devices)
(data / "devices.csv").write_text("".join(devices[:drop] + devices[drop + 1:]))
conn = Path(sys.argv[1]) / "zeek" / "conn.log"
lines = conn.read_text().splitlines(True)
fields = next(l for l in lines if l.startswith("#fields")).rstrip("\n").split("\t")[1:]
row = next(i for i, l in enumerate(lines) if not l.startswith("#"))
cells = lines[row].rstrip("\n").split("\t")
cells[fields.index("id.resp_p")] = cells[fields.index("id.orig_h")]
lines.insert(row, "\t".join(cells) + "\n")
conn.write_text("".join(lines))
PY
cp "$src/tests/data/nmap/syn_udp.xml" "$in/scan.xml"
# Two TCP listeners on loopback (one sends an SSH banner) for a real probe run; stopped by PID.
python3 - "$w/ports" <<'PY' &
import socket, sys, threading
socks = []
for _ in range(2):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(8)
    socks.append(s)
def serve(s, banner):
    while True:
        c, _ = s.accept()
        if banner:
            c.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
        c.close()
for i, s in enumerate(socks):
    threading.Thread(target=serve, args=(s, i == 0), daemon=True).start()
open(sys.argv[1] + ".tmp", "w").write(",".join(str(s.getsockname()[1]) for s in socks))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
threading.Event().wait(300)
PY
listener=$!
for _ in $(seq 50); do [ -f "$w/ports" ] && break; sleep 0.1; done
"$bin" probe 127.0.0.1 --ports "T:$(cat "$w/ports")" --no-udp --no-discovery --method connect \
  --out "$in/probe.jsonl" >/dev/null 2>&1
kill "$listener" && wait "$listener" 2>/dev/null || true
listener=""

inputs=("$in/data" "${pcaps[@]}" "$in/zeek/conn.log" "$in/zeek/ssl.log" "$in/scan.xml"
  "$in/probe.jsonl")
# Exit 0 or 3 (some input rows skipped) are both runs that wrote their output.
run() {
  local out=$1
  shift
  set +e
  "$@" >"$out.stdout" 2>"$out.stderr"
  local code=$?
  set -e
  if [ "$code" -ne 0 ] && [ "$code" -ne 3 ]; then
    echo "failed ($code): $*"
    cat "$out.stderr"
    exit 1
  fi
}
# Every command that writes output, in one folder per run. With no --anonymization-key the key
# is created under $HOME/.config (here a private HOME): never in the report folder.
all_commands() {
  local dir=$1
  shift
  mkdir -p "$dir/flows"
  run "$dir/analyze" "$bin" analyze "${inputs[@]}" --out "$dir/report" --svg "$dir/report/svg" "$@"
  run "$dir/summarize" "$bin" summarize "$in/data" "${pcaps[@]}" "$in/zeek" --out "$dir/summarize" "$@"
  run "$dir/flows-tsv" "$bin" flows "${pcaps[@]}" "$in/zeek/conn.log" --out "$dir/flows/conn.log" "$@"
  run "$dir/flows-json" "$bin" flows "${pcaps[@]}" "$in/zeek/conn.log" --format json \
    --out "$dir/flows/conn.json" "$@"
}
HOME=$w/home XDG_CONFIG_HOME='' all_commands "$w/anonymized"
key=$w/home/.config/iotscope/anonymization.key
[ -s "$key" ] || { echo "no key file at $key"; exit 1; }
all_commands "$w/again" --anonymization-key "$key"
head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$w/other.key"
all_commands "$w/other-key" --anonymization-key "$w/other.key"
all_commands "$w/raw" --no-anonymize --anonymization-key "$key"

python3 - "$w" "$key" <<'PY'
import ipaddress, json, re, subprocess, sys, xml.etree.ElementTree as ET
from pathlib import Path

w, key_file = Path(sys.argv[1]), Path(sys.argv[2])
inp = w / "in"
problems = []

# --- the raw identifiers of every input, by where they came from ---------------------------
raw = {}  # normalized text -> (kind, origin)


def add_ip(text, origin):
    text = text.strip()
    if not text or text in ("-", "(empty)"):
        return
    try:
        addr = ipaddress.ip_address(text)
    except ValueError:
        return
    raw[("ip", addr.exploded)] = (str(addr), origin)


def add_mac(text, origin):
    hexes = re.sub(r"[^0-9a-f]", "", text.lower())
    if len(hexes) == 12:
        raw[("mac", hexes)] = (text, origin)


def add_id(text, origin):
    if len(text) >= 6:  # dataset ids; short words would match ordinary text
        raw[("id", text)] = (text, origin)


for pcap in sorted(inp.glob("*.pcap")):
    fields = ["eth.src", "eth.dst", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst", "arp.src.hw_mac",
              "arp.dst.hw_mac", "arp.src.proto_ipv4", "arp.dst.proto_ipv4", "dns.a", "dns.aaaa"]
    cmd = ["tshark", "-r", str(pcap), "-T", "fields", "-E", "separator=\t", "-E", "aggregator=,"]
    for f in fields:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        for name, cell in zip(fields, line.split("\t")):
            for value in filter(None, cell.split(",")):
                (add_mac if "mac" in name or name.startswith("eth") else add_ip)(
                    value, f"{pcap.name} ({name})")

for table in ("devices.csv", "flows.csv"):
    header, *rows = (inp / "data" / table).read_text().splitlines()
    cols = header.split(",")
    for row in rows:
        cells = dict(zip(cols, row.split(",")))
        add_id(cells["user_key"], f"{table} (user_key)")
        add_id(cells["device_id"], f"{table} (device_id)")
        for col in ("device_ip", "remote_ip"):
            if col in cells:
                add_ip(cells[col], f"{table} ({col})")

for log in ("conn.log", "ssl.log"):
    cols = []
    for line in (inp / "zeek" / log).read_text().splitlines():
        if line.startswith("#fields"):
            cols = line.split("\t")[1:]
        if line.startswith("#"):
            continue
        cells = dict(zip(cols, line.split("\t")))
        for col in ("id.orig_h", "id.resp_h"):
            add_ip(cells.get(col, ""), f"zeek {log} ({col})")
        for col in ("orig_l2_addr", "resp_l2_addr"):
            add_mac(cells.get(col, "-"), f"zeek {log} ({col})")

for address in ET.parse(inp / "scan.xml").getroot().iter("address"):
    (add_mac if address.get("addrtype") == "mac" else add_ip)(address.get("addr"), "nmap XML")

for line in (inp / "probe.jsonl").read_text().splitlines():
    record = json.loads(line)
    for col in ("address", "peer"):
        add_ip(record.get(col) or "", f"probe results ({col})")
    add_mac(record.get("mac") or "", "probe results (mac)")

# No exception: group addresses (multicast, broadcast) are searched for too. The files that are
# raw by design (docs/privacy.md) are not written by these commands.
needles = raw
kinds = {}
for (kind, _), (_, origin) in needles.items():
    kinds.setdefault(origin.split(" (")[0], set()).add(kind)
print(f"searching every output for {len(needles)} raw identifiers from {len(kinds)} inputs")

IPV4 = re.compile(r"(?<![0-9.])(\d{1,3}(?:\.\d{1,3}){3})(?![0-9]|\.\d)")
MAC = re.compile(r"(?<![0-9a-f])([0-9a-f]{2}(?:([:-]?)[0-9a-f]{2})(?:\2[0-9a-f]{2}){4})(?![0-9a-f])")
IPV6 = re.compile(r"(?<![0-9a-z:.])([0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:\d+\.\d+\.\d+\.\d+)?)(?![0-9a-z:])")
WORD = re.compile(r"[A-Za-z0-9_]+")


def found_in(text):
    """Every raw identifier in `text`, in any spelling: MACs with ':', '-' or nothing and in
    any case; IPv4; IPv6 full or compressed; dataset ids as whole words."""
    lower = text.lower()
    hits = set()
    for m in IPV4.finditer(lower):
        try:
            hits.add(("ip", ipaddress.ip_address(m.group(1)).exploded, m.group(1)))
        except ValueError:
            pass
    for m in MAC.finditer(lower):
        hits.add(("mac", re.sub(r"[:-]", "", m.group(1)), m.group(1)))
    for m in IPV6.finditer(lower):
        try:
            addr = ipaddress.ip_address(m.group(1))
            hits.add(("ip", addr.exploded, m.group(1)))
            if addr.ipv4_mapped:
                hits.add(("ip", addr.ipv4_mapped.exploded, m.group(1)))
        except ValueError:
            pass
    for m in WORD.finditer(text):
        hits.add(("id", m.group(0), m.group(0)))
    return {(k, n, spelled) for k, n, spelled in hits if (k, n) in needles}


def outputs(run):
    return sorted(p for p in (w / run).rglob("*") if p.is_file())


def scan(run):
    leaks = {}
    for path in outputs(run):
        text = path.read_bytes().decode("utf-8", "replace")
        for kind, norm, spelled in found_in(text):
            leaks.setdefault((kind, norm), []).append((path.relative_to(w / run), spelled))
    return leaks


# 1. Anonymized runs: nothing raw anywhere.
for run in ("anonymized", "again", "other-key"):
    for (kind, norm), where in sorted(scan(run).items()):
        shown, origin = needles[(kind, norm)]
        for path, spelled in where:
            problems.append(f"{run}/{path}: raw {kind} {shown} (as {spelled!r}, from {origin})")
print("outputs scanned:", ", ".join(str(p.relative_to(w / "anonymized"))
                                     for p in outputs("anonymized")))

# 2. The same search finds them without anonymization: in every kind of input.
raw_leaks = scan("raw")
seen = {needles[k][1].split(" (")[0] for k in raw_leaks}
for origin in sorted(kinds):
    if origin not in seen:
        problems.append(f"--no-anonymize: no raw address of {origin} found: the search is blind")
for command, pattern in (("analyze", "report/"), ("summarize", "summarize/"),
                         ("flows", "flows/conn.log"), ("flows --format json", "flows/conn.json")):
    if not any(str(p).startswith(pattern) for where in raw_leaks.values() for p, _ in where):
        problems.append(f"--no-anonymize: {command} output shows no raw address")
print(f"--no-anonymize: {len(raw_leaks)} raw identifiers found (from {', '.join(sorted(seen))})")

# 3. The key: outside the report folder, in no output.
key_text = key_file.read_text().strip()
for run in ("anonymized", "again", "raw"):
    for path in outputs(run):
        data = path.read_bytes()
        if data.strip() == key_text.encode() or key_text.encode() in data:
            problems.append(f"{run}/{path.relative_to(w / run)} holds the anonymization key")

# 4. The same key: identical outputs; another key: other ids. Exceptions: the terminal output
# (it names the output folder) and a TSV conn.log's #open / #close lines (Zeek's format stamps
# the time of writing).
def contents(run):
    files = {}
    for p in outputs(run):
        if p.name.endswith(("stdout", "stderr")):
            continue
        data = p.read_bytes()
        if p.name == "conn.log":
            data = b"".join(l for l in data.splitlines(True)
                            if not l.startswith((b"#open", b"#close")))
        files[p.relative_to(w / run)] = data
    return files


first, again = contents("anonymized"), contents("again")
if first.keys() != again.keys():
    problems.append(f"same key, other files: {sorted(set(first) ^ set(again))}")
for name in sorted(set(first) & set(again)):
    if first[name] != again[name]:
        problems.append(f"same key, {name} differs between two runs")


def device_ids(run):
    report = json.loads((w / run / "report" / "report.json").read_text())
    return {d["id"] for d in report["devices"]}


ids_a, ids_b = device_ids("anonymized"), device_ids("other-key")
if not ids_a or len(ids_a) != len(ids_b) or ids_a & ids_b:
    problems.append(f"another key must rename every device: {len(ids_a)} ids, {len(ids_b)} ids, "
                    f"{len(ids_a & ids_b)} shared")
print(f"same key: {len(first)} files identical; another key: {len(ids_a)} device ids, none shared")

# 5. One key, one name: summarize names devices as report.json does.
summarized = set()
for table in ("local_ports.tsv", "remote_ports.tsv", "edges.tsv"):
    for line in (w / "anonymized" / "summarize" / table).read_text().splitlines()[1:]:
        summarized.add(line.split("\t")[1])
if not summarized or summarized - ids_a:
    problems.append(f"summarize ids not in report.json: {sorted(summarized - ids_a)[:5]}")

if problems:
    print(f"{len(problems)} privacy problems:")
    for p in problems[:200]:
        print("  " + p)
    sys.exit(1)
print("privacy ok")
PY
