#!/usr/bin/env bash
# Runs a command inside a private D-Bus session whose Secret Service (gnome-keyring) is unlocked,
# so that the product's keychain calls reach a real keychain on a machine without a desktop.
# gnome-keyring keeps its files in $XDG_DATA_HOME/keyrings (by default ~/.local/share/keyrings)
# and this wrapper unlocks them with a password that is no secret, so callers point
# XDG_DATA_HOME at a folder of their own: scripts/test.sh at a temporary home, scripts/run.sh at
# demo-data/. Without one it takes a new temporary folder, never a person's own keyring folder.
set -euo pipefail

if [ -z "${XDG_DATA_HOME:-}" ]; then
    XDG_DATA_HOME="$(mktemp -d)"
    export XDG_DATA_HOME
fi

if [ "${1:-}" = "--inside" ]; then
    shift
    printf '%s' "${SIPELANDUK_KEYRING_PASSWORD:-sipelanduk-test}" \
        | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
fi

exec dbus-run-session -- "$0" --inside "$@"
