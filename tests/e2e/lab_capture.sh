#!/usr/bin/env bash
# End-to-end lab test: builds a small home in network namespaces joined by a bridge, runs real
# tools (nmap, masscan, openssl, mosquitto, upnpc, ntpdig) against a pretend IoT device and a
# router running miniupnpd, captures the bridge with tcpdump and checks what `iotscope analyze`
# reports about the capture.
#
# Needs root and the tools listed in scripts/install-deps.sh; a missing tool fails the test.
#
# SAFETY: every packet stays inside namespaces this script creates. No namespace is linked to the
# machine's interfaces and no namespace has a default route (the hosts only know their /24, the
# router only its LAN and WAN /24s). nmap runs with -n, masscan inside `timeout`. Every process
# is started in a namespace, remembered by PID and stopped by PID; the namespaces are deleted on
# exit (trap), also when an assertion fails.
set -euo pipefail
bin=$1
src=$2

fail() { echo "FAIL: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || fail "lab_capture needs root (network namespaces, tcpdump)"
for tool in ip ss ping nft tcpdump nmap openssl mosquitto mosquitto_passwd mosquitto_pub miniupnpd upnpc \
  natpmpc ntpdig socat python3; do
  command -v "$tool" >/dev/null || fail "missing tool '$tool' (run scripts/install-deps.sh)"
done

work=$(mktemp -d /tmp/iotscope-lab.XXXXXX)
run=$work/run
mkdir -p "$run" "$work/www"
# Unique namespace names, so two runs (or other labs on the machine) never share one.
tag=iotl$$
ns_sw=$tag-sw ns_scan=$tag-scan ns_dev=$tag-dev ns_gw=$tag-gw ns_wan=$tag-wan
all_ns="$ns_sw $ns_scan $ns_dev $ns_gw $ns_wan"
subnet=10.77.0.0/24
scan_ip=10.77.0.10 dev_ip=10.77.0.20 gw_ip=10.77.0.1
scan_mac=3c:22:fb:00:00:10 dev_mac=b8:27:eb:00:00:20 gw_mac=02:77:00:00:00:01
upnp_external_port=18080
natpmp_external_port=28082

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
# Starts a long-running process in a namespace; `ip netns exec` execs it, so $! is its own PID.
bgstart() {
  local name=$1 ns=$2; shift 2
  ip netns exec "$ns" "$@" >"$run/$name.log" 2>&1 &
  echo $! >"$run/$name.pid"
}
stop1() {
  local f=$run/$1.pid sig=${2:-TERM} p
  [ -f "$f" ] || return 0
  p=$(cat "$f")
  kill -"$sig" "$p" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null || true
  rm -f "$f"
}
cleanup() {
  local rc=$? f
  for f in "$run"/*.pid; do
    [ -e "$f" ] || continue
    case $(basename "$f" .pid) in capture) stop1 capture INT ;; *) stop1 "$(basename "$f" .pid)" ;; esac
  done
  for ns in $all_ns; do
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  if [ "$rc" -ne 0 ]; then
    echo "--- logs of the failed lab run ($work) ---" >&2
    for f in "$run"/*.log; do
      case $f in */http*.log) continue ;; esac  # tracebacks of nmap's probes, no news
      echo "==> $f <==" >&2 && tail -n 15 "$f" >&2
    done
  fi
  # IOTSCOPE_LAB_KEEP=DIR keeps the capture, the logs and the report for a closer look
  if [ -n "${IOTSCOPE_LAB_KEEP:-}" ]; then mkdir -p "$IOTSCOPE_LAB_KEEP" && cp -r "$work"/. "$IOTSCOPE_LAB_KEEP"/; fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
wait_for() {  # wait_for SECONDS COMMAND...: polls every 0.1 s
  local tries=$(($1 * 10)); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}
listening() { nsx "$1" ss -Hltn "sport = :$2" | grep -q LISTEN; }

# --- topology: bridge in its own namespace, one veth per host --------------------------------
for ns in $all_ns; do
  ip netns add "$ns"
  # a resolver that answers nothing, in case any tool tries DNS despite our -n flags
  mkdir -p "/etc/netns/$ns" && echo "nameserver 127.0.0.1" >"/etc/netns/$ns/resolv.conf"
  nsx "$ns" ip link set lo up
  # IPv4 only: keeps router solicitations and the like out of the capture
  nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
nsx "$ns_sw" ip link add br0 type bridge
nsx "$ns_sw" ip link set br0 type bridge forward_delay 0
nsx "$ns_sw" ip link set br0 up
for host in "$ns_scan eth0 $scan_ip $scan_mac" "$ns_dev eth0 $dev_ip $dev_mac" \
  "$ns_gw lan0 $gw_ip $gw_mac"; do
  read -r ns ifname ip mac <<<"$host"
  port=sw${ns##*-}
  nsx "$ns_sw" ip link add "$port" type veth peer name "$ifname" netns "$ns"
  nsx "$ns_sw" ip link set "$port" master br0 up
  nsx "$ns" ip link set "$ifname" address "$mac"
  nsx "$ns" ip addr add "$ip/24" dev "$ifname"
  nsx "$ns" ip link set "$ifname" up
done
# the router's WAN side: a dead end namespace, never reached by the test
nsx "$ns_gw" ip link add wan0 type veth peer name wan0 netns "$ns_wan"
nsx "$ns_gw" ip addr add 10.78.0.1/24 dev wan0
nsx "$ns_gw" ip link set wan0 up
nsx "$ns_wan" ip addr add 10.78.0.2/24 dev wan0
nsx "$ns_wan" ip link set wan0 up
nsx "$ns_gw" sysctl -qw net.ipv4.ip_forward=1
wait_for 10 nsx "$ns_scan" ping -c1 -W1 "$dev_ip" || fail "lab network did not come up"

# --- services of the IoT device --------------------------------------------------------------
echo '<html><title>IPCam-2000</title><body>Login</body></html>' >"$work/www/index.html"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$run/key.pem" -out "$run/cert.pem" -days 2 \
  -subj "/CN=ipcam.lab/O=Lab IoT Cam" 2>/dev/null
bgstart http80 "$ns_dev" python3 -m http.server 80 --bind "$dev_ip" --directory "$work/www"
bgstart http8080 "$ns_dev" python3 -m http.server 8080 --bind "$dev_ip" --directory "$work/www"
printf '#!/bin/bash\nprintf "\\r\\nIPCam-2000 v1.2 (BusyBox v1.19.4)\\r\\nipcam login: "\nread -t 2 -r user || exit 0\nprintf "Password: "\nread -t 2 -r pw || exit 0\nprintf "\\r\\nLogin incorrect\\r\\n"\n' \
  >"$run/banner.sh"
chmod +x "$run/banner.sh"
bgstart telnet23 "$ns_dev" socat "TCP4-LISTEN:23,bind=$dev_ip,reuseaddr,fork" "EXEC:$run/banner.sh"
tls_server() {  # name port version-flag [extra...]
  local name=$1 port=$2; shift 2
  bgstart "$name" "$ns_dev" openssl s_server -accept "$dev_ip:$port" -cert "$run/cert.pem" \
    -key "$run/key.pem" -www "$@"
}
tls_server tls443 443 -tls1_2
tls_server tls4443 4443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
tls_server tls8443 8443 -tls1_3
mosquitto_passwd -b -c "$run/mqtt.passwd" camuser hunter2 >/dev/null
printf 'listener 1883 %s\nallow_anonymous false\npassword_file %s\npersistence false\nuser root\nlog_dest stdout\n' \
  "$dev_ip" "$run/mqtt.passwd" >"$run/mosquitto.conf"
bgstart mqtt "$ns_dev" mosquitto -c "$run/mosquitto.conf"
# A minimal NTP server (mode 4 answers, stratum 8); it never reads or sets the clock's discipline.
cat >"$run/ntp_server.py" <<'PY'
import socket, struct, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], 123))
def ntp_time():
    t = time.time() + 2208988800
    return struct.pack("!II", int(t), int((t % 1) * 2**32))
