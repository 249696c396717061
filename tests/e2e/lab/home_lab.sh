# shellcheck shell=bash
# home_lab.sh - a small home in network namespaces for the end-to-end tests and the probe bench.
# Sourced (never run) by tests/e2e/lab_capture.sh, tests/e2e/probe_lab.sh and
# bench/run_probe_comparison.sh; it lives in a subfolder so CTest's e2e/*.sh glob skips it.
#
#   lab_init DIR_PREFIX          work dir ($lab_work, $lab_run), cleanup trap on EXIT
#   lab_add_namespaces NS...     new namespaces: lo up, IPv4 only, a resolver answering nothing
#   lab_bridge NS                bridge br0 in NS (the home's switch)
#   lab_attach SW NS IF IP MAC   veth from the switch's br0 to NS's interface IF with IP/24
#   lab_wan GW WAN IP_GW IP_WAN  the router's dead-end WAN side (wan0 in both)
#   lab_camera_services NS IP    the pretend IP camera: HTTP 80/8080, Telnet banner 23,
#                                TLS 443 (1.2) / 4443 (1.0) / 8443 (1.3), MQTT 1883 with a
#                                password (camuser/hunter2), NTP on udp/123; waits until they listen
#   lab_router_upnp NS LAN_IF WAN_IF SUBNET   miniupnpd (UPnP IGD on :5000, NAT-PMP), its nft tables
#   lab_capture_start NS IF PCAP / lab_capture_stop
#   bgstart NAME NS CMD...       long-running process in NS, PID in $lab_run/NAME.pid
#   stop1 NAME [SIGNAL]          stops it by PID
#   nsx NS CMD...                runs CMD in NS
#   wait_for SECONDS CMD...      polls CMD every 0.1 s
#   listening NS PORT            a TCP socket listens on PORT in NS
#   fail MESSAGE                 prints FAIL and exits 1 (the trap cleans up)
#
# SAFETY: nothing here links a namespace to the machine's interfaces or adds a default route;
# every process is started in a namespace, remembered by PID and stopped by PID, and the
# namespaces (with /etc/netns/NS) are deleted on exit, also when an assertion fails.
# IOTSCOPE_LAB_KEEP=DIR keeps the work dir (captures, logs, reports) for a closer look;
# IOTSCOPE_LAB_TAG=PREFIX names the namespaces PREFIX-sw, PREFIX-scan... (default: a tag with the PID).

fail() { echo "FAIL: $*" >&2; exit 1; }

lab_require_root() { [ "$(id -u)" -eq 0 ] || fail "$1 needs root (network namespaces)"; }

lab_require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || fail "missing tool '$tool' (run scripts/install-deps.sh)"
  done
}

lab_namespaces=()

lab_init() {  # DIR_PREFIX
  lab_work=$(mktemp -d "$1.XXXXXX")
  lab_run=$lab_work/run
  mkdir -p "$lab_run"
  trap lab_cleanup EXIT
  trap 'exit 130' INT TERM
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }

# Starts a long-running process in a namespace; `ip netns exec` execs it, so $! is its own PID.
bgstart() {
  local name=$1 ns=$2; shift 2
  ip netns exec "$ns" "$@" >"$lab_run/$name.log" 2>&1 &
  echo $! >"$lab_run/$name.pid"
}

stop1() {
  local f=$lab_run/$1.pid sig=${2:-TERM} p
  [ -f "$f" ] || return 0
  p=$(cat "$f")
  kill -"$sig" "$p" 2>/dev/null || true
  for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$p" 2>/dev/null && kill -KILL "$p" 2>/dev/null
  wait "$p" 2>/dev/null || true
  rm -f "$f"
}

lab_cleanup() {
  local rc=$? f ns
  for f in "$lab_run"/*.pid; do
    [ -e "$f" ] || continue
    case $(basename "$f" .pid) in capture) stop1 capture INT ;; *) stop1 "$(basename "$f" .pid)" ;; esac
  done
  for ns in "${lab_namespaces[@]}"; do
    ip netns del "$ns" 2>/dev/null || true
    rm -rf "/etc/netns/$ns"
  done
  if [ "$rc" -ne 0 ]; then
    echo "--- logs of the failed lab run ($lab_work) ---" >&2
    for f in "$lab_run"/*.log; do
      [ -e "$f" ] || continue
      case $f in */http*.log) continue ;; esac  # tracebacks of nmap's probes, no news
      echo "==> $f <==" >&2 && tail -n 15 "$f" >&2
    done
  fi
  if [ -n "${IOTSCOPE_LAB_KEEP:-}" ]; then mkdir -p "$IOTSCOPE_LAB_KEEP" && cp -r "$lab_work"/. "$IOTSCOPE_LAB_KEEP"/; fi
  rm -rf "$lab_work"
  exit "$rc"
}

