#!/usr/bin/env bash
# Installs the Debian 12 packages that building, running and testing Sipelanduk need.
# Packages already present are left alone; nothing is downloaded when all are there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config clang-format
    qt6-base-dev qt6-base-dev-tools libqt6sql6-sqlite libqt6sql6-psql
    qt6-httpserver-dev qt6-websockets-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
    qt6-translations-l10n libgl1-mesa-dev qtkeychain-qt6-dev
    libsodium-dev libqrencode-dev libcsv-dev libssl-dev openssl zlib1g-dev time
    dbus dbus-x11 gnome-keyring xvfb xdotool imagemagick sqlite3 postgresql
)

missing=()
for package in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$package")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