while True:
    data, peer = s.recvfrom(512)
    if len(data) < 48 or data[0] & 7 != 3:
        continue
    received = ntp_time()
    header = struct.pack("!BBbbII4s", (0 << 6) | (data[0] & 0x38) | 4, 8, data[2], -20, 0, 0, b"LOCL")
    s.sendto(header + received + data[40:48] + received + ntp_time(), peer)
PY
bgstart ntp "$ns_dev" python3 "$run/ntp_server.py" "$dev_ip"
for port in 80 8080 23 443 4443 8443 1883; do
  wait_for 10 listening "$ns_dev" "$port" || fail "device service on port $port did not start"
done

# --- router: miniupnpd (UPnP IGD + NAT-PMP, nftables backend) -------------------------------
# miniupnpd 2.3.1 expects these tables and chains; Debian's init script does not create them.
nsx "$ns_gw" nft -f - <<'EOF'
table inet filter {
  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
  chain miniupnpd { }
  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
  chain prerouting_miniupnpd { }
  chain postrouting_miniupnpd { }
}
EOF
# ext_ip: miniupnpd refuses to map when its WAN address is private; this address is only a string
# in its answers, assigned to no interface and never sent a packet.
cat >"$run/miniupnpd.conf" <<EOF
ext_ifname=wan0
ext_ip=11.77.0.1
listening_ip=lan0
http_port=5000
enable_upnp=yes
enable_natpmp=yes
ipv6_disable=yes
secure_mode=yes
system_uptime=yes
notify_interval=60
friendly_name=LabRouter
uuid=433681c4-6e4c-47e4-8283-57a50d465923
allow 1024-65535 10.77.0.0/24 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
bgstart miniupnpd "$ns_gw" miniupnpd -f "$run/miniupnpd.conf" -d -P "$run/miniupnpd.pidfile"
wait_for 10 listening "$ns_gw" 5000 || fail "miniupnpd did not start"

