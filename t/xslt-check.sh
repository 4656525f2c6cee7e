#!/bin/bash
# t/xslt-check.sh - render the XML fixtures with the page stylesheets and
# check the HTML.
#
# Runs xsltproc on each fixture in t/fixtures/xml with the matching
# stylesheet in xslt/ (plus a few variants made on the fly with sed), fails
# when xsltproc errors or warns, and checks the output for key strings and
# for things that must never be there (inline style/script, unescaped data).
#
# Usage: t/xslt-check.sh            (from anywhere)
#        XSLT_CHECK_OUT=/tmp/html t/xslt-check.sh   keep the rendered HTML
#        XSLTPROC=/path/to/xsltproc t/xslt-check.sh
#        XSLT_CHECK_XML_OUT=/tmp/xml t/xslt-check.sh  keep each case's XML input
#          (fixtures and the variants made of them), as t/xslt-captured.sh's
#          fixture drift check wants them
# Prints "N passed, N failed" (counting single checks); exits 1 on any failure.

set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
xslt="$root/xslt"
fixtures="$here/fixtures/xml"
xsltproc=${XSLTPROC:-xsltproc}

if ! command -v "$xsltproc" >/dev/null 2>&1; then
    echo "xsltproc not found (apt-get install -y xsltproc)" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/xslt-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
out_dir=${XSLT_CHECK_OUT:-$work/html}
mkdir -p "$out_dir"

passed=0
failed=0
case_name=
case_failures=0
html=

pass() { passed=$((passed + 1)); }
fail() {
    failed=$((failed + 1))
    case_failures=$((case_failures + 1))
    echo "  FAIL [$case_name] $*"
}

# render NAME STYLESHEET XMLFILE - run xsltproc; the HTML is left in $html.
render() {
    case_name=$1
    case_failures=0
    local style="$xslt/$2" xml=$3 err="$work/$1.err"
    html="$out_dir/$1.html"
    [ -n "${XSLT_CHECK_XML_OUT:-}" ] && cp "$xml" "$XSLT_CHECK_XML_OUT/$1.xml"
    if ! "$xsltproc" --nonet "$style" "$xml" >"$html" 2>"$err"; then
        fail "xsltproc failed: $(head -c 600 "$err")"
        : >"$html"
        return 1
    fi
    if [ -s "$err" ]; then
        fail "xsltproc wrote to stderr: $(head -c 600 "$err")"
    else
        pass
    fi
    return 0
}

# has STRING - the output contains STRING (fixed string).
has() {
    if grep -qF -- "$1" "$html"; then pass; else fail "missing: $1"; fi
}

# lacks STRING - the output does not contain STRING.
lacks() {
    if grep -qF -- "$1" "$html"; then fail "must not contain: $1"; else pass; fi
}

# lacks_beside_feeds STRING - as lacks, leaving out the links to the feeds
# (in the head, and "Subscribe: Atom feed · Calendar (iCal)"), whose
# names and addresses say "maintenance" on every Service Updates page.
lacks_beside_feeds() {
    if sed -e 's#<link rel="alternate"[^>]*>##g' \
           -e 's#<a href="[^"]*/api/[^"]*"[^>]*>#<a>#g' "$html" | grep -qF -- "$1"; then
        fail "must not contain (beside the feed links): $1"
    else
        pass
    fi
}

# has_re REGEX / lacks_re REGEX - extended regular expression versions.
has_re() {
    if grep -qE -- "$1" "$html"; then pass; else fail "no match for: $1"; fi
}
lacks_re() {
    if grep -qE -- "$1" "$html"; then fail "must not match: $1"; else pass; fi
}

# count_is N STRING - STRING occurs exactly N times.
count_is() {
    local n
    n=$(grep -oF -- "$2" "$html" | wc -l)
    if [ "$n" -eq "$1" ]; then pass; else fail "expected $1 x '$2', found $n"; fi
}

# labelled LABEL NAME - a <label for=ID>LABEL</label> exists and the form
# control with that id has name=NAME.
labelled() {
    local id re
    re=$(printf '%s' "$1" | sed 's/[][\.*^$(){}?+|/]/\\&/g')
    id=$(grep -oE "<label[^>]*for=\"[^\"]+\"[^>]*>$re</label>" "$html" \
         | head -n1 | sed -E 's/.*for="([^"]+)".*/\1/')
    if [ -z "$id" ]; then
        fail "no <label for=…>$1</label>"
        return
    fi
    if grep -oE "<(input|select|textarea)[^>]*>" "$html" \
         | grep -F "id=\"$id\"" | grep -qF "name=\"$2\""; then
        pass
    else
        fail "label '$1' (for=$id) is not on a control named $2"
    fi
}

# flat - the output on one line (libxslt breaks lines inside some tags).
flat() { tr -d '\n' <"$html"; }

# has_text STRING - the text of the page (each tag made a space, white
# space collapsed) contains STRING.
has_text() {
    if flat | sed -e 's/<[^>]*>/ /g' -e 's/[[:space:]]\{1,\}/ /g' | grep -qF -- "$1"; then
        pass
    else
        fail "text missing: $1"
    fi
}

# in_order STRING... - the strings occur in this order.
in_order() {
    local rest s
    rest=$(flat)
    for s in "$@"; do
        case $rest in
            *"$s"*) rest=${rest#*"$s"} ;;
            *) fail "not in order (or missing): $s  [all: $*]"; return ;;
        esac
    done
    pass
}

# tag_has TAG STRING... - some <TAG …> start tag contains every STRING.
tag_has() {
    local tag=$1 line s ok
    shift
    while IFS= read -r line; do
        ok=1
        for s in "$@"; do
            case $line in *"$s"*) ;; *) ok=0; break ;; esac
        done
        if [ "$ok" -eq 1 ]; then pass; return; fi
    done < <(flat | grep -oE "<$tag( [^>]*)?>")
    fail "no <$tag> with: $*"
}

# tag_lacks TAG STRING... - no <TAG …> start tag contains every STRING.
tag_lacks() {
    local tag=$1 line s ok
    shift
    while IFS= read -r line; do
        ok=1
        for s in "$@"; do
            case $line in *"$s"*) ;; *) ok=0; break ;; esac
        done
        if [ "$ok" -eq 1 ]; then fail "unexpected <$tag> with: $*"; return; fi
    done < <(flat | grep -oE "<$tag( [^>]*)?>")
    pass
}

# col_headers LABEL... - the <th scope="col"> texts are exactly these, in order.
col_headers() {
    local got want
    got=$(flat | grep -oE '<th scope="col"[^>]*>[^<]*</th>' | sed -E 's/<[^>]*>//g' | paste -sd '|')
    want=$(printf '%s\n' "$@" | paste -sd '|')
    if [ "$got" = "$want" ]; then pass; else fail "column headers: got '$got', want '$want'"; fi
}

# all_labelled - every visible input, select and textarea has an id and a
# <label for> that id; ids are unique.
all_labelled() {
    local tag id bad=0 dups
    while IFS= read -r tag; do
        case $tag in *'type="hidden"'*) continue ;; esac
        id=$(printf '%s' "$tag" | sed -nE 's/.* id="([^"]+)".*/\1/p')
        if [ -z "$id" ]; then fail "control without id: $tag"; bad=1; continue; fi
        if ! flat | grep -qE "<label[^>]* for=\"$id\""; then fail "no <label for=\"$id\">"; bad=1; fi
    done < <(flat | grep -oE '<(input|select|textarea)( [^>]*)?>')
    [ "$bad" -eq 0 ] && pass
    dups=$(flat | grep -oE ' id="[^"]+"' | sort | uniq -d | paste -sd ' ')
    if [ -z "$dups" ]; then pass; else fail "duplicate ids:$dups"; fi
}

# refs_resolve - every id named by for=, aria-describedby=, aria-labelledby=
# and href="#…" exists in the page.
refs_resolve() {
    local ids ref missing=
    ids=" $(flat | grep -oE ' id="[^"]+"' | sed -E 's/ id="([^"]+)"/\1/' | paste -sd ' ') "
    for ref in $(flat | grep -oE ' (for|aria-describedby|aria-labelledby)="[^"]+"' | sed -E 's/^[^"]*"([^"]*)"/\1/') \
               $(flat | grep -oE ' href="#[^"]+"' | sed -E 's/ href="#([^"]+)"/\1/'); do
        case $ids in *" $ref "*) ;; *) missing="$missing $ref" ;; esac
    done
    if [ -z "$missing" ]; then pass; else fail "ids referred to but missing:$missing"; fi
}

# field_error PREFIX FIELD MESSAGE - MESSAGE is shown next to the field (in
# the element PREFIX FIELD-error), the control with id PREFIX FIELD points to
# it with aria-describedby and aria-invalid, and the error summary links to
# the control with the same message.
field_error() {
    local id=$1$2 msg=$3
    if flat | grep -oE "<p class=\"field__error\" id=\"$id-error\">([^<]|<span[^>]*>|</span>)*</p>" \
         | grep -qF -- "$msg"; then
        pass
    else
        fail "message for $2 not next to it: $msg"
    fi
    tag_has '(input|select|textarea)' "id=\"$id\"" "aria-describedby=\"" "$id-error" 'aria-invalid="true"'
    has "<a href=\"#$id\">$msg</a>"
}

# ticket_page - checks shared by the ticket pages (logged in, section).
ticket_page() {
    logged_in
    has_re '<a [^>]*href="/helpdesk/tickets"[^>]*aria-current="page"[^>]*>Tickets</a>'
    lacks_re '<a [^>]*href="/helpdesk/"[^>]*aria-current'
    lacks 'json='
    lacks 'disable-output-escaping'
    all_labelled
    refs_resolve
}

# lights_worded - every traffic light (a <span class="status status--KEY">)
# says its word, never colour alone: green Online, amber Impacted, red
# Offline, maintenance Maintenance; and there is at least one.
lights_worded() {
    local all pairs bad= n p
    all=$(flat | grep -oE '<span class="status status--[a-z]+"' | wc -l)
    pairs=$(flat | grep -oE '<span class="status status--[a-z]+">(<span class="visually-hidden">Status: </span>)?[^<]+</span>' \
            | sed -E 's/^<span class="status status--([a-z]+)">(<span class="visually-hidden">Status: <\/span>)?([^<]+)<\/span>$/\1=\3/')
    n=$(printf '%s\n' "$pairs" | grep -c '=')
    for p in $(printf '%s\n' "$pairs" | tr ' ' '_'); do
        case $p in
            green=Online|amber=Impacted|red=Offline|maintenance=Maintenance) ;;
            *) bad="$bad $p" ;;
        esac
    done
    if [ "$all" -gt 0 ] && [ "$n" -eq "$all" ] && [ -z "$bad" ]; then
        pass
    else
        fail "lights without their word (or with the wrong one): $all lights, $n with a word;$bad"
    fi
}

# common TITLE - checks every page must pass.
common() {
    # HTML5 doctype first, html lang, one charset declaration.
    if head -n1 "$html" | grep -qiF '<!DOCTYPE html>'; then pass; else fail "no <!DOCTYPE html> on line 1"; fi
    has '<html lang="en">'
    count_is 1 'charset='
    has '<meta name="viewport" content="width=device-width, initial-scale=1">'
    has "<title>$1</title>"
    has '<link rel="stylesheet" href="/helpdesk/static/css/helpdesk.css">'
    has 'href="/helpdesk/static/img/logo.svg"'
    has '<a class="skip-link" href="#main">'
    has '<header'
    has_re '<main id="main"'
    has '<footer'
    has 'href="/helpdesk/"'
    count_is 1 '<h1'
    # CSP: no inline style or script of any kind.
    lacks_re '<[a-zA-Z][^>]* style='
    lacks '<style'
    lacks '<script'
    lacks_re '<[a-zA-Z][^>]* on[a-z]+='
    lacks 'javascript:'
}

logged_in() {
    has_re '<nav[^>]* aria-label="Primary"'
    has_re '<form[^>]* method="post" action="/helpdesk/logout"'
    # Logging out is a POST with the token the module gave (user/@logout-csrf).
    in_order 'action="/helpdesk/logout"' '<input type="hidden" name="csrf" value="1796150000.lo9logouttoken.5c1f0e">' '>Log out</button>'
    has_re '<button type="submit"[^>]*>Log out</button>'
}

logged_out() {
    lacks 'aria-label="Primary"'
    lacks 'Log out'
    lacks '/helpdesk/logout'
}

finish_case() {
    if [ "$case_failures" -eq 0 ]; then echo "ok   $case_name"; else echo "FAIL $case_name"; fi
}

