#!/usr/bin/env bash
# The viewer apart (docs/robustness.md): only eapsim-view loads the graphics stack.
#   no_sdl.sh EAPSIM EAPSIM_VIEW|none SCENARIO_DIR BUILD_ROOT LIBEXECDIR
# - ldd of eapsim shows none of SDL2, SDL2_ttf, SDL2_image, freetype, harfbuzz, glib;
# - with those libraries hidden (bound over by /dev/null in a mount namespace of the test's
#   own, as root or in a user namespace; skipped otherwise), validate, run, batch --out,
#   compare, sensitivity, merge, an exercise in the terminal (answers, --aar) and msel work,
#   and eapsim view fails (so they were hidden);
# - without eapsim-view beside it, eapsim view says the viewer is not installed, exit 2, and
#   eapsim view --help still prints the help;
# - meson install --destdir installs eapsim and eapsim-view, and the installed eapsim view
#   draws a screenshot from there (the viewer and its assets found relative to the install).
# With "hidden" after the five arguments it runs only the hidden-library cases (the script
# calls itself so, in its own mount namespace).
set -u
eapsim=$(realpath "$1")
viewer=$2
scenarios=$(realpath "$3")
build=$(realpath "$4")
libexecdir=$5
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

graphics='libSDL2|libfreetype|libharfbuzz|libglib|libpng|libjpeg|libX11|libwayland'
tripoli=$scenarios/tripoli-2014.json
benghazi=$scenarios/benghazi-2012.json
examples=$(dirname "$scenarios")/docs/examples

# --- a batch node: the SDL libraries are not there ---
if [ "${6:-}" = hidden ]; then
    # Every graphics library eapsim-view needs (or SDL's own set when there is no viewer).
    libs=$(ldd "$viewer" 2>/dev/null | awk '{ print $3 }' | grep -E "$graphics")
    [ -n "$libs" ] || { echo "no graphics library to hide"; exit 77; }
    for lib in $libs; do
        mount --bind /dev/null "$(readlink -f "$lib")" || exit 77
    done
    cd "$tmp" || exit 1
    "$eapsim" validate "$tripoli" "$benghazi" >/dev/null || fail "hidden SDL: validate"
    "$eapsim" run "$benghazi" --replay >/dev/null || fail "hidden SDL: run --replay"
    "$eapsim" batch "$tripoli" --runs 500 --threads 2 --per-run --out b --quiet >/dev/null ||
        fail "hidden SDL: batch --out --per-run"
    [ -s b/index.html ] && [ -s b/runs.csv ] || fail "hidden SDL: the batch wrote no folder"
    "$eapsim" compare "$tripoli" --runs 200 --vs-set assets/militia_escort/desertion/p=1 \
        --out c --quiet >/dev/null || fail "hidden SDL: compare"
    "$eapsim" sensitivity "$tripoli" --runs 20 --out s --quiet >/dev/null ||
        fail "hidden SDL: sensitivity"
    "$eapsim" batch "$tripoli" --runs 200 --shard 1/1 --out sh --quiet >/dev/null &&
        "$eapsim" merge sh --out m >/dev/null || fail "hidden SDL: batch --shard and merge"
    "$eapsim" exercise "$benghazi" --answers "$examples/benghazi.answers" --pace max \
        --aar aar --runs 20 </dev/null >/dev/null && [ -s aar/aar.html ] ||
        fail "hidden SDL: exercise in the terminal with --aar"
    "$eapsim" msel "$tripoli" --out msel.csv >/dev/null && [ -s msel.csv ] ||
        fail "hidden SDL: msel"
    "$eapsim" view "$tripoli" --replay --screenshot v.png >/dev/null 2>"$tmp/e" &&
        fail "hidden SDL: eapsim view worked, so the libraries were not hidden"
    grep -qE "libSDL2|cannot open shared object|file too short" "$tmp/e" ||
        fail "hidden SDL: eapsim view failed otherwise: $(cat "$tmp/e")"
    echo "with $(echo "$libs" | wc -l) graphics libraries hidden, every command but view ran"
    exit $((failures > 0))
fi

# --- ldd of eapsim ---
if ldd "$eapsim" | grep -E "$graphics"; then
    fail "eapsim links graphics libraries"
fi
echo "eapsim loads $(ldd "$eapsim" | wc -l) shared objects, none of them graphics"

if [ "$viewer" = none ]; then
    echo "a build without the viewer: nothing more to check"
    exit $((failures > 0))
fi
viewer=$(realpath "$viewer")

# --- hidden libraries, in a mount namespace of our own ---
mount_namespace
if [ ${#ns[@]} -gt 0 ]; then
    "${ns[@]}" bash "$0" "$eapsim" "$viewer" "$scenarios" "$build" "$libexecdir" hidden
    rc=$?
    [ $rc -eq 77 ] && echo "could not hide the libraries here; skipped"
    [ $rc -eq 0 ] || [ $rc -eq 77 ] || fail "commands with the SDL libraries hidden"
else
    echo "no mount namespace here (not root, no user namespaces): hidden-library cases skipped"
fi

# --- eapsim without its viewer ---
mkdir "$tmp/alone"
cp "$eapsim" "$tmp/alone/eapsim"
if [ -e "$libexecdir/eapsim-view" ]; then
    echo "an installed eapsim-view in $libexecdir: the missing-viewer case is skipped"
else
    PATH=/usr/bin:/bin "$tmp/alone/eapsim" view "$tripoli" --replay --screenshot "$tmp/x.png" \
        2>"$tmp/e"
    rc=$?
    [ $rc -eq 2 ] && grep -q "the viewer eapsim-view is not installed" "$tmp/e" ||
        fail "eapsim view without eapsim-view: exit $rc, \"$(cat "$tmp/e")\""
    PATH=/usr/bin:/bin "$tmp/alone/eapsim" view --help >"$tmp/h" 2>&1 ||
        fail "eapsim view --help without eapsim-view"
    grep -q -- "--screenshot FILE" "$tmp/h" || fail "eapsim view --help without eapsim-view: $(head -n2 "$tmp/h")"
fi

# --- meson install --destdir installs both; the installed pair draws ---
meson install -C "$build" --no-rebuild --destdir "$tmp/dest" >"$tmp/install.log" 2>&1 ||
    { fail "meson install"; tail -n5 "$tmp/install.log" >&2; }
installed=$(find "$tmp/dest" -path '*/bin/eapsim' -type f)
installed_view=$(find "$tmp/dest" -name eapsim-view -type f)
[ -n "$installed" ] || fail "meson install did not install eapsim"
[ -n "$installed_view" ] && [ "$(dirname "$installed_view")" != "$(dirname "$installed")" ] ||
    fail "meson install did not install eapsim-view apart from eapsim ($installed_view)"
if [ -n "$installed" ] && [ -n "$installed_view" ]; then
    "$installed" view "$tripoli" --replay --screenshot "$tmp/shot.png" --size 640x400 >"$tmp/o" \
        2>"$tmp/e" || fail "the installed eapsim view: $(cat "$tmp/e")"
    [ -s "$tmp/shot.png" ] || fail "the installed eapsim view drew nothing"
fi

[ $failures -eq 0 ] && echo "the viewer apart: eapsim needs no graphics library"
exit $((failures > 0))
