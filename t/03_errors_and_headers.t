# Errors look like the portal, in every format; every response wears the
# headers a portal needs.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

my $ua = browser();
login($ua, 'alice');

sub has_security_headers {
    my ($res, $what) = @_;
    my $csp = $res->header('Content-Security-Policy') // '';
    like $csp, qr/script-src 'self'/, "$what: CSP allows only own scripts";
    unlike $csp, qr/unsafe-inline/, "$what: no inline script";
    like $csp, qr/frame-ancestors 'none'/, "$what: not framed";
    is $res->header('X-Content-Type-Options'), 'nosniff', "$what: nosniff";
    is $res->header('X-Frame-Options'), 'DENY', "$what: X-Frame-Options";
    ok $res->header('Referrer-Policy'), "$what: Referrer-Policy";
}

subtest 'an unknown URL gives the portal\'s 404 page' => sub {
    my $res = $ua->get(portal('/helpdesk/no/such/page'));
    is $res->code, 404, 'status 404';
    my $text = text_of($res);
    like $text, qr/Page not found/, 'says the page was not found';
    like $text, qr{/helpdesk/no/such/page}, 'names the address';
    like $text, qr/Alice Archer/, 'inside the layout, still logged in';
    ok page_of($res)->findnodes('//a[@href="/helpdesk/"]'), 'a way back to Today';
    has_security_headers($res, 'the 404 page');
};

subtest 'the 404 as JSON and XML' => sub {
    my $res = $ua->get(portal('/helpdesk/nope'), Accept => 'application/json');
    is $res->code, 404, 'status 404';
    my $j = json_of($res);
    is $j->{error}{status}, '404', 'status in the body';
    is $j->{error}{title}, 'Page not found', 'title in the body';
    $res = $ua->get(portal('/helpdesk/nope'), Accept => 'application/xml');
    like $res->content, qr{<error status="404"}, 'XML error element';
};

subtest 'a missing static file gets the portal 404 too' => sub {
    my $res = $ua->get(portal('/helpdesk/static/no-such.css'));
    is $res->code, 404, 'status 404';
    like text_of($res), qr/Page not found/, 'through ErrorDocument, same layout';
};

subtest 'a method a page does not take is a 405 with Allow' => sub {
    my $res = $ua->request(HTTP::Request->new(DELETE => portal('/helpdesk/')));
    is $res->code, 405, 'status 405';
    like $res->header('Allow') // '', qr/GET/, 'says what is allowed';
    like text_of($res), qr/Method not allowed/, 'portal error page';
};

subtest 'a form larger than the portal accepts is a 413 page' => sub {
    my $res = $ua->post(portal('/helpdesk/tickets/new'),
                        Content_Type => 'application/x-www-form-urlencoded',
                        Content => 'summary=' . ('x' x 70_000));
    is $res->code, 413, 'status 413';
    like text_of($res), qr/Too large/, 'the portal\'s page says so';
    like text_of($res), qr/65536 bytes/, 'and names the limit';
    like text_of($res), qr/Alice Archer/, 'inside the layout';
};

subtest 'security headers on pages, the login page and static files' => sub {
    has_security_headers($ua->get(portal('/helpdesk/')), 'Today');
    has_security_headers(browser()->get(portal('/helpdesk/login')), 'login');
    my $css = browser()->get(portal('/helpdesk/static/css/helpdesk.css'));
    is $css->code, 200, 'the stylesheet is public';
    has_security_headers($css, 'static');
    my $anon = browser();
    $anon->max_redirect(0);
    has_security_headers($anon->get(portal('/helpdesk/')), 'login redirect');
};

subtest 'pages use no inline script or style (CSP would block them)' => sub {
    for my $path ('/helpdesk/', '/helpdesk/nope') {
        my $doc = page_of($ua->get(portal($path)));
        is scalar(() = $doc->findnodes('//script[not(@src)] | //style | //*[@style]')),
            0, "$path: nothing inline";
        is scalar(() = $doc->findnodes('//@*[starts-with(name(), "on")]')), 0,
            "$path: no event handler attributes";
    }
};

subtest 'the layout: landmarks and labels' => sub {
    my $doc = page_of($ua->get(portal('/helpdesk/')));
    ok $doc->findnodes('//header'), 'a header';
    ok $doc->findnodes('//nav'), 'navigation';
    ok $doc->findnodes('//main'), 'a main region';
    ok $doc->findnodes('//footer'), 'a footer';
    ok $doc->findnodes('//html[@lang]'), 'the language is set';
    ok $doc->findnodes('//meta[@name="viewport"]'), 'phone-ready viewport';
    ok $doc->findnodes('//link[@rel="stylesheet"][contains(@href, "helpdesk.css")]'),
        'the product stylesheet';
};

done_testing();