# --- capture on the bridge -------------------------------------------------------------------
pcap=$work/lab.pcap
bgstart capture "$ns_sw" tcpdump -i br0 --immediate-mode -B 32768 -U -s 0 -Z root -w "$pcap"
wait_for 10 grep -q "listening on" "$run/capture.log" || fail "tcpdump did not start"
sleep 0.3

# --- traffic ---------------------------------------------------------------------------------
step() { echo "[lab] $*"; }
step "nmap -sn (ARP sweep of $subnet)"
nsx "$ns_scan" nmap -n -sn -T4 "$subnet" -oN "$run/nmap-sn.txt" >/dev/null
grep -q "Host is up" "$run/nmap-sn.txt" || fail "nmap -sn found nothing"
step "nmap -sT"
nsx "$ns_scan" nmap -n -Pn -sT -T4 -p 1-1024,1883,4443,8080,8443 "$dev_ip" -oN "$run/nmap-sT.txt" >/dev/null
grep -Eq "^1883/tcp +open" "$run/nmap-sT.txt" || fail "nmap -sT did not see MQTT"
step "nmap -sS"
nsx "$ns_scan" nmap -n -Pn -sS -T4 --top-ports 300 "$dev_ip" -oN "$run/nmap-sS.txt" >/dev/null
grep -Eq "^443/tcp +open" "$run/nmap-sS.txt" || fail "nmap -sS did not see HTTPS"
if command -v masscan >/dev/null; then
  step "masscan (100 pps, bounded by timeout)"
  # own TCP stack; --router-mac = the device so frames go straight to it. masscan 1.3.2 may wait
  # for one more packet long after --wait: the timeout ends it (8 ports at 100 pps take 0.1 s).
  nsx "$ns_scan" timeout -k 2 -s INT 5 masscan "$dev_ip" -p22,23,80,443,1883,4443,8080,8443 \
    --rate 100 -e eth0 --router-mac "$dev_mac" --wait 1 -oL "$run/masscan.txt" >"$run/masscan.log" 2>&1 || true
