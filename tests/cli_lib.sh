# Shared by the shell tests of tests/ that drive the real program (sourced, not run):
# a temporary folder removed on exit, failures counted, and a mount namespace of the test's
# own for cases that mount (a tmpfs, libraries bound over).
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}

# Sets ns to the command that runs a program in a new mount namespace where it may mount:
# unshare -m as root, unshare -rm (a user namespace) otherwise; empty when neither works.
mount_namespace() {
    ns=()
    if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then
        ns=(unshare -m)
    elif unshare -rm true 2>/dev/null; then
        ns=(unshare -rm)
    fi
}
