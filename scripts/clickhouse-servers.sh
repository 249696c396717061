#!/usr/bin/env bash
# clickhouse-servers.sh - two ClickHouse servers (Debian's clickhouse-server 18.16) as plain
# processes on 127.0.0.1 only, for tests and benchmarks of the ClickHouse engine. No systemd;
# every process is tracked by PID and stopped by PID.
#
#   clickhouse-servers.sh start DIR [OWNER_PID]
#       writes DIR/s1, DIR/s2 (config, data, logs), starts both servers, waits for /ping.
#       DIR/ports holds one line per server: "HTTP_PORT NATIVE_PORT".
#       DIR/s<i>/pid holds each server's PID.
#       Both servers know a remote_servers cluster named `iotscope` with one shard each.
#       User `default` has no password; user `iotscope` has the random password in DIR/password
#       (for IOTSCOPE_CLICKHOUSE_PASSWORD_FILE).
#       With OWNER_PID, a watcher stops the servers when that process ends (a crashed test
#       leaves no server behind); its PID is in DIR/watcher.pid.
#   clickhouse-servers.sh stop DIR     stops the PIDs in DIR (idempotent).
#   clickhouse-servers.sh stop-one DIR N / start-one DIR N
#       stops / starts again server N (1 or 2) alone, same ports and data: a shard failing
#       during a load and coming back.
#   clickhouse-servers.sh status DIR   prints each server's PID, ports and state; 0 when both run.
#
# Ports are chosen at start among free ones from a random base (CH_BASE_PORT overrides it); a
# start that loses a port race is retried with other ports.
set -euo pipefail