fi

step "TLS 1.0 / 1.2 / 1.3 handshakes"
tls_client() {  # port flag...
  local port=$1; shift
  nsx "$ns_scan" timeout 10 openssl s_client -connect "$dev_ip:$port" -servername ipcam.lab "$@" \
    </dev/null >"$run/tls-$port.txt" 2>&1 || true
}
tls_client 4443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
tls_client 443 -tls1_2
tls_client 8443 -tls1_3
grep -q "^New, TLSv1.0," "$run/tls-4443.txt" || fail "no TLS 1.0 session (see tls-4443.txt)"
grep -q "^New, TLSv1.2," "$run/tls-443.txt" || fail "no TLS 1.2 session"
grep -q "^New, TLSv1.3," "$run/tls-8443.txt" || fail "no TLS 1.3 session"

step "MQTT publish with username and password"
nsx "$ns_scan" mosquitto_pub -h "$dev_ip" -i phone1 -u camuser -P hunter2 -t home/cam1/status \
  -m '{"motion":false}' || fail "mosquitto_pub was refused"

step "HTTP, Telnet banner, NTP"
printf 'GET / HTTP/1.0\r\nHost: %s\r\nUser-Agent: IoTApp/1.0\r\n\r\n' "$dev_ip" |
  nsx "$ns_scan" timeout 5 socat -T2 - "TCP4:$dev_ip:80" >"$run/http.txt" || true
grep -q "IPCam-2000" "$run/http.txt" || fail "no HTTP answer"
printf 'admin\r\nadmin\r\n' | nsx "$ns_scan" timeout 5 socat -T2 - "TCP4:$dev_ip:23" >"$run/telnet.txt" || true
grep -q "ipcam login" "$run/telnet.txt" || fail "no telnet banner"
# ntpdig only queries and prints (no -s / -S / -j): it never sets the clock
nsx "$ns_scan" timeout 10 ntpdig -t 3 "$dev_ip" >"$run/ntpdig.txt" 2>&1 || fail "NTP query failed: $(cat "$run/ntpdig.txt")"

step "upnpc -a from the device: external $upnp_external_port -> $dev_ip:8080"
nsx "$ns_dev" timeout 20 upnpc -m eth0 -e 'lab cam' -a "$dev_ip" 8080 "$upnp_external_port" TCP 3600 \
  >"$run/upnpc.txt" 2>&1 || true
grep -q "external 11.77.0.1:$upnp_external_port TCP is redirected" "$run/upnpc.txt" ||
  fail "upnpc did not map the port: $(tail -n 3 "$run/upnpc.txt")"

step "natpmpc -a from the device: external $natpmp_external_port -> 8082/udp"
nsx "$ns_dev" timeout 10 natpmpc -g "$gw_ip" -a "$natpmp_external_port" 8082 udp 600 \
  >"$run/natpmpc.txt" 2>&1 || true
grep -q "Mapped public port $natpmp_external_port protocol UDP to local port 8082" "$run/natpmpc.txt" ||
  fail "natpmpc did not map the port: $(tail -n 3 "$run/natpmpc.txt")"

sleep 0.5
stop1 capture INT
[ -s "$pcap" ] || fail "empty capture"

# --- analysis --------------------------------------------------------------------------------
step "iotscope analyze ($(stat -c %s "$pcap") bytes of capture)"
"$bin" analyze "$pcap" --local "$subnet" --no-anonymize --out "$work/report" --quiet \
  >"$run/analyze.log" 2>&1 || fail "analyze failed: $(cat "$run/analyze.log")"

