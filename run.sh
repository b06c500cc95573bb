#!/usr/bin/env bash
# Quick start for eapsim: installs what is missing (Debian 12 packages), builds with meson
# into ./build, then runs what you ask for.
#
#   ./run.sh tripoli     replay the July 2014 Tripoli evacuation against the record
#   ./run.sh benghazi    replay the September 2012 Benghazi attack against the record
#   ./run.sh exercise tripoli|benghazi [OPTIONS]
#                        run a tabletop exercise (docs/exercise.md); the session log and the
#                        after-action report go to out/exercise/SCENARIO-DATE-TIME/
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
    exercise)
        case "${2:-}" in
            tripoli) scenario=scenarios/tripoli-2014.json ;;
            benghazi) scenario=scenarios/benghazi-2012.json ;;
            *) echo "usage: ./run.sh exercise tripoli|benghazi [OPTIONS]" >&2; exit 2 ;;
        esac
        build
        out=out/exercise/$2-$(date +%Y%m%d-%H%M%S)
        mkdir -p "$out"
        echo "run.sh: the session log and the after-action report go to $out/" >&2
        shift 2
        exec ./build/sim/cli/eapsim exercise "$scenario" --log "$out/session.json" \
            --aar "$out" "$@"
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
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
