#!/usr/bin/env bash
# Quick start for eapsim: installs what is missing (Debian 12 packages), builds with meson
# into ./build, then runs what you ask for.
#
#   ./run.sh tripoli     replay the July 2014 Tripoli evacuation against the record
#   ./run.sh benghazi    replay the September 2012 Benghazi attack against the record
#   ./run.sh demo        run the M/M/1 queue example on the event kernel
#   ./run.sh test        run the test suites (meson test)
#   ./run.sh build       only install and build
#
# An existing ./build directory is reused as configured (CI configures it with -Dwerror).
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(gcc libc6-dev pkg-config meson ninja-build libcjson-dev libcmocka-dev
          libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev python3 python3-jsonschema)

install_missing() {
    local missing=()
    for p in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "run.sh: installing ${missing[*]}" >&2
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2 \
        || { "${sudo[@]}" apt-get update -q >&2 &&
             "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >&2; }
}

build() {
    install_missing
    if [ ! -f build/build.ninja ]; then
        meson setup build >&2
    fi
    meson compile -C build >&2
}

case "${1:-}" in
    tripoli)
        build
        shift
        exec ./build/sim/cli/eapsim run scenarios/tripoli-2014.json --replay "$@"
        ;;
    benghazi)
        build
        shift
        exec ./build/sim/cli/eapsim run scenarios/benghazi-2012.json --replay "$@"
        ;;
    demo)
        build
        exec ./build/sim/cli/eapsim demo mm1
        ;;
    test)
        build
        exec meson test -C build --print-errorlogs
        ;;
    build)
        build
        ;;
    *)
        sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
