# The same Today page as a machine reads it: XML and JSON.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use XML::LibXML;

my $ua = browser();
login($ua, 'alice');

subtest 'Accept: application/xml gives the page document' => sub {
    my $res = $ua->get(portal('/helpdesk/'), Accept => 'application/xml');
    is $res->code, 200, 'status 200';
    like $res->header('Content-Type'), qr{^application/xml}, 'XML';
    like $res->header('Vary') // '', qr/Accept/, 'varies by Accept';
    my $doc = XML::LibXML->load_xml(string => $res->content);
    is $doc->findvalue('/helpdesk/@page'), 'today', 'the Today page';
    is $doc->findvalue('/helpdesk/user/@login'), 'alice', 'her login';
    is $doc->findvalue('/helpdesk/user/@name'), 'Alice Archer', 'her name';
    is $doc->findvalue('/helpdesk/user/@organisation'), 'Psychiatry', 'her organisation';
    is $doc->findvalue('/helpdesk/user/@role'), 'staff', 'her role';
    is $doc->findvalue('count(/helpdesk/today/services/service)'), 12,
        'the twelve services of the demo';
    is $doc->findvalue('/helpdesk/today/services/service[@code="vpn"]/@status'), 'red',
        'VPN is down in the demo';
};

subtest 'Accept: application/json gives the same as JSON' => sub {
    my $res = $ua->get(portal('/helpdesk/'), Accept => 'application/json');
    is $res->code, 200, 'status 200';
    like $res->header('Content-Type'), qr{^application/json}, 'JSON';
    my $j = json_of($res);
    is $j->{page}, 'today', 'the Today page';
    is $j->{user}{login}, 'alice', 'her login';
    is $j->{user}{mail}, 'alice@example.org', 'her e-mail';
    is $j->{user}{phone}, '+44 20 7946 0101', 'her phone';
    is ref $j->{today}{services}, 'ARRAY', 'services are a list';
    is scalar @{ $j->{today}{services} }, 12, 'all twelve';
    my ($amber) = grep { $_->{status} eq 'amber' } @{ $j->{today}{services} };
    ok $amber && length $amber->{note}, 'an impacted service says why';
};

subtest 'a browser gets HTML' => sub {
    my $res = $ua->get(portal('/helpdesk/'));
    like $res->header('Content-Type'), qr{^text/html}, 'HTML';
    like $res->decoded_content, qr/^<!DOCTYPE html/i, 'an HTML5 document';
    is $res->header('Cache-Control'), 'no-store', 'personal pages are not cached';
};

subtest '?format= shows the API in a browser' => sub {
    my $res = $ua->get(portal('/helpdesk/?format=json'));
    is json_of($res)->{user}{login}, 'alice', 'JSON by query';
};

subtest 'without a session the API gets no data' => sub {
    my $anon = browser();
    $anon->max_redirect(0);
    my $res = $anon->get(portal('/helpdesk/'), Accept => 'application/json');
    # A program is told, not sent to a login page it cannot use.
    is $res->code, 401, '401 Unauthorized, not a redirect to the login page';
    is json_of($res)->{error}{status}, 401, 'a JSON error';
    unlike $res->content, qr/alice/, 'nothing of alice';
};

done_testing();
