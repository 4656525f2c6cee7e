# The directory goes away: logging in says so clearly (503, in the
# portal's layout), and works again as soon as it is back, without an
# Apache restart.  People already logged in do not need the directory to
# be recognised (their session is a row in the database); a page that
# needs their details while the directory is down and Apache has nothing
# cached is the same clear 503, never a 500, and heals by itself.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

# Logged in before the outage.
my $bob = browser();
is login($bob, 'bob')->code, 200, 'bob is logged in before the directory goes away';

stack('ldap-stop');
my $stopped = 1;
END { stack('ldap-start') if $stopped }

subtest 'bob, logged in, meets the outage with cold caches: a clear 503, not a 500' => sub {
    # A restart empties every per-process cache of directory entries;
    # bob's session survives it, being in the database.
    stack('web-restart');
    my $res = $bob->get(portal('/helpdesk/'));
    is $res->code, 503, 'a 503, not a 500';
    like text_of($res), qr/staff directory cannot be reached|cannot be reached/i,
        'says what cannot be reached';
    ok $res->header('Retry-After'), 'with Retry-After';
    is $res->request->uri->path, '/helpdesk/', 'and he was not sent to log in again';
};

subtest 'dave cannot log in while the directory is down, and is told why' => sub {
    my $res = login(browser(), 'dave');
    is $res->code, 503, 'a 503, not a 500';
    like text_of($res), qr/staff directory cannot be reached/i, 'says what is missing';
    like text_of($res), qr/temporarily unavailable/i, 'and that it is temporary';
    ok $res->header('Retry-After'), 'with Retry-After';
    ok page_of($res)->findnodes('//link[contains(@href, "helpdesk.css")]'),
        'in the portal layout';
};

stack('ldap-start');
$stopped = 0;

subtest 'once the directory is back bob goes on with the same session' => sub {
    my $res = $bob->get(portal('/helpdesk/'));
    is $res->code, 200, 'Today opens';
    like text_of($res), qr/Bob Baker/, 'his own';
};

subtest 'once the directory is back dave logs in without a restart' => sub {
    my $res = login(browser(), 'dave');
    is $res->code, 200, 'Today opens';
    like text_of($res), qr/Dave Dawson/, 'with his name';
    like text_of($res), qr/Business Office/, 'and organisation';
};

done_testing();