# ---------------------------------------------------------------- sources
# No stylesheet may turn escaping off: all data is escaped by the serializer.
case_name=sources
case_failures=0
if grep -lE "disable-output-escaping[[:space:]]*=[[:space:]]*['\"]yes" "$xslt"/*.xsl >"$work/doe" 2>/dev/null; then
    fail "disable-output-escaping in: $(paste -sd ' ' "$work/doe")"
else
    pass
fi
finish_case

# ---------------------------------------------------------------- today
# The HotH layout: Waiting for you, New ticket, Service Updates, your open
# tickets, News, questions, and the user's details as one line, last.
if render today today.xsl "$fixtures/today.xml"; then
    common 'Today — IT Helpdesk'
    logged_in
    has_re '<a [^>]*href="/helpdesk/"[^>]*aria-current="page"[^>]*>Today</a>'
    has_re '<a class="primary-nav__link" href="/helpdesk/tickets">Tickets</a>'
    has '<h1 class="page-title">Welcome, Alice Archer</h1>'
    has '<div class="today today--waiting">'
    in_order 'id="waiting-title">Waiting for you</h2>' 'id="new-ticket-title">New ticket</h2>' \
             'id="service-updates-title">Service Updates</h2>' 'id="your-tickets-title">Your open tickets</h2>' \
             'id="news-title">News</h2>' 'id="faq-title">Common questions</h2>' 'id="your-details-title">Your details</h2>'
    # Waiting for you: reference (the link), summary, status -- no date, so
    # that New ticket stays on a phone's first screen.
    in_order 'id="waiting"' '<a class="ticket-ref today-ticket__ref" href="/helpdesk/tickets/HD-1042">HD-1042</a>' \
             'Printer on floor 2 jams on every job' '<span class="badge badge--pending">Waiting for Client Response</span>' \
             'href="/helpdesk/tickets/HD-1038">HD-1038</a>' 'Pending Closure' 'id="new-ticket"'
    has_text 'needs your reply or confirmation on 2 tickets.'
    lacks 'more in your tickets'
    # New ticket: the primary button and the two shortcuts.
    has '<a class="button button--primary today-new__button" href="/helpdesk/tickets/new">Log a ticket</a>'
    has_re '<a [^>]*href="/helpdesk/tickets/new\?kind=incident"[^>]*>Report an incident</a>'
    has_re '<a [^>]*href="/helpdesk/tickets/new\?kind=request"[^>]*>Make a request</a>'
    # Service Updates: the subscribed services, worst first, each light an
    # icon and a word; the desk's message and the incident's link.
    lights_worded
    count_is 4 '<li class="service service--'
    in_order 'id="service-updates"' '<li class="service service--red">' 'VPN / Remote access</a>' 'status--red' \
             '<li class="service service--amber">' 'Electronic Patient Record</a>' 'status--amber' \
             '<li class="service service--maintenance">' 'Printing</a>' 'status--maintenance' \
             '<li class="service service--green">' 'E-mail</a>' 'status--green' 'id="tickets"'
    has '<a href="/helpdesk/services/vpn">VPN / Remote access</a>'
    has 'Searches are slow since 08:40; engineers are working on it.'
    has 'Use the web &amp; mobile apps &lt;on site&gt; meanwhile.'
    lacks '<on site>'
    has '<a class="svc-incident__link" href="/helpdesk/services/vpn#incident-72">VPN gateway unreachable</a> (Investigating)'
    has_text 'Maintenance now: Print server upgrade, until 24 Nov 2026, 13:00'
    has '<a href="/helpdesk/services">All services</a>'
    lacks 'You do not follow any service'
    # Your open tickets, the incidents she is affected by, all tickets.
    in_order 'id="tickets"' 'HD-1042</a>' 'HD-1041</a>' 'New starter needs an account' \
             '<span class="badge badge--open">In Progress</span>' 'HD-1038</a>' 'You are affected' 'See your tickets</a>'
    has_text 'You are affected: VPN gateway unreachable (VPN / Remote access)'
    has '<a href="/helpdesk/services/vpn#incident-72">VPN gateway unreachable</a>'
    has '<a href="/helpdesk/tickets">See your tickets</a>'
    has 'Shared drive &lt;b&gt;full&lt;/b&gt; &amp; read-only'
    lacks '<b>full'
    # News, newest first, with the date; the body as text.
    in_order 'id="news"' 'Windows 11 on ward PCs' '<time datetime="2026-11-22T09:00:00">22 Nov 2026, 09:00</time>' \
             'one ward a night.' 'New phishing test &amp; what to do' '18 Nov 2026, 14:30'
    has 'report it with the &lt;Report&gt; button.'
    # Questions open in place: <details><summary>question</summary>answer.
    count_is 3 '<details class="faq">'
    has '<details class="faq"><summary class="faq__question">How do I reset my password?</summary><p class="faq__answer">Use the self-service page'
    has 'Can I use &lt;my own&gt; laptop?'
    has '<a href="/helpdesk/faq">All questions</a>'
    # Unsubscribing right there, back to Today afterwards.
    has '<form class="svc-subscription" method="post" action="/helpdesk/services/email/subscription">'
    has '<input type="hidden" name="back" value="today">'
    has_text 'Unsubscribe from E-mail'
    # An open incident: "I am affected too", or that she already said so.
    has '<form method="post" action="/helpdesk/services/vpn/affected" class="service__affected-form">'
    has_text 'You told us you are affected; you will hear when it is resolved.'
    # Her details: one line at the end, with where she is logged in.
    in_order 'id="faq"' '<section class="today-me" id="your-details" aria-labelledby="your-details-title">' \
             '<span class="today-me__item">Alice Archer</span>' '<span class="today-me__item">Psychiatry</span>' \
             '<span class="today-me__item">alice@example.org</span>' \
             '<a class="today-me__item" href="/helpdesk/sessions">Where you are logged in</a>' '</section></div></main>'
    lacks '<dl class="details'
    lacks 'tel:'
    has 'Staff'
    all_labelled
    refs_resolve
    lacks 'json='
    finish_case
fi

# Nothing waiting, no services followed, no open tickets, no news, no questions.
if render today-quiet today.xsl "$fixtures/today-quiet.xml"; then
    common 'Today — IT Helpdesk'
    logged_in
    has '<h1 class="page-title">Welcome, Bob Baker</h1>'
    has '<div class="today">'
    lacks 'Waiting for you'
    lacks 'id="waiting"'
    in_order 'id="new-ticket"' 'Log a ticket</a>' 'id="service-updates"' 'id="tickets"' 'id="your-details"'
    has 'You do not follow any service yet.'
    has '<a href="/helpdesk/services">All services</a>'
    lacks 'class="status '
    lacks 'service-list'
    has 'You have no open tickets.'
    lacks 'You are affected'
    has '<a href="/helpdesk/tickets">See your tickets</a>'
    lacks 'id="news"'
    lacks 'id="faq"'
    lacks '<details'
    lacks 'All questions'
    has '<span class="today-me__item">Business Office</span>'
    has 'Supervisor'
    all_labelled
    refs_resolve
    finish_case
fi

# Every light green, and a title the module chose (the layout contract).
sed -e 's/ light="[a-z]*" label="[A-Za-z]*"/ light="green" label="Online"/' \
    -e 's/site="IT Helpdesk">/site="IT Helpdesk" title="Good morning">/' \
    "$fixtures/today.xml" >"$work/today-green.xml"
if render today-all-green today.xsl "$work/today-green.xml"; then
    common 'Good morning — IT Helpdesk'
    lights_worded
    count_is 4 '<li class="service service--green">'
    count_is 4 '<span class="visually-hidden">Status: </span>Online</span>'
    lacks 'status--red'
    lacks 'Since '
    finish_case
fi

# No labels from the module: the words come from the lights; no name: the login.
sed -e 's/ label="[A-Za-z]*"//' -e 's/ name="Alice Archer"/ name=""/' "$fixtures/today.xml" >"$work/today-bare.xml"
if render today-bare today.xsl "$work/today-bare.xml"; then
    common 'Today — IT Helpdesk'
    lights_worded
    has '<h1 class="page-title">Welcome, alice</h1>'
    lacks 'today-me__item">Alice Archer'
    has '<span class="today-me__item">Psychiatry</span>'
    finish_case
fi

# ---------------------------------------------------------------- services
# Service Updates: every service, its light (icon + word), the desk's
# message, since when, the open incident, maintenance, uptime, Subscribed.
if render services services.xsl "$fixtures/services.xml"; then
    common 'Service Updates — IT Helpdesk'
    logged_in
    has '<h1 class="page-title">Service Updates</h1>'
    has_re '<a [^>]*href="/helpdesk/services"[^>]*aria-current="page"[^>]*>Services</a>'
    count_is 1 'aria-current'
    lights_worded
    has_text '1 service offline, 1 impacted, 1 in maintenance'
    has '3 of 6 services online'
    has 'status-summary status-summary--red'
    count_is 6 '<li class="svc-card '
    # The module's order, each with its light.
    in_order '<li class="svc-card svc-card--green">' 'E-mail</a>' '>Online</span>' \
             '<li class="svc-card svc-card--amber">' 'Electronic Patient Record</a>' '>Impacted</span>' \
             '<li class="svc-card svc-card--red">' 'VPN / Remote access</a>' '>Offline</span>' \
             '<li class="svc-card svc-card--maintenance">' 'Printing</a>' '>Maintenance</span>' \
             'Network &amp; Wi-Fi</a>' 'Telephony</a>'
    has '<a class="svc-card__link" href="/helpdesk/services/vpn">VPN / Remote access</a>'
    has '<p class="svc-card__note">Remote access is down for all users. Use the web &amp; mobile apps &lt;on site&gt; meanwhile.</p>'
    lacks '<on site>'
    has '<a class="svc-incident__link" href="/helpdesk/services/epr#incident-71">Slow patient searches</a> (Identified)'
    has '<a class="svc-incident__link" href="/helpdesk/services/vpn#incident-72">VPN gateway &lt;unreachable&gt;</a> (Investigating)'
    lacks '<unreachable>'
    has_text 'Maintenance now: Print server upgrade, until 24 Nov 2026, 13:00'
    has_text 'Planned maintenance: Core switch firmware, 28 Nov 2026, 22:00 to 29 Nov 2026, 02:00'
    has_text 'Since 24 Nov 2026, 09:05'
    # A window's "since" is the window's, not the stored light's.
    lacks '23 Nov 2026, 17:30'
    has '<li class="svc-card__uptime">99.98 % uptime (90 days)</li>'
    count_is 5 'class="svc-card__uptime"'
    count_is 2 '<li class="svc-subscribed">Subscribed</li>'
    in_order 'E-mail</a>' 'Subscribed</li>' 'VPN / Remote access</a>' 'Subscribed</li>' 'Printing</a>'
    lacks 'As a service desk agent'
    count_is 2 '<form'   # logout, and the one service with its subscription form
    # The feeds: in the head for feed readers, under the title for people.
    has '<link rel="alternate" type="application/atom+xml" title="IT Helpdesk — Service Updates" href="/helpdesk/api/feed.atom">'
    has '<link rel="alternate" type="text/calendar" title="IT Helpdesk — Planned maintenance" href="/helpdesk/api/maintenance.ics">'
    in_order '<h1 class="page-title">Service Updates</h1>' \
             '<p class="feed-links">Subscribe: <a href="/helpdesk/api/feed.atom" type="application/atom+xml">Atom feed</a> · <a href="/helpdesk/api/maintenance.ics" type="text/calendar">Calendar (iCal)</a></p>' \
             '<ul class="svc-grid">'
    all_labelled
    refs_resolve
    # Subscribe or unsubscribe from the board itself.
    has '<form class="svc-subscription" method="post" action="/helpdesk/services/email/subscription">'
    has '<input type="hidden" name="back" value="services">'
    finish_case
fi

if render services-green services.xsl "$fixtures/services-green.xml"; then
    common 'Service Updates — IT Helpdesk'
    logged_in
    lights_worded
    has 'All services are online'
    has '3 of 3 services online'
    has 'status-summary status-summary--green'
    has_text 'As a service desk agent you change a service'
    has_re '<a class="primary-nav__link" href="/helpdesk/desk">Desk</a>'
    lacks 'Incident:'
    lacks_beside_feeds 'maintenance'
    count_is 3 '<span class="visually-hidden">Status: </span>Online</span>'
    finish_case
fi

# Without labels the words come from the lights.
sed -e 's/ label="[A-Za-z]*"//' "$fixtures/services.xml" >"$work/services-bare.xml"
if render services-bare services.xsl "$work/services-bare.xml"; then
    lights_worded
    has '<span class="visually-hidden">Status: </span>Maintenance</span>'
    has '<span class="visually-hidden">Status: </span>Offline</span>'
    finish_case
fi

sed -e '/<service /,/\/>/d' "$fixtures/services-green.xml" >"$work/services-empty.xml"
if render services-empty services.xsl "$work/services-empty.xml"; then
    common 'Service Updates — IT Helpdesk'
    has 'No services are listed yet.'
    lacks 'status-summary'
    lacks 'svc-grid'
    finish_case
fi

# ---------------------------------------------------------------- one service
# service_page - checks shared by a service's pages.
service_page() {
    logged_in
    has '<p class="breadcrumbs"><a href="/helpdesk/services">Service Updates</a></p>'
    lights_worded
    all_labelled
    refs_resolve
    lacks 'json='
}

# An agent on a service that is down: the light, subscribed, the 90-day
# bar, an open and a resolved incident, maintenance, and the status form.
if render service service.xsl "$fixtures/service.xml"; then
    common 'VPN / Remote access — Service Updates — IT Helpdesk'
    service_page
    has '<h1 class="page-title">VPN / Remote access</h1>'
    has 'Working from home and from other sites: the VPN client and the remote desktop gateway.'
    # This service's feed and the maintenance calendar: head and header.
    has '<link rel="alternate" type="application/atom+xml" title="VPN / Remote access — Service Updates" href="/helpdesk/api/services/vpn/feed.atom">'
    has '<link rel="alternate" type="text/calendar" title="IT Helpdesk — Planned maintenance" href="/helpdesk/api/maintenance.ics">'
    in_order '<h1 class="page-title">VPN / Remote access</h1>' \
             '<p class="feed-links">Subscribe: <a href="/helpdesk/api/services/vpn/feed.atom" type="application/atom+xml">Atom feed</a> · <a href="/helpdesk/api/maintenance.ics" type="text/calendar">Calendar (iCal)</a></p>' \
             'id="now-title"'
    in_order 'id="now-title"' 'id="subscribe-title"' 'id="update-title"' 'id="uptime-title"' 'id="incidents-title"' 'id="maintenance-title"'
    # The light now.
    has_text 'Status: Offline since 24 Nov 2026, 09:05'
    has 'Use the web &amp; mobile apps &lt;on site&gt; meanwhile.'
    has '<a class="svc-incident__link" href="/helpdesk/services/vpn#incident-72">VPN gateway unreachable</a> (Investigating)'
    has_text 'Planned maintenance: VPN certificate renewal, 30 Nov 2026, 21:00 to 30 Nov 2026, 22:00'
    has '<p class="svc-subscribed">Subscribed</p>'
    # Unsubscribe: a POST of subscribed=0 with the token.
    in_order '<form class="svc-subscribe__form" method="post" action="/helpdesk/services/vpn/subscription">' \
             '<input type="hidden" name="csrf" value="tok-sub-vpn-1">' '<input type="hidden" name="subscribed" value="0">' \
             '<button type="submit" class="button button--secondary">Unsubscribe</button>' '</form>'
    lacks 'Subscribe to updates'
    # The 90-day bar: a segment a day, oldest first, each with its words.
    has_text '98.72 % uptime over 90 days'
    count_is 90 '<li class="uptime-bar__day '
    count_is 90 '<span class="visually-hidden">2026-'
    in_order '2026-08-27: No data' '2026-09-14: Impacted 35 min' '2026-10-02: Maintenance 2 h' \
             '2026-11-03: Offline 1 h 20 min, Impacted 30 min' '2026-11-24: Offline 2 h 50 min'
    has '<li class="uptime-bar__day uptime-bar__day--red" title="2026-11-03: Offline 1 h 20 min, Impacted 30 min"><span class="visually-hidden">2026-11-03: Offline 1 h 20 min, Impacted 30 min</span></li>'
    has 'title="2026-11-01: Online"'
    count_is 3 '<li class="uptime-bar__day uptime-bar__day--none"'
    count_is 2 '<li class="uptime-bar__day uptime-bar__day--red"'
    in_order 'class="uptime-legend"' '>Online</li>' '>Impacted</li>' '>Offline</li>' '>Maintenance</li>' '>No data</li>'
    # Incidents, newest first, each with its anchor; updates newest first.
    in_order '<article id="incident-72"' 'VPN gateway unreachable</h3>' 'Investigating' 'Major impact' \
             '<article id="incident-60"' 'Slow logins from home</h3>' 'Resolved' 'Minor impact'
    has_text '14 people affected so far'
    has_text '5 people were affected'
    has_text 'Resolved 3 Nov 2026, 09:40'
    in_order 'id="incident-72"' 'supplier &lt;NetCo&gt; &amp; will update by 11:00.' 'by Victor Vance' \
             'Remote access is down for all users.' 'id="incident-60"' 'Logins are back to normal.' \
             'failed authentication server' 'Logins take several minutes.'
    lacks '<NetCo>'
    # "I am affected too" on the open incident only.
    in_order 'id="incident-72"' '<form class="incident__affected-form" method="post" action="/helpdesk/services/vpn/affected">' \
             '<input type="hidden" name="csrf" value="tok-aff-72">' '>I am affected too</button>' '</form>' 'id="incident-60"'
    count_is 1 'I am affected too</button>'
    lacks 'You told us you are affected'
    # Maintenance windows.
    in_order 'id="maintenance"' 'VPN certificate renewal</h3>' 'Upcoming' '30 Nov 2026, 21:00' \
             'Connections drop once; reconnect after a minute.' 'Gateway software update</h3>' 'Completed'
    # The agents' form: light, incident status, title, message.
    in_order '<form class="form" id="status-form" method="post" action="/helpdesk/services/vpn/status">' \
             '<input type="hidden" name="csrf" value="tok-status-vpn-9">' 'name="light"' 'name="status"' \
             'name="title"' 'name="message"' '>Update the service</button>' '</form>'
    has_re '<legend class="fieldset__legend">Light</legend>'
    has_re '<legend class="fieldset__legend">Incident status</legend>'
    count_is 3 'name="light"'
    count_is 3 'name="status"'
    tag_has input 'name="light"' 'type="radio"' 'value="red"' 'checked'
    tag_lacks input 'name="light"' 'value="green"' 'checked'
    tag_has input 'name="light"' 'required'
    tag_has input 'name="status"' 'value="investigating"' 'checked'
    has '<label class="choice__label" for="s-light-red"><span class="status status--red">Offline</span></label>'
    has '<label class="choice__label" for="s-status-monitoring">Monitoring</label>'
    labelled 'Incident title' title
    labelled 'Message' message
    tag_has input 'name="title"' 'value="VPN gateway unreachable"'
    tag_has textarea 'name="message"' 'required'
    lacks 'role="alert"'
    lacks 'aria-invalid'
    count_is 5 '<form'   # logout, subscribe, affected, link, status
    # The desk: the tickets linked to the open incident, and linking one.
    has '<a class="ticket-ref" href="/helpdesk/tickets/HD-1042">HD-1042</a> Cannot connect from home &lt;again&gt; (In Progress)'
    has '<form class="form incident__link-form" method="post" action="/helpdesk/services/vpn/link">'
    has '<input type="hidden" name="csrf" value="tok-link-72">'
    labelled 'Link a ticket about this incident' ticket
    finish_case
fi

# Staff on an impacted service: no status form; Subscribe; "I am affected too".
if render service-staff service.xsl "$fixtures/service-staff.xml"; then
    common 'Electronic Patient Record — Service Updates — IT Helpdesk'
    service_page
    lacks 'Update the service'
    lacks 'name="light"'
    lacks 'name="message"'
    lacks 'svc-subscribed'
    has 'class="svc-page svc-page--side"'
    in_order '<form class="svc-subscribe__form" method="post" action="/helpdesk/services/epr/subscription">' \
             '<input type="hidden" name="csrf" value="tok-sub-epr-2">' '<input type="hidden" name="subscribed" value="1">' \
             '<button type="submit" class="button button--primary">Subscribe to updates</button>' '</form>'
    lacks 'Unsubscribe'
    has_text 'Status: Impacted since 24 Nov 2026, 08:40'
    has_text '99.61 % uptime over 90 days'
    has 'title="2026-11-24: Impacted 3 h 35 min"'
    in_order '<article id="incident-71"' '<form class="incident__affected-form" method="post" action="/helpdesk/services/epr/incidents/71/affected">' \
             '<input type="hidden" name="csrf" value="tok-aff-71">' '>I am affected too</button>'
    has_text '1 person affected so far'
    has 'No maintenance is planned for this service.'
    count_is 3 '<form'
    finish_case
fi

# She said she is affected: the words instead of the button.
sed -e 's/affected-by-me="false"/affected-by-me="true"/' -e 's/ affected="1"/ affected="2"/' \
    "$fixtures/service-staff.xml" >"$work/service-affected.xml"
if render service-affected service.xsl "$work/service-affected.xml"; then
    service_page
    has '<p class="incident__me">You told us you are affected; you will hear when it is resolved.</p>'
    lacks 'I am affected too'
    has_text '2 people affected so far'
    count_is 2 '<form'
    finish_case
fi

# A resolved incident takes no more "I am affected too".
sed -e 's/ affected-by-me="false"/ resolved="2026-11-24 10:15:00" affected-by-me="false"/' \
    "$fixtures/service-staff.xml" >"$work/service-resolved.xml"
if render service-resolved service.xsl "$work/service-resolved.xml"; then
    service_page
    lacks 'I am affected too'
    lacks 'You told us'
    has_text 'Resolved 24 Nov 2026, 10:15'
    has_text '1 person was affected'
    has 'class="incident incident--resolved"'
    finish_case
fi

# A quiet service: all green for 90 days, no incidents, no maintenance.
if render service-quiet service.xsl "$fixtures/service-quiet.xml"; then
    common 'Telephony — Service Updates — IT Helpdesk'
    service_page
    has_text 'Status: Online since 1 Aug 2026, 08:00'
    lacks 'svc-now__note'
    lacks 'Incident:'
    has_text '100.00 % uptime over 90 days'
    count_is 90 '<li class="uptime-bar__day uptime-bar__day--green"'
    has 'No incidents have been reported for this service.'
    lacks '<article'
    has 'No maintenance is planned for this service.'
    has '<p class="svc-subscribed">Subscribed</p>'
    has '>Unsubscribe</button>'
    lacks 'Update the service'
    finish_case
fi

# The status form sent back: the error next to the message, the values kept.
if render service-errors service.xsl "$fixtures/service-errors.xml"; then
    common 'Error: E-mail — Service Updates — IT Helpdesk'
    service_page
    has_re '<div class="error-summary" role="alert"'
    in_order 'class="error-summary"' 'id="now-title"'
    field_error s- message 'Enter a message: say what is affected and what to do meanwhile.'
    tag_has input 'name="light"' 'value="amber"' 'checked'
    tag_lacks input 'name="light"' 'value="red"' 'checked'
    # (libxml2 quotes a value holding " with ' instead.)
    tag_has input 'name="title"' "value='Mail &lt;b&gt;stuck&lt;/b&gt; &amp; \"queued\"'"
    lacks '<b>stuck'
    tag_lacks input 'name="title"' 'aria-invalid'
    has '<input type="hidden" name="csrf" value="tok-status-email-5">'
    has '>Subscribe to updates</button>'
    finish_case
fi

# ---------------------------------------------------------------- login
login_form() {
    has_re '<form[^>]* method="post" action="/helpdesk/login"'
    labelled Login username
    labelled Password password
    has_re '<input[^>]*name="username"[^>]*autocomplete="username"'
    has_re '<input[^>]*name="username"[^>]*required'
    has_re '<input[^>]*name="password"[^>]*type="password"'
    has_re '<input[^>]*name="password"[^>]*autocomplete="current-password"'
    has_re '<input[^>]*name="password"[^>]*required'
    # The token is bound to the browser's hdlogin cookie (login CSRF).
    has '<input type="hidden" name="csrf" value="b8Yt3kR0-login-token">'
    has '<input type="hidden" name="return" value="/helpdesk/">'
    lacks 'httpd_'
    lacks '/helpdesk/login/check'
    tag_lacks input 'name="password"' 'value='
    has_re '<button type="submit"[^>]*>Log in</button>'
    has 'Use your organisation (directory) login.'
}

# contact_shown - the service desk's phone (tel:), e-mail (mailto:) and
# hours from the fixture's <contact>.
contact_shown() {
    has_re '<section class="contact" aria-labelledby="contact-title"><h2 class="contact__title" id="contact-title">'
    has '<a href="tel:+442079460000">+44 20 7946 0000</a>'
    has '<a href="mailto:servicedesk@example.org">servicedesk@example.org</a>'
    has '<dt>Hours</dt><dd>Mon–Fri 08:00–18:00</dd>'
    refs_resolve
}

if render login login.xsl "$fixtures/login.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    contact_shown
    has 'Cannot log in? Contact the service desk</h2>'
    in_order '<form class="form"' 'class="contact"'
    lacks 'role="alert"'
    lacks 'The login or password is not right'
    lacks 'You have logged out.'
    lacks 'This login form has expired'
    lacks 'Too many failed logins'
    lacks 'aria-invalid'
    lacks 'name="kept"'
    # Nothing typed yet: the cursor starts in Login.
    tag_has input 'name="username"' 'autofocus'
    tag_lacks input 'name="password"' 'autofocus'
    finish_case
fi

if render login-failed login.xsl "$fixtures/login-failed.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    has 'role="alert"'
    has 'The login or password is not right. Check them and try again.'
    has 'aria-invalid="true"'
    # What she typed stays in the Login field; the password never does.
    tag_has input 'name="username"' 'value="alice"'
    # Her login is there: the cursor starts in Password.
    tag_has input 'name="password"' 'autofocus'
    tag_lacks input 'name="username"' 'autofocus'
    lacks 'You have logged out.'
    lacks 'This login form has expired'
    lacks 'Too many failed logins'
    lacks 'name="kept"'
    # No <contact> configured: no empty box.
    lacks 'class="contact"'
    finish_case
fi

sed 's/loggedout="false"/loggedout="true"/' "$fixtures/login.xml" >"$work/login-out.xml"
if render login-loggedout login.xsl "$work/login-out.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    has 'You have logged out.'
    has 'role="status"'
    lacks 'role="alert"'
    finish_case
fi

# A login form that outlived its token (or came from another browser).
sed 's/problem="none"/problem="expired"/' "$fixtures/login.xml" >"$work/login-expired.xml"
if render login-expired login.xsl "$work/login-expired.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    has_text 'This login form has expired'
    has 'role="alert"'
    lacks 'The login or password is not right'
    lacks 'You have logged out.'
    finish_case
fi

# Too many failed logins: how long to wait, from retry-after.
sed -e 's/problem="none"/problem="throttled" retry-after="120"/' \
    -e 's/username=""/username="alice"/' "$fixtures/login.xml" >"$work/login-throttled.xml"
if render login-throttled login.xsl "$work/login-throttled.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    has 'role="alert"'
    has_text 'Too many failed logins'
    has_text 'Try again in 2 minutes'
    tag_has input 'name="username"' 'value="alice"'
    lacks 'The login or password is not right'
    lacks 'This login form has expired'
    finish_case
fi

# A POST that met an ended session: the login form in its place, with
# the POST's body kept and the address it was posted to as the return.
sed -e 's|return="/helpdesk/"|return="/helpdesk/tickets/HD-1234/comment"|' \
    -e 's|problem="none"\(.*\)/>|problem="ended"\1><kept>csrf=abc\&amp;body=Still+broken+%3Cb%3E</kept></login>|' \
    "$fixtures/login.xml" >"$work/login-kept.xml"
if render login-kept login.xsl "$work/login-kept.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    has_re '<form[^>]* method="post" action="/helpdesk/login"'
    has '<input type="hidden" name="return" value="/helpdesk/tickets/HD-1234/comment">'
    has '<input type="hidden" name="kept" value="csrf=abc&amp;body=Still+broken+%3Cb%3E">'
    has_text 'your session has ended'
    has_text 'what you sent is kept'
    lacks 'role="alert"'
    lacks '<b>'
    finish_case
fi

# Hostile values in attributes stay escaped (a value holding both kinds of
# quote makes libxml2 write &quot;).
sed -e "s|return=\"/helpdesk/\"|return=\"/helpdesk/\\&quot;'\\&gt;\\&lt;b\\&gt;x\"|" \
    "$fixtures/login.xml" >"$work/login-hostile.xml"
if render login-escaping login.xsl "$work/login-hostile.xml"; then
    has "value=\"/helpdesk/&quot;'&gt;&lt;b&gt;x\""
    lacks '<b>x'
    finish_case
fi

# ---------------------------------------------------------------- errors
if render error-404 error.xsl "$fixtures/error-404.xml"; then
    common 'Page not found — IT Helpdesk'
    logged_in
    has '404'
    has 'Page not found'
    has 'There is no page at /helpdesk/nope.'
    has 'check it is correct'
    has_re '<a [^>]*href="/helpdesk/"[^>]*>Go to Today</a>'
    lacks 'Try again'
    lacks 'aria-current'
    contact_shown
    finish_case
fi

if render error-503 error.xsl "$fixtures/error-503.xml"; then
    common 'Service temporarily unavailable — IT Helpdesk'
    logged_out
    has '503'
    has 'Service temporarily unavailable'
    has 'The helpdesk database is not answering.'
    has 'Try again in a minute'
    has 'recovers by itself'
    # Asking again for the page that failed comes first; Today too.
    has '<a class="button button--primary" href="/helpdesk/tickets?view=all&amp;sort=created">Try again</a>'
    has_re '<a class="button-link" href="/helpdesk/">Go to Today</a>'
    in_order '>Try again</a>' '>Go to Today</a>' 'class="contact"'
    contact_shown
    finish_case
fi

# A 503 on Today: "Try again" is Today, so it is not offered twice; a
# 503 without a retry address (a POST) keeps "Go to Today".
sed -e 's|retry-href="[^"]*"|retry-href="/helpdesk/"|' "$fixtures/error-503.xml" >"$work/error-503-today.xml"
if render error-503-today error.xsl "$work/error-503-today.xml"; then
    has '<a class="button button--primary" href="/helpdesk/">Try again</a>'
    lacks 'Go to Today'
    finish_case
fi
sed -e 's| retry-href="[^"]*"||' "$fixtures/error-503.xml" >"$work/error-503-post.xml"
if render error-503-post error.xsl "$work/error-503-post.xml"; then
    lacks 'Try again</a>'
    has_re '<a class="button button--primary" href="/helpdesk/">Go to Today</a>'
    finish_case
fi

# error-variant CODE EXPECTED-TITLE EXPECTED-TEXT - the 404 fixture with
# another status and no title or message, so the page's own text shows.
error_variant() {
    sed -E "s/status=\"404\" title=\"[^\"]*\" message=\"[^\"]*\"/status=\"$1\" title=\"\" message=\"\"/" \
        "$fixtures/error-404.xml" >"$work/error-$1.xml"
    if render "error-$1" error.xsl "$work/error-$1.xml"; then
        common "$2 — IT Helpdesk"
        has ">$1<"
        has "$3"
        has 'Go to Today'
        finish_case
    fi
}
error_variant 400 'There is a problem with the request' 'check what you entered'
error_variant 403 'You do not have access to this page' 'contact your supervisor'
error_variant 405 'Method not allowed' 'method is not allowed'
error_variant 413 'What you sent is too large' 'too large'
error_variant 500 'Sorry, something went wrong' 'quote the time'
error_variant 418 'Sorry, there is a problem' 'contact the service desk'

# The message is data: it must come out escaped.
sed -e 's|message="[^"]*"|message="No page at /helpdesk/\&lt;script\&gt;alert(1)\&lt;/script\&gt;"|' \
    "$fixtures/error-404.xml" >"$work/error-hostile.xml"
if render error-escaping error.xsl "$work/error-hostile.xml"; then
    has 'No page at /helpdesk/&lt;script&gt;alert(1)&lt;/script&gt;'
    lacks '<script'
    finish_case
fi

# ---------------------------------------------------------------- tickets
# The list: tabs, filter form, the user's columns in their order, paging.
if render tickets tickets.xsl "$fixtures/tickets.xml"; then
    common 'Tickets — IT Helpdesk'
    ticket_page
    has '<h1 class="page-title">Tickets</h1>'
    has_re '<a [^>]*href="/helpdesk/tickets/new"[^>]*>Log a ticket</a>'
    has_re '<a [^>]*href="/helpdesk/tickets/columns"[^>]*>Manage columns</a>'
    # Tabs for the three views; the current one marked.
    has_re '<nav[^>]* aria-label="Ticket lists"'
    has_re '<a [^>]*href="/helpdesk/tickets\?view=mine"[^>]*aria-current="page"[^>]*>Created by me</a>'
    has_re '<a [^>]*href="/helpdesk/tickets\?view=org">My organisation</a>'
    has_re '<a [^>]*href="/helpdesk/tickets\?view=all">All</a>'
    count_is 1 'aria-current="page">Created by me'
    # Filter form: GET, view kept, labelled multi-select status and q, sort + dir.
    has_re '<form[^>]* method="get" action="/helpdesk/tickets"'
    has '<input type="hidden" name="view" value="mine">'
    # Status: a checkbox per status in a fieldset, folded on phones behind
    # a summary that counts the chosen ones; no multiple select.
    lacks_re '<select[^>]* name="status"'
    lacks 'Ctrl'
    has_re '<details class="filters__status status-filter"><summary class="status-filter__summary">Status: 9 chosen</summary>'
    has_re '<fieldset[^>]*><legend[^>]*>Status</legend>'
    labelled 'Waiting for Support' status
    labelled 'Cancelled' status
    tag_has input 'type="checkbox"' 'name="status"' 'value="waiting_support"' 'checked'
    tag_has input 'type="checkbox"' 'name="status"' 'value="cancelled"' 'checked'
    count_is 9 'name="status"'
    labelled Search q
    has 'or a reference such as HD-1042.'
    tag_has input 'name="q"' 'value="printer"'
    labelled 'Sort by' sort
    has '<option value="updated" selected>Last updated</option>'
    has '<option value="priority">Priority</option>'
    labelled Order dir
    has '<option value="desc" selected>Descending</option>'
    has '<option value="asc">Ascending</option>'
    has_re '<button type="submit"[^>]*>Apply</button>'
    # The table: caption, headers = columns, in that order, exactly.
    has '<caption'
    col_headers Reference Status Summary Service Priority Requester 'Last updated'
    count_is 5 '<tr class="ticket-row'
    count_is 35 'data-label="'
    # First row: its cells follow the same order.
    in_order 'data-label="Reference"><a class="ticket-ref" href="/helpdesk/tickets/HD-1042">HD-1042</a>' \
             'data-label="Status"><span class="badge badge--pending">Waiting for Client Response</span>' \
             'data-label="Summary"><a class="ticket-summary" href="/helpdesk/tickets/HD-1042">Printer on floor 2 jams on every job</a>' \
             'data-label="Service">Printing<' 'data-label="Priority"><span class="priority priority--3">Medium</span>' \
             'data-label="Requester">Alice Archer<' \
             'data-label="Last updated"><time datetime="2026-11-24T11:15:00">24 Nov 2026, 11:15</time>'
    # Reference AND summary link to the ticket, for every row.
    for ref in HD-1042 HD-1041 HD-1038 HD-1031 HD-1027; do
        count_is 2 "href=\"/helpdesk/tickets/$ref\""
    done
    has '<th scope="row" class="cell cell--reference"'
    # A badge per status category (text + class for the shape).
    has '<span class="badge badge--open">Waiting for Support</span>'
    has '<span class="badge badge--open">Escalated to Tier 2</span>'
    has '<span class="badge badge--closed">Closed</span>'
    has '<span class="badge badge--cancelled">Cancelled</span>'
    # Data is escaped.
    has 'New printer &lt;script&gt;alert(1)&lt;/script&gt; &amp; toner for the ward office'
    # Paging: both links, from the XML.
    has_re '<a class="pagination__link" href="/helpdesk/tickets\?view=mine&amp;q=printer&amp;sort=updated&amp;dir=desc&amp;after=eyJ1IjoiMjAyNi0xMS0xMyJ9"[^>]*>Next page '
    has_re '<a class="pagination__link" href="/helpdesk/tickets\?view=mine&amp;q=printer&amp;sort=updated&amp;dir=desc"[^>]*>(<[^>]*>[^<]*</span>)? ?First page'
    has_text 'matching “printer”'
    lacks 'No tickets match.'
    # Every status was searched, and the page says so.
    has '<p class="search-scope" id="search-scope">Searched all statuses.</p>'
    lacks 'Include closed and cancelled'
    finish_case
fi

# A search over the open statuses only (the default) says which, and
# offers the same search over every status.
sed -e 's/ status-scope="all"/ status-scope="open" all-statuses-href="\/helpdesk\/tickets?view=mine\&amp;status=closed\&amp;q=printer"/' \
    -e '/code="closed"/s/selected="true"/selected="false"/' -e '/code="cancelled"/s/selected="true"/selected="false"/' \
    "$fixtures/tickets.xml" >"$work/tickets-open-search.xml"
if render tickets-open-search tickets.xsl "$work/tickets-open-search.xml"; then
    common 'Tickets — IT Helpdesk'
    has_text 'Searched open tickets only: Waiting for Support, In Review, Waiting for Client Response, Escalated to Tier 2, In Progress, Escalated to Tier 3, Pending Closure.'
    has '<a class="search-scope__all" href="/helpdesk/tickets?view=mine&amp;status=closed&amp;q=printer">Include closed and cancelled</a>'
    finish_case
fi

# Some statuses chosen by hand: named, and "Search all statuses".
sed -e 's/ status-scope="all"/ status-scope="chosen" all-statuses-href="\/helpdesk\/tickets?view=mine"/' \
    -e '/code="closed"/!s/selected="true"/selected="false"/' "$fixtures/tickets.xml" >"$work/tickets-chosen-search.xml"
if render tickets-chosen-search tickets.xsl "$work/tickets-chosen-search.xml"; then
    has_text 'Searched only tickets that are: Closed.'
    has_re '<a class="search-scope__all" href="/helpdesk/tickets\?view=mine">Search all statuses</a>'
    finish_case
fi

# Every column, in a user-chosen order; the first page (no First page link).
cols='<column key="kind" label="Type"/><column key="reference" label="Reference"/><column key="created" label="Created"/><column key="summary" label="Summary"/><column key="team" label="Team"/><column key="logged_by" label="Logged by"/><column key="assignee" label="Assignee"/><column key="organisation" label="Organisation"/><column key="status" label="Status"/><column key="service" label="Service"/><column key="requester" label="Requester"/><column key="priority" label="Priority"/><column key="updated" label="Last updated"/>'
sed -e '/<column key=/d' -e "s|<columns json=\"array\">|<columns json=\"array\">$cols|" \
    -e 's/ first-href="[^"]*"//' "$fixtures/tickets.xml" >"$work/tickets-all-columns.xml"
if render tickets-all-columns tickets.xsl "$work/tickets-all-columns.xml"; then
    common 'Tickets — IT Helpdesk'
    col_headers Type Reference Created Summary Team 'Logged by' Assignee Organisation Status Service Requester Priority 'Last updated'
    count_is 65 'data-label="'
    in_order 'data-label="Type">Incident<' 'data-label="Reference"><a class="ticket-ref" href="/helpdesk/tickets/HD-1042">HD-1042</a>' \
             'data-label="Created"><time datetime="2026-11-24T09:00:00">24 Nov 2026, 09:00</time>' \
             'data-label="Summary"><a class="ticket-summary" href="/helpdesk/tickets/HD-1042">' \
             'data-label="Team">psyIT<' 'data-label="Logged by">Bob Baker<' 'data-label="Assignee">Tina Turner<' \
             'data-label="Organisation">Psychiatry<' 'data-label="Status"><span class="badge badge--pending">'
    has 'data-label="Type">Request<'
    has 'data-label="Assignee"><span class="muted">Not assigned yet</span>'
    has '<span class="priority priority--2">High</span>'
    has_re '>Next page '
    lacks 'First page'
    finish_case
fi

if render tickets-empty tickets.xsl "$fixtures/tickets-empty.xml"; then
    common 'Tickets — IT Helpdesk'
    ticket_page
    has 'No tickets match.'
    lacks 'search-scope'
    lacks '<table'
    lacks 'Next page'
    lacks 'First page'
    lacks 'class="pagination'
    has_re '<a [^>]*href="/helpdesk/tickets\?view=org"[^>]*aria-current="page"[^>]*>My organisation</a>'
    has '<input type="hidden" name="view" value="org">'
    has 'Status: 7 chosen</summary>'
    tag_lacks input 'name="status"' 'value="closed"' 'checked'
    tag_has input 'name="status"' 'value="in_review"' 'checked'
    tag_has input 'name="q"' 'value=""'
    has_re '<a [^>]*href="/helpdesk/tickets/new"[^>]*>Log a ticket</a>'
    has_re '<a [^>]*href="/helpdesk/tickets/columns"[^>]*>Manage columns</a>'
    finish_case
fi

# ---------------------------------------------------------------- new ticket
new_ticket_form() {
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/new"'
    # Files: one multipart form with a chooser for several, and their
    # description; csrf first, so the token is checked before any file byte.
    has_re '<form[^>]* id="ticket-form"[^>]* enctype="multipart/form-data"'
    in_order 'id="ticket-form"' 'name="csrf"' 'name="file"'
    labelled 'Files' file
    tag_has input 'name="file"' 'type="file"' 'multiple'
    labelled 'Description' description
    tag_has input 'name="description"' 'maxlength="500"'
    has 'files at once, each at most 25.0 MB.'
    has_re '<fieldset[^>]*>(<[^>]*>)*<legend'
    labelled 'Incident — something is broken' kind
    labelled 'Request — something is wanted' kind
    tag_has input 'name="kind"' 'type="radio"' 'value="incident"'
    tag_has input 'name="kind"' 'type="radio"' 'value="request"'
    labelled "On behalf of (colleague's login)" on_behalf
    tag_has input 'name="on_behalf"' 'type="text"'
    labelled 'Service / Asset' service
    tag_has select 'name="service"'
    labelled 'Service type / team' team
    tag_has select 'name="team"'
    labelled Summary summary
    tag_has input 'name="summary"' 'type="text"' 'maxlength="200"' 'required'
    labelled Details details
    tag_has textarea 'name="details"' 'required' 'maxlength="20000"'
    labelled 'First note (optional)' first_note
    tag_has textarea 'name="first_note"' 'maxlength="20000"'
    tag_lacks textarea 'name="first_note"' 'required'
    # Who can see it: the service's default, shared, private -- and what
    # the default means, said on the form.
    labelled 'As usual for the service' shared
    labelled 'Share with colleagues in Psychiatry' shared
    labelled 'Private: only the people on the ticket and the service desk' shared
    in_order 'name="shared" type="radio" value=""' 'name="shared" type="radio" value="1"' 'name="shared" type="radio" value="0"'
    count_is 3 'name="shared"'
    has 'Unless you choose otherwise, tickets about Telephony are private; all others are shared with colleagues in Psychiatry.'
    has_re '<button type="submit"[^>]*>Log ticket</button>'
    # No call type or priority: the service decides those.
    lacks_re 'name="(call[_-]?type|priority)"'
    lacks 'Call type'
    lacks 'Priority'
    # Who the ticket is for.
    has 'This ticket is for'
    has 'alice@example.org'
    # One option per service and team, in order.
    in_order '<option value="1">E-mail</option>' '<option value="2">Electronic Patient Record</option>' '<option value="5">Telephony</option>'
    in_order '>psyIT — Psychiatry IT</option>' '<option value="CBO">CBO — Business Office</option>' '<option value="APPS">Clinical Applications</option>'
}

if render ticket-new ticket-new.xsl "$fixtures/ticket-new.xml"; then
    common 'Log a ticket — IT Helpdesk'
    ticket_page
    new_ticket_form
    has '<input type="hidden" name="csrf" value="tok-new-123">'
    tag_has input 'name="kind"' 'value="incident"' 'checked'
    tag_lacks input 'name="kind"' 'value="request"' 'checked'
    tag_has input 'name="shared"' 'value=""' 'checked'
    tag_lacks input 'name="shared"' 'value="1"' 'checked'
    has '<option value="4" selected>Printing</option>'
    has '<option value="psyIT" selected>psyIT — Psychiatry IT</option>'
    lacks 'Choose a service</option>'
    lacks 'role="alert"'
    lacks 'aria-invalid'
    lacks 'field__error'
    finish_case
fi

# Defaults when the module sends no values: the service's default, nothing chosen.
sed -e '/<values /,/\/>/d' -e 's/ selected="true"/ selected="false"/' "$fixtures/ticket-new.xml" >"$work/ticket-new-bare.xml"
if render ticket-new-bare ticket-new.xsl "$work/ticket-new-bare.xml"; then
    common 'Log a ticket — IT Helpdesk'
    new_ticket_form
    tag_has input 'name="shared"' 'value=""' 'checked'
    tag_lacks input 'name="kind"' 'checked'
    has '<option value="" selected>Choose a service</option>'
    finish_case
fi

# A request with values kept (including a hostile one).
sed -e 's/kind="incident"/kind="request"/' \
    -e 's/summary=""/summary="Need a \&quot;2nd\&quot; screen \&lt;b\&gt;now\&lt;\/b\&gt;"/' \
    "$fixtures/ticket-new.xml" >"$work/ticket-new-request.xml"
if render ticket-new-request ticket-new.xsl "$work/ticket-new-request.xml"; then
    tag_has input 'name="kind"' 'value="request"' 'checked'
    tag_lacks input 'name="kind"' 'value="incident"' 'checked'
    # (libxml2 quotes a value holding " with ' instead.)
    tag_has input 'name="summary"' "value='Need a \"2nd\" screen &lt;b&gt;now&lt;/b&gt;'"
    lacks '<b>now'
    finish_case
fi

if render ticket-new-errors ticket-new.xsl "$fixtures/ticket-new-errors.xml"; then
    common 'Error: Log a ticket — IT Helpdesk'
    ticket_page
    new_ticket_form
    has '<input type="hidden" name="csrf" value="tok-new-456">'
    # The error summary at the top, before the form, linking to the fields.
    has_re '<div class="error-summary" role="alert"'
    has 'There is a problem'
    in_order 'class="error-summary"' '<form class="form'
    field_error f- on_behalf 'There is no one with the login “xyz” in the directory.'
    field_error f- service 'Choose a service from the list.'
    field_error f- summary 'Enter a summary.'
    field_error f- first_note 'The first note must be 20000 characters or fewer.'
    # The files are not kept by any browser: the form says to choose them again.
    field_error f- file 'Your files were not kept because of the problems above: choose the files again before you submit.'
    tag_has input 'name="description"' 'value="Screenshot of the &lt;error&gt;"'
    # The radio group: the message in the fieldset, which points to it.
    has '<a href="#f-kind">Choose Incident or Request.</a>'
    has_re '<fieldset[^>]*aria-describedby="f-kind-error"'
    has_re '<p class="field__error" id="f-kind-error">(<[^>]*>|[^<])*Choose Incident or Request.'
    tag_lacks input 'name="kind"' 'checked'
    # Fields without an error are left alone.
    tag_lacks textarea 'name="details"' 'aria-invalid'
    tag_lacks select 'name="team"' 'aria-invalid'
    # Values kept, escaped.
    tag_has input 'name="on_behalf"' 'value="xyz"'
    has 'The scanner on floor 2 &lt;b&gt;jams&lt;/b&gt; &amp; beeps.'
    has 'Second line.</textarea>'
    has 'I am in on Tuesday "afternoon".</textarea>'
    lacks '<b>jams'
    has '<option value="NET" selected>Networks</option>'
    has '<option value="" selected>Choose a service</option>'
    tag_has input 'name="shared"' 'value="0"' 'checked'
    tag_lacks input 'name="shared"' 'value=""' 'checked'
    finish_case
fi

# An expired form: the message is about no field; it links to the form.
sed -e '/<error field="[a-z_]*" message="[^"]*"\/>$/d' \
    -e 's|<errors json="array">|<errors json="array"><error field="csrf" message="This form has expired. Check it and submit again."/>|' \
    "$fixtures/ticket-new-errors.xml" >"$work/ticket-new-expired.xml"
if render ticket-new-expired ticket-new.xsl "$work/ticket-new-expired.xml"; then
    common 'Error: Log a ticket — IT Helpdesk'
    has '<a href="#ticket-form">This form has expired. Check it and submit again.</a>'
    count_is 1 '<li><a href="#'
    lacks 'aria-invalid'
    tag_has input 'name="on_behalf"' 'value="xyz"'
    finish_case
fi

# ---------------------------------------------------------------- one ticket
if render ticket ticket.xsl "$fixtures/ticket.xml"; then
    common 'HD-1042: Printer on floor 2 jams on every job — IT Helpdesk'
    ticket_page
    has_re '<h1 class="page-title[^"]*">Printer on floor 2 jams on every job</h1>'
    has '>HD-1042</span>'
    has 'Incident'
    # Status: name, explanation, reason.
    has '<span class="badge badge--pending">Pending Closure</span>'
    has 'A solution has been given. The ticket closes unless you reply.'
    has 'We replaced the fuser unit. Please check that printing works again.'
    # The solution.
    has_re '<h2[^>]*id="solution-title"[^>]*>Solution</h2>'
    has 'The fuser unit was worn out and has been <strong>replaced</strong>.<br>Test pages print correctly.'
    # Formatted text as HTML elements.
    has '<p>The printer by the nurses'"'"' station (floor 2) jams on every job since this morning.<br>It shows <code>E-204 PAPER JAM</code> even with the tray empty.</p>'
    has '<ul><li>Tried switching it off and on</li><li>Tried another paper pack</li></ul>'
    has '<strong>PSY-PR-0217</strong>'
    has '<a href="https://support.example.com/printers/e204?lang=en&amp;model=x" rel="nofollow noopener">https://support.example.com/printers/e204</a>'
    has '<a href="https://intranet.example.org/assets" rel="nofollow noopener">'
    # (libxml2 writes a " in an href as %22.)
    has '<a href="https://intranet.example.org/search?q=%3Cb%3E&amp;x=%22y%22" rel="nofollow noopener">https://intranet.example.org/search?q=&lt;b&gt;&amp;x="y"</a>'
    # A hostile link is text, not a link; other elements give their text only.
    has 'See our asset guide or'
    lacks_re '<a[^>]*>our asset guide'
    lacks 'onclick'
    lacks 'steal()'
    lacks 'class="x"'
    lacks '<img src="x"'
    has 'Thanks, alert(1)Tina'
    has 'It is <strong>PSY-PR-0217</strong> &lt;b&gt;not bold&lt;/b&gt; &amp; thanks.'
    # Activity in document order, with author and time.
    count_is 7 '<li class="timeline__item'
    in_order 'timeline__item--created' 'Bob Baker' '<time datetime="2026-11-24T09:00:00">24 Nov 2026, 09:00</time>' 'Logged on behalf of Alice Archer.' \
             'timeline__item--status' 'Tina Turner' 'changed the status to <strong>In Progress</strong>' '<time datetime="2026-11-24T09:20:00">' \
             'timeline__item--comment' 'Tina Turner' '<time datetime="2026-11-24T10:05:00">24 Nov 2026, 10:05</time>' 'could you confirm' \
             'timeline__item--comment' 'Alice Archer' '(you)' '<time datetime="2026-11-24T10:30:00">' 'not bold' \
             'timeline__item--attached' 'Alice Archer' 'attached files' '<time datetime="2026-11-24T11:02:00">' \
             'timeline__item--update' 'Tina Turner' 'replied' '<time datetime="2026-11-24T14:10:00">' 'Engineer on site' \
             'timeline__item--status' 'changed the status to <strong>Pending Closure</strong>' '<time datetime="2026-11-24T15:45:00">' 'Fuser unit replaced.'
    has 'id="activity"'
    # The attached entry's files: the checked image inline (bounded by the
    # stylesheet, its description as alt), the PDF a link with its size.
    count_is 1 '<ul class="timeline__files">'
    has '<img class="timeline__image" src="/helpdesk/tickets/HD-1042/attachments/31" loading="lazy" alt="The display showing E-204 &amp; the tray">'
    lacks_re '<img[^>]*attachments/32'
    has '<a class="timeline__file-link" href="/helpdesk/tickets/HD-1042/attachments/32?download=1" download="test page.pdf">test page.pdf</a> <span class="muted">(1.0 MB)</span>'
    in_order 'timeline__item--attached' 'timeline__image' 'timeline__file-link' 'timeline__item--update'
    # And the ticket's own list of files.
    has_re '<section[^>]*id="attachments"'
    has '>jam-display.png</a>'
    # Comment form: POST to the given URL with the csrf token.
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/HD-1042/comment"'
    in_order 'action="/helpdesk/tickets/HD-1042/comment"' '<input type="hidden" name="csrf" value="tok-ticket-789">' 'name="body"' '</form>'
    labelled 'Add a comment' body
    tag_has textarea 'name="body"' 'required' 'maxlength="20000"'
    has_re '<button type="submit"[^>]*>Add comment</button>'
    # Resolve and cancel: links to the confirmation steps.
    has_re '<a [^>]*href="/helpdesk/tickets/HD-1042/resolve"[^>]*>Resolve ticket</a>'
    has_re '<a [^>]*href="/helpdesk/tickets/HD-1042/cancel"[^>]*>Cancel ticket</a>'
    # Facts.
    has '<dt>Call type</dt><dd>Standard</dd>'
    has '<dt>Service type / team</dt><dd>psyIT — Psychiatry IT</dd>'
    has '<dt>Priority</dt><dd>Medium</dd>'
    has '<dt>Logged by</dt><dd>Bob Baker</dd>'
    has '<a href="mailto:alice@example.org">alice@example.org</a>'
    has '<dt>Assigned to</dt><dd>Tina Turner</dd>'
    lacks 'has been logged'
    lacks 'role="alert"'
    lacks 'cannot be reopened'
    finish_case
fi

if render ticket-created ticket.xsl "$fixtures/ticket-created.xml"; then
    common 'HD-1043: Access to the shared drive for the new ward — IT Helpdesk'
    ticket_page
    has_text 'Ticket HD-1043 has been logged. Please quote this number if you contact the service desk.'
    has 'Please quote this number'
    has '<strong class="created-notice__ref">HD-1043</strong>'
    in_order 'class="created-notice"' '<h1'
    has '<span class="badge badge--open">Waiting for Support</span>'
    has 'Your ticket is logged and waiting for the service desk to pick it up.'
    lacks 'status-panel__reason'
    lacks 'id="solution-title"'
    has '<code>\\psy-fs01\ward7</code>'
    has '<dt>Shared</dt><dd>No, private</dd>'
    has '<dd><span class="muted">Not assigned yet</span></dd>'
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/HD-1043/comment"'
    has '<input type="hidden" name="csrf" value="tok-ticket-1043">'
    finish_case
fi

if render ticket-cancelled ticket.xsl "$fixtures/ticket-cancelled.xml"; then
    common 'HD-1027: Second printer tray — IT Helpdesk'
    ticket_page
    has '<span class="badge badge--cancelled">Cancelled</span>'
    has 'This ticket was cancelled and cannot be reopened. Log a new ticket instead.'
    has_re '<a [^>]*href="/helpdesk/tickets/new"[^>]*>Log a new ticket</a>'
    has 'cancelled the ticket'
    lacks '/comment"'
    lacks 'name="body"'
    count_is 1 'name="csrf"'   # only the header's Log out form has a token
    lacks '/resolve"'
    lacks '/cancel"'
    count_is 1 '<form'
    finish_case
fi

# A closed ticket: commenting reopens it; no resolve or cancel.
sed -e 's/status="pending_closure" status-name="Pending Closure" category="pending"/status="closed" status-name="Closed" category="closed"/' \
    -e 's/can-resolve="true" can-cancel="true"/can-resolve="false" can-cancel="false"/' \
    "$fixtures/ticket.xml" >"$work/ticket-closed.xml"
if render ticket-closed ticket.xsl "$work/ticket-closed.xml"; then
    common 'HD-1042: Printer on floor 2 jams on every job — IT Helpdesk'
    has '<span class="badge badge--closed">Closed</span>'
    has 'Adding a comment reopens it.'
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/HD-1042/comment"'
    lacks 'Resolve ticket'
    lacks 'Cancel ticket'
    finish_case
fi

# Someone who may see but not act (no <actions>): no forms, no token.
sed -e '/<actions /,/\/>/d' "$fixtures/ticket.xml" >"$work/ticket-readonly.xml"
if render ticket-readonly ticket.xsl "$work/ticket-readonly.xml"; then
    common 'HD-1042: Printer on floor 2 jams on every job — IT Helpdesk'
    count_is 1 'name="csrf"'   # only the header's Log out form has a token
    lacks 'name="body"'
    lacks '/resolve"'
    lacks '/cancel"'
    has 'Only the person the ticket is for and the person who logged it can comment on it.'
    count_is 1 '<form'
    finish_case
fi

if render ticket-comment-error ticket.xsl "$fixtures/ticket-comment-error.xml"; then
    common 'Error: HD-1042: Printer on floor 2 jams on every job — IT Helpdesk'
    ticket_page
    has_re '<div class="error-summary" role="alert"'
    field_error c- body 'The comment must be 20000 characters or fewer.'
    has 'The tag is PSY-PR-0217 &lt;i&gt;really&lt;/i&gt; &amp; more…</textarea>'
    lacks '<i>really'
    has '<span class="badge badge--pending">Waiting for Client Response</span>'
    has 'The service desk is waiting for your reply. Add a comment to answer.'
    has "Please confirm the printer's asset tag."
    has_re '<a [^>]*href="#c-body"[^>]*>Reply</a>'
    in_order '<input type="hidden" name="csrf" value="tok-ticket-789">' 'name="body"'
    finish_case
fi

sed -e 's/field="body" message="[^"]*"/field="csrf" message="This form has expired. Check it and submit again."/' \
    "$fixtures/ticket-comment-error.xml" >"$work/ticket-comment-expired.xml"
if render ticket-comment-expired ticket.xsl "$work/ticket-comment-expired.xml"; then
    has '<a href="#add-comment">This form has expired. Check it and submit again.</a>'
    lacks 'aria-invalid'
    has 'The tag is PSY-PR-0217 &lt;i&gt;really&lt;/i&gt; &amp; more…</textarea>'
    finish_case
fi

# Confirmation steps: "Yes, …" posts with the token; "No, go back" links back.
if render ticket-confirm-resolve ticket.xsl "$fixtures/ticket-confirm-resolve.xml"; then
    common 'Resolve this issue? — IT Helpdesk'
    ticket_page
    has_re '<h1[^>]*>Resolve this issue\?</h1>'
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/HD-1042/resolve"'
    in_order 'action="/helpdesk/tickets/HD-1042/resolve"' '<input type="hidden" name="csrf" value="tok-resolve-789">' 'name="solution"' 'Yes, resolve it</button>' '</form>'
    labelled 'How was it resolved? (optional)' solution
    tag_lacks textarea 'name="solution"' 'required'
    has_re '<button type="submit"[^>]*>Yes, resolve it</button>'
    has_re '<a [^>]*href="/helpdesk/tickets/HD-1042"[^>]*>No, go back</a>'
    has 'HD-1042'
    has 'Printer on floor 2 jams on every job'
    lacks 'name="body"'
    lacks 'Yes, cancel it'
    count_is 2 '<form'
    finish_case
fi

if render ticket-confirm-cancel ticket.xsl "$fixtures/ticket-confirm-cancel.xml"; then
    common 'Cancel this incident? — IT Helpdesk'
    ticket_page
    has_text 'Cancel this incident? This cannot be undone.'
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/HD-1042/cancel"'
    in_order 'action="/helpdesk/tickets/HD-1042/cancel"' '<input type="hidden" name="csrf" value="tok-cancel-789">' 'Yes, cancel it</button>' '</form>'
    has_re '<button type="submit"[^>]*>Yes, cancel it</button>'
    has_re '<a [^>]*href="/helpdesk/tickets/HD-1042"[^>]*>No, go back</a>'
    lacks 'name="solution"'
    lacks 'name="body"'
    lacks 'Yes, resolve it'
    count_is 2 '<form'
    finish_case
fi

# A confirmation step the user may not take: no form, a way back.
sed -e '/<actions /,/\/>/d' "$fixtures/ticket-confirm-cancel.xml" >"$work/ticket-confirm-denied.xml"
if render ticket-confirm-denied ticket.xsl "$work/ticket-confirm-denied.xml"; then
    common 'Cancel this incident? — IT Helpdesk'
    lacks 'Yes, cancel it'
    count_is 1 'name="csrf"'   # only the header's Log out form has a token
    has_re '<a [^>]*href="/helpdesk/tickets/HD-1042"[^>]*>Go back to the ticket</a>'
    finish_case
fi

# A request is called a request when it is cancelled.
sed -e '0,/ kind="incident"/s// kind="request"/' "$fixtures/ticket-confirm-cancel.xml" >"$work/ticket-confirm-request.xml"
if render ticket-confirm-request ticket.xsl "$work/ticket-confirm-request.xml"; then
    common 'Cancel this request? — IT Helpdesk'
    has_text 'Cancel this request? This cannot be undone.'
    lacks 'Cancel this incident?'
    finish_case
fi

# ---------------------------------------------------------------- FAQ
# desk_page - checks shared by the desk's content pages: the Desk section,
# the Manage tabs with this one current.
desk_page() {
    logged_in
    has_re '<a class="primary-nav__link" href="/helpdesk/desk" aria-current="page">Desk</a>'
    has_re '<a class="primary-nav__link" href="/helpdesk/faq">FAQ</a>'
    has_re '<nav class="manage-nav" aria-label="Manage">'
    has_re "<a class=\"manage-nav__link\" href=\"/helpdesk/desk/$1\" aria-current=\"page\">"
    count_is 1 'aria-current="page">'"$2"'</a>'
    has '<a href="/helpdesk/desk">Service desk</a>'
    lacks 'json='
    all_labelled
    refs_resolve
}

if render faq faq.xsl "$fixtures/faq.xml"; then
    common 'Frequently asked questions — IT Helpdesk'
    logged_in
    has_re '<a class="primary-nav__link" href="/helpdesk/faq" aria-current="page">FAQ</a>'
    has_re '<form class="faq-search" method="get" action="/helpdesk/faq" role="search"'
    labelled 'Search the questions and answers' q
    lacks 'name="category"'
    # Every category to narrow by, "All" current.
    has '<a class="faq-topics__link" href="/helpdesk/faq" aria-current="page">All</a>'
    has '<a class="faq-topics__link" href="/helpdesk/faq?category=Passwords+%26+logins">Passwords &amp; logins</a>'
    # Questions by category, each answer under its question.
    in_order '<h2 class="faq-category__title" id="faq-cat-1">Passwords &amp; logins</h2>' \
             '<summary class="faq-entry__question">I have forgotten my password. How do I reset it?</summary>' \
             '<summary class="faq-entry__question">How often do I change my password?</summary>' \
             '>Printing</h2>' '<summary class="faq-entry__question">How does follow-me printing work?</summary>'
    count_is 3 '<details class="faq-entry"'
    lacks '<details class="faq-entry" id="faq-1" open'
    # Simple formatting, escaped.
    has 'on the sign-in page &lt;of any&gt; trust computer.'
    has '<ul><li>at least <strong>12</strong> characters</li><li>not used elsewhere</li></ul>'
    has '<a href="https://intranet.example.org/passwords" rel="nofollow noopener">'
    lacks 'role="status"'
    all_labelled
    refs_resolve
    lacks 'json='
    finish_case
fi

# A search in one category: its words kept, the category kept with it,
# the answers open, how many matched said.
sed -e 's|<faq q="" category=""|<faq q="reset \&lt;b\&gt;" category="Passwords \&amp; logins"|' \
    -e 's|current="false"/>|current="true"/>|' \
    -e '/<category name="Printing">/,/<\/category>/d' \
    "$fixtures/faq.xml" >"$work/faq-search.xml"
if render faq-search faq.xsl "$work/faq-search.xml"; then
    common 'Frequently asked questions — IT Helpdesk'
    tag_has input 'name="q"' 'value="reset &lt;b&gt;"'
    has '<input type="hidden" name="category" value="Passwords &amp; logins">'
    tag_lacks a 'class="faq-topics__link" href="/helpdesk/faq"' 'aria-current'
    has_re 'aria-current="page">Passwords &amp; logins</a>'
    has_text '2 questions match “reset &lt;b&gt;” in Passwords &amp; logins.'
    count_is 2 '<details class="faq-entry" id="faq-'
    has '<details class="faq-entry" id="faq-1" open="">'
    has '<details class="faq-entry" id="faq-2" open="">'
    lacks '<b>'
    finish_case
fi

sed -e 's|<faq q="" category=""|<faq q="zeppelin" category=""|' \
    -e '/<categories json="array">/,/<\/categories>/c\    <categories json="array"/>' \
    "$fixtures/faq.xml" >"$work/faq-none.xml"
if render faq-none faq.xsl "$work/faq-none.xml"; then
    common 'Frequently asked questions — IT Helpdesk'
    has_text 'No question matches “zeppelin”.'
    lacks '<details'
    lacks 'There are no questions here yet.'
    finish_case
fi

# ---------------------------------------------------------------- the desk's news
if render desk-news desk-news.xsl "$fixtures/desk-news.xml"; then
    common 'News — IT Helpdesk'
    desk_page news News
    has 'News item added.'
    has_re '<form class="form" id="news-form" method="post" action="/helpdesk/desk/news">'
    in_order 'id="news-form"' '<input type="hidden" name="csrf" value="tok-news-new">' 'name="title"' '</form>'
    labelled Title title
    labelled Text body
    labelled 'Publish at (optional)' publish_at
    labelled 'Expires at (optional)' expires_at
    tag_has input 'name="title"' 'maxlength="200"' 'required'
    has_re '<button type="submit" class="button button--primary">Publish</button>'
    lacks 'Save changes'
    lacks 'role="alert"'
    # Every item with its state in words.
    count_is 4 '<li class="content-item"'
    in_order 'Desk phones restart tomorrow evening' '>Scheduled</span>' 'Publishes <time datetime="2026-12-02T08:00:00">2 Dec 2026, 08:00</time>' \
             'phishing' '>Published</span>' \
             'Follow-me printing' '>Published</span>' ', no end' \
             'bank holiday' '>Expired</span>' 'expired <time datetime="2026-11-18T22:31:01">'
    has 'class="badge badge--scheduled"'
    has 'class="badge badge--expired"'
    # Escaped, never markup.
    has 'Beware of &lt;b&gt;phishing&lt;/b&gt; &amp; "payslips"'
    lacks '<b>phishing'
    # Edit opens the item's form; delete posts with its own token.
    has '<a class="button button--secondary button--small" href="/helpdesk/desk/news?edit=3#news-form">Edit'
    in_order 'action="/helpdesk/desk/news/3/delete"' '<input type="hidden" name="csrf" value="tok-news-3-delete">' 'Delete<span class="visually-hidden">: Beware of'
    finish_case
fi

if render desk-news-errors desk-news.xsl "$fixtures/desk-news-errors.xml"; then
    common 'Error: News — IT Helpdesk'
    desk_page news News
    has_re '<div class="error-summary" role="alert"'
    field_error n- title 'Enter a title.'
    field_error n- publish_at 'Enter a real date and time as YYYY-MM-DD HH:MM, for example 2026-03-01 18:30.'
    tag_lacks input 'name="expires_at"' 'aria-invalid'
    # What was typed is kept, escaped.
    tag_has input 'name="title"' 'value="   "'
    tag_has input 'name="publish_at"' 'value="2026-02-30 10:00"'
    tag_has input 'name="expires_at"' 'value="2026-01-01 09:00"'
    has 'Tap your badge &lt;b&gt;now&lt;/b&gt; &amp; print.'
    has 'Second line.</textarea>'
    lacks '<b>now'
    # The item's own form: save, cancel back to a new one, delete.
    has 'Change this news item'
    has_re '<form class="form" id="news-form" method="post" action="/helpdesk/desk/news/2/edit">'
    has '<input type="hidden" name="csrf" value="tok-news-2-form">'
    has_re '<button type="submit" class="button button--primary">Save changes</button>'
    has '<a class="button-link" href="/helpdesk/desk/news">Cancel</a>'
    in_order 'action="/helpdesk/desk/news/2/delete"' 'value="tok-news-2-form-delete"' 'Delete this news item<span class="visually-hidden">: Follow-me printing now on every ward</span>'
    lacks 'News item added.'
    finish_case
fi

# An expired form: the message links to the form.
sed -e '/<error field="publish_at"/d' -e 's|<error field="title" message="Enter a title."/>|<error field="csrf" message="This form has expired. Check it and submit again."/>|' \
    "$fixtures/desk-news-errors.xml" >"$work/desk-news-expired.xml"
if render desk-news-expired desk-news.xsl "$work/desk-news-expired.xml"; then
    common 'Error: News — IT Helpdesk'
    has '<a href="#news-form">This form has expired. Check it and submit again.</a>'
    lacks 'aria-invalid'
    tag_has input 'name="publish_at"' 'value="2026-02-30 10:00"'
    finish_case
fi

sed -e '/<item /d' "$fixtures/desk-news.xml" >"$work/desk-news-empty.xml"
if render desk-news-empty desk-news.xsl "$work/desk-news-empty.xml"; then
    common 'News — IT Helpdesk'
    has 'No news yet.'
    lacks '<li class="content-item"'
    finish_case
fi

# ---------------------------------------------------------------- the desk's FAQ
if render desk-faq desk-faq.xsl "$fixtures/desk-faq.xml"; then
    common 'Frequently asked questions — IT Helpdesk'
    desk_page faq FAQ
    has_re '<form class="form" id="faq-form" method="post" action="/helpdesk/desk/faq">'
    in_order 'id="faq-form"' '<input type="hidden" name="csrf" value="tok-faq-new">' 'name="question"' '</form>'
    labelled Question question
    labelled Answer answer
    labelled Category category
    labelled Position sort_order
    tag_has input 'name="question"' 'maxlength="300"' 'required'
    tag_has input 'name="category"' 'maxlength="80"' 'list="q-categories"'
    tag_has input 'name="sort_order"' 'value="40"' 'inputmode="numeric"'
    in_order '<datalist id="q-categories">' '<option value="Passwords and logins">' '<option value="E-mail">' '</datalist>'
    has_re '<button type="submit" class="button button--primary">Add question</button>'
    lacks 'role="status"'
    # By category, the category said once before its first entry.
    count_is 3 '<li class="content-item"'
    count_is 1 '<p class="content-item__group">Passwords and logins</p>'
    in_order '>Passwords and logins</p>' 'I have forgotten my password' 'My account is locked' '>E-mail</p>' 'shared mailbox &lt;to&gt; Outlook'
    has '<span class="visually-hidden">Position </span>20</span>'
    has 'href="/helpdesk/desk/faq?edit=4#faq-form"'
    in_order 'action="/helpdesk/desk/faq/4/delete"' 'value="tok-faq-4-delete"' '</form>'
    finish_case
fi

# The form of entry 2, as it is edited: its values, save, delete.
sed -e 's|<faq-form mode="new" action="/helpdesk/desk/faq" csrf="tok-faq-new">|<faq-form mode="edit" action="/helpdesk/desk/faq/2/edit" csrf="tok-faq-2-form" item-id="2" new-href="/helpdesk/desk/faq" delete-action="/helpdesk/desk/faq/2/delete" delete-csrf="tok-faq-2-form-delete">|' \
    -e 's|<values question="" answer="" category="" sort_order="40"/>|<values question="My account is locked. What do I do?" answer="It unlocks by itself." category="Passwords and logins" sort_order="x"/>|' \
    -e 's|<errors json="array"/>|<errors json="array"><error field="sort_order" message="Enter the position as a whole number, for example 10: smaller numbers come first."/></errors>|' \
    -e '/<desk-faq>/s//<desk-faq done="saved">/' \
    "$fixtures/desk-faq.xml" >"$work/desk-faq-edit.xml"
if render desk-faq-edit desk-faq.xsl "$work/desk-faq-edit.xml"; then
    common 'Error: Frequently asked questions — IT Helpdesk'
    desk_page faq FAQ
    has 'Change this question'
    has_re '<form class="form" id="faq-form" method="post" action="/helpdesk/desk/faq/2/edit">'
    field_error q- sort_order 'Enter the position as a whole number, for example 10: smaller numbers come first.'
    tag_has input 'name="sort_order"' 'value="x"'
    tag_has input 'name="question"' 'value="My account is locked. What do I do?"'
    has 'It unlocks by itself.</textarea>'
    in_order 'action="/helpdesk/desk/faq/2/delete"' 'value="tok-faq-2-form-delete"' 'Delete this question<span class="visually-hidden">: My account is locked. What do I do?</span>'
    has 'Question saved.'
    finish_case
fi

# ---------------------------------------------------------------- the desk's maintenance
if render desk-maintenance desk-maintenance.xsl "$fixtures/desk-maintenance.xml"; then
    common 'Planned maintenance — IT Helpdesk'
    desk_page maintenance 'Planned maintenance'
    has 'Maintenance cancelled: it no longer shows anywhere.'
    has_re '<form class="form" id="maintenance-form" method="post" action="/helpdesk/desk/maintenance">'
    in_order 'id="maintenance-form"' '<input type="hidden" name="csrf" value="tok-maint-new">' 'name="title"' 'name="service"' '</form>'
    labelled Title title
    labelled 'What will happen' body
    labelled Starts starts
    labelled Ends ends
    labelled E-mail service
    labelled Telephony service
    tag_has input 'id="m-service"' 'type="checkbox"' 'value="1"'
    tag_has input 'id="m-service-5"' 'type="checkbox"' 'value="5"'
    lacks 'checked'
    has_re '<legend class="fieldset__legend">Services affected</legend>'
    # Running first, then to come, then done; only those not over can be cancelled.
    in_order 'Core router firmware' '>Running now</span>' 'Telephone system upgrade' '>Upcoming</span>' 'Replacing the core switch &amp; &lt;more&gt;' '>Done</span>'
    count_is 2 'Cancel this maintenance<span'
    in_order 'action="/helpdesk/desk/maintenance/3/cancel"' 'value="tok-maint-3-cancel"' 'Cancel this maintenance<span class="visually-hidden">: Telephone system upgrade</span>'
    lacks '/maintenance/1/cancel'
    has 'Services: <a href="/helpdesk/services/email">E-mail</a>, <a href="/helpdesk/services/telephony">Telephony</a>'
    has '<time datetime="2026-12-03T19:00:00">3 Dec 2026, 19:00</time> to <time datetime="2026-12-03T21:00:00">3 Dec 2026, 21:00</time>'
    finish_case
fi

if render desk-maintenance-errors desk-maintenance.xsl "$fixtures/desk-maintenance-errors.xml"; then
    common 'Error: Planned maintenance — IT Helpdesk'
    desk_page maintenance 'Planned maintenance'
    field_error m- ends 'The work must end after it starts.'
    has '<a href="#m-service">Choose the services from the list.</a>'
    tag_has fieldset 'aria-describedby="m-service-error"'
    has_re '<p class="field__error" id="m-service-error">'
    tag_has input 'name="service"' 'value="5"' 'checked'
    tag_lacks input 'name="service"' 'value="1"' 'checked'
    tag_has input 'name="title"' 'value="Switch &lt;swap&gt;"'
    tag_has input 'name="starts"' 'value="2026-12-05 20:00"'
    tag_has input 'name="ends"' 'value="2026-12-05 19:00"'
    has 'No maintenance planned.'
    finish_case
fi

# ---------------------------------------------------------------- columns
if render ticket-columns ticket-columns.xsl "$fixtures/ticket-columns.xml"; then
    common 'Manage columns — IT Helpdesk'
    ticket_page
    has_re '<form[^>]* method="post" action="/helpdesk/tickets/columns"'
    has '<input type="hidden" name="csrf" value="tok-cols-321">'
    has_re '<fieldset[^>]*>(<[^>]*>)*<legend[^>]*>Columns</legend>'
    while IFS='|' read -r key label; do
        labelled "$label" "show_$key"
        tag_has input "name=\"show_$key\"" 'type="checkbox"' 'value="1"'
        labelled "Position of $label" "pos_$key"
    done <<'EOC'
reference|Reference
summary|Summary
status|Status
service|Service
requester|Requester
created|Created
updated|Last updated
priority|Priority
assignee|Assignee
kind|Type
team|Team
logged_by|Logged by
organisation|Organisation
EOC
    count_is 13 'type="checkbox"'
    count_is 13 '<select'
    count_is 169 '<option'
    tag_has input 'name="show_summary"' 'checked'
    tag_lacks input 'name="show_created"' 'checked'
    has_re '<select[^>]*name="pos_summary"[^>]*>(<option value="[0-9]+">[0-9]+</option>)*<option value="3" selected>3</option>'
    has_re '<select[^>]*name="pos_organisation"[^>]*>(<option value="[0-9]+">[0-9]+</option>)*<option value="13" selected>13</option></select>'
    # Listed in position order.
    in_order '>Reference</label>' '>Status</label>' '>Summary</label>' '>Service</label>' '>Requester</label>' \
             '>Priority</label>' '>Last updated</label>' '>Created</label>' '>Assignee</label>' '>Organisation</label>'
    has_re '<button type="submit"[^>]*>Save columns</button>'
    has '<input type="hidden" name="reset" value="1">'
    has_re '<button type="submit"[^>]*>Reset to default</button>'
    lacks 'role="alert"'
    finish_case
fi

sed -e 's|</columns-form>|<errors json="array"><error message="Choose at least one column."/></errors></columns-form>|' \
    -e 's/shown="true"/shown="false"/g' "$fixtures/ticket-columns.xml" >"$work/ticket-columns-error.xml"
if render ticket-columns-error ticket-columns.xsl "$work/ticket-columns-error.xml"; then
    common 'Error: Manage columns — IT Helpdesk'
    has_re '<div class="error-summary" role="alert"'
    has '<a href="#show-reference">Choose at least one column.</a>'
    has_re '<fieldset[^>]*aria-describedby="columns-error"'
    has_re 'id="columns-error">(<[^>]*>|[^<])*Choose at least one column.'
    lacks 'checked'
    finish_case
fi

# ---------------------------------------------------------------- the account page
if render account account.xsl "$fixtures/account.xml"; then
    common 'Your account — IT Helpdesk'
    logged_in
    has 'aria-current="page">Account</a>'
    has_text 'Name Alice Archer'
    has_text 'Login alice'
    has_text 'E-mail alice@example.org'
    has_text 'Organisation Psychiatry'
    has_text 'Role Staff'
    # Contact details as the directory has them, in their form.
    has_re '<form class="form" id="contact-form" method="post" action="/helpdesk/account/contact">'
    has '<input type="hidden" name="csrf" value="tok-account-contact">'
    labelled 'Telephone' phone
    labelled 'Mobile' mobile
    labelled 'Office or room' room
    tag_has input 'name="phone"' 'value="+44 20 7946 0101"' 'type="tel"'
    tag_has input 'name="room"' 'value="Ward 3 &lt;east&gt;"'
    # The e-mail address and the form asking for a new one; the password.
    has_text 'The help desk writes to alice@example.org'
    labelled 'New e-mail address' mail
    has '<input type="hidden" name="csrf" value="tok-account-mail">'
    has '<a href="/helpdesk/account/password">Change your password</a>'
    lacks 'id="saved"'
    all_labelled
    refs_resolve
    # The token just made, once, escaped; it will not be shown again.
    has '<code class="token">hdt_7_c9nsvax9TgGO6h_krRNqC6J1c1nmURUPfhDC8kJEpQU</code>'
    has_text 'Copy it now: it will not be shown again.'
    has 'Desktop agent &lt;PC-0042&gt; &amp; co'
    lacks '<PC-0042>'
    col_headers 'Name' 'Created' 'Last used'
    has '<th scope="col"><span class="visually-hidden">Action</span></th>'
    has_text 'Never'
    has_text '2026-12-01 08:59:00'
    # Live tokens have their revoke form; a revoked one says when.
    in_order 'action="/helpdesk/account/tokens/7/revoke"' '<input type="hidden" name="csrf" value="tok-revoke-7">' 'Revoke<span class="visually-hidden"> Desktop agent'
    in_order 'action="/helpdesk/account/tokens/5/revoke"' 'value="tok-revoke-5"' 'Revoke<span class="visually-hidden"> Backup script'
    has_text 'Revoked 2026-11-01 12:00:00'
    lacks '/tokens/3/revoke'
    # The form making one.
    has_re '<form class="form" id="token-form" method="post" action="/helpdesk/account/tokens">'
    has '<input type="hidden" name="csrf" value="tok-account-tokens">'
    labelled 'Name of a new token' name
    has_re '<button type="submit" class="button button--primary">Create token</button>'
    lacks 'role="alert"'
    finish_case
fi

# Refused: no name; the error beside the field, the list still there.
sed -e '/<new-token /d' \
    -e 's|<api-tokens action="/helpdesk/account/tokens" csrf="tok-account-tokens">|<api-tokens action="/helpdesk/account/tokens" csrf="tok-account-tokens" name="   ">|' \
    -e 's|</list>|</list><errors json="array"><error field="name" message="Give the token a name, so you know later which program holds it."/></errors>|' \
    "$fixtures/account.xml" >"$work/account-errors.xml"
if render account-errors account.xsl "$work/account-errors.xml"; then
    common 'Error: Your account — IT Helpdesk'
    has_re '<div class="error-summary" role="alert"'
    field_error t- name 'Give the token a name, so you know later which program holds it.'
    tag_has input 'name="name"' 'value="   "'
    lacks '<code class="token">'
    finish_case
fi

# A bad phone: the message beside it, every value as typed.
sed -e '/<new-token /d' \
    -e 's|phone="+44 20 7946 0101" mobile="07700 900123"|phone="call me" mobile="07700 900123"|' \
    -e 's|room="Ward 3 &lt;east&gt;"/>|room="Ward 3 \&lt;east\&gt;"><errors json="array"><error field="phone" message="Enter the telephone number with digits, and only spaces and + ( ) - . / between them, like +44 20 7946 0101."/></errors></contact>|' \
    "$fixtures/account.xml" >"$work/account-contact-errors.xml"
if render account-contact-errors account.xsl "$work/account-contact-errors.xml"; then
    common 'Error: Your account — IT Helpdesk'
    field_error c- phone 'Enter the telephone number with digits, and only spaces and + ( ) - . / between them, like +44 20 7946 0101.'
    tag_has input 'name="phone"' 'value="call me"'
    tag_has input 'name="mobile"' 'value="07700 900123"'
    refs_resolve
    finish_case
fi

# A bad address, kept; then a link sent (the notice names the address).
sed -e '/<new-token /d' \
    -e 's|csrf="tok-account-mail" new="" pending="" pending-until=""/>|csrf="tok-account-mail" new="alice at example" pending="" pending-until=""><errors json="array"><error field="mail" message="Enter an e-mail address like name@example.org."/></errors></mail-address>|' \
    "$fixtures/account.xml" >"$work/account-mail-errors.xml"
if render account-mail-errors account.xsl "$work/account-mail-errors.xml"; then
    common 'Error: Your account — IT Helpdesk'
    field_error m- mail 'Enter an e-mail address like name@example.org.'
    tag_has input 'name="mail"' 'value="alice at example"'
    finish_case
fi
sed -e '/<new-token /d' -e 's|<account>|<account saved="mail-link">|' \
    -e 's|pending="" pending-until=""|pending="alice.new@example.net" pending-until="2026-12-02 10:00:00"|' \
    "$fixtures/account.xml" >"$work/account-mail-link.xml"
if render account-mail-link account.xsl "$work/account-mail-link.xml"; then
    common 'Your account — IT Helpdesk'
    has_text 'We have sent a link to alice.new@example.net; your address changes when you follow it.'
    finish_case
fi
sed -e '/<new-token /d' -e 's|<account>|<account saved="password">|' \
    "$fixtures/account.xml" >"$work/account-saved-password.xml"
if render account-saved-password account.xsl "$work/account-saved-password.xml"; then
    has_text 'Your password is changed.'
    finish_case
fi

# ---------------------------------------------------------------- changing the password
if render account-password account-password.xsl "$fixtures/account-password.xml"; then
    common 'Change your password — IT Helpdesk'
    logged_in
    has 'aria-current="page">Account</a>'
    has_re '<form class="form" id="password-form" method="post" action="/helpdesk/account/password">'
    has '<input type="hidden" name="csrf" value="tok-account-password">'
    labelled 'Current password' current
    labelled 'New password' new
    labelled 'New password again' again
    count_is 3 'type="password"'
    lacks_re 'type="password"[^>]*value='
    has '<a class="button button--secondary" href="/helpdesk/account">Cancel</a>'
    lacks 'temporary password'
    all_labelled
    refs_resolve
    finish_case
fi
sed -e 's|must-change="false" account="/helpdesk/account"/>|must-change="false" account="/helpdesk/account"><errors json="array"><error field="again" message="The two new passwords are not the same: type the new one twice."/></errors></account-password>|' \
    "$fixtures/account-password.xml" >"$work/account-password-errors.xml"
if render account-password-errors account-password.xsl "$work/account-password-errors.xml"; then
    common 'Error: Change your password — IT Helpdesk'
    field_error pw- again 'The two new passwords are not the same: type the new one twice.'
    finish_case
fi
# A temporary password: why, and no way out but Log out.
sed -e 's|must-change="false"|must-change="true"|' \
    "$fixtures/account-password.xml" >"$work/account-password-must.xml"
if render account-password-must account-password.xsl "$work/account-password-must.xml"; then
    common 'Choose your own password — IT Helpdesk'
    has_text 'You logged in with a temporary password; choose your own to continue.'
    lacks 'aria-label="Primary"'
    has_re '<button type="submit"[^>]*>Log out</button>'
    lacks '>Cancel</a>'
    labelled 'Temporary password' current
    finish_case
fi

# Just revoked, and no token left.
sed -e '/<new-token /d' -e '/<api-token /d' \
    -e 's|csrf="tok-account-tokens">|csrf="tok-account-tokens" revoked="7">|' \
    "$fixtures/account.xml" >"$work/account-revoked.xml"
if render account-revoked account.xsl "$work/account-revoked.xml"; then
    common 'Your account — IT Helpdesk'
    has_text 'The token is revoked: programs using it can no longer sign in.'
    has_text 'You have no API tokens.'
    lacks '<table'
    finish_case
fi

# ---------------------------------------------------------------- forgotten passwords, supervisors' logins
if render password-forgot password-forgot.xsl "$fixtures/password-forgot.xml"; then
    common 'Forgot your password? — IT Helpdesk'
    logged_out
    has_text 'If what you gave belongs to an account with an e-mail address, a temporary password is on its way to that address. It works for 24 hours'
    has_re '<form class="form" method="post" action="/helpdesk/password/forgot">'
    has '<input type="hidden" name="csrf" value="tok-password-forgot">'
    has '<label class="field__label" for="forgot-who">E-mail address, user name or login</label>'
    has 'href="/helpdesk/login"'
    finish_case
fi
sed -e 's|sent="true"|sent="false"|' -e 's|problem="none"|problem="blank"|' -e 's|who=""|who="   "|' \
    "$fixtures/password-forgot.xml" >"$work/password-forgot-blank.xml"
if render password-forgot-blank password-forgot.xsl "$work/password-forgot-blank.xml"; then
    common 'Error: Forgot your password? — IT Helpdesk'
    has_text 'There is a problem'
    has '<a href="#forgot-who">Enter your e-mail address, user name or login.</a>'
    has 'aria-describedby="forgot-who-error"'
    lacks 'a temporary password is on its way'
    finish_case
fi

if render logins logins.xsl "$fixtures/logins.xml"; then
    common 'Logins of Psychiatry — IT Helpdesk'
    logged_in
    has 'aria-current="page">Logins</a>'
    in_order '<a href="/helpdesk/logins/alice">Alice Archer</a>' '<a href="/helpdesk/logins/bob">Bob Baker</a>' 'Nora &lt;No&gt; Mail' '<a href="/helpdesk/logins/sam">Sam Shaw</a>'
    has '<a href="mailto:bob@example.org">bob@example.org</a>'
    has_text 'No e-mail address'
    has_text 'Last login: when the person last logged in'
    lacks '<No>'
    finish_case
fi

if render login-detail login-detail.xsl "$fixtures/login-detail.xml"; then
    common 'Bob Baker — IT Helpdesk'
    logged_in
    has 'aria-current="page">Logins</a>'
    has '<a href="/helpdesk/logins">Logins of Psychiatry</a>'
    in_order 'action="/helpdesk/logins/bob/reset"' '<input type="hidden" name="csrf" value="tok-login-detail">' 'Reset password</button>'
    has_text 'Temporary passwords sent'
    has_text 'by sam'
    finish_case
fi
sed -e '/<reset-form /d' -e 's|mail="bob@example.org"|mail=""|' -e 's|has-mail="true"|has-mail="false"|' \
    -e 's|problem=""|problem="no-mail"|' "$fixtures/login-detail.xml" >"$work/login-detail-no-mail.xml"
if render login-detail-no-mail login-detail.xsl "$work/login-detail-no-mail.xml"; then
    common 'Bob Baker — IT Helpdesk'
    has_text 'has no e-mail address the portal can write to, so no temporary password can be sent. Nothing was changed.'
    has_text 'has no e-mail address in the staff directory, so the portal cannot send a temporary password'
    lacks 'Reset password</button>'
    finish_case
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
