#!/usr/bin/env bash
# Installs the Debian 12 packages iotscope builds, tests and runs with. Quick when they are there.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config git clang-format clang-tidy
  # scripts/sanitize.sh and scripts/fuzz.sh: clang with ASan, UBSan and libFuzzer
  clang libclang-rt-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libfmt-dev nlohmann-json3-dev libcli11-dev zlib1g-dev libzstd-dev libssl-dev
  libpcap-dev libndpi-dev libpcre2-dev libminiupnpc-dev libxml2-dev nettle-dev
  ieee-data gzip zstd python3 time
  # tests/e2e/privacy.sh and tests/bad-input: the raw addresses of a capture, as Wireshark reads them
  tshark
  chromium libxml2-utils
  # tests/e2e/lab_capture.sh: a home network in namespaces with real tools (masscan is optional)
  iproute2 iputils-ping nftables tcpdump nmap masscan openssl socat mosquitto mosquitto-clients
  miniupnpd miniupnpc natpmpc ntpsec-ntpdig
  # the ClickHouse engine: libcurl for its HTTP interface; scripts/clickhouse-servers.sh runs two
  # local servers for its tests
  libcurl4-openssl-dev curl clickhouse-server clickhouse-client
  # the iotscope program allocates through mimalloc on 2 MiB pages (src/cli/heap_setup.hpp)
  libmimalloc-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# The build runs `npm ci` in web/ (ECharts for report.html, playwright-core for its browser test).
# A machine that already has node and npm (e.g. from NodeSource) keeps them.
if ! command -v npm >/dev/null; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq nodejs npm
fi
