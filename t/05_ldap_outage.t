# The directory goes away: logging in says so clearly (503, in the
# portal's layout), and works again as soon as it is back, without an
# Apache restart.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

stack('ldap-stop');
my $stopped = 1;
END { stack('ldap-start') if $stopped }

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

subtest 'once the directory is back dave logs in without a restart' => sub {
    my $res = login(browser(), 'dave');
    is $res->code, 200, 'Today opens';
    like text_of($res), qr/Dave Dawson/, 'with his name';
    like text_of($res), qr/Business Office/, 'and organisation';
};

done_testing();
