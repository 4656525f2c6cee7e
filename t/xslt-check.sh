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
    local id
    id=$(grep -oE "<label[^>]*for=\"[^\"]+\"[^>]*>$1</label>" "$html" \
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

# ---------------------------------------------------------------- today
if render today today.xsl "$fixtures/today.xml"; then
    common 'Today — IT Helpdesk'
    logged_in
    has_re '<a [^>]*href="/helpdesk/"[^>]*aria-current="page"[^>]*>Today</a>'
    has 'Welcome, Alice Archer'
    has 'Alice Archer'
    has 'Psychiatry'
    has 'Your details'
    has '<dt>Name</dt><dd>Alice Archer</dd>'
    has '<dt>Organisation</dt><dd>Psychiatry</dd>'
    has '<a href="mailto:alice@example.org">alice@example.org</a>'
    has '<a href="tel:+442079460101">+44 20 7946 0101</a>'
    has '<dt>Role</dt><dd>Staff</dd>'
    has 'Service status'
    has '1 service impacted, 1 down'
    has 'Electronic Patient Record'
    has 'Searches are slow since 08:40; engineers are working on it.'
    has '>Up</span>'
    has '>Impacted</span>'
    has '>Down</span>'
    has 'class="status status--green"'
    has 'class="status status--amber"'
    has 'class="status status--red"'
    has '<time datetime="2026-11-24T08:00:00">24 Nov 2026, 08:00</time>'
    has 'Your tickets'
    # Data is escaped, never passed through.
    has 'Use the web &amp; mobile apps &lt;on site&gt; meanwhile.'
    lacks '<on site>'
    # Worst first: Down before Impacted before Up.
    if tr -d '\n' <"$html" | grep -qE 'VPN / Remote access.*Electronic Patient Record.*E-mail</h3>'; then pass; else fail "services not ordered red, amber, green"; fi
    # No links to pages that do not exist yet.
    lacks 'href="/helpdesk/tickets'
    lacks 'json='
    finish_case
fi

# All green, a supervisor, empty fields left out, module-chosen title.
sed -e 's/status="amber"/status="green"/; s/status="red"/status="green"/' \
    -e 's/ phone="[^"]*"/ phone=""/; s/ role="staff"/ role="supervisor"/' \
    -e 's/site="IT Helpdesk">/site="IT Helpdesk" title="Good morning">/' \
    "$fixtures/today.xml" >"$work/today-green.xml"
if render today-all-green today.xsl "$work/today-green.xml"; then
    common 'Good morning — IT Helpdesk'
    has 'All services are running normally'
    lacks 'impacted,'
    lacks '<dt>Phone</dt>'
    lacks 'tel:'
    has '<dt>Role</dt><dd>Supervisor</dd>'
    has 'Supervisor'
    finish_case
fi

sed -e 's/ role="staff"/ role="agent"/' -e 's/status="green"/status="red"/g' \
    -e 's/<service id="2"[^>]*>//' "$fixtures/today.xml" >"$work/today-down.xml"
if render today-down today.xsl "$work/today-down.xml"; then
    common 'Today — IT Helpdesk'
    has '4 services down'
    has 'Service desk agent'
    finish_case
fi

# ---------------------------------------------------------------- login
login_form() {
    has_re '<form[^>]* method="post" action="/helpdesk/login/check\?return=%2Fhelpdesk%2F"'
    labelled Login httpd_username
    labelled Password httpd_password
    has_re '<input[^>]*name="httpd_username"[^>]*autocomplete="username"'
    has_re '<input[^>]*name="httpd_username"[^>]*required'
    has_re '<input[^>]*name="httpd_username"[^>]*autofocus'
    has_re '<input[^>]*name="httpd_password"[^>]*type="password"'
    has_re '<input[^>]*name="httpd_password"[^>]*autocomplete="current-password"'
    has_re '<input[^>]*name="httpd_password"[^>]*required'
    has '<input type="hidden" name="httpd_location" value="/helpdesk/">'
    has_re '<button type="submit"[^>]*>Log in</button>'
    has 'Use your organisation (directory) login.'
}

if render login login.xsl "$fixtures/login.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    lacks 'role="alert"'
    lacks 'The login or password is not right'
    lacks 'You have logged out.'
    lacks 'aria-invalid'
    finish_case
fi

if render login-failed login.xsl "$fixtures/login-failed.xml"; then
    common 'Log in — IT Helpdesk'
    logged_out
    login_form
    has 'role="alert"'
    has 'The login or password is not right. Check them and try again.'
    has 'aria-invalid="true"'
    lacks 'You have logged out.'
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
    lacks 'aria-current'
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
    has 'Go to Today'
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

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