python3 - "$work/report/report.json" <<PY
import json, sys
report = json.load(open(sys.argv[1]))
scan_ip, dev_ip = "$scan_ip", "$dev_ip"
upnp_port, natpmp_port = $upnp_external_port, $natpmp_external_port
devices = report["devices"]
def device_id(ip, mac):
    ids = [d["id"] for d in devices if d.get("ip") == ip or d.get("mac", "").lower() == mac]
    assert len(ids) == 1, f"device {ip}/{mac}: {ids} in {[(d.get('ip'), d.get('mac')) for d in devices]}"
    return ids[0]
scanner = device_id(scan_ip, "$scan_mac")
device = device_id(dev_ip, "$dev_mac")
problems = []

# (a) scans by the scanner: a port scan of the device with a TCP method, and an ARP sweep
scans = [s for s in report["scans"] if s["scanner"] == scanner]
port_scans = [s for s in scans if s["kind"] == "port_scan" and device in s["targets"]]
if not any(s.get("method") in ("syn", "connect", "tcp") for s in port_scans):
    problems.append(f"no syn/connect/tcp port scan of the device: {[(s['kind'], s.get('method'), len(s['targets'])) for s in scans]}")
elif not any(p in s["ports"] for s in port_scans for p in (23, 443, 1883)):
    problems.append("the port scan lists none of the device's open ports")
sweeps = [s for s in scans if s["kind"] == "host_sweep" and s.get("method") == "arp"]
if not sweeps:
    problems.append(f"no ARP host sweep: {[(s['kind'], s.get('method')) for s in scans]}")
elif max(len(s["targets"]) for s in sweeps) < 100:
    problems.append(f"ARP sweep of a /24 lists only {max(len(s['targets']) for s in sweeps)} targets")

# (b) TLS versions seen in the handshakes, per server port of the device
enc = [e for e in report["encryption"] if e["peer"] == device]
for port, version in ((4443, "TLSv10"), (443, "TLSv12"), (8443, "TLSv13")):
    hits = [e for e in enc if e["port"] == port and e["transport"] == "tcp"]
    ok = [e for e in hits if e["how_known"] == "payload" and e.get("tls_version") == version
          and e["status"] == "encrypted"]
    if not ok:
        problems.append(f"port {port}: want {version} from payload, got "
                        f"{[(e['status'], e['how_known'], e.get('tls_version')) for e in hits]}")

# (c) MQTT in plaintext with the password in clear
mqtt = [e for e in enc if e["port"] == 1883]
if not any(e["status"] == "plaintext" and e.get("credentials_in_clear") is True
           and e["device"] == scanner for e in mqtt):
    problems.append(f"MQTT: {[(e['status'], e['how_known'], e.get('credentials_in_clear')) for e in mqtt]}")

# (d) the UPnP mapping the device asked for
maps = [x for x in report["exposure"] if x["kind"] == "upnp_mapping"]
if not any(x["device"] == device and x["port"] == upnp_port and x["transport"] == "tcp" for x in maps):
    problems.append(f"no upnp_mapping of tcp/{upnp_port} by the device: {[(x['device'], x['port']) for x in maps]}")

# (e) the NAT-PMP mapping the device asked for
pmp = [x for x in report["exposure"] if x["kind"] == "natpmp_mapping"]
if not any(x["device"] == device and x["port"] == natpmp_port and x["transport"] == "udp" for x in pmp):
    problems.append(f"no natpmp_mapping of udp/{natpmp_port} by the device: {[(x['device'], x['port'], x['transport']) for x in pmp]}")

if problems:
    print("FAIL:\n  " + "\n  ".join(problems))
    sys.exit(1)
print(f"lab report ok: {len(devices)} devices, {len(scans)} scans by the scanner, "
      f"{len(enc)} encryption entries of the device, {len(maps)} UPnP mappings")
PY
