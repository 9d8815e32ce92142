#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, on a loopback port, run by an ordinary
# user (the `postgres` system user when we are root). Installs Debian's postgresql when
# its server programs are missing.
#   .ci/test-postgres.sh start DIR PORT   prints nothing; writes DIR/url (postgres://tandem@127.0.0.1:PORT/tandem_test)
#                                         and DIR/server.crt, the self-signed certificate of its TLS (for 127.0.0.1)
#   .ci/test-postgres.sh stop DIR         stops the cluster and removes DIR
set -euo pipefail
action=${1:?start|stop}
dir=${2:?cluster directory}
port=${3:-55432}

SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  if [ -z "$(bindir)" ] || [ ! -x "$(bindir)/pg_ctl" ] || ! command -v openssl >/dev/null; then
    echo "Installing PostgreSQL for the tests (Debian's postgresql, openssl)"
    $SUDO apt-get update -qq
    $SUDO DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql openssl >/dev/null
  fi
  bin=$(bindir)
  if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    exit 0  # already running
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_owner "$bin/initdb" -D "$dir/data" -U tandem --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  # TLS with a self-signed certificate for 127.0.0.1 (the tests check sslmode against it).
  as_owner openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$dir/server.key" -out "$dir/server.crt" >"$dir/openssl.log" 2>&1 \
    || { cat "$dir/openssl.log" >&2; exit 1; }
  as_owner chmod 600 "$dir/server.key"
  as_owner chmod 644 "$dir/server.crt"
  # Loopback only, a socket in the cluster's folder, no durability (throw-away data).
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U tandem tandem_test
  echo "postgres://tandem@127.0.0.1:$port/tandem_test" >"$dir/url"
  chmod a+r "$dir/url"
  chmod a+rx "$dir"
  ;;
stop)
  bin=$(bindir)
  if [ -n "$bin" ] && [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*)
  echo "usage: $0 start DIR [PORT] | stop DIR" >&2
  exit 2
  ;;
esac
