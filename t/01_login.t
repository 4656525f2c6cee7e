# Logging in and out: the portal's own login form, the password checked
# against the directory and never kept; a server-side session behind an
# opaque cookie (hdsession).
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

subtest 'a stranger opening the portal is sent to the login page' => sub {
    my $ua = browser();
    $ua->max_redirect(0);
    my $res = $ua->get(portal('/helpdesk/'));
    is $res->code, 302, 'redirected';
    like $res->header('Location'), qr{/helpdesk/login\?return=%2[Ff]helpdesk%2[Ff]$},
        'to the login page, remembering where they were going';

    $ua->max_redirect(7);
    $res = $ua->get(portal('/helpdesk/'));
    is $res->code, 200, 'the login page opens';
    my $doc = page_of($res);
    ok $doc->findnodes('//label[normalize-space()="Login"][@for=//input[@name="username"]/@id]'),
        'a field labelled Login';
    ok $doc->findnodes('//label[normalize-space()="Password"][@for=//input[@name="password" and @type="password"]/@id]'),
        'a field labelled Password';
    unlike text_of($res), qr/Log out/, 'nobody is logged in yet';
};

subtest 'alice logs in and sees her name and organisation on Today' => sub {
    my $ua = browser();
    my $res = login($ua, 'alice');
    is $res->code, 200, 'Today opens';
    is $res->request->uri->path, '/helpdesk/', 'back where she was going';
    my $text = text_of($res);
    like $text, qr/Alice Archer/, 'her name';
    like $text, qr/Psychiatry/, 'her organisation';
    like $text, qr/alice\@example\.org/, 'her e-mail';
    like $text, qr/Staff/, 'her role';
    like $text, qr/Log out/, 'a way to log out';

    like $res->request->header('Cookie') // '', qr/(?:^|;\s*)hdsession=[A-Za-z0-9_-]{43}(?:;|$)/,
        'the browser sends its session cookie';
};

subtest 'the session cookie is HttpOnly, SameSite=Lax and only for the portal' => sub {
    my $ua = browser();
    $ua->max_redirect(0);
    my $res = $ua->get(portal('/helpdesk/login'));
    my $csrf = page_of($res)->findvalue('//form[.//input[@name="password"]]//input[@name="csrf"]/@value');
    ok length $csrf, 'the login form carries a csrf token';
    $res = $ua->request(HTTP::Request::Common::POST(
        portal('/helpdesk/login'),
        [username => 'alice', password => demo_password(), csrf => $csrf,
         return => '/helpdesk/']));
    is $res->code, 303, 'the login answers 303 See Other';
    like $res->header('Location') // '', qr{^(?:http://127\.0\.0\.1:\d+)?/helpdesk/$},
        'to the page asked for';
    my ($set) = grep { /^hdsession=/ } $res->header('Set-Cookie');
    ok $set, 'sets the session cookie' or return;
    like $set, qr/^hdsession=[A-Za-z0-9_-]{43};/, 'an opaque 43-character identifier';
    like $set, qr/;\s*HttpOnly\b/i, 'HttpOnly';
    like $set, qr/;\s*SameSite=Lax\b/i, 'SameSite=Lax';
    like $set, qr{;\s*Path=/helpdesk(?:;|$)}i, 'Path=/helpdesk';
};

subtest 'a wrong password stays on the login page with a clear message' => sub {
    my $ua = browser();
    my $res = login($ua, 'alice', 'not-her-password');
    is $res->code, 401, 'answered 401 Unauthorized';
    is $res->request->uri->path, '/helpdesk/login', 'still the login page';
    is page_of($res)->findvalue('//input[@name="username"]/@value'), 'alice',
        'the login she typed is still in the field';
    like text_of($res), qr/login or password is not right/i, 'says so';
    unlike text_of($res), qr/Alice Archer/, 'and shows nothing of hers';
    $res = $ua->get(portal('/helpdesk/'));
    is $res->request->uri->path, '/helpdesk/login', 'not logged in';

    $res = login($ua, 'nobody-such', 'whatever');
    is $res->code, 401, 'an unknown login: 401 too';
    like text_of($res), qr/login or password is not right/i,
        'an unknown login gets the same message';
};

subtest 'a deep link survives the detour through the login page' => sub {
    my $ua = browser();
    my $res = login($ua, 'bob', undef, '/helpdesk/no-such-page');
    is $res->request->uri->path, '/helpdesk/no-such-page',
        'bob lands where he was going';
    is $res->code, 404, 'which here is the not-found page';
};

subtest 'the return address cannot send anyone off the portal' => sub {
    my $ua = browser();
    my $res = $ua->get(portal('/helpdesk/login?return=https://evil.example/'));
    is page_of($res)->findvalue('//form[.//input[@name="password"]]//input[@name="return"]/@value'),
        '/helpdesk/', 'a foreign return becomes Today';
};

subtest 'roles and organisations come from the directory' => sub {
    for my $case (['sam', 'Sam Shaw', 'Psychiatry', 'Supervisor'],
                  ['tina', 'Tina Tran', undef, 'Service desk agent'],
                  ['carol', 'Carol Clarke', 'Business Office', 'Staff']) {
        my ($user, $name, $org, $role) = @$case;
        my $res = login(browser(), $user);
        my $text = text_of($res);
        like $text, qr/\Q$name\E/, "$user sees their name";
        like $text, qr/\Q$org\E/, "$user sees $org" if $org;
        like $text, qr/\Q$role\E/, "$user is shown as $role";
    }
};

subtest 'logging out ends the session' => sub {
    my $ua = browser();
    login($ua, 'alice');
    my $res = $ua->get(portal('/helpdesk/'));
    my ($form) = page_of($res)->findnodes('//form[contains(@action, "/logout")]');
    ok $form, 'Today has a log-out form' or return;
    is lc $form->getAttribute('method'), 'post', 'which posts';
    ok length $form->findvalue('.//input[@type="hidden"][@name="csrf"]/@value'),
        'with a csrf token';
    $res = logout($ua);
    is $res->request->uri->path, '/helpdesk/login', 'back on the login page';
    like text_of($res), qr/You have logged out/, 'told so';
    $res = $ua->get(portal('/helpdesk/'));
    is $res->request->uri->path, '/helpdesk/login', 'Today needs a login again';
};

done_testing();
