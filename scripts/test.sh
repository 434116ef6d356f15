#!/usr/bin/env bash
# Installs what the tests need, builds everything with warnings as errors, and runs every test
# suite. Extra arguments go to ctest, e.g. `scripts/test.sh -L unit` or `-R tst_nik`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${SIPELANDUK_BUILD_DIR:-$root/build}"

"$root/scripts/install-deps.sh"

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSIPELANDUK_WERROR=ON \
    -DSIPELANDUK_SHARED_DIR="${SIPELANDUK_SHARED_DIR:-$root/../shared}" >/dev/null
cmake --build "$build" -j2

# Tests keep their keyring and settings in a throw-away home, and the PostgreSQL variants of the
# server and integration suites use a throw-away cluster.
test_home="$(mktemp -d)"
trap 'rm -rf "$test_home"' EXIT
HOME="$test_home" XDG_DATA_HOME="$test_home/.local/share" XDG_CONFIG_HOME="$test_home/.config" \
    "$root/scripts/with-postgres.sh" "$root/scripts/with-keyring.sh" \
    ctest --test-dir "$build" --output-on-failure --timeout 900 -j2 "$@"
