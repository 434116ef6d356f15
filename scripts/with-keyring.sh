#!/usr/bin/env bash
# Runs a command inside a private D-Bus session whose Secret Service (gnome-keyring) is unlocked,
# so that the product's keychain calls reach a real keychain on a machine without a desktop.
# The keyring lives in a temporary HOME for tests, so no test ever touches a person's keyring.
set -euo pipefail

if [ "${1:-}" = "--inside" ]; then
    shift
    printf '%s' "${SIPELANDUK_KEYRING_PASSWORD:-sipelanduk-test}" \
        | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"
fi

exec dbus-run-session -- "$0" --inside "$@"
