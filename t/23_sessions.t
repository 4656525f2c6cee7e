# Sessions: the portal's own, kept in the database.  A person's browser
# holds only an opaque identifier (the hdsession cookie); the database
# only its SHA-256; the password is checked once, at login, and kept
# nowhere.  Logging out -- here, everywhere, or by an admin -- ends the
# session for every copy of the cookie and on every node; sessions end by
# themselves after the idle time and the maximum age.
#
# Second nodes are Apaches started from this stack's own generated conf
# (t/lib/HDNode.pm) on the same database: one as it is, one with short
# session times (HelpdeskSessionIdleTimeout 2, HelpdeskSessionMaxAge 5).
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use Digest::SHA qw(sha256_hex);
use HTTP::Request::Common qw(GET POST);
use URI::Escape qw(uri_escape);
use HTTP::Tiny;
use Time::HiRes qw(sleep time);

my $var = $ENV{HD_VAR} or plan skip_all => 'HD_VAR is not set';

# How often this stack's background jobs look (make test: every second);
# the purge is watched only where that is quick.
my $job_interval = do {
    my $v;
    if (open my $fh, '<', "$var/apache/helpdesk.conf") {
        while (<$fh>) { $v = $1 if /^\s*HelpdeskJobInterval\s+(\d+)/ }
    }
    $v // 60;
};
my $quick_jobs = $job_interval <= 2;

# The logins tried here with a wrong password must not count against
# the next test's (all tests come from 127.0.0.1).
sub clear_throttle { my $db = db_session(); $db->rows('DELETE FROM login_throttle'); $db->close }
clear_throttle();
END { eval { clear_throttle() } }

# ---------------------------------------------------------------------
# What the database and the browser hold
# ---------------------------------------------------------------------

