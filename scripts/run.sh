#!/usr/bin/env bash
# Runs Sipelanduk Desktop on its embedded default: a local SQLite office database, a local
# sipelanduk-pusat on 127.0.0.1, and the national region table. Builds first when needed.
#
# Everything lives in demo-data/ next to the sources; delete that folder to start again.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SIPELANDUK_BUILD_DIR:-$root/build}"
demo="${SIPELANDUK_DEMO_DIR:-$root/demo-data}"
port="${SIPELANDUK_PORT:-8470}"
regions="${SIPELANDUK_REGIONS:-$root/../shared/data/wilayah/wilayah_kepmendagri_2025.csv}"

# A desktop session has a keyring; a bare machine gets a private one, kept in demo-data/ with the
# demo's other data, never in the person's own keyring folder: its password is not a secret.
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ "${1:-}" != "--inside-session" ]; then
    "$root/scripts/install-deps.sh"
    echo "No desktop session keyring found: starting a private one in $demo/keyring."
    mkdir -p "$demo/keyring"
    export XDG_DATA_HOME="$demo/keyring"
    exec "$root/scripts/with-keyring.sh" "$0" --inside-session
fi

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j2 --target sipelanduk sipelanduk-ctl sipelanduk-pusat

mkdir -p "$demo"
ctl=("$build/app/sipelanduk-ctl" --data-dir "$demo/kantor")
pusat=("$build/server/sipelanduk-pusat" --db "$demo/pusat.sqlite")

"${pusat[@]}" --listen "127.0.0.1:$port" > "$demo/pusat.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true' EXIT

if [ ! -e "$demo/kantor/.regions-imported" ] && [ -f "$regions" ]; then
    "${ctl[@]}" import-regions "$regions"
    touch "$demo/kantor/.regions-imported"
fi
code="$("${pusat[@]}" issue-code --office 19.04.01)"

cat <<INFO

  Sipelanduk Desktop
  Office data:      $demo/kantor
  Central server:   http://127.0.0.1:$port   (log: $demo/pusat.log)
  Enrolment code:   $code   (one use, for kecamatan 19.04.01 Koba; valid 7 days)

  The central office's side, in another terminal:
    ${pusat[*]} set-status REGISTRATION_NUMBER completed

INFO

"$build/app/sipelanduk" --data-dir "$demo/kantor"
