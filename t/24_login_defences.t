# The login form defends itself: guessing passwords gets slower and then
# stops for a while (per account, and per address), the address a person
# is sent back to after logging in is always the portal's own, a login
# form cannot be posted from another site or another browser, and a
# comment written while the session ran out is not lost.
#
# Throttling counts in the database (login_throttle), so it holds across
# nodes; every test comes from 127.0.0.1, so this one clears the table
# before and after itself.  Second nodes (t/lib/HDNode.pm) run with a
# lower address limit or a short maximum delay.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use Digest::SHA qw(sha256_hex);
use HTTP::Request::Common qw(GET POST);
use URI;
use URI::Escape qw(uri_escape);
use Time::HiRes qw(sleep time);

sub sql {
    my ($statement) = @_;
    my $db = db_session();
    my @rows = $db->rows($statement);
    $db->close;
    return @rows;
}
sub clear_throttle { sql('DELETE FROM login_throttle') }
clear_throttle();
END { eval { clear_throttle() } }

# One login as a person makes it: open the login page, type, press Log
# in.  The first answer (a 303 when it worked), redirects not followed.
sub attempt {
    my ($ua, $user, $password) = @_;
    my $page = $ua->get(portal('/helpdesk/login'));
    return no_redirects($ua, sub { submit_login($ua, $page, $user, $password) });
}

sub session_set { grep { /^hdsession=[^;]+/ && !/Max-Age=0\b/i } $_[0]->header('Set-Cookie') }

sub throttle_row {
    my ($key) = @_;
    my ($r) = db_rows("SELECT failures, blocked_until > NOW() FROM login_throttle "
                      . "WHERE throttle_key = '$key'");
    return $r ? { failures => $r->[0], blocked => $r->[1] } : undef;
}

# ---------------------------------------------------------------------
# Throttling
# ---------------------------------------------------------------------

subtest 'five wrong passwords for carol block her account for a while, even with the right one' => sub {
    clear_throttle();
    # Not the capturing browser: each login must be sent exactly once.
    my $ua = browser(capture => 0);
    for my $n (1 .. 5) {
        is attempt($ua, 'carol', "not-it-$n")->code, 401, "wrong password $n: 401";
    }
    my $res = attempt($ua, 'carol', 'not-it-6');
    is $res->code, 429, 'the sixth try: 429 Too Many Requests';
    my $retry = $res->header('Retry-After') // '';
    like $retry, qr/^\d+$/, "with Retry-After ($retry)";
    ok $retry =~ /^\d+$/ && $retry >= 1 && $retry <= 30, 'at most 30 s after the fifth failure';
    my $text = text_of($res, '//main');
    like $text, qr/Too many failed logins/, '"Too many failed logins"';
    like $text, qr/Try again in/, '"Try again in ..."';
    ok !session_set($res), 'no session';

    $res = attempt($ua, 'carol', demo_password());
    is $res->code, 429, 'the right password is refused too while blocked';
    ok !session_set($res), 'no session';
    $res = attempt($ua, ' Carol ', demo_password());
    is $res->code, 429, 'so is " Carol " (the same account)';

    my $row = throttle_row('account:carol');
    ok $row && $row->{blocked}, 'login_throttle: account:carol is blocked';

    my $dave = browser(capture => 0);
    $res = attempt($dave, 'dave', demo_password());
    is $res->code, 303, 'dave, from the same address, logs in';
    is login(browser(), 'dave')->request->uri->path, '/helpdesk/', 'and lands on Today';

    # For the captured-stylesheet pass: the throttled page as the module
    # sends it.
    attempt(browser(), 'carol', demo_password()) if $ENV{HD_CAPTURE_XML};
    clear_throttle();
};

subtest 'a block never lasts for ever, and a good login clears the count' => sub {
    my $node = HDNode->start('quick', HelpdeskLoginMaxDelay => 2);
    local $HDTest::PORTAL = $node->base;
    clear_throttle();
    my $ua = browser(capture => 0);
    attempt($ua, 'bob', "not-it-$_") for 1 .. 5;
    my $res = attempt($ua, 'bob', demo_password());
    is $res->code, 429, 'blocked after five failures';
    my $retry = $res->header('Retry-After') // '';
    ok $retry =~ /^\d+$/ && $retry <= 2, "for at most HelpdeskLoginMaxDelay (2 s): Retry-After $retry";
    sleep(($retry =~ /^\d+$/ ? $retry : 2) + 1.2);
    $res = attempt($ua, 'bob', demo_password());
    is $res->code, 303, 'once it has passed, bob logs in';
    ok scalar(session_set($res)), 'with a session';
    $res = attempt(browser(capture => 0), 'bob', 'not-it-again');
    is $res->code, 401, 'his next mistake is one mistake again (401, not 429)';
    clear_throttle();
    $node->stop;
};

