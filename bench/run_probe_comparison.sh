#!/usr/bin/env bash
# run_probe_comparison.sh - times `iotscope probe` against nmap (connect and SYN scans) and
# masscan (SYN) on a namespace home of 6 pretend IoT devices, at equal politeness, and prints a
# Markdown section for bench/RESULTS.md.
#
#   sudo bench/run_probe_comparison.sh [IOTSCOPE]
#
# IOTSCOPE defaults to build/iotscope of this repository. Environment: RATE (packets per second
# for every tool, default 1000), IN_FLIGHT (iotscope --max-in-flight = nmap --max-parallelism,
# default 100), RUNS (runs per tool, median reported, default 5), IOTSCOPE_LAB_TAG (namespace
# name prefix), IOTSCOPE_LAB_KEEP=DIR (keep the outputs).
#
# The lab (tests/e2e/lab/home_lab.sh): a scanner, 6 devices with 2-4 real services each (python
# http.server, openssl s_server, mosquitto, a socat Telnet-like banner) and a router that only
# forwards (masscan sends every frame to one "router" MAC). Ports: nmap's 99 most frequent TCP
# ports plus 1883 = 100 ports x 6 hosts = 600 probes per scan.
#
# SAFETY: namespaces only (no link to the machine's interfaces, no default route), nmap with -n,
# masscan inside `timeout`, every process stopped by PID, namespaces deleted on exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
iotscope=$(realpath "${1:-$repo/build/iotscope}")
rate=${RATE:-1000}
in_flight=${IN_FLIGHT:-100}
runs=${RUNS:-5}
[ -x "$iotscope" ] || { echo "run_probe_comparison.sh: $iotscope: no iotscope binary" >&2; exit 1; }

source "$repo/tests/e2e/lab/home_lab.sh"
lab_require_root run_probe_comparison.sh
lab_require_tools ip ss ping tcpdump nmap masscan openssl mosquitto mosquitto_passwd socat python3 timeout
tag=${IOTSCOPE_LAB_TAG:-iotb$$}
lab_init /tmp/iotscope-probe-bench
work=$lab_work run=$lab_run
ns_sw=$tag-sw ns_scan=$tag-scan ns_gw=$tag-gw
scan_ip=10.80.0.10 gw_ip=10.80.0.1 gw_mac=02:80:00:00:00:01

# --- the home --------------------------------------------------------------------------------
devices=(dev1 dev2 dev3 dev4 dev5 dev6)
lab_add_namespaces "$ns_sw" "$ns_scan" "$ns_gw"
for d in "${devices[@]}"; do lab_add_namespaces "$tag-$d"; done
lab_bridge "$ns_sw"
lab_attach "$ns_sw" "$ns_scan" eth0 "$scan_ip" 3c:22:fb:00:00:10
lab_attach "$ns_sw" "$ns_gw" lan0 "$gw_ip" "$gw_mac"
nsx "$ns_gw" sysctl -qw net.ipv4.ip_forward=1 net.ipv4.conf.all.send_redirects=0 \
  net.ipv4.conf.lan0.send_redirects=0
targets=()
for i in "${!devices[@]}"; do
  n=$((i + 1))
  lab_attach "$ns_sw" "$tag-dev$n" eth0 "10.80.0.2$n" "b8:27:eb:00:00:2$n"
  targets+=("10.80.0.2$n")
done
ip_of() { echo "10.80.0.2${1#dev}"; }
for d in "${devices[@]}"; do
  wait_for 10 nsx "$ns_scan" ping -c1 -W1 "$(ip_of "$d")" || fail "lab network did not come up ($d)"
  # the router knows every device's MAC before masscan's frames reach it
  nsx "$ns_gw" ping -c1 -W1 "$(ip_of "$d")" >/dev/null || fail "router cannot reach $d"
done

