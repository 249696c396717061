#!/usr/bin/env bash
# Regenerates the nmap -oX samples beside this script from REAL nmap runs (Debian 12, as root).
# Everything happens inside two network namespaces joined by a veth pair (10.81.0.1 scanner,
# 10.81.0.2 target); nothing leaves them. Processes are stopped by PID, namespaces deleted.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scanner=iots-gateway-nmap-a
target=iots-gateway-nmap-b
run=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  ip netns del "$scanner" 2>/dev/null || true
  ip netns del "$target" 2>/dev/null || true
  rm -rf "$run"
}
trap cleanup EXIT
ip netns add "$scanner"
ip netns add "$target"
ip -n "$scanner" link set lo up
ip -n "$target" link set lo up
ip -n "$scanner" link add veth0 type veth peer name veth0 netns "$target"
ip -n "$scanner" link set veth0 address 02:81:00:00:00:01
ip -n "$target" link set veth0 address b8:27:eb:81:00:02
ip -n "$scanner" addr add 10.81.0.1/24 dev veth0
ip -n "$target" addr add 10.81.0.2/24 dev veth0
ip -n "$scanner" link set veth0 up
ip -n "$target" link set veth0 up
# port 9999/tcp and 5683/udp silently dropped: nmap reports them filtered / open|filtered
ip netns exec "$target" nft -f - <<'NFT'
table inet drops {
  chain input {
    type filter hook input priority 0; policy accept;
    tcp dport 9999 drop
    udp dport 5683 drop
  }
}
NFT
mkdir -p "$run/www"
echo '<html><title>IPCam-2000</title></html>' >"$run/www/index.html"
printf '#!/bin/bash\nprintf "\\r\\nIPCam-2000 v1.2 (BusyBox v1.19.4)\\r\\nipcam login: "\nread -t 3 -r user || exit 0\n' >"$run/banner.sh"
chmod +x "$run/banner.sh"
ip netns exec "$target" /usr/bin/python3 -m http.server 8080 --bind 10.81.0.2 --directory "$run/www" \
  >/dev/null 2>&1 &
pids+=($!)
ip netns exec "$target" socat TCP4-LISTEN:23,bind=10.81.0.2,reuseaddr,fork EXEC:"$run/banner.sh" &
pids+=($!)
ip netns exec "$target" /usr/bin/python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("10.81.0.2", 5353))
while True:
    d, a = s.recvfrom(2048)
' &
pids+=($!)
sleep 1.5
ip netns exec "$scanner" nmap -n -sT -sV -p 21,23,80,8080,9999 10.81.0.2 -oX "$here/connect_version.xml" >/dev/null
ip netns exec "$scanner" nmap -n -sS -sU -p T:23,8080,U:123,5353,5683 10.81.0.2 -oX "$here/syn_udp.xml" >/dev/null
# a run cut short: the file ends inside a <port> element
head -c "$(( $(wc -c <"$here/connect_version.xml") * 2 / 3 ))" "$here/connect_version.xml" >"$here/truncated.xml"
