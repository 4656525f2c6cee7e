#!/usr/bin/env bash
# make test: its own private stack (var/test, free loopback ports, so it
# can run beside `make run`), every suite, and everything it started
# stopped again -- also when a test fails or the run is interrupted.
# Closes with one line CI reads: "suites: N passed, N failed", where a
# suite is the C unit tests, the C formatting check, the stylesheet
# checks, one t/*.t file, the stylesheets on the XML those tests captured
# (t/xslt-captured.sh), or the browser stories (t/browser, headless
# Chromium).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export HD_VAR="$ROOT/var/test"
unset HD_HTTP_PORT HELPDESK_PORT

stack() { bash "$ROOT/conf/stack/stack.sh" "$@"; }
# The XML inputs of t/xslt-check.sh's cases, for the fixture drift check.
xslt_inputs=$(mktemp -d "${TMPDIR:-/tmp}/xslt-inputs.XXXXXX")
trap 'stack stop >/dev/null 2>&1 || true; rm -rf "$xslt_inputs"' EXIT INT TERM

passed=0
failed=()
suite() { # name command... : run one suite and count it
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed+=("$name"); fi
}

echo "== unit tests (C)"
suite unit make --no-print-directory -C t/unit run

echo "== C formatting (.clang-format)"
suite format make --no-print-directory format-check

echo "== stylesheets"
suite xslt env XSLT_CHECK_XML_OUT="$xslt_inputs" bash t/xslt-check.sh

echo "== starting a fresh stack in $HD_VAR"
stack wipe >/dev/null 2>&1 || true
if ! stack start; then
    echo "the stack did not start; see $HD_VAR" >&2
    exit 1
fi

echo "== integration tests (real Apache, MariaDB, slapd)"
# Every distinct page state the tests see is also kept as the module's XML
# (t/lib/HDTest.pm), for the captured-stylesheets pass below.
export HD_CAPTURE_XML="$HD_VAR/captured-xml"
for t in t/*.t; do
    if prove -I t/lib "$t" > "$HD_VAR/prove.log" 2>&1; then
        passed=$((passed + 1))
        echo "ok      $t"
    else
        failed+=("$t")
        echo "FAILED  $t"
        grep -vE '^\s*ok ' "$HD_VAR/prove.log" | head -60
        echo "-- Apache error log (tail):"
        tail -n 20 "$HD_VAR/apache/logs/error.log" 2>/dev/null
    fi
done

echo "== captured stylesheets (the XML the module sent in those tests)"
suite xslt-captured bash t/xslt-captured.sh --inputs "$xslt_inputs" "$HD_CAPTURE_XML"
unset HD_CAPTURE_XML

echo "== browser stories (headless Chromium)"
if bash t/browser/run.sh > "$HD_VAR/browser.log" 2>&1; then
    passed=$((passed + 1))
    echo "ok      t/browser"
else
    failed+=(t/browser)
    echo "FAILED  t/browser"
    tail -n 60 "$HD_VAR/browser.log"
fi

[ ${#failed[@]} -eq 0 ] || echo "failed: ${failed[*]}"
echo "suites: $passed passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
