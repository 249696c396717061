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

source "$src/tests/e2e/lab/home_lab.sh"
lab_require_root lab_capture
lab_require_tools ip ss ping nft tcpdump nmap openssl mosquitto mosquitto_passwd mosquitto_pub miniupnpd \
  upnpc natpmpc ntpdig socat python3

# Unique namespace names, so two runs (or other labs on the machine) never share one.
tag=${IOTSCOPE_LAB_TAG:-iotl$$}
lab_init /tmp/iotscope-lab
work=$lab_work run=$lab_run
ns_sw=$tag-sw ns_scan=$tag-scan ns_dev=$tag-dev ns_gw=$tag-gw ns_wan=$tag-wan
subnet=10.77.0.0/24
scan_ip=10.77.0.10 dev_ip=10.77.0.20 gw_ip=10.77.0.1
scan_mac=3c:22:fb:00:00:10 dev_mac=b8:27:eb:00:00:20 gw_mac=02:77:00:00:00:01
upnp_external_port=18080
natpmp_external_port=28082

# --- topology: bridge in its own namespace, one veth per host --------------------------------
lab_add_namespaces "$ns_sw" "$ns_scan" "$ns_dev" "$ns_gw" "$ns_wan"
lab_bridge "$ns_sw"
lab_attach "$ns_sw" "$ns_scan" eth0 "$scan_ip" "$scan_mac"
lab_attach "$ns_sw" "$ns_dev" eth0 "$dev_ip" "$dev_mac"
lab_attach "$ns_sw" "$ns_gw" lan0 "$gw_ip" "$gw_mac"
lab_wan "$ns_gw" "$ns_wan" 10.78.0.1 10.78.0.2
wait_for 10 nsx "$ns_scan" ping -c1 -W1 "$dev_ip" || fail "lab network did not come up"

# --- services of the IoT device and the router -----------------------------------------------
lab_camera_services "$ns_dev" "$dev_ip"
lab_router_upnp "$ns_gw" lan0 wan0 "$subnet"

# --- capture on the bridge -------------------------------------------------------------------
pcap=$work/lab.pcap
lab_capture_start "$ns_sw" br0 "$pcap"

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

lab_capture_stop "$pcap"

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