# 2-4 services per device (17 open ports in all)
service() {  # DEVICE KIND PORT
  local ns=$tag-$1 ip name=$1-$2-$3
  ip=$(ip_of "$1")
  case $2 in
    http) lab_http "$name" "$ns" "$ip" "$3" ;;
    telnet) lab_telnet_banner "$name" "$ns" "$ip" "$3" ;;
    tls) lab_tls "$name" "$ns" "$ip" "$3" -tls1_2 ;;
    mqtt) lab_mqtt "$name" "$ns" "$ip" "$3" ;;
  esac
  echo "$ip $3 $2" >>"$work/services.txt"
}
service dev1 telnet 23; service dev1 http 80; service dev1 tls 443; service dev1 mqtt 1883
service dev2 http 8080; service dev2 tls 8443
service dev3 telnet 23; service dev3 http 5000; service dev3 http 49152
service dev4 tls 443; service dev4 http 8008; service dev4 tls 8009
service dev5 http 80; service dev5 mqtt 1883
service dev6 http 8081; service dev6 telnet 9100; service dev6 mqtt 1883
while read -r ip port _; do
  for d in "${devices[@]}"; do
    [ "$(ip_of "$d")" = "$ip" ] && lab_wait_listening "$tag-$d" "$port"
  done
done <"$work/services.txt"

# nmap's 99 most frequent TCP ports plus MQTT's 1883
ports=$( (awk '$2 ~ /\/tcp$/ { split($2, a, "/"); print $3, a[1] }' /usr/share/nmap/nmap-services |
  sort -gr | head -99 | awk '{ print $2 }'; echo 1883) | sort -n | paste -sd,)
[ "$(echo "$ports" | tr ',' '\n' | wc -l)" -eq 100 ] || fail "port list: $ports"
while read -r _ port _; do
  echo ",$ports," | grep -q ",$port," || fail "device port $port is not in the list"
done <"$work/services.txt"
target_list=$(IFS=,; echo "${targets[*]}")

# --- measuring -------------------------------------------------------------------------------
iotscope_common=(probe "$target_list" --ports "$ports" --rate "$rate" --max-in-flight "$in_flight"
  --no-udp --no-discovery)
nmap_common=(-n -Pn -T4 --max-rate "$rate" --max-parallelism "$in_flight" -p "$ports")
# scan NAME OUT: one run of a tool writing its open ports to OUT, in the scanner namespace
scan() {
  case $1 in
    iotscope_connect) nsx "$ns_scan" "$iotscope" "${iotscope_common[@]}" --no-service-id --method connect --out "$2" ;;
    iotscope_syn) nsx "$ns_scan" "$iotscope" "${iotscope_common[@]}" --no-service-id --method syn --out "$2" ;;
    nmap_sT) nsx "$ns_scan" nmap -sT "${nmap_common[@]}" -oX "$2" "${targets[@]}" ;;
    nmap_sS) nsx "$ns_scan" nmap -sS "${nmap_common[@]}" -oX "$2" "${targets[@]}" ;;
    # masscan 1.3.2's receive thread blocks until one more frame arrives after --wait, so on a
    # quiet network it may never end: a ping of the router (10 per second) wakes it; the
    # timeout is the last resort (a run it has to end fails the bench).
    masscan)
      bgstart pinger "$ns_scan" ping -q -i 0.1 "$gw_ip"
      nsx "$ns_scan" timeout -k 2 -s INT 20 masscan "${targets[@]}" -p "$ports" --rate "$rate" \
        -e eth0 --router-mac "$gw_mac" --wait 1 -oL "$2"
      local rc=$?
      stop1 pinger INT
      return "$rc" ;;
    iotscope_sv) nsx "$ns_scan" "$iotscope" "${iotscope_common[@]}" --method syn --out "$2" ;;
    nmap_sV) nsx "$ns_scan" nmap -sS -sV "${nmap_common[@]}" -oX "$2" "${targets[@]}" ;;
  esac
}
# timed NAME RUN: wall seconds of one run (process start to exit, `ip netns exec` included, a
# few ms alike for every tool) appended to NAME.times; output in NAME.RUN.out
timed() {
  local name=$1 t0 t1 rc=0
  t0=$(date +%s.%N)
  scan "$name" "$work/$name.$2.out" >"$run/$name.log" 2>&1 || rc=$?
  t1=$(date +%s.%N)
  [ "$rc" -eq 0 ] || fail "$name exited $rc: $(tail -c 300 "$run/$name.log")"
  echo "$t1 - $t0" | bc -l >>"$work/$name.times"
}
port_scans=(iotscope_connect nmap_sT iotscope_syn nmap_sS masscan)

