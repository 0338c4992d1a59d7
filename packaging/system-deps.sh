#!/usr/bin/env bash
# Debian packages the station and its tests need. Installs what is missing when run as root;
# otherwise prints the apt-get line to run. Used by `make` and by .ci/run.
set -euo pipefail

RUNTIME=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libfontconfig1
         libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-render-util0 libxcb-image0
         libxcb-xinerama0 libxcb-randr0 libxcb-xkb1 libxrender1 libxi6 libnss3 fonts-noto-cjk
         fonts-nanum libpulse0)
# fonts-nanum: TrueType Hangul for reportlab (it cannot embed Noto CJK's CFF outlines).
# libpulse0: Qt Virtual Keyboard's QML (key sounds through QtMultimedia).
# DEMO: `make demo-xvfb` runs the demo on a virtual display (xvfb-run needs xauth).
DEMO=(xvfb xauth)
TEST=(xvfb xauth mosquitto cups cups-client cups-bsd printer-driver-cups-pdf poppler-utils dpkg-dev fakeroot stress-ng)

want=("${RUNTIME[@]}")
case "${1:-}" in
    --test) want+=("${TEST[@]}") ;;
    --demo) want+=("${DEMO[@]}") ;;
    "") ;;
    *) echo "usage: $0 [--test | --demo]" >&2; exit 2 ;;
esac

missing=()
for pkg in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# The history-sink tests run a private PostgreSQL cluster (initdb, pg_ctl): any installed version will do.
if [ "${1:-}" = "--test" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
    missing+=(postgresql)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
    echo "Missing Debian packages: ${missing[*]}" >&2
    echo "Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