subtest 'many failures from one address block the address, for every account' => sub {
    my $node = HDNode->start('address', HelpdeskLoginAddressFailures => 3);
    local $HDTest::PORTAL = $node->base;
    clear_throttle();
    my $ua = browser(capture => 0);
    is attempt($ua, 'alice', 'not-it')->code, 401, 'alice, wrong password: 401';
    is attempt($ua, 'bob', 'not-it')->code, 401, 'bob, wrong password: 401';
    is attempt(browser(capture => 0), 'tina', demo_password())->code, 303,
        'below the address limit (3), tina logs in';
    is attempt($ua, 'nobody-such', 'not-it')->code, 401, 'an unknown login: 401';
    my $res = attempt(browser(capture => 0), 'dave', demo_password());
    is $res->code, 429, 'now dave, with his right password, is refused: 429';
    like $res->header('Retry-After') // '', qr/^\d+$/, 'with Retry-After';
    like text_of($res, '//main'), qr/Too many failed logins/, '"Too many failed logins"';
    ok !session_set($res), 'no session';
    my $row = throttle_row('address:127.0.0.1');
    ok $row && $row->{blocked}, 'login_throttle: address:127.0.0.1 is blocked';
    clear_throttle();
    $node->stop;
};

# ---------------------------------------------------------------------
# Where a login sends people
# ---------------------------------------------------------------------

my $here = URI->new(portal('/'));