usage() { echo "usage: $0 start DIR [OWNER_PID] | stop DIR | status DIR | stop-one DIR N | start-one DIR N" >&2; exit 2; }
[ $# -ge 2 ] || usage
action=$1
dir=$2
owner=${3:-}
servers=(1 2)

port_busy() { ss -Hltn "sport = :$1" 2>/dev/null | grep -q .; }

# Prints N free ports from $1 on, distinct from each other.
free_ports() {
  local p=$1 n=$2 found=()
  while [ ${#found[@]} -lt "$n" ]; do
    port_busy "$p" || found+=("$p")
    p=$((p + 1))
  done
  echo "${found[@]}"
}

write_users() {
  head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$dir/password"
  chmod 600 "$dir/password"
  local password
  password=$(cat "$dir/password")
  cat >"$dir/users.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <profiles><default>
    <max_memory_usage>4000000000</max_memory_usage>
    <max_bytes_before_external_group_by>2000000000</max_bytes_before_external_group_by>
    <max_query_size>1048576</max_query_size>
  </default></profiles>
  <users>
    <default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile><quota>default</quota></default>
    <iotscope><password>$password</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile><quota>default</quota></iotscope>
  </users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

# $1 = index, $2 = http port, $3 = native port, $4 $5 = native ports of shards 1 and 2
write_config() {
  local d=$dir/s$1
  mkdir -p "$d"/{data,tmp,user_files,log,format_schemas}
  cat >"$d/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>warning</level><log>$d/log/server.log</log><errorlog>$d/log/server.err.log</errorlog><size>50M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$2</http_port>
  <tcp_port>$3</tcp_port>
  <max_connections>64</max_connections>
  <max_concurrent_queries>16</max_concurrent_queries>
  <uncompressed_cache_size>268435456</uncompressed_cache_size>
  <mark_cache_size>268435456</mark_cache_size>
  <path>$d/data/</path>
  <tmp_path>$d/tmp/</tmp_path>
  <user_files_path>$d/user_files/</user_files_path>
  <format_schema_path>$d/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
  <remote_servers>
    <iotscope>
      <shard><replica><host>127.0.0.1</host><port>$4</port></replica></shard>
      <shard><replica><host>127.0.0.1</host><port>$5</port></replica></shard>
    </iotscope>
  </remote_servers>
</yandex>
XML
}

server_pid() { cat "$dir/s$1/pid" 2>/dev/null || true; }
alive() { local pid; pid=$(server_pid "$1"); [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; }

stop_pid() {  # $1 = PID: TERM, then KILL after 10 s
  local pid=$1
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}

stop_servers() {
  local i pid
  for i in "${servers[@]}"; do
    pid=$(server_pid "$i")
    if [ -n "$pid" ]; then
      stop_pid "$pid"
      echo "clickhouse-server $i stopped (PID $pid)"
    fi
    rm -f "$dir/s$i/pid"
  done
}

stop_watcher() {
  [ -f "$dir/watcher.pid" ] || return 0
  local pid
  pid=$(cat "$dir/watcher.pid")
  # Only when called from elsewhere: the watcher itself runs stop when its owner is gone.
  [ "$pid" = "${WATCHER_SELF:-}" ] || stop_pid "$pid"
  rm -f "$dir/watcher.pid"
}

launch() {  # $1 = index: starts that server from its written config
  # The subshell's $! is the server itself (exec), so the PID file names the right process.
  (cd "$dir/s$1" && exec nohup /usr/sbin/clickhouse-server --config-file="$dir/s$1/config.xml" \
      >>"$dir/s$1/log/stdout.log" 2>&1) &
  echo $! >"$dir/s$1/pid"
}

wait_for_ping() {  # $1 = index; 0 when it answers within 30 s
  local http
  http=$(sed -n "${1}p" "$dir/ports" | cut -d' ' -f1)
  for _ in $(seq 150); do
    alive "$1" || { echo "clickhouse-servers.sh: server $1 exited during start" >&2; return 1; }
    curl -sf "http://127.0.0.1:$http/ping" >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "clickhouse-servers.sh: server $1: no /ping answer on port $http after 30 s" >&2
  return 1
}

# One attempt with the given ports; 0 when both servers answer /ping.
try_start() {  # $1 $2 = http ports, $3 $4 = native ports
  write_config 1 "$1" "$3" "$3" "$4"
  write_config 2 "$2" "$4" "$3" "$4"
  printf '%s %s\n%s %s\n' "$1" "$3" "$2" "$4" >"$dir/ports"
  local i
  for i in "${servers[@]}"; do launch "$i"; done
  for i in "${servers[@]}"; do wait_for_ping "$i" || return 1; done
}

start() {
  command -v /usr/sbin/clickhouse-server >/dev/null ||
    { echo "clickhouse-servers.sh: clickhouse-server not installed (scripts/install-deps.sh)" >&2; exit 1; }
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  local i
  for i in "${servers[@]}"; do
    if alive "$i"; then
      echo "clickhouse-servers.sh: server $i of $dir already runs (PID $(server_pid "$i"))" >&2
      exit 1
    fi
  done
  write_users
  local attempt base ports
  for attempt in 1 2 3; do
    base=${CH_BASE_PORT:-$((20000 + RANDOM % 20000))}
    read -r -a ports <<<"$(free_ports "$base" 4)"
    if try_start "${ports[0]}" "${ports[1]}" "${ports[2]}" "${ports[3]}"; then
      [ -z "$owner" ] || start_watcher
      echo "clickhouse servers up in $dir: PIDs $(server_pid 1) $(server_pid 2), http ${ports[0]} ${ports[1]}, native ${ports[2]} ${ports[3]}"
      return 0
    fi
    tail -n 5 "$dir"/s*/log/server.err.log "$dir"/s*/log/stdout.log >&2 2>/dev/null || true
    stop_servers >/dev/null
    echo "clickhouse-servers.sh: attempt $attempt failed, trying other ports" >&2
  done
  exit 1
}

start_watcher() {
  local self=$0
  (
    exec </dev/null >/dev/null 2>&1
    while kill -0 "$owner" 2>/dev/null; do sleep 1; done
    WATCHER_SELF=$BASHPID "$self" stop "$dir"
  ) &
  echo $! >"$dir/watcher.pid"
}

status() {
  local i rc=0 line
  for i in "${servers[@]}"; do
    line=$(sed -n "${i}p" "$dir/ports" 2>/dev/null || true)
    if alive "$i"; then
      echo "server $i: running, PID $(server_pid "$i"), http/native ports ${line:-?}"
    else
      echo "server $i: stopped"
      rc=1
    fi
  done
  return $rc
}

case "$action" in
  start) start ;;
  stop)
    [ -d "$dir" ] || { echo "clickhouse-servers.sh: no $dir (nothing to stop)"; exit 0; }
    dir=$(cd "$dir" && pwd)
    stop_watcher
    stop_servers ;;
  stop-one | start-one)
    [ $# -eq 3 ] && { [ "$3" = 1 ] || [ "$3" = 2 ]; } || usage
    [ -d "$dir" ] || { echo "clickhouse-servers.sh: no $dir" >&2; exit 1; }
    dir=$(cd "$dir" && pwd)
    if [ "$action" = stop-one ]; then
      pid=$(server_pid "$3")
      [ -z "$pid" ] || stop_pid "$pid"
      rm -f "$dir/s$3/pid"
      echo "clickhouse-server $3 stopped${pid:+ (PID $pid)}"
    else
      if alive "$3"; then echo "server $3 already runs (PID $(server_pid "$3"))"; exit 0; fi
      launch "$3"
      wait_for_ping "$3" || { stop_pid "$(server_pid "$3")"; rm -f "$dir/s$3/pid"; exit 1; }
      echo "clickhouse-server $3 up again (PID $(server_pid "$3"))"
    fi ;;
  status) [ -d "$dir" ] || { echo "no $dir"; exit 1; }; status ;;
  *) usage ;;
esac
