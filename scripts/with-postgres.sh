#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster: starts a private cluster on 127.0.0.1 and
# a free port, exports SIPELANDUK_TEST_POSTGRES=postgres://USER:PASSWORD@127.0.0.1:PORT/DBNAME
# (an empty database; tests create their own databases in that cluster), runs the command, and
# always stops and removes the cluster. Exits with the command's status.
#
# PostgreSQL refuses to run as root: as root the cluster belongs to the `postgres` user (runuser),
# otherwise to whoever runs this. Needs the Debian package `postgresql` (scripts/install-deps.sh).
set -euo pipefail

if [ $# -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGUMENT...]" >&2
    exit 2
fi

pg_bin="${SIPELANDUK_PG_BIN:-}"
if [ -z "$pg_bin" ]; then
    pg_bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
    echo "PostgreSQL's server programs were not found under /usr/lib/postgresql; install the" \
        "package postgresql (scripts/install-deps.sh does) or set SIPELANDUK_PG_BIN." >&2
    exit 1
fi

as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
        echo "Running as root, but there is no postgres user to own the cluster." >&2
        exit 1
    fi
    as_owner=(runuser -u postgres --)
fi

cluster="$(mktemp -d "${TMPDIR:-/tmp}/sipelanduk-pg.XXXXXX")"
[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$cluster"
chmod 700 "$cluster"
# The owner may not enter the caller's working directory; the cluster's tools run from its own.
in_cluster() { (cd "$cluster" && "${as_owner[@]}" "$@"); }

started=0
cleanup() {
    if [ "$started" -eq 1 ]; then
        in_cluster "$pg_bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$cluster"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

user="sipelanduk"
password="$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
printf '%s\n' "$password" >"$cluster/pwfile"
[ ${#as_owner[@]} -eq 0 ] || chown postgres: "$cluster/pwfile"
in_cluster "$pg_bin/initdb" -D "$cluster/data" -U "$user" --pwfile="$cluster/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$cluster/initdb.log" 2>&1 \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
rm -f "$cluster/pwfile"

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A port can be taken between choosing and binding it: try a few.
for attempt in 1 2 3 4 5; do
    port="$(free_port)"
    # Durability is of no use to a cluster that lives for one run.
    if in_cluster "$pg_bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$cluster \
            -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null; then
        started=1
        break
    fi
done
if [ "$started" -ne 1 ]; then
    echo "The test PostgreSQL cluster did not start; its log:" >&2
    cat "$cluster/server.log" >&2 || true
    exit 1
fi

database="sipelanduk_test"
PGPASSWORD="$password" "$pg_bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$database"

export SIPELANDUK_TEST_POSTGRES="postgres://$user:$password@127.0.0.1:$port/$database"
status=0
"$@" || status=$?
exit "$status"