# Where a person is sent after logging in with this return (and these
# other fields), as the browser would resolve it.
sub lands_on {
    my (%fields) = @_;
    my $ua = browser();
    my $page = $ua->get(portal('/helpdesk/login'));
    my $csrf = page_of($page)->findvalue('//form[.//input[@name="password"]]//input[@name="csrf"]/@value');
    my $res = no_redirects($ua, sub {
        $ua->request(POST portal('/helpdesk/login'),
                     [csrf => $csrf, username => 'alice', password => demo_password(), %fields]);
    });
    return ($res, $res->code == 303 ? URI->new_abs($res->header('Location') // '', $here) : undef);
}

# What a return becomes in the login form's hidden field.
sub hidden_return {
    my ($return) = @_;
    my $res = browser()->get(portal('/helpdesk/login?return=' . uri_escape($return)));
    return page_of($res)->findvalue('//form[.//input[@name="password"]]//input[@name="return"]/@value');
}

# Addresses elsewhere, however spelt: each becomes Today.
my @foreign = (
    'https://evil.example/', 'http://evil.example/helpdesk/', '//evil.example',
    '//evil.example/helpdesk/', '///evil.example', '/\\evil.example', '\\\\evil.example',
    '\\/evil.example', '/\\/evil.example', 'javascript:alert(1)', 'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>', '%2F%2Fevil.example', '%2f%2fevil.example/helpdesk/',
    'http:/evil.example', 'http:evil.example', "/\t/evil.example", " //evil.example",
    'https://127.0.0.1@evil.example/', 'evil.example', '/x', '',
);
# Odd paths: each must land on a /helpdesk/ page of the portal's own
# host, with no step up ("..", also as %2e%2e, which browsers resolve).
my @odd = (
    '/helpdesk/../x', '/helpdesk/%2e%2e/x', '/helpdesk/%2E%2E/%2e%2e/x', '/helpdesk/..%2Fx',
    '/helpdesk/./../x', '/helpdesk/tickets/../../x', "/helpdesk/\r\nSet-Cookie: x=1",
    '/%2F/evil.example', '/helpdesk/..\\..\\x',
);

sub safe_portal_path {
    my ($path) = @_;
    return 0 unless defined $path && $path =~ m{^/helpdesk/};
    (my $dots = $path) =~ s/%2e/./gi;
    return !grep { $_ eq '..' || $_ eq '.' } split m{/}, $dots;
}

subtest 'no return address sends anyone off the portal' => sub {
    for my $r (@foreign, @odd) {
        my $foreign = grep { $_ eq $r } @foreign;
        (my $shown = $r) =~ s/([\x00-\x1f])/sprintf '\\x%02x', ord $1/ge;
        my $hidden = hidden_return($r);
        if ($foreign) {
            is $hidden, '/helpdesk/', "login page, return=\"$shown\": the form returns to /helpdesk/";
        }
        else {
            ok safe_portal_path($hidden), "login page, return=\"$shown\": the form returns to a portal page ($hidden)";
        }
        my ($res, $to) = lands_on(return => $r);
        is $res->code, 303, "logging in with return=\"$shown\": 303";
        my $loc = $res->header('Location') // '';
        unlike $loc, qr/[\\\s]/, 'no backslash or white space in Location';
        unlike $loc, qr{^//}, 'not protocol-relative';
        is $to && $to->host_port, $here->host_port, "stays on the portal's host";
        if ($foreign) {
            is $to && $to->path, '/helpdesk/', "lands on /helpdesk/ ($loc)";
        }
        else {
            ok $to && safe_portal_path($to->path), "lands on a portal page ($loc)";
        }
    }
};

subtest 'httpd_location is ignored: only return decides' => sub {
    for my $r ('https://evil.example/', '//evil.example', '/x', '/helpdesk/tickets') {
        my ($res, $to) = lands_on(httpd_location => $r);
        is $to && $to->as_string, portal('/helpdesk/'), "httpd_location=$r alone: Today";
        ($res, $to) = lands_on(httpd_location => $r, return => '/helpdesk/tickets');
        is $to && $to->as_string, portal('/helpdesk/tickets'), "with return=/helpdesk/tickets: the list";
    }
};

subtest 'a return inside the portal is kept, query and all' => sub {
    my $ua = browser();
    my $res = no_redirects($ua, sub { $ua->get(portal('/helpdesk/tickets?view=all&sort=created')) });
    like $res->header('Location') // '',
        qr{/helpdesk/login\?return=(?i:%2Fhelpdesk%2Ftickets%3Fview%3Dall%26sort%3Dcreated)$},
        'the way to the login page remembers the address, urlencoded';
    $res = login($ua, 'alice', undef, '/helpdesk/tickets?view=all&sort=created');
    is $res->request->uri->path_query, '/helpdesk/tickets?view=all&sort=created',
        'after logging in she is on that list';
    my ($r, $to) = lands_on(return => '/helpdesk/tickets/new');
    is $to && $to->as_string, portal('/helpdesk/tickets/new'), 'return=/helpdesk/tickets/new is kept';
};

# ---------------------------------------------------------------------
# Login CSRF: a login form is good only in the browser it was drawn for
# ---------------------------------------------------------------------

sub sessions_of {
    my ($login) = @_;
    return (db_rows("SELECT COUNT(*) FROM sessions WHERE login = '$login'"))[0][0];
}

# A login POST with these fields from this browser, redirects not
# followed.
sub post_login {
    my ($ua, @fields) = @_;
    return no_redirects($ua, sub { $ua->request(POST portal('/helpdesk/login'), \@fields) });
}

sub csrf_of { page_of($_[0])->findvalue('//form[.//input[@name="password"]]//input[@name="csrf"]/@value') }

sub refused_as_expired {
    my ($res, $what) = @_;
    is $res->code, 403, "$what: 403";
    like text_of($res, '//main'), qr/This login form has expired/, '"This login form has expired"';
    ok !session_set($res), 'no session cookie';
}

subtest 'the login page gives the browser a login cookie (hdlogin), once' => sub {
    my $ua = browser();
    my $res = $ua->get(portal('/helpdesk/login'));
    my ($set) = grep { /^hdlogin=/ } $res->header('Set-Cookie');
    ok $set, 'Set-Cookie: hdlogin' or return;
    like $set, qr/^hdlogin=[^;]{16,};/, 'a random value';
    like $set, qr{;\s*Path=/helpdesk/login(?:;|$)}i, 'Path=/helpdesk/login';
    like $set, qr/;\s*HttpOnly\b/i, 'HttpOnly';
    like $set, qr/;\s*SameSite=Strict\b/i, 'SameSite=Strict';
    ok length csrf_of($res), 'and the form a csrf token';
    $res = $ua->get(portal('/helpdesk/login'));
    ok !(grep { /^hdlogin=/ } $res->header('Set-Cookie')), 'a browser that has one is not given another';
};

subtest 'a login POST without a matching form token is refused, and no password is checked' => sub {
    my $before = sessions_of('alice');
    my @who = (username => 'alice', password => demo_password(), return => '/helpdesk/');

    my $ua = browser();
    my $page = $ua->get(portal('/helpdesk/login'));
    refused_as_expired(post_login($ua, @who), 'no csrf');
    refused_as_expired(post_login($ua, @who, csrf => 'x' x 43), 'a made-up csrf');

    my $stranger = browser();   # never saw the login page: no hdlogin cookie
    refused_as_expired(post_login($stranger, @who, csrf => csrf_of($page)),
                       'a real token, but no hdlogin cookie');

    my $other = browser();
    my $theirs = $other->get(portal('/helpdesk/login'));
    refused_as_expired(post_login($ua, @who, csrf => csrf_of($theirs)),
                       "a token made for another browser's cookie");

    is sessions_of('alice'), $before, 'no session was made for alice';

    my $res = post_login($ua, username => 'alice', password => 'not-her-password', return => '/helpdesk/');
    is $res->code, 403, 'a wrong password without a token: 403, not 401 (the directory was not asked)';

    # The refusal is the login form again, with a fresh token.
    $res = post_login($ua, @who);
    $res = submit_login($ua, $res, 'alice');
    is $res->request->uri->path, '/helpdesk/', 'logging in on the refused form works';
    like text_of($res), qr/Alice Archer/, 'Today, hers';
};

# ---------------------------------------------------------------------
# A comment written while the session ended
# ---------------------------------------------------------------------

sub comments_with {
    my ($ua, $ref, $word) = @_;
    my $x = xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$ref"));
    return scalar grep { index($_->textContent, $word) >= 0 }
                  $x->findnodes('/helpdesk/ticket/activity/entry[@kind="comment"]');
}

subtest 'the session ends while alice writes a comment: she logs in and it is posted once' => sub {
    my $ua = browser();
    login($ua, 'alice');
    my $word = new_tag();
    my $ref = log_ticket($ua, summary => "Session ends $word", details => 'Details.');
    my $page = $ua->get(portal("/helpdesk/tickets/$ref"));
    my $form = qq{//main//form[contains(\@action, "/$ref/comment")]};
    ok form_node($page, $form), 'her ticket has a comment box' or return;

    sql("DELETE FROM sessions WHERE token_hash = '" . sha256_hex(session_cookie($ua)) . "'");
    my $comment = "Still broken after the restart $word & more <b>";
    my $res = no_redirects($ua, sub { submit_form($ua, $page, $form, { body => $comment }) });
    is $res->code, 401, 'posting it: 401';
    my $login = form_node($res, '//form[.//input[@name="password"]]');
    ok $login, 'with the login form' or return;
    is $login->getAttribute('action'), '/helpdesk/login', 'that posts to /helpdesk/login';
    is $login->findvalue('.//input[@type="hidden"][@name="return"]/@value'),
        "/helpdesk/tickets/$ref/comment", 'return: the address she posted to';
    my $kept = $login->findvalue('.//input[@type="hidden"][@name="kept"]/@value');
    my %kept = URI->new("?$kept")->query_form;
    is $kept{body}, $comment, 'kept: her comment, exactly';
    is comments_with(browser_logged_in('alice'), $ref, $word), 0, 'nothing is posted yet';

    my $again = $res;   # the page she has in front of her
    $res = no_redirects($ua, sub { submit_login($ua, $again, 'alice') });
    is $res->code, 303, 'she logs in on that page: 303';
    like $res->header('Location') // '', qr{^(?:http://127\.0\.0\.1:\d+)?/helpdesk/tickets/\Q$ref\E(?:[?#].*)?$},
        'to her ticket';
    my ($set) = session_set($res);
    like $set // '', qr/^hdsession=[A-Za-z0-9_-]{43};/, 'with her new session';
    $res = $ua->get(URI->new_abs($res->header('Location'), portal('/')));
    is $res->request->uri->path, "/helpdesk/tickets/$ref", 'she is on her ticket';
    ok activity_entry($res, "Still broken after the restart $word"), 'her comment is in the activity';
    is comments_with($ua, $ref, $word), 1, 'stored once';

    # The same page sent once more (back button, double click).
    submit_login($ua, $again, 'alice');
    is comments_with($ua, $ref, $word), 1, 'sending that login page again does not post it twice';
};

sub browser_logged_in {
    my ($who) = @_;
    my $ua = browser();
    login($ua, $who);
    return $ua;
}

done_testing();
