#!/usr/bin/env bash
# make bench: how fast the portal answers with 10,000 and with 1,000,000
# tickets, and how the two compare.  A benchmark, not a test: it prints
# figures and judges nothing (the goals -- p99 under 20 ms at 10
# connections, ticket creation at half of what MariaDB sustains for the
# same INSERTs, flat memory -- are for the reader to compare).
#
# For each size a stack of its own, var/bench/<N> (t/bench/generate.sh
# loads it once and keeps it), then with wrk -c$BENCH_CONNECTIONS --latency:
# the static yardstick (t/bench/static.txt from the same Apache), Today,
# Service Updates and the status API and feeds (also as a 304 to a client
# that has them),
# the ticket lists (each view, page 1 and page $BENCH_DEEP_PAGE reached by
# following the keyset cursor), search for a common and a rare word, every
# sort order, a ticket with 50 entries; then creating tickets and adding
# comments (t/bench/writes.pl) against the same INSERTs sent to MariaDB
# directly; a login storm (t/bench/login.lua: the login form posted again
# and again, only 303s counted: logins per second, each with its LDAP bind
# and session INSERT); and once, an Apache child's memory around
# $BENCH_MEMORY_REQUESTS requests.  Every row: requests (or logins) per
# second, the ratio to the static file, p50 and p99 latency.  Ends with
# one table over all sizes.
#
#   BENCH_SIZES="10000 1000000"  tickets per run (BENCH_SIZES=10000: quick)
#   BENCH_SECONDS=5              length of each measurement
#   BENCH_CONNECTIONS=10         concurrent connections (and write clients)
#   BENCH_TIMEOUT=5              seconds before wrk gives up on a request
#   BENCH_DEEP_PAGE=1000         the deep page of each list
#   BENCH_FOLLOW_SECONDS=60      time allowed to walk to the deep page
#   BENCH_MEMORY_REQUESTS=100000 requests between the two memory readings
#                                (at the first size only; 0: skip)
#   BENCH_FLUSH=1                innodb_flush_log_at_trx_commit while writing
#   BENCH_DB_BUFFER=2G           MariaDB buffer pool (stacks keep 32M)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
unset HD_HTTP_PORT HELPDESK_PORT
read -ra sizes <<<"${BENCH_SIZES:-10000 1000000}"
secs=${BENCH_SECONDS:-5}
conns=${BENCH_CONNECTIONS:-10}
timeout=${BENCH_TIMEOUT:-5}
deep=${BENCH_DEEP_PAGE:-1000}
follow_secs=${BENCH_FOLLOW_SECONDS:-60}
mem_requests=${BENCH_MEMORY_REQUESTS:-100000}
flush=${BENCH_FLUSH:-1}
# shellcheck source=t/bench/lib.sh
. "$ROOT/t/bench/lib.sh"
results=$ROOT/var/bench/results
mkdir -p "$results"

if ! command -v wrk >/dev/null || ! command -v ab >/dev/null; then stack deps; fi

# The stack being measured is stopped again, however the run ends.
running=""
stop_running() {
    [[ -z $running ]] || HD_VAR=$running stack stop >/dev/null 2>&1 || true
    running=""
}
trap stop_running EXIT INT TERM

say() { printf '%s\n' "$*" >&2; }

# The demo directory's password, the same for every person.
password=helpdesk

