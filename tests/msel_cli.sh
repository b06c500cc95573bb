#!/usr/bin/env bash
# eapsim msel as controllers use it:
#   msel_cli.sh EAPSIM SCENARIO_DIR BAD_DIR
# - both bundled scenarios export as CSV, Markdown and HTML (one row per inject);
# - export then import gives the scenario file back byte for byte, also when a spreadsheet
#   saved the CSV with LF line ends, a byte order mark, its columns reordered or a column of
#   its own (which is ignored with a warning);
# - every bad CSV of BAD_DIR (NAME.csv, imported into the Benghazi scenario as m.csv) exits 2
#   with each line of NAME.expect on stderr, nothing on stdout, and --out left as it was;
# - bad options exit 2, an unwritable --out exits 1, and no temporary file is left behind.
set -u
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }
eapsim=$(abs "$1")
scenarios=$(abs "$2")
bad=$(abs "$3")
# shellcheck source=tests/cli_lib.sh
. "$(dirname "$0")/cli_lib.sh"

# --- export, and the round trip ---
for name in benghazi-2012 tripoli-2014; do
    scn=$scenarios/$name.json
    injects=$(grep -c '^      {"number": ' "$scn")
    [ "$injects" -ge 12 ] || fail "$name: $injects injects, expected at least 12"
    "$eapsim" msel "$scn" --out "$tmp/$name.csv" || fail "$name: export"
    [ "$(wc -l <"$tmp/$name.csv")" -eq $((injects + 1)) ] || fail "$name: CSV rows"
    head -1 "$tmp/$name.csv" | grep -q '^MSEL #,ID,Time or trigger,In the replay,From,To,Method,Inject,Expected player action,Objective,Capability,Controller notes,Source' ||
        fail "$name: CSV header"
    "$eapsim" msel "$scn" --format md >"$tmp/$name.md" || fail "$name: Markdown"
    [ "$(grep -c '^| [0-9]' "$tmp/$name.md")" -eq "$injects" ] || fail "$name: Markdown rows"
    "$eapsim" msel "$scn" --format html --out "$tmp/$name.html" || fail "$name: HTML"
    [ "$(grep -c '^<tr><td class="num">' "$tmp/$name.html")" -eq "$injects" ] || fail "$name: HTML rows"
    tail -1 "$tmp/$name.html" | grep -q '^</html>$' || fail "$name: HTML not closed"
    grep -q '<link\|<script\|src=' "$tmp/$name.html" && fail "$name: HTML not self-contained"

    "$eapsim" msel "$scn" --import "$tmp/$name.csv" --out "$tmp/$name.json" ||
        fail "$name: import"
    cmp -s "$scn" "$tmp/$name.json" || fail "$name: export then import changed the scenario"
    "$eapsim" msel "$scn" --import "$tmp/$name.csv" | cmp -s "$scn" - ||
        fail "$name: import to stdout"

    # What spreadsheets do to a CSV.
    tr -d '\r' <"$tmp/$name.csv" >"$tmp/lf.csv"
    { printf '\357\273\277'; cat "$tmp/$name.csv"; } >"$tmp/bom.csv"
    python3 - "$tmp/$name.csv" "$tmp/reordered.csv" "$tmp/extra.csv" <<'EOF' || fail "python3"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
order = list(reversed(range(len(rows[0]))))
with open(sys.argv[2], "w", encoding="utf-8", newline="") as f:
    csv.writer(f).writerows([[r[k] for k in order] for r in rows])
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n").writerows(
        [r + (["Owner"] if i == 0 else ["Ann, controller"]) for i, r in enumerate(rows)])
EOF
    for v in lf bom reordered extra; do
        "$eapsim" msel "$scn" --import "$tmp/$v.csv" >"$tmp/$v.json" 2>"$tmp/$v.err" ||
            fail "$name: import of the $v CSV"
        cmp -s "$scn" "$tmp/$v.json" || fail "$name: the $v CSV gave another scenario"
    done
    grep -q "extra.csv:1:.*: warning: a column the MSEL does not know (\"Owner\"): ignored" \
        "$tmp/extra.err" || fail "$name: no warning for an unknown column"
    [ -s "$tmp/lf.err" ] && fail "$name: warnings for a plain CSV"
done

# --- bad CSVs ---
scn=$scenarios/benghazi-2012.json
mkdir -p "$tmp/bad"
cases=0
for csv in "$bad"/*.csv; do
    case_name=$(basename "$csv" .csv)
    cases=$((cases + 1))
    cp "$csv" "$tmp/bad/m.csv"
    echo "left alone" >"$tmp/bad/out.json"
    (cd "$tmp/bad" && "$eapsim" msel "$scn" --import m.csv --out out.json >stdout 2>stderr)
    status=$?
    [ $status -eq 2 ] || fail "$case_name: exit $status, expected 2"
    [ -s "$tmp/bad/stdout" ] && fail "$case_name: printed on stdout"
    while IFS= read -r line; do
        grep -qF -- "$line" "$tmp/bad/stderr" ||
            { fail "$case_name: stderr lacks: $line"; cat "$tmp/bad/stderr" >&2; }
    done <"$bad/$case_name.expect"
    [ "$(cat "$tmp/bad/out.json")" = "left alone" ] || fail "$case_name: --out was written"
    [ "$(ls "$tmp/bad" | wc -l)" -eq 4 ] || fail "$case_name: files left behind: $(ls "$tmp/bad")"
done
[ $cases -ge 15 ] || fail "only $cases bad CSVs"

# --- options ---
"$eapsim" msel "$scn" --format xml >/dev/null 2>"$tmp/e" && fail "--format xml accepted"
grep -q 'expected csv, md or html, found "xml"' "$tmp/e" || fail "--format xml: no reason"
"$eapsim" msel "$scn" --import x.csv --format md >/dev/null 2>&1
[ $? -eq 2 ] || fail "--import with --format not refused"
"$eapsim" msel >/dev/null 2>&1
[ $? -eq 2 ] || fail "no scenario not refused"
"$eapsim" msel "$scn" --import "$tmp/missing.csv" >/dev/null 2>"$tmp/e"
[ $? -eq 1 ] && grep -q "cannot open $tmp/missing.csv" "$tmp/e" || fail "missing CSV"
"$eapsim" msel "$scn" --out "$tmp/no/such/dir/m.csv" 2>"$tmp/e"
[ $? -eq 1 ] || fail "unwritable --out: exit code"
[ -e "$tmp/no" ] && fail "unwritable --out created a directory"
"$eapsim" msel --help | grep -q -- "--import FILE.csv" || fail "--help"

[ $failures -eq 0 ] && echo "msel: 2 scenarios exported and round-tripped, $cases bad CSVs refused"
exit $((failures > 0))
