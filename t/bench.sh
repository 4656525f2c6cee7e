#!/usr/bin/env bash
# make bench: how fast the portal answers compared with a static file
# served by the same Apache (t/bench/static.txt, 5 KB).  A benchmark, not a
# test: it prints figures, it does not pass or fail on them.
#   BENCH_SECONDS (default 10), BENCH_CONNECTIONS (default 20)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export HD_VAR="$ROOT/var/bench"
unset HD_HTTP_PORT HELPDESK_PORT
# Background jobs at production's pace, out of the measurement's way.
export HD_JOB_INTERVAL=60 HD_JOB_LEASE=300
secs=${BENCH_SECONDS:-10}
conns=${BENCH_CONNECTIONS:-20}

stack() { bash "$ROOT/conf/stack/stack.sh" "$@"; }
trap 'stack stop >/dev/null 2>&1 || true' EXIT INT TERM
command -v wrk >/dev/null || stack deps
stack start >/dev/null
# shellcheck disable=SC1091
. "$HD_VAR/stack.env"
base="http://127.0.0.1:$HD_HTTP_PORT"

# A logged-in session, the way a browser gets one.
jar=$(mktemp)
curl -s -c "$jar" -o /dev/null \
    --data 'httpd_username=alice&httpd_password=helpdesk&httpd_location=/helpdesk/' \
    "$base/helpdesk/login/check"
cookie=$(awk '$6 == "hdsession" { print "hdsession=" $7 }' "$jar")
rm -f "$jar"
[ -n "$cookie" ] || { echo "could not log in as alice" >&2; exit 1; }

rps() { # url [header] -> requests per second
    local out
    out=$(wrk -t2 -c"$conns" -d"${secs}s" ${2:+-H "$2"} "$1")
    echo "$out" | grep -q 'Non-2xx' && { echo "non-2xx answers from $1" >&2; echo "$out" >&2; exit 1; }
    echo "$out" | awk '/^Requests\/sec/ { printf "%d", $2 }'
}

echo "wrk -t2 -c$conns -d${secs}s on $(nproc) cores, event MPM"
static=$(rps "$base/bench/static.txt")
printf '%-44s %8s req/s  %s\n' "static 5 KB file (yardstick)" "$static" "1.00"
while IFS='|' read -r label path header; do
    r=$(rps "$base$path" "$header")
    printf '%-44s %8s req/s  %s\n' "$label" "$r" \
        "$(awk -v a="$r" -v b="$static" 'BEGIN { printf "%.2f", a / b }')"
done <<LIST
login page (XSLT, no session)|/helpdesk/login|
Today as alice (LDAP auth, SQL, XSLT)|/helpdesk/|Cookie: $cookie
Today as JSON (?format=json)|/helpdesk/?format=json|Cookie: $cookie
ticket list, 25 rows (keyset, XSLT)|/helpdesk/tickets?view=all&status=closed&status=waiting_support|Cookie: $cookie
one ticket with its activity|/helpdesk/tickets/HD-1004|Cookie: $cookie
LIST