# Politeness, checked not assumed: one untimed run of each tool with tcpdump on the scanner's
# interface, counting the SYNs it sent (connect, SYN scans alike) and their peak rate.
echo "== politeness pass (untimed, captured)" >&2
for name in "${port_scans[@]}"; do
  bgstart "syns-$name" "$ns_scan" tcpdump -i eth0 -n --immediate-mode -B 32768 -U -w "$work/$name.pcap" \
    "src host $scan_ip and tcp[tcpflags] & (tcp-syn|tcp-ack) == tcp-syn"
  wait_for 10 grep -q "listening on" "$lab_run/syns-$name.log" || fail "tcpdump did not start"
  scan "$name" "$work/$name.0.out" >"$run/$name.log" 2>&1 || fail "$name failed: $(tail -c 300 "$run/$name.log")"
  sleep 0.3
  stop1 "syns-$name" INT
  tcpdump -r "$work/$name.pcap" -n -tt 2>/dev/null | awk '{ print $1 }' >"$work/$name.syn-times"
done
for r in $(seq "$runs"); do
  echo "== run $r of $runs" >&2
  for name in "${port_scans[@]}"; do timed "$name" "$r"; done
done
echo "== service identification (once each)" >&2
timed iotscope_sv 1
timed nmap_sV 1

# --- the section -----------------------------------------------------------------------------
python3 - "$work" "$rate" "$in_flight" "$runs" "$repo" <<'PY'
import glob, json, statistics, subprocess, sys
import xml.etree.ElementTree as ET
work, rate, in_flight, runs, repo = sys.argv[1:]

def times(name):
    return [float(x) for x in open(f"{work}/{name}.times")]

def open_ports(name, path):
    out = {}
    if name.startswith("iotscope"):
        for line in open(path):
            r = json.loads(line)
            if r.get("record") == "service_offer" and r["transport"] == "tcp" and r["state"] == "open":
                out[(r["address"], r["port"])] = r.get("service", "")
    elif name == "masscan":
        for line in open(path):
            parts = line.split()
            if len(parts) >= 4 and parts[0] == "open":
                out[(parts[3], int(parts[2]))] = ""
    else:
        for host in ET.parse(path).getroot().iter("host"):
            address = host.find("address").get("addr")
            for port in host.iter("port"):
                if port.find("state").get("state") == "open":
                    s = port.find("service")
                    label = "" if s is None else "/".join(x for x in (s.get("tunnel"), s.get("name")) if x)
                    out[(address, int(port.get("portid")))] = label
    return out

truth = set()
for line in open(f"{work}/services.txt"):
    ip, port, _ = line.split()
    truth.add((ip, int(port)))
names = ["iotscope_connect", "nmap_sT", "iotscope_syn", "nmap_sS", "masscan", "iotscope_sv", "nmap_sV"]
found = {n: [open_ports(n, p) for p in sorted(glob.glob(f"{work}/{n}.[0-9]*.out"))] for n in names}
med = {n: statistics.median(times(n)) for n in names}

def found_text(name):
    counts = [len(f) for f in found[name]]
    wrong = [f for f in found[name] if set(f) != truth]
    text = "/".join(str(c) for c in counts)
    if not wrong:
        return f"{text}, all equal to the lab's"
    missing = sorted({k for f in wrong for k in truth - set(f)})
    extra = sorted({k for f in wrong for k in set(f) - truth})
    return f"{text}: **{len(wrong)} of {len(counts)} runs differ** (missed {missing}, extra {extra})"