sub token_hash { sha256_hex($_[0] // '') }

# The row of the session behind a cookie value: { login, created_at,
# seen_at, expires_at, client_ip, user_agent } or undef.
sub session_row {
    my ($cookie) = @_;
    my ($r) = db_rows("SELECT login, created_at, seen_at, expires_at, client_ip, user_agent "
                      . "FROM sessions WHERE token_hash = '" . token_hash($cookie) . "'");
    return undef unless $r;
    my %row;
    @row{qw(login created_at seen_at expires_at client_ip user_agent)} = @$r;
    return \%row;
}

sub sessions_of {
    my ($login) = @_;
    return (db_rows("SELECT COUNT(*) FROM sessions WHERE login = '$login'"))[0][0];
}

sub sql {
    my ($statement) = @_;
    my $db = db_session();
    $db->rows($statement);
    $db->close;
}

# GET a portal page without following the redirect: what the browser
# is told first.
sub first_answer {
    my ($ua, $path) = @_;
    return no_redirects($ua, sub { $ua->get(portal($path)) });
}

# Whom the portal takes this browser for when it opens Today: "nobody"
# when it is sent to log in, else the login the page is for.
sub who {
    my ($ua) = @_;
    my $res = no_redirects($ua, sub { $ua->get(portal('/helpdesk/')) });
    return 'nobody' if $res->code == 302 && ($res->header('Location') // '') =~ m{/helpdesk/login\?};
    return 'HTTP ' . $res->code unless $res->code == 200;
    return xml_of(get_as($ua, 'xml', '/helpdesk/'))->findvalue('/helpdesk/user/@login');
}

# A browser that replays a copy of a cookie.
sub browser_with_cookie {
    my ($cookie) = @_;
    my $ua = browser();
    set_session_cookie($ua, $cookie);
    return $ua;
}

sub cleared_cookie {
    my ($res) = @_;
    return grep { /^hdsession=(?:""|);/ && /Max-Age=0\b/i } $res->header('Set-Cookie');
}

# ---------------------------------------------------------------------
# The stories
# ---------------------------------------------------------------------

subtest 'alice logs in: her browser holds an opaque identifier, the database only its SHA-256' => sub {
    my $ua = browser();
    my $res = login($ua, 'alice');
    is $res->request->uri->path, '/helpdesk/', 'Today opens';
    my $cookie = session_cookie($ua);
    like $cookie // '', qr/^[A-Za-z0-9_-]{43}$/, '43 characters of base64url (256 bits)';
    my $row = session_row($cookie);
    ok $row, 'sessions.token_hash is the lower-case hex SHA-256 of the cookie' or return;
    is $row->{login}, 'alice', 'the session is alice\'s';
    is $row->{client_ip}, '127.0.0.1', 'from her address';
    is $row->{user_agent}, 'mod_helpdesk-tests', 'with her browser';
    my ($raw) = db_rows("SELECT COUNT(*) FROM sessions WHERE token_hash = '$cookie'");
    is $raw->[0], 0, 'the cookie itself is not a key';
    my $dump = `mariadb-dump --defaults-file='$var/mysql/my.cnf' --skip-comments helpdesk 2>&1`;
    ok length($dump) > 1000, 'the database dumps';
    unlike $dump, qr/\Q$cookie\E/, 'the cookie\'s value is nowhere in the database';
    like $dump, qr/\Q@{[token_hash($cookie)]}\E/, 'its hash is';
};

subtest 'GET /helpdesk/logout asks, it does not log out' => sub {
    my $ua = browser();
    login($ua, 'alice');
    my $res = $ua->get(portal('/helpdesk/logout'));
    is $res->code, 200, 'a page';
    my $doc = page_of($res);
    my ($form) = $doc->findnodes('//main//form[@action="/helpdesk/logout"][.//button[@name="everywhere"]]');
    ok $form, 'with a log-out form' or return;
    is lc($form->getAttribute('method') // ''), 'post', 'that posts';
    ok length $form->findvalue('.//input[@type="hidden"][@name="csrf"]/@value'), 'with a csrf token';
    ok $form->findnodes('.//button[normalize-space()="Log out"]'), 'a "Log out" button';
    ok $form->findnodes('.//button[@name="everywhere"][@value="1"][normalize-space()="Log out everywhere"]'),
        'and "Log out everywhere"';
    is who($ua), 'alice', 'after the GET alice is still logged in';
    ok session_row(session_cookie($ua)), 'and her session is still there';
};

subtest 'a cross-site POST to /helpdesk/logout (no valid token) is refused' => sub {
    my $ua = browser();
    login($ua, 'alice');
    for my $case ([[], 'no token'], [[csrf => 'x' x 40], 'a made-up token']) {
        my ($fields, $what) = @$case;
        my $res = no_redirects($ua, sub { $ua->request(POST portal('/helpdesk/logout'), $fields) });
        is $res->code, 403, "$what: 403";
        ok !cleared_cookie($res), 'the cookie is not cleared';
        is who($ua), 'alice', 'alice is still logged in';
    }
};

subtest 'logging out ends the session for every copy of the cookie' => sub {
    my $ua = browser();
    login($ua, 'alice');
    my $copy = session_cookie($ua);
    my $page = $ua->get(portal('/helpdesk/'));
    my $res = no_redirects($ua, sub {
        submit_form($ua, $page, '//form[contains(@action, "/logout")]', {}, button => 'Log out');
    });
    is $res->code, 303, 'Log out: 303';
    like $res->header('Location') // '', qr{^(?:http://127\.0\.0\.1:\d+)?/helpdesk/login\?loggedout=1$},
        'to /helpdesk/login?loggedout=1';
    ok scalar(cleared_cookie($res)), 'the cookie is cleared (hdsession=; Max-Age=0)';
    $res = $ua->get(portal('/helpdesk/login?loggedout=1'));
    like text_of($res, '//main'), qr/You have logged out\./, '"You have logged out."';
    ok !session_row($copy), 'the session\'s row is gone';

    my $thief = browser_with_cookie($copy);
    $res = first_answer($thief, '/helpdesk/');
    is $res->code, 302, 'the copy taken before is refused';
    like $res->header('Location') // '', qr{/helpdesk/login\?return=%2[Ff]helpdesk%2[Ff]$}, 'sent to log in';
    ok scalar(cleared_cookie($res)), 'and told to forget the stale cookie';
    $res = no_redirects($thief, sub {
        $thief->request(POST portal('/helpdesk/tickets/new'), [summary => 'x', details => 'y']);
    });
    is $res->code, 401, 'a POST with it: 401';
};

subtest '"Log out everywhere" ends all of her sessions and no one else\'s' => sub {
    my ($office, $phone, $bob) = (browser(), browser(), browser());
    login($office, 'alice');
    login($phone, 'alice');
    login($bob, 'bob');
    cmp_ok sessions_of('alice'), '>=', 2, 'alice has two sessions (at least)';
    my $res = logout($office, everywhere => 1);
    is $res->request->uri->path, '/helpdesk/login', 'she is on the login page';
    like text_of($res, '//main'), qr/You have logged out\./, '"You have logged out."';
    is who($office), 'nobody', 'this browser is logged out';
    is who($phone), 'nobody', 'so is her other one';
    is sessions_of('alice'), 0, 'none of her sessions is left';
    is who($bob), 'bob', 'bob is still logged in';
};

subtest 'a session cookie planted before the login is not the one after (fixation)' => sub {
    my $ua = browser();
    my $planted = 'A' x 43;
    set_session_cookie($ua, $planted);
    login($ua, 'alice');
    my $cookie = session_cookie($ua);
    like $cookie // '', qr/^[A-Za-z0-9_-]{43}$/, 'she has a session cookie';
    isnt $cookie, $planted, 'a made-up identifier is not taken';
    is who($ua), 'alice', 'and she is logged in';

    # Mallory plants his own, valid, session in her browser.
    my $mallory = browser();
    login($mallory, 'bob');
    my $his = session_cookie($mallory);
    my $victim = browser_with_cookie($his);
    is who($victim), 'bob', 'the planted cookie is bob\'s session';
    my $res = $victim->get(portal('/helpdesk/login'));
    $res = no_redirects($victim, sub { submit_login($victim, $res, 'alice') });
    is $res->code, 303, 'alice logs in over it: 303';
    my ($set) = grep { /^hdsession=/ } $res->header('Set-Cookie');
    my ($new) = ($set // '') =~ /^hdsession=([^;]*)/;
    like $new // '', qr/^[A-Za-z0-9_-]{43}$/, 'a new identifier is set';
    isnt $new, $his, 'not the planted one';
    is who($victim), 'alice', 'her browser is hers';
    is who($mallory), 'bob', 'and bob\'s session did not become alice\'s';
    is((session_row($his) // {})->{login}, 'bob', 'the planted session is still only bob\'s');
};

subtest 'static files never touch sessions' => sub {
    my $ua = browser();
    login($ua, 'alice');
    for my $ua ($ua, browser_with_cookie('B' x 43), browser()) {
        my $res = $ua->get(portal('/helpdesk/static/css/helpdesk.css'));
        is $res->code, 200, 'the stylesheet';
        is scalar(() = $res->header('Set-Cookie')), 0, 'no Set-Cookie';
    }
};

subtest 'an expired session\'s row is purged by the background job within seconds' => sub {
    plan skip_all => "jobs look every $job_interval s here; make test looks every second"
        unless $quick_jobs;
    my $ua = browser();
    login($ua, 'alice');
    my $cookie = session_cookie($ua);
    ok session_row($cookie), 'her session is there';
    sql("UPDATE sessions SET created_at = NOW() - INTERVAL 2 DAY, seen_at = NOW() - INTERVAL 2 DAY, "
        . "expires_at = NOW() - INTERVAL 1 DAY WHERE token_hash = '" . token_hash($cookie) . "'");
    my $until = time + 6;
    sleep 0.2 while session_row($cookie) && time < $until;
    ok !session_row($cookie), 'gone within 6 s, without anyone using it';
    my ($purge) = db_rows("SELECT runs, last_outcome FROM job_leases WHERE job = 'session-purge'");
    ok $purge && $purge->[0] > 0, 'the session-purge job runs';
    is $purge && $purge->[1], 'ok', 'and ends ok';
    is who($ua), 'nobody', 'alice has to log in again';
};

subtest 'an admin ends all of alice\'s sessions; bob may not' => sub {
    my ($office, $phone) = (browser(), browser());
    login($office, 'alice');
    login($phone, 'alice');
    my $tina = browser();
    login($tina, 'tina');
    my $bob = browser();
    login($bob, 'bob');

    my $res = $tina->get(portal('/helpdesk/sessions?login=alice'));
    is $res->code, 200, 'tina (an admin) sees alice\'s sessions';
    my $main = text_of($res, '//main');
    like $main, qr/127\.0\.0\.1/, 'with their address';
    like $main, qr/mod_helpdesk-tests/, 'and browser';

    my $mine = $bob->get(portal('/helpdesk/sessions'));
    is $mine->code, 200, 'bob sees his own sessions';
    like text_of($mine, '//main'), qr/mod_helpdesk-tests/, 'with his browser';
    $res = $bob->get(portal('/helpdesk/sessions?login=alice'));
    is $res->code, 403, 'but not alice\'s: 403';
    my $end = '//main//form[contains(@action, "/sessions/end")]';
    ok form_node($mine, $end), 'his page has a form to end sessions' or return;
    $res = no_redirects($bob, sub { submit_form($bob, $mine, $end, { login => 'alice' }) });
    is $res->code, 403, 'bob ending alice\'s sessions (with his own valid token): 403';
    is who($office), 'alice', 'alice is still logged in';

    my $f = form_fields($tina->get(portal('/helpdesk/sessions?login=alice')), $end) // {};
    is $f->{login}, 'alice', 'tina\'s form names alice';
    $res = no_redirects($tina, sub {
        submit_form($tina, $tina->get(portal('/helpdesk/sessions?login=alice')), $end, {});
    });
    is $res->code, 303, 'tina ends them: 303';
    like $res->header('Location') // '', qr{^(?:http://127\.0\.0\.1:\d+)?/helpdesk/sessions\?login=alice(?:&ended=\d+)?$},
        'back to alice\'s sessions';
    is who($office), 'nobody', 'alice\'s browser is logged out';
    is who($phone), 'nobody', 'so is her other one';
    is sessions_of('alice'), 0, 'no session of hers is left';
    is who($tina), 'tina', 'tina is still logged in';
    is who($bob), 'bob', 'so is bob';

    # For himself the button is "End my other sessions": the browser he
    # presses it in stays logged in (to end that one too: Log out
    # everywhere).
    my $bobs_phone = browser();
    login($bobs_phone, 'bob');
    $mine = $bob->get(portal('/helpdesk/sessions'));
    ok form_node($mine, qq{$end\[.//button[normalize-space()="End my other sessions"]]}),
        'his page offers "End my other sessions"';
    $res = no_redirects($bob, sub { submit_form($bob, $mine, $end, {}) });
    is $res->code, 303, 'bob may end his own sessions';
    is who($bobs_phone), 'nobody', 'his other browser is logged out';
    is who($bob), 'bob', 'the one he pressed it in is not';
};

# Gives dave his password back however the story below ends.
my $restore_dave;
END { $restore_dave->() if $restore_dave }

subtest 'no password is kept: not in the database, the logs or a cookie' => sub {
    my $ldap = HDTest::_env();
    my $dn = "uid=dave,ou=people,$ldap->{HD_LDAP_BASE}";
    my $url = "ldap://127.0.0.1:$ldap->{HD_LDAP_PORT}";
    my $secret = 'Pw' . new_tag() . '-7Zk';
    my $wrong = 'Wr' . new_tag() . '-3Qx';
    local $ENV{LDAPNOINIT} = 1;
    my $passwd = sub {
        my ($old, $new) = @_;
        return system('ldappasswd', '-x', '-H', $url, '-D', $dn, '-w', $old, '-s', $new) == 0
            || system('ldappasswd', '-x', '-H', $url, '-D', $ldap->{HD_LDAP_ADMIN_DN},
                      '-w', $ldap->{HD_LDAP_ADMIN_PW}, '-s', $new, $dn) == 0;
    };
    ok $passwd->(demo_password(), $secret), "dave's password is now $secret" or return;
    my $restored = 0;
    $restore_dave = sub { $restored ||= $passwd->($secret, demo_password()) };

    my @set_cookies;
    my $ua = browser();
    $ua->add_handler(response_header => sub { push @set_cookies, $_[0]->header('Set-Cookie'); return });
    my $res = login($ua, 'dave', $wrong);
    is $res->code, 401, 'a wrong password first: 401';
    $res = login($ua, 'dave', $secret);
    is $res->request->uri->path, '/helpdesk/', 'dave logs in with his new password';
    like text_of($res), qr/Dave Dawson/, 'Today, his';
    for my $path ('/helpdesk/tickets', '/helpdesk/tickets/new', '/helpdesk/sessions', '/helpdesk/logout') {
        $ua->get(portal($path));
    }
    my $ref = log_ticket($ua, summary => 'Password check ' . new_tag(), details => 'Nothing to see.');
    ok $ref, "he logs a ticket ($ref)";
    $res = logout($ua);
    like text_of($res, '//main'), qr/You have logged out\./, 'and logs out';
    ok $restore_dave->(), 'his password is "helpdesk" again';

    my @found;
    my @forms = map { ($_, uri_escape($_)) } $secret, $wrong;
    my $dump = `mariadb-dump --defaults-file='$var/mysql/my.cnf' --skip-comments helpdesk 2>&1`;
    ok length($dump) > 1000, 'the database dumps';
    for my $s (@forms) {
        push @found, "database: $s" if index($dump, $s) >= 0;
        for my $file (grep { -f } glob("$var/apache/logs/*"), glob("$var/node-*/logs/*")) {
            open my $fh, '<:raw', $file or next;
            local $/;
            my $text = <$fh> // '';
            push @found, "$file: $s" if index($text, $s) >= 0;
        }
        push @found, "Set-Cookie: $s" if grep { index($_, $s) >= 0 } @set_cookies;
    }
    cmp_ok scalar(@set_cookies), '>=', 2, 'the Set-Cookie headers were looked at ('
        . scalar(@set_cookies) . ')';
    is_deeply \@found, [], 'neither password is in the database, Apache\'s logs or any Set-Cookie';
};

subtest 'a script logs in and out the way the README says' => sub {
    my $ua = browser(capture => 0);
    $ua->max_redirect(0);
    my $res = $ua->get(portal('/helpdesk/login?format=json'));
    is $res->code, 200, 'GET /helpdesk/login?format=json';
    my $csrf = json_of($res)->{login}{csrf} // '';
    ok length $csrf, 'login.csrf';
    $res = $ua->request(POST portal('/helpdesk/login'),
                        [username => 'bob', password => demo_password(), csrf => $csrf]);
    is $res->code, 303, 'POST /helpdesk/login: 303';
    like session_cookie($ua) // '', qr/^[A-Za-z0-9_-]{43}$/, 'and the hdsession cookie';
    $res = $ua->get(portal('/helpdesk/'), Accept => 'application/json');
    is $res->code, 200, 'the API answers';
    my $user = json_of($res)->{user} // {};
    is $user->{login}, 'bob', 'as bob';
    ok length($user->{'logout-csrf'} // ''), 'user.logout-csrf';
    $res = $ua->request(POST portal('/helpdesk/logout'), [csrf => $user->{'logout-csrf'} // '']);
    is $res->code, 303, 'POST /helpdesk/logout with it: 303';
    $res = $ua->get(portal('/helpdesk/'), Accept => 'application/json');
    is $res->code, 401, 'afterwards the API says 401';
    $res = $ua->request(HTTP::Request->new(HEAD => portal('/helpdesk/')));
    is $res->code, 302, 'and a HEAD of a page is sent to log in (302)';
};

# ---------------------------------------------------------------------
# Two nodes
# ---------------------------------------------------------------------

subtest 'a session started on one node works on the other; logging out there ends it here' => sub {
    my $node2 = HDNode->start('same');
    my $ua = browser();
    login($ua, 'alice');
    is who($ua), 'alice', 'node 1: alice';
    {
        local $HDTest::PORTAL = $node2->base;
        is who($ua), 'alice', 'node 2 knows her session';
        my $res = logout($ua);
        is $res->request->uri->port, $node2->{port}, 'she logs out on node 2';
        like text_of($res, '//main'), qr/You have logged out\./, '"You have logged out."';
    }
    is who($ua), 'nobody', 'node 1 refuses her session now';

    login($ua, 'alice');
    my $cookie = session_cookie($ua);
    logout($ua);
    local $HDTest::PORTAL = $node2->base;
    is who(browser_with_cookie($cookie)), 'nobody', 'and the other way round';
    $node2->stop;
};

subtest 'sessions end after the idle time and after the maximum age' => sub {
    my $node = HDNode->start('short', HelpdeskSessionIdleTimeout => 2, HelpdeskSessionMaxAge => 5);
    local $HDTest::PORTAL = $node->base;

    # Idle: two seconds without a request.
    my $ua = browser();
    login($ua, 'alice');
    is who($ua), 'alice', 'logged in on the node with short times';
    my $cookie = session_cookie($ua);
    my $row = session_row($cookie);
    ok $row, 'her session row';
    sleep 3.5;
    my $res = first_answer($ua, '/helpdesk/');
    is $res->code, 302, 'after 3.5 s without a request: sent to log in';
    like $res->header('Location') // '', qr{/helpdesk/login\?return=%2[Ff]helpdesk%2[Ff]$}, 'to the login page';

    # Busy: a request every 0.7 s keeps it alive past the idle time, but
    # not past the maximum age.
    $ua = browser();
    login($ua, 'alice');
    my $t0 = time;
    my ($alive_until, $ended_at);
    while (time - $t0 < 9) {
        my $who = who($ua);
        if ($who eq 'alice') { $alive_until = time - $t0 }
        else                 { $ended_at = time - $t0; last }
        sleep 0.7;
    }
    ok defined $alive_until && $alive_until >= 3,
        sprintf('used every 0.7 s it outlives the 2 s idle time (alive at %.1f s)', $alive_until // 0);
    ok defined $ended_at, 'but it ends' or return;
    cmp_ok $ended_at, '>=', 3.9, sprintf('not before the 5 s maximum age (at %.1f s)', $ended_at);
    cmp_ok $ended_at, '<=', 7,   'and soon after it';

    # The purge does not wait for anyone to come back.
    return $node->stop unless $quick_jobs;
    login(my $idle = browser(), 'alice');
    $cookie = session_cookie($idle);
    ok session_row($cookie), 'another session';
    my $until = time + 10;
    sleep 0.25 while session_row($cookie) && time < $until;
    ok !session_row($cookie), 'its row is purged within 10 s though nobody used it again';
    $node->stop;
};

subtest 'HelpdeskSessionCookieSecure On: the cookies are for HTTPS only' => sub {
    my $node = HDNode->start('secure', HelpdeskSessionCookieSecure => 'On');
    local $HDTest::PORTAL = $node->base;
    my $ua = browser(capture => 0);
    my $page = $ua->get(portal('/helpdesk/login'));
    my ($hdlogin) = grep { /^hdlogin=/ } $page->header('Set-Cookie');
    like $hdlogin // '', qr/;\s*Secure\b/i, 'the login cookie is marked Secure';
    # Over HTTPS the browser would send it back; this stack is plain HTTP,
    # so send it as such a browser would.
    my ($value) = ($hdlogin // '') =~ /^hdlogin=([^;]*)/;
    my $csrf = page_of($page)->findvalue('//form[.//input[@name="password"]]//input[@name="csrf"]/@value');
    my $res = HTTP::Tiny->new(max_redirect => 0)->post_form(portal('/helpdesk/login'),
        { username => 'alice', password => demo_password(), csrf => $csrf },
        { headers => { Cookie => "hdlogin=$value" } });
    is $res->{status}, 303, 'alice logs in: 303';
    my $set = $res->{headers}{'set-cookie'} // '';
    ($set) = grep { /^hdsession=/ } ref $set ? @$set : ($set);
    like $set // '', qr/^hdsession=[A-Za-z0-9_-]{43};/, 'a session cookie';
    like $set // '', qr/;\s*Secure\b/i, 'marked Secure';
    $node->stop;
};

done_testing();
