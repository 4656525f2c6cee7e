#!/usr/bin/env bash
# make test: its own private stack (var/test, free loopback ports, so it
# can run beside `make run`), every suite, and everything it started
# stopped again -- also when a test fails or the run is interrupted.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export HD_VAR="$ROOT/var/test"
unset HD_HTTP_PORT HELPDESK_PORT

stack() { bash "$ROOT/conf/stack/stack.sh" "$@"; }
trap 'stack stop >/dev/null 2>&1 || true' EXIT INT TERM

failed=()
echo "== unit tests (C)"
make --no-print-directory -C t/unit run || failed+=(unit)

echo "== stylesheets"
bash t/xslt-check.sh || failed+=(xslt)

echo "== starting a fresh stack in $HD_VAR"
stack wipe >/dev/null 2>&1 || true
if ! stack start; then
    echo "the stack did not start; see $HD_VAR" >&2
    exit 1
fi

echo "== integration tests (real Apache, MariaDB, slapd)"
prove -v -I t/lib t/*.t > "$HD_VAR/prove.log" 2>&1
prove_rc=$?
# The story of each test on failure, the summary always.
if [ $prove_rc -ne 0 ]; then
    grep -E '^(not ok|\s+not ok|#)' "$HD_VAR/prove.log" | head -100
    echo "-- Apache error log (tail):"
    tail -n 30 "$HD_VAR/apache/logs/error.log" 2>/dev/null
    failed+=(integration)
fi
sed -n '/^Test Summary Report/,$p;/^All tests successful/,$p' "$HD_VAR/prove.log"

# One closing line CI can read: every suite and every test file counts.
ok_files=$(grep -cE '^t/.*\.t \.+ ok' "$HD_VAR/prove.log")
all_files=$(ls t/*.t | wc -l)
n_fail=${#failed[@]}
[ $prove_rc -ne 0 ] && n_fail=$((n_fail - 1 + all_files - ok_files))
n_pass=$(( 2 - (${#failed[@]} - ($prove_rc != 0 ? 1 : 0)) + ok_files ))
if [ ${#failed[@]} -ne 0 ]; then
    echo "FAILED: ${failed[*]}"
fi
echo "suites: $n_pass passed, $n_fail failed"
[ ${#failed[@]} -eq 0 ]