def politeness(name):
    stamps = [float(x) for x in open(f"{work}/{name}.syn-times") if x.strip()]
    if not stamps:
        return "no SYNs captured"
    span = stamps[-1] - stamps[0]
    peak = max(sum(1 for u in stamps[i:] if u - t < 0.1) for i, t in enumerate(stamps)) * 10
    return f"{len(stamps)} SYNs in {span:.2f} s, peak {peak}/s (100 ms window)"

def row(name, label):
    t = times(name)
    return (f"| {label} | {med[name]:.2f} s | {' / '.join(f'{x:.2f}' for x in t)} | "
            f"{found_text(name)} | {politeness(name)} |")

def sv_row(name, label):
    return f"| {label} | {med[name]:.2f} s | {found_text(name)} |"

commit = subprocess.run(["git", "-C", repo, "rev-parse", "--short", "HEAD"], capture_output=True,
                        text=True).stdout.strip()
load = open("/proc/loadavg").read().split()[:3]
print(f"""## 7. `iotscope probe` vs nmap and masscan on a namespace home (issue 6)

Command: `sudo bench/run_probe_comparison.sh build/iotscope` (RATE={rate}, IN_FLIGHT={in_flight},
RUNS={runs}). Input: a home in network namespaces (tests/e2e/lab/home_lab.sh): one scanner and 6
devices with 2-4 real services each (python http.server, openssl s_server, mosquitto, a socat
Telnet-like banner; {len(truth)} open ports in all) on one bridge; 100 TCP ports (nmap's 99 most
frequent plus 1883) x 6 hosts = 600 probes per scan. Equal politeness: every tool at most {rate}
packets/s (`iotscope probe --rate {rate} --max-in-flight {in_flight}`, `nmap -n -Pn -T4
--max-rate {rate} --max-parallelism {in_flight}`, `masscan --rate {rate} --wait 1` inside
`timeout`, sending to a router namespace that forwards to the devices). The port-scan runs use
`iotscope probe --no-service-id --no-udp --no-discovery` (ports only, like nmap without -sV).
Wall time per process (start to exit), {runs} timed runs of each tool, interleaved; before them one
untimed run of each with tcpdump on the scanner counted the SYNs it sent (last column).
Machine: the CI kind (2 cores, shared); load average at the end {' / '.join(load)}. Binary:
commit {commit} plus the working tree.

| tool | median wall | runs (s) | open ports found per run (lab: {len(truth)}) | SYNs sent (captured run) |
|---|---|---|---|---|
{row("iotscope_connect", "`iotscope probe --method connect`")}
{row("nmap_sT", "`nmap -sT`")}
{row("iotscope_syn", "`iotscope probe --method syn`")}
{row("nmap_sS", "`nmap -sS`")}
{row("masscan", "`masscan` (includes its `--wait 1`)")}

Ratios of medians (above 1: iotscope faster): connect scan, nmap -sT / iotscope
**{med['nmap_sT'] / med['iotscope_connect']:.2f}x**; SYN scan, nmap -sS / iotscope
**{med['nmap_sS'] / med['iotscope_syn']:.2f}x**, masscan / iotscope **{med['masscan'] / med['iotscope_syn']:.2f}x**.

Service identification, one run each on the same ports and rate cap (`iotscope probe --method syn
--no-udp --no-discovery`, nmap-service-probes at its default intensity 7, vs `nmap -sS -sV -T4`):

| tool | wall | open ports |
|---|---|---|
{sv_row("iotscope_sv", "`iotscope probe` (services)")}
{sv_row("nmap_sV", "`nmap -sS -sV`")}

Ratio nmap -sV / iotscope: **{med['nmap_sV'] / med['iotscope_sv']:.2f}x**. Services named
(address:port iotscope / nmap -sV):
""")
ours, theirs = found["iotscope_sv"][0], found["nmap_sV"][0]
for key in sorted(truth):
    mark = "" if ours.get(key) == theirs.get(key) else " **(differ)**"
    print(f"- {key[0]}:{key[1]} {ours.get(key, '-') or '?'} / {theirs.get(key, '-') or '?'}{mark}")
PY
