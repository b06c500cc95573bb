#!/bin/sh
# Builds the libFuzzer targets (one per tests/fuzz/fuzz_*.c, each listed in tests/meson.build)
# and an eapsim to make seeds with, in a meson tree of their own: clang, the whole library
# instrumented for coverage (-fsanitize=fuzzer-no-link), AddressSanitizer and
# UndefinedBehaviorSanitizer with every report fatal. Needs clang and libclang-rt-14-dev.
#   tests/fuzz/build.sh [BUILD_DIR]        (default: build-fuzz in the source tree)
# The executables land in BUILD_DIR/tests/. See docs/robustness.md.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=${1:-$root/build-fuzz}
if [ ! -f "$dir/build.ninja" ]; then
    CC=${CC:-clang} meson setup "$dir" "$root" -Dwerror=true -Dviz=disabled -Dmpi=disabled \
        -Dtests=enabled -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args='-fsanitize=fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer'
fi
targets=
for f in "$root"/tests/fuzz/fuzz_*.c; do
    targets="$targets tests/$(basename "$f" .c)"
done
# shellcheck disable=SC2086 # one word per target
meson compile -C "$dir" $targets sim/cli/eapsim
