#!/usr/bin/env bash
# make test / make test-asan: each variant on a private stack of its own
# (free loopback ports, so it can run beside `make run`), every suite, and
# everything it started stopped again -- also when a test fails or the run
# is interrupted.
#
#   t/run-all.sh [VARIANT...]     default: plain asan (make test)
#
#   plain  C unit tests, C formatting, stylesheets, then t/*.t and the
#          browser stories on var/test, against modules/mod_helpdesk.so
#   asan   the C unit tests and the module built with AddressSanitizer +
#          UndefinedBehaviorSanitizer (make asan), then t/*.t and the browser
#          stories on var/asan, whose Apache preloads the sanitizer runtime
#          (HD_SANITIZE=1).  A sanitizer finding fails the suite during which
#          it appeared, and the run.  (make test-asan runs this alone.)
#
# Closes with one line CI reads: "suites: N passed, N failed", where a
# suite is the C unit tests, the C formatting check, the stylesheet
# checks, one t/*.t file, the stylesheets on the XML those tests captured
# (t/xslt-captured.sh), the browser stories (t/browser, headless
# Chromium), or asan's final check for sanitizer findings.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd) || exit 1
cd "$ROOT" || exit 1
variants=("$@")
((${#variants[@]})) || variants=(plain asan)
for v in "${variants[@]}"; do
    [[ $v == plain || $v == asan ]] || { echo "usage: t/run-all.sh [plain] [asan]" >&2; exit 2; }
done
unset HD_HTTP_PORT HD_DEFAULT_HTTP_PORT HELPDESK_PORT
export HD_VAR HD_SANITIZE
# Background jobs look every second with a 3-second lease, so that
# t/21_background_jobs.t sees runs and a take-over within seconds.
export HD_JOB_INTERVAL=1 HD_JOB_LEASE=3
# The demo ticket that closes by itself a minute after make run's first
# load would close in the middle of the suites: a day instead.
export HD_DEMO_AUTO_CLOSE_IN=86400

stack() { bash "$ROOT/conf/stack/stack.sh" "$@"; }
# The XML inputs of t/xslt-check.sh's cases, for the fixture drift check.
xslt_inputs=$(mktemp -d "${TMPDIR:-/tmp}/xslt-inputs.XXXXXX")
trap '[[ -z ${HD_VAR:-} ]] || stack stop >/dev/null 2>&1 || true; rm -rf "$xslt_inputs"' EXIT INT TERM

passed=0
failed=()
prefix=""   # "asan: " before the asan variant's suite names
suite() { # name command... : run one suite and count it
    local name=$1
    shift
    if "$@"; then passed=$((passed + 1)); else failed+=("$prefix$name"); fi
}

# Sanitizer findings since a mark: AddressSanitizer's reports, one file per
# process (logs/asan.PID, see run_apache2 in stack.sh), and those in Apache's
# error log (UndefinedBehaviorSanitizer's always, ASan's where Apache's
# children cannot write the files).  Plain runs have none, by construction.
SAN_PATTERN='runtime error:|ERROR: [A-Za-z]+Sanitizer'
declare -A mark_line
mark_findings() { # NAME
    mkdir -p "$HD_VAR"
    touch "$HD_VAR/.mark-$1"
    mark_line[$1]=$( (wc -l <"$HD_VAR/apache/logs/error.log") 2>/dev/null || echo 0)
}
new_findings() { # NAME: prints the findings since mark_findings NAME; true if none
    local logs=$HD_VAR/apache/logs f found=0 from=$((${mark_line[$1]:-0} + 1))
    while read -r f; do
        [[ -n $f ]] || continue
        echo "-- $f:"
        head -n 40 "$f"
        found=1
    done < <(find "$logs" -maxdepth 1 -name 'asan.*' -newer "$HD_VAR/.mark-$1" 2>/dev/null | LC_ALL=C sort)
    if tail -n +"$from" "$logs/error.log" 2>/dev/null | grep -qE "$SAN_PATTERN"; then
        echo "-- $logs/error.log:"
        tail -n +"$from" "$logs/error.log" | grep -E -A 30 "$SAN_PATTERN" | head -n 60
        found=1
    fi
    return $((found))
}

# run_story NAME LOG COMMAND...: one suite against the stack, its output in
# LOG; a failure shows the output's failures and Apache's error log, and a
# sanitizer finding meanwhile fails it too.
run_story() {
    local name=$1 log=$2
    shift 2
    mark_findings story
    if "$@" >"$log" 2>&1; then
        if new_findings story >"$log.findings"; then
            passed=$((passed + 1))
            echo "ok      $name"
            return
        fi
        echo "FAILED  $name (sanitizer finding)"
    else
        echo "FAILED  $name"
        grep -vE '^\s*ok ' "$log" | head -n 60
        echo "-- Apache error log (tail):"
        tail -n 20 "$HD_VAR/apache/logs/error.log" 2>/dev/null
        new_findings story >"$log.findings"
    fi
    cat "$log.findings"
    failed+=("$prefix$name")
}

# The suites that need no stack, per variant.
standalone_suites() {
    if [[ $1 == asan ]]; then
        echo "== unit tests (C, AddressSanitizer + UndefinedBehaviorSanitizer)"
        suite unit make --no-print-directory -C t/unit run-asan
        return
    fi
    echo "== unit tests (C)"
    suite unit make --no-print-directory -C t/unit run

    echo "== C formatting (.clang-format)"
    suite format make --no-print-directory format-check

    echo "== stylesheets"
    suite xslt env XSLT_CHECK_XML_OUT="$xslt_inputs" bash t/xslt-check.sh
}

run_variant() {
    local variant=$1 start=$SECONDS t
    if [[ $variant == asan ]]; then
        HD_VAR=$ROOT/var/asan HD_SANITIZE=1 prefix="asan: "
        echo "==== the sanitizer build (build/asan/mod_helpdesk.so)"
    else
        HD_VAR=$ROOT/var/test HD_SANITIZE=0 prefix=""
        echo "==== the module (modules/mod_helpdesk.so)"
    fi
    standalone_suites "$variant"

    echo "== starting a fresh stack in $HD_VAR"
    stack wipe >/dev/null 2>&1 || true
    mark_findings run
    if ! stack start; then
        echo "the stack did not start; see $HD_VAR" >&2
        new_findings run
        failed+=("${prefix}stack")
        return
    fi

    echo "== integration tests (real Apache, MariaDB, slapd)"
    # Every distinct page state the tests see is also kept as the module's
    # XML (t/lib/HDTest.pm), for the captured-stylesheets pass below.
    export HD_CAPTURE_XML="$HD_VAR/captured-xml"
    for t in t/*.t; do
        run_story "$t" "$HD_VAR/prove.log" prove -I t/lib "$t"
    done
    if [[ $variant == plain ]]; then
        echo "== captured stylesheets (the XML the module sent in those tests)"
        suite xslt-captured bash t/xslt-captured.sh --inputs "$xslt_inputs" "$HD_CAPTURE_XML"
    fi
    unset HD_CAPTURE_XML

    echo "== browser stories (headless Chromium)"
    run_story t/browser "$HD_VAR/browser.log" bash t/browser/run.sh

    # Errors in the clean-ups that run when Apache stops are reported only
    # then: stop it, and look once more.
    stack stop >/dev/null 2>&1
    if [[ $variant == asan ]]; then
        echo "== sanitizer findings"
        if new_findings run >"$HD_VAR/findings.log"; then
            passed=$((passed + 1))
            echo "ok      no AddressSanitizer or UndefinedBehaviorSanitizer finding"
        else
            failed+=("${prefix}sanitizers")
            echo "FAILED  sanitizer findings in $HD_VAR/apache/logs:"
            cat "$HD_VAR/findings.log"
        fi
    fi
    echo "== $variant: $((SECONDS - start)) s"
}

for v in "${variants[@]}"; do
    run_variant "$v"
done

[ ${#failed[@]} -eq 0 ] || echo "failed: ${failed[*]}"
echo "suites: $passed passed, ${#failed[@]} failed"
[ ${#failed[@]} -eq 0 ]
