# Where the portal cannot help -- the login page, a page that is not
# there, an outage -- it says how to reach the service desk (phone, e-mail,
# hours from HelpdeskContactPhone/Mail/Hours in conf/helpdesk.conf.in),
# with links to call and to write.  An outage offers to try the same page
# again rather than only sending people to Today, the page that failed.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $PHONE = '+44 20 7946 0000';
my $TEL   = 'tel:+442079460000';
my $MAIL  = 'servicedesk@example.org';
my $HOURS = 'Mon–Fri 08:00–18:00';

sub shows_contact {
    my ($res, $what) = @_;
    my $doc = page_of($res);
    ok $doc->findnodes(qq{//main//a[\@href="$TEL"][normalize-space()="$PHONE"]}),
        "$what: the desk's phone number, a link to call it";
    ok $doc->findnodes(qq{//main//a[\@href="mailto:$MAIL"][normalize-space()="$MAIL"]}),
        "$what: its e-mail address, a link to write";
    like text_of($res, '//main'), qr/\Q$HOURS\E/, "$what: its hours";
}

sub contact_ok {
    my ($c, $what) = @_;
    is_deeply $c, { phone => $PHONE, mail => $MAIL, hours => $HOURS }, "$what: the contact";
}

my $ua = browser();
login($ua, 'alice');
my $stopped = 0;
END { stack('db-start') if $stopped }

subtest 'the login page says whom to call' => sub {
    my $res = browser()->get(portal('/helpdesk/login'));
    is $res->code, 200, 'the login page';
    shows_contact($res, 'login');
    like text_of($res, '//main'), qr/Cannot log in\? Contact the service desk/, 'under a plain heading';
    contact_ok(json_of(browser()->get(portal('/helpdesk/login'), Accept => 'application/json'))->{contact},
               'login as JSON');
};

subtest 'a page that is not there' => sub {
    my $res = $ua->get(portal('/helpdesk/no/such/page'));
    is $res->code, 404, 'status 404';
    shows_contact($res, '404');
    ok page_of($res)->findnodes('//main//a[@href="/helpdesk/"][normalize-space()="Go to Today"]'),
        'and still "Go to Today"';
    ok !page_of($res)->findnodes('//main//a[normalize-space()="Try again"]'), 'no "Try again": it would not help';
    $res = $ua->get(portal('/helpdesk/no/such/page'), Accept => 'application/json');
    is json_of($res)->{error}{status}, '404', 'JSON: the error';
    contact_ok(json_of($res)->{contact}, 'JSON 404');
    my $x = xml_of($ua->get(portal('/helpdesk/no/such/page'), Accept => 'application/xml'));
    is $x->findvalue('/helpdesk/contact/@phone'), $PHONE, 'XML: <contact phone=…>';
};

subtest 'an outage: try the same page again, or call' => sub {
    my $path = '/helpdesk/tickets?view=all&sort=created';
    is $ua->get(portal($path))->code, 200, 'the list works before';
    stack('db-stop');
    $stopped = 1;

    my $res = $ua->get(portal($path));
    is $res->code, 503, 'the list with the database down is a 503';
    shows_contact($res, '503');
    my $doc = page_of($res);
    my ($again) = $doc->findnodes('//main//a[normalize-space()="Try again"]/@href');
    is $again && $again->value, $path, '"Try again" asks for the same address';
    ok $doc->findnodes('//main//a[@href="/helpdesk/"][normalize-space()="Go to Today"]'),
        'Today is offered as well';

    $res = $ua->get(portal('/helpdesk/'));
    is $res->code, 503, 'Today itself down';
    $doc = page_of($res);
    is join(',', map { $_->value } $doc->findnodes('//main//a[normalize-space()="Try again"]/@href')),
        '/helpdesk/', '"Try again" is Today';
    ok !$doc->findnodes('//main//a[normalize-space()="Go to Today"]'), 'not offered twice';
    shows_contact($res, '503 on Today');

    $res = $ua->get(portal($path), Accept => 'application/json');
    is $res->code, 503, 'JSON: 503';
    my $j = json_of($res);
    is $j->{error}{'retry-href'}, $path, 'JSON: retry-href';
    contact_ok($j->{contact}, 'JSON 503');

    stack('db-start');
    $stopped = 0;
    $res = $ua->get(portal($again ? $again->value : $path));
    is $res->code, 200, 'once it is back, "Try again" works';
};

done_testing();
