#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests: initdb in a temp folder, owned by a non-root user, on a free
# loopback port.
#   eval "$(.ci/postgres.sh start)"   prints the exports: ZHIKU_TEST_DATABASE_URL and ZHIKU_PG_DIR
#   .ci/postgres.sh stop [DIR]        stops the cluster in DIR (default $ZHIKU_PG_DIR) and removes the folder
# Installs Debian's PostgreSQL server only when no initdb is present.
set -euo pipefail
pg_user=zhikupg

find_bin() {
  local initdb
  initdb=$(ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] && dirname "$initdb"
}

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user" -- "$@"; else "$@"; fi
}

start() {
  local bin
  bin=$(find_bin || true)
  if [ -z "$bin" ]; then
    apt-get update >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
    bin=$(find_bin)
  fi
  if [ "$(id -u)" -eq 0 ] && ! id "$pg_user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$pg_user"
  fi
  local dir port
  dir=$(mktemp -d /tmp/zhiku-pg.XXXXXX)
  chmod 755 "$dir"
  [ "$(id -u)" -eq 0 ] && chown "$pg_user" "$dir"
  # A free loopback port: a random one nothing answers on (postgres refuses to start if it is taken meanwhile).
  port=$((20000 + RANDOM % 40000))
  while (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((20000 + RANDOM % 40000)); done
  as_pg "$bin/initdb" -D "$dir/data" -U zhiku --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2 \
    || { cat "$dir/server.log" >&2; exit 1; }
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U zhiku zhiku_test >&2
  echo "export ZHIKU_PG_DIR='$dir'"
  echo "export ZHIKU_TEST_DATABASE_URL='Host=127.0.0.1;Port=$port;Database=zhiku_test;Username=zhiku'"
}

stop() {
  local dir=${1:-${ZHIKU_PG_DIR:-}} bin
  [ -n "$dir" ] && [ -d "$dir" ] || { echo "postgres.sh stop: no cluster folder given" >&2; exit 1; }
  bin=$(find_bin)
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) echo "usage: $0 start|stop [DIR]" >&2; exit 2 ;;
esac
