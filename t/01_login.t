# Logging in and out: Apache's form login against the directory; the
# module only ever sees who logged in.
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
    like $res->header('Location'), qr{/helpdesk/login\?return=/helpdesk/$},
        'to the login page, remembering where they were going';

    $ua->max_redirect(7);
    $res = $ua->get(portal('/helpdesk/'));
    is $res->code, 200, 'the login page opens';
    my $doc = page_of($res);
    ok $doc->findnodes('//label[normalize-space()="Login"][@for=//input[@name="httpd_username"]/@id]'),
        'a field labelled Login';
    ok $doc->findnodes('//label[normalize-space()="Password"][@for=//input[@name="httpd_password" and @type="password"]/@id]'),
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

    my ($cookie) = grep { /^hdsession=/ }
                   $res->request->header('Cookie') // '';
    ok $cookie, 'the browser holds a session cookie';
};

subtest 'the session cookie is HttpOnly and SameSite' => sub {
    my $ua = browser();
    $ua->max_redirect(0);
    my $res = $ua->get(portal('/helpdesk/login'));
    my $form = page_of($res);
    my $post = HTTP::Request::Common::POST(
        portal('/helpdesk/login/check?return=%2Fhelpdesk%2F'),
        [httpd_username => 'alice', httpd_password => demo_password(),
         httpd_location => '/helpdesk/']);
    $res = $ua->request($post);
    is $res->code, 302, 'the login handler redirects';
    is $res->header('Location'), '/helpdesk/', 'to the page asked for';
    my $set = join "\n", $res->header('Set-Cookie');
    like $set, qr/hdsession=/, 'sets the session cookie';
    like $set, qr/HttpOnly/i, 'HttpOnly';
    like $set, qr/SameSite=(Lax|Strict)/i, 'SameSite';
};

subtest 'a wrong password stays on the login page with a clear message' => sub {
    my $ua = browser();
    my $res = login($ua, 'alice', 'not-her-password');
    is $res->request->uri->path, '/helpdesk/login', 'still the login page';
    like text_of($res), qr/login or password is not right/i, 'says so';
    unlike text_of($res), qr/Alice Archer/, 'and shows nothing of hers';
    $res = $ua->get(portal('/helpdesk/'));
    is $res->request->uri->path, '/helpdesk/login', 'not logged in';

    $res = login($ua, 'nobody-such', 'whatever');
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
    my ($hidden) = page_of($res)->findnodes('//input[@name="httpd_location"]/@value');
    is $hidden->value, '/helpdesk/', 'a foreign return becomes Today';
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
    ok $form, 'Today has a log-out form';
    is lc $form->getAttribute('method'), 'post', 'which posts';
    $res = $ua->post(portal('/helpdesk/logout'));
    is $res->request->uri->path, '/helpdesk/login', 'back on the login page';
    like text_of($res), qr/You have logged out/, 'told so';
    $res = $ua->get(portal('/helpdesk/'));
    is $res->request->uri->path, '/helpdesk/login', 'Today needs a login again';
};

done_testing();
