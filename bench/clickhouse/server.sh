#!/usr/bin/env bash
# server.sh - one ClickHouse 18.16 server (Debian's clickhouse-server) as a plain process on
# 127.0.0.1 only, for the iotscope comparison benchmark. No systemd; tracked by PID.
#
#   server.sh start DIR   writes DIR/config.xml, DIR/users.xml, starts the server, waits for /ping;
#                         DIR/pid holds its PID, DIR/ports its "HTTP_PORT TCP_PORT",
#                         DIR/user_files/ is the server's user_files_path (what file() may read).
#   server.sh stop DIR    stops only the PID in DIR/pid.
#
# Ports: HTTP 8123 and native 9000 unless CH_HTTP_PORT / CH_TCP_PORT say otherwise; a port that is
# already listening is skipped for the next free one.
set -euo pipefail

usage() { echo "usage: $0 start|stop DIR" >&2; exit 2; }
[ $# -eq 2 ] || usage
action=$1
dir=$2

port_busy() {  # $1 = TCP port; true when something on this machine listens on it
  ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

free_port() {  # $1 = preferred port; prints the first port >= it that nobody listens on
  local p=$1
  while port_busy "$p"; do p=$((p + 1)); done
  echo "$p"
}

write_config() {  # $1 = http port, $2 = native port
  mkdir -p "$dir"/{data,tmp,user_files,log,format_schemas}
  cat >"$dir/config.xml" <<XML
<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><log>$dir/log/server.log</log><errorlog>$dir/log/server.err.log</errorlog><size>100M</size><count>2</count></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$1</http_port>
  <tcp_port>$2</tcp_port>
  <max_connections>64</max_connections>
  <max_concurrent_queries>8</max_concurrent_queries>
  <uncompressed_cache_size>1073741824</uncompressed_cache_size>
  <mark_cache_size>536870912</mark_cache_size>
  <path>$dir/data/</path>
  <tmp_path>$dir/tmp/</tmp_path>
  <user_files_path>$dir/user_files/</user_files_path>
  <format_schema_path>$dir/format_schemas/</format_schema_path>
  <users_config>$dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mlock_executable>false</mlock_executable>
</yandex>
XML
  # 16 GB per query: the flow re-assembly keeps every window of a key in one array. Beyond 8 GB
  # of GROUP BY state the server spills to tmp_path instead of failing.
  cat >"$dir/users.xml" <<'XML'
<?xml version="1.0"?>
<yandex>
  <profiles><default>
    <max_memory_usage>16000000000</max_memory_usage>
    <max_bytes_before_external_group_by>8000000000</max_bytes_before_external_group_by>
    <max_query_size>1048576</max_query_size>
  </default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
    <profile>default</profile><quota>default</quota></default></users>
  <quotas><default><interval><duration>3600</duration><queries>0</queries><errors>0</errors>
    <result_rows>0</result_rows><read_rows>0</read_rows><execution_time>0</execution_time></interval></default></quotas>
</yandex>
XML
}

pid_alive() { [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null; }

start() {
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if pid_alive; then
    echo "server.sh: a server from $dir is already running (PID $(cat "$dir/pid"))" >&2
    exit 1
  fi
  local http tcp
  http=$(free_port "${CH_HTTP_PORT:-8123}")
  tcp=$(free_port "${CH_TCP_PORT:-9000}")
  [ "$tcp" != "$http" ] || tcp=$(free_port $((tcp + 1)))
  write_config "$http" "$tcp"
  echo "$http $tcp" >"$dir/ports"
  # The subshell's $! is the server itself (no wrapper), so the PID file names the right process.
  (cd "$dir" && exec nohup /usr/sbin/clickhouse-server --config-file="$dir/config.xml" \
      >"$dir/log/stdout.log" 2>&1) &
  echo $! >"$dir/pid"
  for _ in $(seq 150); do
    if curl -sf "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then
      echo "clickhouse-server up: PID $(cat "$dir/pid"), http $http, native $tcp, dir $dir"
      return 0
    fi
    if ! pid_alive; then
      echo "server.sh: clickhouse-server exited during start; see $dir/log/" >&2
      tail -n 20 "$dir/log/server.err.log" "$dir/log/stdout.log" >&2 2>/dev/null || true
      rm -f "$dir/pid"
      exit 1
    fi
    sleep 0.2
  done
  echo "server.sh: no /ping answer on port $http after 30 s; stopping PID $(cat "$dir/pid")" >&2
  stop
  exit 1
}

stop() {
  [ -f "$dir/pid" ] || { echo "server.sh: no PID file in $dir (nothing to stop)"; return 0; }
  local pid
  pid=$(cat "$dir/pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$dir/pid"
  echo "clickhouse-server stopped (PID $pid)"
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