# The value of the login form's hidden csrf field, from the HTML page on
# stdin (character references decoded).
csrf_of() {
    perl -0777 -ne '
        while (/<input\b([^>]*)>/gi) {
            my $attrs = $1;
            next unless $attrs =~ /\bname\s*=\s*(["\x27])csrf\1/i;
            $attrs =~ /\bvalue\s*=\s*(["\x27])(.*?)\1/is or next;
            my $v = $2;
            $v =~ s/&#x([0-9a-f]+);/chr(hex $1)/gie;
            $v =~ s/&#([0-9]+);/chr($1)/ge;
            my %e = (amp => "&", lt => "<", gt => ">", quot => "\"", apos => "\x27");
            $v =~ s/&(amp|lt|gt|quot|apos);/$e{$1}/g;
            print $v;
            exit;
        }'
}

# login_form JAR [BASE-URL]: GET /helpdesk/login with the cookie jar JAR
# (which gets the hdlogin cookie); prints the form's csrf token.
login_form() {
    curl -s -m 30 -b "$1" -c "$1" "${2:-$base}/helpdesk/login" | csrf_of
}

# cookie_of JAR NAME: the value of cookie NAME in a curl cookie jar.
cookie_of() {
    awk -F'\t' -v n="$2" '$6 == n { v = $7 } END { print v }' "$1"
}

# A logged-in session, the way a browser gets one: the login page (it sets
# the hdlogin cookie and holds a csrf token bound to it), then the form
# posted back with the cookie; 303 with Set-Cookie hdsession is success.
login() {
    local jar csrf status cookie
    jar=$(mktemp)
    csrf=$(login_form "$jar")
    if [[ -z $csrf ]]; then
        rm -f "$jar"
        say "could not log in as $1: no csrf field in the form of $base/helpdesk/login"
        exit 1
    fi
    status=$(curl -s -m 30 -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" \
        --data-urlencode "username=$1" --data-urlencode "password=$password" \
        --data-urlencode "csrf=$csrf" --data-urlencode "return=/helpdesk/" \
        "$base/helpdesk/login" || true)
    cookie=$(cookie_of "$jar" hdsession)
    rm -f "$jar"
    if [[ $status != 303 || -z $cookie ]]; then
        say "could not log in as $1: HTTP $status from POST /helpdesk/login${cookie:+ }${cookie:-, no hdsession cookie}"
        exit 1
    fi
    printf 'hdsession=%s' "$cookie"
}

# Waits until no statement of the portal's runs in MariaDB any more (a
# request wrk gave up on keeps its query running); what still runs after
# the timeout is killed, so that it does not slow the next measurement.
# mod_dbd's statements are prepared: they show as Execute, not Query;
# killed ones as Killed until they have let go.
drain() {
    local deadline=$((SECONDS + timeout + 5)) ids id killed=0
    while :; do
        ids=$(db_root -N -e "SELECT ID FROM information_schema.PROCESSLIST
                WHERE USER = '$HD_DB_USER' AND COMMAND IN ('Query', 'Execute', 'Killed')")
        if [[ -z $ids ]]; then
            ((killed == 0)) || say "    (killed $killed statement(s) still running $((timeout + 5)) s after the run)"
            return 0
        fi
        if ((SECONDS >= deadline && killed == 0)); then
            for id in $ids; do db_root -e "KILL QUERY $id" 2>/dev/null || true; done
            killed=$(wc -w <<<"$ids")
        fi
        if ((SECONDS >= deadline + 30)); then
            say "    ($(wc -w <<<"$ids") statement(s) still running after KILL QUERY; going on)"
            return 0
        fi
        sleep 0.2
    done
}

# wrk's figures: "req/s p50-ms p99-ms problems"
wrk_run() { # url [cookie] [another header]
    wrk -t2 -c"$conns" -d"${secs}s" --timeout "${timeout}s" --latency \
        ${2:+-H "Cookie: $2"} ${3:+-H "$3"} "$1" | awk '
        function ms(v) {
            if (v ~ /us$/) return v / 1000
            if (v ~ /ms$/) return v + 0
            if (v ~ /m$/) return v * 60000
            if (v ~ /s$/) return v * 1000
            return v
        }
        /Latency Distribution/ { dist = 1 }
        dist && $1 == "50%" { p50 = ms($2) }
        dist && $1 == "99%" { p99 = ms($2) }
        / requests in / { n = $1 }
        /Socket errors/ { gsub(",", ""); for (i = 1; i <= NF; i++) if ($i == "timeout") to = $(i + 1); else if ($i ~ /^(connect|read|write)$/) err += $(i + 1) }
        /Non-2xx or 3xx/ { bad = $NF }
        /^Requests\/sec/ { rps = $2 }
        END {
            prob = ""
            if (to) prob = prob to " timed out (>" T "s); "
            if (bad) prob = prob bad " non-2xx; "
            if (err) prob = prob err " socket errors; "
            if (n == 0) { p50 = "-"; p99 = "-"; prob = prob "no answer within " D "s; " }
            else { p50 = sprintf("%.1f", p50); p99 = sprintf("%.1f", p99) }
            printf "%d\t%s\t%s\t%s\n", rps, p50, p99, prob
        }' T="$timeout" D="$secs"
}

# ratio A B: A / B to two significant digits ("<0.001" below that).
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        r = b ? a / b : 0
        if (r == 0) print "0"; else if (r < 0.001) print "<0.001"; else printf "%.2g\n", r
    }'
}

# measure ID LABEL WHO PATH [NOTE]: one row of the results.
measure() {
    local id=$1 label=$2 who=$3 path=$4 note=${5:-} cookie="" status rps p50 p99 prob ratio
    [[ $who == - ]] || cookie=${cookies[$who]}
    # One request first: it must be the page itself (200), not a
    # redirect to the login page, which would be measured as very fast.
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 120 ${cookie:+-H "Cookie: $cookie"} "$base$path" || true)
    if [[ $status != 200 ]]; then
        say "    $label as $who: HTTP $status from $path; not measured"
        printf '%s\t%s\t%s\t-\t-\t-\t-\tHTTP %s\n' "$id" "$label" "$who" "$status" >>"$tsv"
        return 0
    fi
    IFS=$'\t' read -r rps p50 p99 prob < <(wrk_run "$base$path" "$cookie")
    drain
    ratio=$(ratio "$rps" "${static_rps:-$rps}")
    note="$note${note:+; }$prob"
    note=${note%; }
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$who" "$rps" "$p50" "$p99" "$ratio" "$note" >>"$tsv"
    printf '  %-44s %-6s %7s req/s  p50 %7s ms  p99 %7s ms  x%s %s\n' \
        "$label" "$who" "$rps" "$p50" "$p99" "$ratio" "${note:+ ($note)}" >&2
}

# measure_304 ID LABEL WHO PATH: the same address polled by a client that
# has it already (If-None-Match with its ETag): what a dashboard or feed
# reader costs between changes.
measure_304() {
    local id=$1 label=$2 who=$3 path=$4 cookie="" etag status rps p50 p99 prob ratio
    [[ $who == - ]] || cookie=${cookies[$who]}
    etag=$(curl -s -D - -o /dev/null -m 120 ${cookie:+-H "Cookie: $cookie"} "$base$path" |
        awk 'tolower($1) == "etag:" { sub(/\r$/, ""); print $2 }')
    status=$(curl -s -o /dev/null -w '%{http_code}' -m 120 ${cookie:+-H "Cookie: $cookie"} \
        -H "If-None-Match: $etag" "$base$path" || true)
    if [[ -z $etag || $status != 304 ]]; then
        say "    $label as $who: no 304 from $path (ETag '$etag', HTTP $status); not measured"
        printf '%s\t%s\t%s\t-\t-\t-\t-\tno 304\n' "$id" "$label" "$who" >>"$tsv"
        return 0
    fi
    IFS=$'\t' read -r rps p50 p99 prob < <(wrk_run "$base$path" "$cookie" "If-None-Match: $etag")
    drain
    ratio=$(ratio "$rps" "${static_rps:-$rps}")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$who" "$rps" "$p50" "$p99" "$ratio" "$prob" >>"$tsv"
    printf '  %-44s %-6s %7s req/s  p50 %7s ms  p99 %7s ms  x%s %s\n' \
        "$label" "$who" "$rps" "$p50" "$p99" "$ratio" "${prob:+ ($prob)}" >&2
}

# have_table NAME: the stack's database has that table.
have_table() {
    [[ $(db_root -N -e "SELECT COUNT(*) FROM information_schema.TABLES
            WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = '$1'") == 1 ]]
}

# The stack's LDAPCacheEntries (the last one in its configuration; mod_ldap's
# default is 1024): 0 means mod_ldap caches no search and no bind.
ldap_cache_entries() {
    cat "$HD_VAR/apache/httpd.conf" "$HD_VAR/apache/helpdesk.conf" 2>/dev/null |
        awk 'tolower($1) == "ldapcacheentries" { n = $2 + 0 } END { print n == "" ? 1024 : n }'
}

# login_storm ID LABEL BASE-URL: wrk posts the login form as alice from
# $conns connections for $secs seconds (t/bench/login.lua), with one
# hdlogin cookie and csrf token taken once.  Each login: the csrf check, the
# password through mod_authnz_ldap (an LDAP search and bind: mod_ldap's
# cache is off in conf/helpdesk.conf.in; where it is on, a person logging
# in again is not bound again, and the note says so), a sessions INSERT,
# 303.  Counts only the 303s; other answers are reported apart.  The
# throttle's table is emptied before and after, the storm's sessions
# deleted after it.
login_storm() {
    local id=$1 label=$2 url=$3 who=alice jar csrf hdlogin start out line kv rows
    local ok=0 rate=0 other=none errors=0 timeouts=0 p50=- p99=- dur=0 note ratio keep cache
    if have_table login_throttle; then db_root -e "DELETE FROM login_throttle"; fi
    jar=$(mktemp)
    csrf=$(login_form "$jar" "$url" || true)
    hdlogin=$(cookie_of "$jar" hdlogin)
    rm -f "$jar"
    if [[ -z $csrf || -z $hdlogin ]]; then
        say "    $label: no hdlogin cookie or csrf field from $url/helpdesk/login; not measured"
        printf '%s\t%s\t%s\t-\t-\t-\t-\tno hdlogin cookie or csrf field\n' "$id" "$label" "$who" >>"$tsv"
        return 0
    fi
    start=$(db_root -N -e "SELECT NOW()")
    out=$(wrk -t2 -c"$conns" -d"${secs}s" --timeout "${timeout}s" --latency \
        -s "$ROOT/t/bench/login.lua" "$url/helpdesk/login" -- "$hdlogin" "$csrf" "$who" "$password" 2>&1) || true
    line=$(grep '^login-storm ' <<<"$out" | tail -n1 || true)
    if [[ -z $line ]]; then
        say "    $label: no figures from wrk:"
        while IFS= read -r kv; do say "      $kv"; done <<<"$out"
        printf '%s\t%s\t%s\t-\t-\t-\t-\twrk failed\n' "$id" "$label" "$who" >>"$tsv"
        return 0
    fi
    for kv in $line; do
        case $kv in
        ok=*) ok=${kv#ok=} ;;
        rate=*) rate=${kv#rate=} ;;
        other=*) other=${kv#other=} ;;
        errors=*) errors=${kv#errors=} ;;
        timeouts=*) timeouts=${kv#timeouts=} ;;
        p50=*) p50=${kv#p50=} ;;
        p99=*) p99=${kv#p99=} ;;
        seconds=*) dur=${kv#seconds=} ;;
        esac
    done
    drain
    rows=-
    if have_table sessions; then
        keep=$(for c in "${cookies[@]}"; do printf "SHA2('%s', 256), " "${c#hdsession=}"; done)
        rows=$(db_root -N -e "SELECT COUNT(*) FROM sessions WHERE login = '$who' AND created_at >= '$start'")
        db_root -e "DELETE FROM sessions WHERE login = '$who' AND created_at >= '$start'
            AND token_hash NOT IN (${keep}'')"
    fi
    if have_table login_throttle; then db_root -e "DELETE FROM login_throttle"; fi
    note="$ok logins in $dur s, innodb_flush_log_at_trx_commit=$flush"
    cache=$(ldap_cache_entries)
    ((cache == 0)) || note="$note; LDAPCacheEntries $cache: repeated logins not bound again"
    # 401: wrong password, 403: the form expired, 429: throttled, 503: directory down.
    [[ $other == none ]] || note="$note; not 303: ${other//,/, }"
    ((errors == 0)) || note="$note; $errors socket errors ($timeouts timed out)"
    ratio=$(ratio "$rate" "$static_rps")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$who" "$rate" "$p50" "$p99" "$ratio" "$note" >>"$tsv"
    printf '  %-44s %-6s %7s login/s p50 %7s ms  p99 %7s ms  x%s  (%s; %s session rows)\n' \
        "$label" "$who" "$rate" "$p50" "$p99" "$ratio" "$note" "$rows" >&2
}

# RSS in kB of each of Apache's children: "pid:kB ..." (processes come
# and go while /proc is read: those are skipped).
children_rss() {
    local main
    read -r main <"$HD_VAR/apache/run/httpd.pid"
    perl -e '
        opendir my $d, "/proc" or die "/proc: $!\n";
        for my $pid (sort { $a <=> $b } grep { /^\d+$/ } readdir $d) {
            open my $s, "<", "/proc/$pid/status" or next;
            my ($ppid, $rss) = (0, 0);
            while (<$s>) {
                $ppid = $1 if /^PPid:\s+(\d+)/;
                $rss = $1 if /^VmRSS:\s+(\d+)/;
            }
            print "$pid:$rss " if $ppid == $ARGV[0];
        }' "$main"
}

# An Apache child's memory around $mem_requests requests, read also half-way:
# growth that goes on in the second half is a leak, growth that stops is
# caches filling (directory cache, mod_ldap's, the allocator's pools).
memory_check() {
    local half=$((mem_requests / 2)) before middle="" after url c ticket i n total
    ticket=$(db_root -N -e "SELECT MAX(id) FROM tickets WHERE requester_login = 'alice'
        AND id BETWEEN $BENCH_FIRST_ID AND $BENCH_LAST_ID")
    local -a urls=("/helpdesk/tickets?view=mine&$statuses" "/helpdesk/tickets/HD-$ticket" "/helpdesk/?format=json")
    say "  memory: $mem_requests requests (ab -c$conns -k) over alice's list, one of her tickets and Today as JSON"
    c=${cookies[alice]}
    for url in "${urls[@]}"; do ab -q -k -c "$conns" -n 500 -H "Cookie: $c" "$base$url" >/dev/null; done
    before=$(children_rss)
    for total in "$half" "$((mem_requests - half))"; do
        for i in 0 1 2; do
            n=$((total / 3))
            ((i < 2)) || n=$((total - 2 * n))
            url=${urls[$i]}
            ab -q -k -c "$conns" -n "$n" -H "Cookie: $c" "$base$url" |
                awk -v u="$url" '/^Non-2xx responses/ { print "    non-2xx from " u ": " $3 }' >&2
        done
        [[ -n ${middle:-} ]] || middle=$(children_rss)
    done
    after=$(children_rss)
    MEMORY_REPORT=$(perl -e '
        my @r = map { { map { split /:/ } split " ", $_ } } @ARGV;
        my @out;
        for my $pid (sort { $a <=> $b } keys %{{ map { %$_ } @r }}) {
            my ($x, $m, $y) = map { $_->{$pid} } @r;
            push @out, !defined $x ? "child $pid (new) " . ($y // "gone") . " kB"
                     : !defined $y ? "child $pid $x kB (gone)"
                     : sprintf("child %d %d -> %s -> %d kB (%+.1f%%; second half %+.1f%%)", $pid, $x,
                               $m // "?", $y, 100 * ($y - $x) / $x, defined $m ? 100 * ($y - $m) / $m : 0);
        }
        print join("; ", @out);' "$before" "$middle" "$after")
    say "    $MEMORY_REPORT"
    printf 'memory\tApache child RSS before -> half-way -> after %d requests (list, ticket, JSON)\talice\t-\t-\t-\t-\t%s\n' \
        "$mem_requests" "$MEMORY_REPORT" >>"$tsv"
}

# writes: creating tickets and commenting as alice, and the same INSERTs
# straight into MariaDB, all from $conns clients (commits as durable as
# innodb_flush_log_at_trx_commit=$flush makes them: set by the caller).
writes() {
    local out rate p50 p99 other sql_rate refs service team
    service=$(db_root -N -e "SELECT id FROM services WHERE active = 1 ORDER BY sort_order, name LIMIT 1")
    team=$(db_root -N -e "SELECT code FROM teams WHERE active = 1 ORDER BY is_default DESC, sort_order LIMIT 1")
    out=$(perl t/bench/writes.pl sql --cnf "$HD_VAR/mysql/client.cnf" --db "$HD_DB_NAME" \
        --service "$service" --team "$team" --workers "$conns" --seconds "$secs")
    sql_rate=$(sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$out")
    printf '  %-44s %-6s %7.0f tx/s   (innodb_flush_log_at_trx_commit=%s)\n' \
        "MariaDB alone: ticket + activity INSERT, COMMIT" "-" "$sql_rate" "$flush" >&2
    printf 'sql\tMariaDB alone: the same two INSERTs per transaction\t-\t%.0f\t-\t-\t-\tinnodb_flush_log_at_trx_commit=%s\n' \
        "$sql_rate" "$flush" >>"$tsv"
    drain
    refs=$(db_root -N -e "SELECT CONCAT('HD-', t.id) FROM tickets t
            JOIN ticket_statuses s ON s.code = t.status
            WHERE t.requester_login = 'alice' AND t.id BETWEEN $BENCH_FIRST_ID AND $BENCH_LAST_ID
              AND t.id <> $BENCH_FIFTY_ID AND s.category IN ('open', 'pending')
            ORDER BY t.id DESC LIMIT 50" | tr '\n' ' ')
    for what in create comment; do
        out=$(perl t/bench/writes.pl "$what" --base "$base" --cookie "${cookies[alice]}" \
            --workers "$conns" --seconds "$secs" --tickets "$refs")
        rate=$(sed -E 's/.* rate=([0-9.]+).*/\1/' <<<"$out")
        p50=$(sed -E 's/.* p50=([^ ]+).*/\1/' <<<"$out")
        p99=$(sed -E 's/.* p99=([^ ]+).*/\1/' <<<"$out")
        other=$(sed -E 's/.* other=([^ ]+) notes=(.*)/\1; \2/; s/(^|; )none//g; s/^; //' <<<"$out")
        local label note
        if [[ $what == create ]]; then
            label="create a ticket (POST, 303 after COMMIT)"
            note=$(awk -v a="$rate" -v b="$sql_rate" 'BEGIN { printf "%.0f%% of MariaDB alone", b ? 100 * a / b : 0 }')
        else
            label="add a comment (POST, 303 after COMMIT)"
            note=""
        fi
        note="$note${other:+${note:+; }$other}"
        printf '%s\t%s\t%s\t%.0f\t%s\t%s\t%s\t%s\n' "$what" "$label" alice "$rate" "$p50" "$p99" \
            "$(ratio "$rate" "$static_rps")" "$note" >>"$tsv"
        printf '  %-44s %-6s %7.0f req/s  p50 %7s ms  p99 %7s ms  %s\n' "$label" alice "$rate" "$p50" "$p99" "$note" >&2
        drain
    done
    # What the writes added goes again: tickets after the generated ones,
    # comments (they carry a form nonce; generated rows do not).
    db_root -e "DELETE FROM tickets WHERE id > $BENCH_LAST_ID;
        DELETE FROM ticket_activity WHERE ticket_id BETWEEN $BENCH_FIRST_ID AND $BENCH_LAST_ID
            AND form_nonce IS NOT NULL"
}

bench_size() {
    local n=$1 statuses path view who sort dir word follow reached why note old_flush
    export HD_VAR=$ROOT/var/bench/$n
    say ""
    say "== $n tickets ($HD_VAR)"
    running=$HD_VAR
    # Starts the stack (buffer pool raised) and loads it unless it holds
    # the data already.
    BENCH_TICKETS=$n bash t/bench/generate.sh >&2
    # shellcheck disable=SC1091
    . "$HD_VAR/stack.env"
    # shellcheck disable=SC1091
    . "$HD_VAR/bench-data.env"
    base="http://127.0.0.1:$HD_HTTP_PORT"
    tsv=$results/$n.tsv
    : >"$tsv"
    printf 'load\tdata\t-\t-\t-\t-\t-\t%s tickets (loaded in %s s; search words "%s" and "%s"), load average %s at the start\n' \
        "$n" "${BENCH_LOAD_SECONDS:-?}" "$BENCH_COMMON_WORD" "$BENCH_RARE_WORD" "$(cut -d' ' -f1-3 /proc/loadavg)" >>"$tsv"
    declare -gA cookies=()
    for who in alice sam tina; do cookies[$who]=$(login "$who"); done
    statuses=$(db_root -N -e "SELECT GROUP_CONCAT(CONCAT('status=', code) ORDER BY sort_order SEPARATOR '&') FROM ticket_statuses")
    list_all_path="/helpdesk/tickets?view=all&$statuses"
    say "wrk -t2 -c$conns -d${secs}s --timeout ${timeout}s on $(nproc) cores"

    static_rps=""
    measure static "static 5 KB file (yardstick)" - /bench/static.txt
    static_rps=$(awk -F'\t' '$1 == "static" { print $4 }' "$tsv")
    measure login "login page (XSLT, no session)" - /helpdesk/login
    for who in alice sam tina; do measure "today" "Today" "$who" /helpdesk/; done
    for who in alice sam tina; do
        measure "list-default" "ticket list as it opens (mine, open ones)" "$who" /helpdesk/tickets
    done
    for view in mine org all; do
        for who in alice sam tina; do
            case $view/$who in mine/sam | org/tina) continue ;; esac
            path="/helpdesk/tickets?view=$view&$statuses"
            measure "list-$view-1" "list $view, every status, page 1" "$who" "$path"
            reached="" follow="" why=""
            read -r reached follow why < <(perl t/bench/follow.pl "$base" "$path" \
                "${cookies[$who]}" "$deep" "$follow_secs") || true
            if [[ -z $follow ]]; then
                say "    could not follow the list's pages as $who"
                continue
            fi
            case $why in
            last) note="only $reached pages: the last one" ;;
            time) note="reached page $reached in ${follow_secs}s" ;;
            *) note="" ;;
            esac
            measure "list-$view-deep" "list $view, every status, page $deep" "$who" "$follow" "$note"
        done
    done
    for word in "$BENCH_COMMON_WORD" "$BENCH_RARE_WORD"; do
        local kind=common
        [[ $word == "$BENCH_RARE_WORD" ]] && kind=rare
        for who in alice sam tina; do
            measure "search-$kind" "search all for the $kind word \"$word\"" "$who" "$list_all_path&q=$word"
        done
    done
    for sort in created updated priority status; do
        for dir in desc asc; do
            measure "sort-$sort-$dir" "list all, sorted by $sort $dir" tina "$list_all_path&sort=$sort&dir=$dir"
        done
    done
    for who in alice sam tina; do
        measure "ticket50" "one ticket with 50 entries (HD-$BENCH_FIFTY_ID)" "$who" "/helpdesk/tickets/HD-$BENCH_FIFTY_ID"
    done
    # Service Updates: the pages, and what other programs poll.
    measure services "Service Updates (every light, 90-day uptime)" alice /helpdesk/services
    measure service "one service (90-day bar, incidents)" alice /helpdesk/services/vpn
    measure api-summary "status API summary.json" alice /helpdesk/api/v2/summary.json
    measure_304 api-summary-304 "summary.json again, unchanged (304)" alice /helpdesk/api/v2/summary.json
    measure feed "Atom feed of the site" alice /helpdesk/api/feed.atom
    measure_304 feed-304 "Atom feed again, unchanged (304)" alice /helpdesk/api/feed.atom
    measure ics "maintenance calendar (iCalendar)" alice /helpdesk/api/maintenance.ics
    # The writes and the login storm (after the reads; its sessions INSERT
    # commits as durably as the tickets do).
    old_flush=$(db_root -N -e "SELECT @@innodb_flush_log_at_trx_commit")
    db_root -e "SET GLOBAL innodb_flush_log_at_trx_commit = $flush"
    writes
    login_storm login-storm "login storm: POST login, 303 (logins/s)" "$base"
    db_root -e "SET GLOBAL innodb_flush_log_at_trx_commit = $old_flush"
    if [[ $n == "${sizes[0]}" ]] && ((mem_requests > 0)); then
        memory_check
    fi
    stop_running
}

for n in "${sizes[@]}"; do
    [[ $n =~ ^[0-9]+$ ]] || { say "BENCH_SIZES: $n is not a number"; exit 2; }
    bench_size "$n"
done

# ---------------------------------------------------------------------------
# The table: every size side by side, and the last size against the first.
# ---------------------------------------------------------------------------
settings="wrk -t2 -c$conns -d${secs}s --timeout ${timeout}s --latency on $(nproc) cores ($(uname -m)), MariaDB $(mariadb --version | sed -E 's/.*Distrib ([^ ,-]+).*/\1/') with a ${BENCH_DB_BUFFER:-2G} buffer pool"
BENCH_SETTINGS=$settings perl - "$results" "${sizes[@]}" <<'PERL'
use strict;
use warnings;
my ($dir, @sizes) = @ARGV;
my (%row, @order, %seen, %load, %memory);
for my $n (@sizes) {
    open my $fh, '<', "$dir/$n.tsv" or die "$dir/$n.tsv: $!\n";
    while (<$fh>) {
        chomp;
        my ($id, $label, $who, $rps, $p50, $p99, $ratio, $note) = split /\t/, $_, 8;
        if ($id eq 'load') { $load{$n} = $note; next }
        if ($id eq 'memory') { $memory{$n} = "$label: $note"; next }
        my $key = "$id/$who";
        push @order, $key unless $seen{$key}++;
        $row{$key}{label} = $label;
        $row{$key}{who} = $who;
        $row{$key}{$n} = [$rps, $p50, $p99, $ratio, $note // ''];
    }
}
sub commas { my $x = reverse shift; $x =~ s/(\d{3})(?=\d)/$1,/g; scalar reverse $x }
my $first = $sizes[0];
my $last = $sizes[-1];
my @head = ('what', 'as');
for my $n (@sizes) {
    my $k = commas($n);
    push @head, "req/s $k", "p50 ms", "p99 ms", "× static";
}
push @head, "req/s " . commas($last) . "/" . commas($first), "p99 " . commas($last) . "/" . commas($first) if @sizes > 1;
push @head, 'notes';
print "\n", '| ', join(' | ', @head), " |\n", '|', join('|', map { '---' } @head), "|\n";
for my $key (@order) {
    my $r = $row{$key};
    my @cells = ($r->{label}, $r->{who} eq '-' ? '' : $r->{who});
    my @notes;
    for my $n (@sizes) {
        my $v = $r->{$n} // ['', '', '', '', ''];
        my ($rps, $p50, $p99, $ratio, $note) = @$v;
        push @cells, $rps eq '-' || $rps eq '' ? $rps : commas($rps), $p50, $p99, $ratio;
        push @notes, (@sizes > 1 ? commas($n) . ': ' : '') . $note if $note ne '';
    }
    if (@sizes > 1) {
        my ($a, $b) = ($r->{$first} // [], $r->{$last} // []);
        push @cells, (defined $a->[0] && defined $b->[0] && $a->[0] =~ /^\d/ && $b->[0] =~ /^\d/ && $a->[0] > 0)
            ? sprintf('%.2f', $b->[0] / $a->[0]) : '';
        push @cells, (defined $a->[2] && defined $b->[2] && $a->[2] =~ /^\d/ && $b->[2] =~ /^\d/ && $a->[2] > 0)
            ? sprintf('%.1f', $b->[2] / $a->[2]) : '';
    }
    push @cells, join('; ', @notes);
    print '| ', join(' | ', @cells), " |\n";
}
print "\n";
print "Data: ", join('; ', map { $load{$_} // "$_ tickets" } @sizes), ".\n";
print "Memory: $memory{$_}.\n" for grep { $memory{$_} } @sizes;
print "Login storm: wrk posting the login form as alice with one hdlogin cookie and csrf token; ",
    "req/s counts successful logins (303) only, each a csrf check, an LDAP search and bind ",
    "(mod_authnz_ldap) and a sessions INSERT.\n"
    if grep { m{^login-storm} } @order;
print "Run: $ENV{BENCH_SETTINGS}. Goals (issue 7): p99 under 20 ms at 10 connections; ",
    "creating tickets at 50% or more of MariaDB alone; memory flat within 5%.\n";
PERL