wait_for() {  # wait_for SECONDS COMMAND...: polls every 0.1 s
  local tries=$(($1 * 10)); shift
  for _ in $(seq "$tries"); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  return 1
}

listening() { nsx "$1" ss -Hltn "sport = :$2" | grep -q LISTEN; }

# --- topology --------------------------------------------------------------------------------
lab_add_namespaces() {
  local ns
  for ns in "$@"; do
    ip netns add "$ns"
    lab_namespaces+=("$ns")
    # a resolver that answers nothing, in case any tool tries DNS despite our -n flags
    mkdir -p "/etc/netns/$ns" && echo "nameserver 127.0.0.1" >"/etc/netns/$ns/resolv.conf"
    nsx "$ns" ip link set lo up
    # IPv4 only: keeps router solicitations and the like out of the captures
    nsx "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  done
}

lab_bridge() {
  nsx "$1" ip link add br0 type bridge
  nsx "$1" ip link set br0 type bridge forward_delay 0
  nsx "$1" ip link set br0 up
}

# The switch-side port is named sw<last part of the namespace name> (at most 15 characters).
lab_attach() {  # SWITCH_NS NS IFNAME IP MAC
  local sw=$1 ns=$2 ifname=$3 ip=$4 mac=$5
  local port=sw${ns##*-}
  nsx "$sw" ip link add "$port" type veth peer name "$ifname" netns "$ns"
  nsx "$sw" ip link set "$port" master br0 up
  nsx "$ns" ip link set "$ifname" address "$mac"
  nsx "$ns" ip addr add "$ip/24" dev "$ifname"
  nsx "$ns" ip link set "$ifname" up
}

# The router's WAN side: a dead-end namespace, never reached by the tests.
lab_wan() {  # GW_NS WAN_NS GW_WAN_IP WAN_IP
  nsx "$1" ip link add wan0 type veth peer name wan0 netns "$2"
  nsx "$1" ip addr add "$3/24" dev wan0
  nsx "$1" ip link set wan0 up
  nsx "$2" ip addr add "$4/24" dev wan0
  nsx "$2" ip link set wan0 up
  nsx "$1" sysctl -qw net.ipv4.ip_forward=1
}

# --- device services -------------------------------------------------------------------------
lab_tls_cert() {  # a self-signed certificate in $lab_run/{cert,key}.pem, made once
  [ -f "$lab_run/cert.pem" ] && return 0
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$lab_run/key.pem" -out "$lab_run/cert.pem" \
    -days 2 -subj "/CN=ipcam.lab/O=Lab IoT Cam" 2>/dev/null
}

lab_http() {  # NAME NS IP PORT: python's http.server on the camera's login page
  mkdir -p "$lab_work/www"
  [ -f "$lab_work/www/index.html" ] ||
    echo '<html><title>IPCam-2000</title><body>Login</body></html>' >"$lab_work/www/index.html"
  bgstart "$1" "$2" python3 -m http.server "$4" --bind "$3" --directory "$lab_work/www"
}

lab_telnet_banner() {  # NAME NS IP PORT: a BusyBox-like login prompt that never lets anyone in
  [ -f "$lab_run/banner.sh" ] || {
    printf '#!/bin/bash\nprintf "\\r\\nIPCam-2000 v1.2 (BusyBox v1.19.4)\\r\\nipcam login: "\nread -t 2 -r user || exit 0\nprintf "Password: "\nread -t 2 -r pw || exit 0\nprintf "\\r\\nLogin incorrect\\r\\n"\n' \
      >"$lab_run/banner.sh"
    chmod +x "$lab_run/banner.sh"
  }
  bgstart "$1" "$2" socat "TCP4-LISTEN:$4,bind=$3,reuseaddr,fork" "EXEC:$lab_run/banner.sh"
}

lab_tls() {  # NAME NS IP PORT OPENSSL_FLAGS...
  local name=$1 ns=$2 ip=$3 port=$4; shift 4
  lab_tls_cert
  bgstart "$name" "$ns" openssl s_server -accept "$ip:$port" -cert "$lab_run/cert.pem" \
    -key "$lab_run/key.pem" -www "$@"
}

lab_mqtt() {  # NAME NS IP PORT: mosquitto, user camuser / hunter2, no anonymous clients
  local name=$1 ns=$2 ip=$3 port=$4
  [ -f "$lab_run/mqtt.passwd" ] || mosquitto_passwd -b -c "$lab_run/mqtt.passwd" camuser hunter2 >/dev/null
  printf 'listener %s %s\nallow_anonymous false\npassword_file %s\npersistence false\nuser root\nlog_dest stdout\n' \
    "$port" "$ip" "$lab_run/mqtt.passwd" >"$lab_run/$name.conf"
  bgstart "$name" "$ns" mosquitto -c "$lab_run/$name.conf"
}

# A minimal NTP server (mode 4 answers, stratum 8); it never reads or sets the clock's discipline.
lab_ntp() {  # NAME NS IP
  cat >"$lab_run/ntp_server.py" <<'PY'
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
  bgstart "$1" "$2" python3 "$lab_run/ntp_server.py" "$3"
}

lab_wait_listening() {  # NS PORT...
  local ns=$1 port; shift
  for port in "$@"; do
    wait_for 10 listening "$ns" "$port" || fail "service on port $port in $ns did not start"
  done
}

# The pretend IP camera of the lab tests (process names http80, telnet23, tls443, mqtt, ntp...).
lab_camera_services() {  # NS IP
  local ns=$1 ip=$2
  lab_http http80 "$ns" "$ip" 80
  lab_http http8080 "$ns" "$ip" 8080
  lab_telnet_banner telnet23 "$ns" "$ip" 23
  lab_tls tls443 "$ns" "$ip" 443 -tls1_2
  lab_tls tls4443 "$ns" "$ip" 4443 -tls1 -cipher 'DEFAULT:@SECLEVEL=0'
  lab_tls tls8443 "$ns" "$ip" 8443 -tls1_3
  lab_mqtt mqtt "$ns" "$ip" 1883
  lab_ntp ntp "$ns" "$ip"
  lab_wait_listening "$ns" 80 8080 23 443 4443 8443 1883
}

# --- router: miniupnpd (UPnP IGD on http port 5000, NAT-PMP, nftables backend) ----------------
lab_router_upnp() {  # NS LAN_IF WAN_IF LAN_SUBNET
  local ns=$1 lan_if=$2 wan_if=$3 subnet=$4
  # miniupnpd 2.3.1 expects these tables and chains; Debian's init script does not create them.
  nsx "$ns" nft -f - <<'EOF'
table inet filter {
  chain forward { type filter hook forward priority 0; policy accept; jump miniupnpd; }
  chain miniupnpd { }
  chain prerouting { type nat hook prerouting priority -100; policy accept; jump prerouting_miniupnpd; }
  chain postrouting { type nat hook postrouting priority 100; policy accept; jump postrouting_miniupnpd; }
  chain prerouting_miniupnpd { }
  chain postrouting_miniupnpd { }
}
EOF
  # ext_ip: miniupnpd refuses to map when its WAN address is private; this address is only a
  # string in its answers, assigned to no interface and never sent a packet.
  cat >"$lab_run/miniupnpd.conf" <<EOF
ext_ifname=$wan_if
ext_ip=11.77.0.1
listening_ip=$lan_if
http_port=5000
enable_upnp=yes
enable_natpmp=yes
ipv6_disable=yes
secure_mode=yes
system_uptime=yes
notify_interval=60
friendly_name=LabRouter
uuid=433681c4-6e4c-47e4-8283-57a50d465923
allow 1024-65535 $subnet 1024-65535
deny 0-65535 0.0.0.0/0 0-65535
EOF
  bgstart miniupnpd "$ns" miniupnpd -f "$lab_run/miniupnpd.conf" -d -P "$lab_run/miniupnpd.pidfile"
  wait_for 10 listening "$ns" 5000 || fail "miniupnpd did not start"
}

# --- capture on the bridge -------------------------------------------------------------------
lab_capture_start() {  # NS IF PCAP
  bgstart capture "$1" tcpdump -i "$2" --immediate-mode -B 32768 -U -s 0 -Z root -w "$3"
  wait_for 10 grep -q "listening on" "$lab_run/capture.log" || fail "tcpdump did not start"
  sleep 0.3
}

lab_capture_stop() {  # PCAP: lets the last frames land, stops tcpdump, checks the file
  sleep 0.5
  stop1 capture INT
  [ -s "$1" ] || fail "empty capture"
}
