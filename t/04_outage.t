# The database goes away mid-run: pages say so clearly (503, in the
# portal's layout) and work again as soon as it is back, without an
# Apache restart.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

my $ua = browser();
my $res = login($ua, 'alice');
is $res->code, 200, 'alice has Today open';

# Warm several pooled connections so recovery must replace stale ones.
$ua->get(portal('/helpdesk/')) for 1 .. 5;

stack('db-stop');
my $stopped = 1;
END { stack('db-start') if $stopped }

$res = $ua->get(portal('/helpdesk/'));
is $res->code, 503, 'Today with the database down is a 503';
my $text = text_of($res);
like $text, qr/temporarily unavailable/i, 'the page says so plainly';
like $text, qr/database cannot be reached/i, 'and what is missing';
# Who she is lives in the database too (her session): the page cannot
# name her, but it is the portal's.
ok page_of($res)->findnodes('//link[contains(@href, "helpdesk.css")]'), 'in the portal layout';
ok $res->header('Retry-After'), 'with Retry-After';

$res = $ua->get(portal('/helpdesk/'), Accept => 'application/json');
is $res->code, 503, 'the API gets 503 too';
is json_of($res)->{error}{status}, '503', 'with a JSON error body';

stack('db-start');
$stopped = 0;

$res = $ua->get(portal('/helpdesk/'));
is $res->code, 200, 'the first request after the database is back works';
like text_of($res), qr/Alice Archer/, 'Today is whole again';
for (1 .. 5) {
    is $ua->get(portal('/helpdesk/'))->code, 200, "and stays up ($_)";
}

done_testing();
