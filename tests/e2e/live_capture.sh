#!/usr/bin/env bash
# `iotscope capture` end to end: two network namespaces joined by a veth pair, a web server in one,
# curl and a UDP datagram from the other; the capture runs in the server's namespace with 2-second
# rotation for 8 seconds. Checks the rotated files (tcpdump and capinfos read them), the report
# of the periodic analysis (the HTTP server on port 8000), a stop by SIGINT, and the errors for a
# bad filter and a missing interface.
#
# Needs root. SAFETY: every packet stays inside the two namespaces this script creates; neither is
# linked to the machine's interfaces and neither has a default route. Every process is started by
# this script, remembered by PID and stopped by PID; the namespaces are deleted on exit (trap).
set -euo pipefail
bin=$1
src=$2

fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "live_capture needs root (network namespaces, live capture)"
for tool in ip python3 curl tcpdump capinfos ss; do
  command -v "$tool" >/dev/null || fail "missing tool '$tool'"
done
[ -d "$src/tests" ] || fail "no source tree at $src"

work=$(mktemp -d /tmp/iotscope-live.XXXXXX)
tag=iotcap$$
ns_a=$tag-a ns_b=$tag-b
ip_a=10.77.0.1 ip_b=10.77.0.2
pids=()
cleanup() {
  local rc=$? p
  for p in "${pids[@]}"; do
    kill -TERM "$p" 2>/dev/null || true
    wait "$p" 2>/dev/null || true
  done
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  if [ "$rc" -ne 0 ]; then
    echo "--- logs ($work) ---" >&2
    tail -n 20 "$work"/*.out "$work"/*.err >&2 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# In the foreground only: `nsx ... &` would fork a subshell, and $! would not be the process.
nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
wait_for() {  # wait_for SECONDS COMMAND...: polls every 0.1 s
  local tries=$(($1 * 10)); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

# --- two hosts on one wire -----------------------------------------------------------------------
ip netns add "$ns_a"
ip netns add "$ns_b"
nsx "$ns_a" ip link set lo up
nsx "$ns_b" ip link set lo up
nsx "$ns_a" ip link add veth-a type veth peer name veth-b netns "$ns_b"
nsx "$ns_a" ip addr add "$ip_a/24" dev veth-a
nsx "$ns_b" ip addr add "$ip_b/24" dev veth-b
nsx "$ns_a" ip link set veth-a up
nsx "$ns_b" ip link set veth-b up
wait_for 10 nsx "$ns_b" ping -c1 -W1 "$ip_a" || fail "the veth pair did not come up"

mkdir -p "$work/www"
echo '<html><title>cam</title></html>' >"$work/www/index.html"
ip netns exec "$ns_a" python3 -m http.server 8000 --bind "$ip_a" --directory "$work/www" \
  >"$work/http.out" 2>&1 &
pids+=($!)
wait_for 10 sh -c "ip netns exec $ns_a ss -Hltn 'sport = :8000' | grep -q LISTEN" ||
  fail "web server did not start"

# `ip netns exec` execs the command, so $! is the process itself (signals reach it).
capture() {  # capture NAME ARGS...: runs iotscope capture in namespace A in the background
  local name=$1; shift
  ip netns exec "$ns_a" "$bin" capture -i veth-a --anonymization-key "$work/key" "$@" \
    >"$work/$name.out" 2>"$work/$name.err" &
  cap_pid=$!
  pids+=("$cap_pid")
  wait_for 10 grep -q "listening on" "$work/$name.err" || fail "$name: capture did not start"
}
traffic() {  # traffic N: a UDP datagram, then N HTTP requests from B, spread out
  local i
  nsx "$ns_b" bash -c "echo hello >/dev/udp/$ip_a/9999"
  for i in $(seq "$1"); do
    nsx "$ns_b" curl -s -o /dev/null --max-time 3 "http://$ip_a:8000/" || fail "curl $i failed"
    sleep 0.3
  done
}

# --- errors: a bad filter and a missing interface -------------------------------------------------
rc=0
nsx "$ns_a" "$bin" capture -i veth-a --out "$work/bad" --filter 'tcp and and' --duration 1 \
  --anonymization-key "$work/key" >"$work/badfilter.out" 2>"$work/badfilter.err" || rc=$?
[ "$rc" -eq 1 ] || fail "bad filter: exit code $rc, want 1"
grep -q "bad capture filter 'tcp and and'" "$work/badfilter.err" ||
  fail "bad filter: unclear error: $(cat "$work/badfilter.err")"
rc=0
nsx "$ns_a" "$bin" capture -i nosuch0 --out "$work/bad" --duration 1 \
  --anonymization-key "$work/key" >"$work/noiface.out" 2>"$work/noiface.err" || rc=$?
[ "$rc" -eq 1 ] || fail "missing interface: exit code $rc, want 1"
grep -q "interface 'nosuch0'" "$work/noiface.err" ||
  fail "missing interface: unclear error: $(cat "$work/noiface.err")"
echo "errors: ok ($(head -n1 "$work/badfilter.err"))"

# --- 8 seconds with 2-second rotation ------------------------------------------------------------
out=$work/cap
capture timed --out "$out" --rotate-seconds 2 --duration 8 --filter 'tcp or udp or arp' \
  --local 10.77.0.0/24 --home lab --no-anonymize
traffic 6
rc=0
wait "$cap_pid" || rc=$?
[ "$rc" -eq 0 ] || fail "capture exited with $rc"

mapfile -t files < <(ls "$out"/capture-*.pcap)
[ "${#files[@]}" -ge 3 ] || fail "want at least 3 rotated files in 8 s, got ${#files[@]}"
[ "${#files[@]}" -le 5 ] || fail "want about 4 rotated files in 8 s, got ${#files[@]}"
total=0
for f in "${files[@]}"; do
  capinfos -c "$f" >/dev/null || fail "capinfos cannot read $f"
  n=$(tcpdump -nr "$f" 2>/dev/null | wc -l)
  total=$((total + n))
done
capinfos -t "${files[0]}" | grep -q "Wireshark/tcpdump/... - nanosecond pcap" ||
  fail "not a nanosecond pcap: $(capinfos -t "${files[0]}")"
[ "$total" -ge 30 ] || fail "only $total frames in the rotated files"
cat "${files[@]}" >/dev/null
http=$(for f in "${files[@]}"; do tcpdump -nr "$f" "tcp port 8000 and tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0" 2>/dev/null; done | wc -l)
[ "$http" -eq 6 ] || fail "want the 6 HTTP connection openings in the files, got $http"
udp=$(for f in "${files[@]}"; do tcpdump -nr "$f" "udp port 9999" 2>/dev/null; done | wc -l)
[ "$udp" -eq 1 ] || fail "want the UDP datagram once, got $udp"
analyses=$(grep -c '^analysis [0-9]*: ' "$work/timed.out" || true)
[ "$analyses" -ge 2 ] || fail "want a periodic and a final analysis, got: $(cat "$work/timed.out")"
grep -q "^analysis .*: ${#files[@]} files" "$work/timed.out" ||
  fail "no analysis covered all ${#files[@]} files: $(cat "$work/timed.out")"
echo "rotation: ${#files[@]} files, $total frames, $analyses analyses"

python3 - "$out/report/report.json" "$ip_a" "$ip_b" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
ip_a, ip_b = sys.argv[2], sys.argv[3]
ids = {d.get("ip"): d["id"] for d in report["devices"]}
assert ip_a in ids and ip_b in ids, f"devices: {[(d.get('ip'), d.get('mac')) for d in report['devices']]}"
server = [r for r in report["port_roles"] if r["device"] == ids[ip_a] and r["port"] == 8000
          and r["transport"] == "tcp" and r["role"] == "server"]
http = [e for e in report["encryption"] if e["port"] == 8000 and e["service"] == "http"
        and e["how_known"] == "payload" and e["status"] == "plaintext"]
assert server or http, (f"no server role for 8000/tcp and no http payload entry: roles "
                        f"{[(r['device'], r['port'], r['role']) for r in report['port_roles']]}, "
                        f"encryption {[(e['port'], e['service'], e['how_known']) for e in report['encryption']]}")
print(f"report: {len(report['devices'])} devices, 8000/tcp server role: {bool(server)}, "
      f"http from payload: {bool(http)}")
PY

# --- a stop by SIGINT keeps every frame written before it ----------------------------------------
capture stopped --out "$work/sig" --rotate-seconds 300
traffic 2
sleep 0.5
kill -INT "$cap_pid"
rc=0
wait "$cap_pid" || rc=$?
[ "$rc" -eq 0 ] || fail "capture stopped by SIGINT exited with $rc"
grep -q "stopped (SIGINT)" "$work/stopped.err" || fail "no stop message: $(cat "$work/stopped.err")"
mapfile -t files < <(ls "$work/sig"/capture-*.pcap)
[ "${#files[@]}" -eq 1 ] || fail "want one file without rotation, got ${#files[@]}"
syns=$(tcpdump -nr "${files[0]}" "tcp port 8000 and tcp[tcpflags] & tcp-syn != 0 and tcp[tcpflags] & tcp-ack == 0" 2>/dev/null | wc -l)
[ "$syns" -eq 2 ] || fail "want 2 HTTP connection openings before SIGINT, got $syns"
[ -s "$work/sig/report/report.json" ] || fail "no final report after SIGINT"
echo "SIGINT: ok"
echo "live capture: ok"
