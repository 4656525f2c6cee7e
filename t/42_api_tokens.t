# Personal API tokens and the computer a ticket is about (issue 11): alice
# makes a token on her account page for the desktop support agent (shown
# once), the agent logs a ticket for its computer and follows it with the
# token -- as Bearer and as Basic, no cookie, no form token -- and alice
# revokes it.  A token has exactly its person's rights; a wrong one is a
# 401 that says so, never the login page.  The admin's own location
# checked by the authn provider helpdesk-token.  And the asset on the form
# and in the lists.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use LWP::UserAgent;
use HTTP::Request::Common qw(GET POST);
use MIME::Base64 qw(encode_base64);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $asset = "PC-$tag";
my $TOKEN_FORM = '//main//form[.//input[@name="name"]]';

# A program: no cookie jar at all, redirects not followed, JSON wanted.
sub program {
    my $ua = LWP::UserAgent->new(max_redirect => 0, timeout => 20,
                                 agent => 'helpdesk-desktop-agent/1.0');
    $ua->default_header(Accept => 'application/json');
    return $ua;
}
sub bearer { my ($token) = @_; return (Authorization => "Bearer $token") }
sub basic {
    my ($login, $token) = @_;
    return (Authorization => 'Basic ' . encode_base64("$login:$token", ''));
}
sub api_get {
    my ($auth, $path) = @_;
    return program()->request(GET portal($path), @$auth);
}
sub api_post {
    my ($auth, $path, @fields) = @_;
    return program()->request(POST portal($path), \@fields, @$auth);
}
sub no_cookie_set {
    my ($res, $what) = @_;
    is scalar(() = $res->header('Set-Cookie')), 0, "$what: no cookie set";
}

# Makes a token on the person's account page, as they would; the page
# that shows it and the token.
sub make_token {
    my ($ua, $name) = @_;
    my $page = $ua->get(portal('/helpdesk/account'));
    my $res = submit_form($ua, $page, $TOKEN_FORM, { name => $name });
    my $shown = text_of($res, '//main//*[@id="new-token"]//code');
    my ($token) = $shown =~ /^\s*(hdt_\d+_[A-Za-z0-9_-]{43})\s*$/;
    return ($res, $token);
}

my $alice = browser();
login($alice, 'alice');

my $token;
subtest 'alice makes a token for the desktop agent on her account page' => sub {
    my $page = $alice->get(portal('/helpdesk/'));
    my ($nav) = page_of($page)->findnodes('//nav//a[normalize-space()="Account"]/@href');
    is $nav && $nav->value, '/helpdesk/account', '"Account" in the navigation';

    my $res = $alice->get(portal('/helpdesk/account'));
    is $res->code, 200, 'her account page opens';
    my $main = text_of($res, '//main');
    like $main, qr/Alice Archer/, 'her name';
    like $main, qr/alice\@example\.org/, 'her e-mail address from the directory';
    is form_fields($res, '//main//form[@id="contact-form"]')->{phone}, '+44 20 7946 0101',
        'her phone, in the form that changes it';
    like $main, qr/Psychiatry/, 'her organisation';
    like $main, qr/Role\s*Staff/, 'her role';
    like $main, qr/API tokens/, 'a section "API tokens"';
    is label_of(page_of($res)->findnodes('//main//input[@name="name"]')->[0]),
        'Name of a new token', 'the form asks for a name';

    my $refused = submit_form($alice, $res, $TOKEN_FORM, { name => '  ' });
    is $refused->code, 400, 'a token without a name is refused';
    like field_message($refused, 'name'), qr/Give the token a name/, 'and says why beside the field';

    ($res, $token) = make_token($alice, "Desktop agent $tag");
    is $res->code, 201, 'made: 201';
    ok $token, 'the page shows the token' or return;
    like text_of($res, '//main'), qr/will not be shown again/, 'and says it will not be shown again';
    like $res->header('Cache-Control'), qr/\bno-store\b/, 'not kept by any cache';
    my ($row) = grep { $_->textContent =~ /Desktop agent \Q$tag\E/ }
                page_of($res)->findnodes('//main//table//tr[td]');
    ok $row, 'listed with her tokens' or return;
    like $row->textContent, qr/Never/, 'never used yet';
    my @hash = db_rows("SELECT secret_hash FROM api_tokens WHERE name = 'Desktop agent $tag'");
    is scalar @hash, 1, 'one row';
    my $secret = (split /_/, $token, 3)[2];
    isnt $hash[0][0], $secret, 'the database keeps only a hash of the secret';
    is length $hash[0][0], 64, '(SHA-256, hex)';

    for my $fmt (qw(html xml json)) {
        my $again = get_as($alice, $fmt, '/helpdesk/account');
        is $again->code, 200, "$fmt: the page again";
        unlike $again->decoded_content, qr/\Q$token\E/, "$fmt: the token is not shown again";
        like $again->decoded_content, qr/Desktop agent \Q$tag\E/, "$fmt: its name is";
    }
    my $j = json_of(get_as($alice, 'json', '/helpdesk/account'));
    my ($t) = grep { $_->{name} eq "Desktop agent $tag" } @{ $j->{account}{'api-tokens'}{list} };
    is json_type($t->{id}), 'number', 'JSON: the token id is a number';
    ok !exists $t->{revoked}, 'JSON: not revoked';
    is $j->{account}{person}{role}, 'staff', 'JSON: her role';
};
$token or BAIL_OUT('no token to go on with');

my ($service) = db_rows("SELECT id FROM services WHERE code = 'email'");
$service //= (db_rows('SELECT id FROM services WHERE active = 1 ORDER BY id LIMIT 1'))[0];
my ($team) = db_rows('SELECT code FROM teams WHERE active = 1 AND is_default = 1');
my ($ref, $other_ref);

subtest 'the desktop agent logs a ticket for its computer with the token (Bearer)' => sub {
    my $res = api_post([bearer($token)], '/helpdesk/tickets/new',
                       kind => 'incident', service => $service->[0], team => $team->[0],
                       summary => "Outlook will not start $tag",
                       details => 'Reported by the desktop agent.', asset => $asset);
    is $res->code, 201, '201 Created, without any form token';
    no_cookie_set($res, 'create');
    my $j = json_of($res);
    $ref = $j->{ticket}{ref};
    like $res->header('Location'), qr{/helpdesk/tickets/\Q$ref\E$}, 'Location: the ticket';
    is $j->{ticket}{asset}, $asset, 'the ticket names the computer';
    is $j->{ticket}{channel}, 'api', 'came in through the API';
    is $j->{ticket}{'requester-login'}, 'alice', "it is alice's";
    is $j->{user}{login}, 'alice', 'the token acts as alice';

    my $bad = api_post([bearer($token)], '/helpdesk/tickets/new',
                       kind => 'incident', service => $service->[0], team => $team->[0],
                       summary => "Bad asset $tag", details => 'x', asset => 'PC 42; DROP');
    is $bad->code, 400, 'a computer name that cannot be one: 400';
    my ($err) = grep { $_->{field} eq 'asset' } @{ json_of($bad)->{'ticket-form'}{errors} };
    like $err && $err->{message}, qr/letters, digits/, 'with the reason, as JSON';

    # One more ticket of alice's, about no computer, to see the filter work.
    $other_ref = log_ticket($alice, summary => "No computer $tag", details => 'x');
};

subtest 'it lists, shows, comments and resolves with the token (Basic)' => sub {
    my @auth = basic('alice', $token);
    my $mine = api_get(\@auth, "/helpdesk/tickets?view=mine&q=$tag");
    is $mine->code, 200, 'her tickets';
    no_cookie_set($mine, 'list');
    my @refs = map { $_->{ref} } @{ json_of($mine)->{tickets}{rows} };
    ok((grep { $_ eq $ref } @refs), 'hold the new one');

    my $by_asset = api_get(\@auth, "/helpdesk/tickets?asset=$asset");
    is $by_asset->code, 200, 'by asset';
    is_deeply [map { $_->{ref} } @{ json_of($by_asset)->{tickets}{rows} }], [$ref],
        'only the computer\'s ticket';
    is json_of($by_asset)->{tickets}{asset}, $asset, 'the list says which computer';
    is api_get(\@auth, '/helpdesk/tickets?asset=not%20a%20name')->code, 400,
        'a filter that is no computer name: 400';

    my $by_status = api_get(\@auth, "/helpdesk/tickets?status=waiting_support&q=$tag");
    ok((grep { $_->{ref} eq $ref } @{ json_of($by_status)->{tickets}{rows} }), 'by status');
    my $closed = api_get(\@auth, "/helpdesk/tickets?status=closed&q=$tag");
    is_deeply json_of($closed)->{tickets}{rows}, [], 'not among the closed';

    my $show = api_get(\@auth, "/helpdesk/tickets/$ref");
    is $show->code, 200, 'shows the ticket';
    is json_of($show)->{ticket}{asset}, $asset, 'with its computer';

    my $c = api_post(\@auth, "/helpdesk/tickets/$ref/comment",
                     body => "It crashes at the splash screen $tag");
    is $c->code, 303, 'comments: 303, no form token';
    no_cookie_set($c, 'comment');
    my $after = json_of(api_get(\@auth, "/helpdesk/tickets/$ref"));
    ok((grep { ($_->{text} // '') =~ /splash screen \Q$tag\E/ } @{ $after->{ticket}{activity} }),
       'the comment is on the ticket');
    my @again = (api_post(\@auth, "/helpdesk/tickets/$ref/comment", body => "Twice $tag"),
                 api_post(\@auth, "/helpdesk/tickets/$ref/comment", body => "Twice $tag"));
    my $twice = () = grep { ($_->{text} // '') eq "Twice $tag" }
                     @{ json_of(api_get(\@auth, "/helpdesk/tickets/$ref"))->{ticket}{activity} };
    is $twice, 2, 'each request is one comment of its own';

    my $r = api_post([bearer($token)], "/helpdesk/tickets/$ref/resolve",
                     solution => 'Reinstalled Outlook.');
    is $r->code, 303, 'resolves: 303';
    is json_of(api_get(\@auth, "/helpdesk/tickets/$ref"))->{ticket}{category}, 'closed',
        'the ticket is resolved';

    my ($used) = db_rows("SELECT last_used_at IS NOT NULL FROM api_tokens WHERE name = 'Desktop agent $tag'");
    is $used->[0], 1, 'the token is marked as used';
    my @sessions = db_rows("SELECT COUNT(*) FROM sessions WHERE user_agent = 'helpdesk-desktop-agent/1.0'");
    is $sessions[0][0], 0, 'no session was ever made for it';
};

subtest 'forms in the browser still need their token; a token request ignores cookies' => sub {
    my $page = $alice->get(portal("/helpdesk/tickets/$other_ref"));
    my $res = $alice->request(POST portal("/helpdesk/tickets/$other_ref/comment"),
                              [body => "No csrf $tag"]);
    is $res->code, 403, 'a POST with the session cookie and no form token is refused';
    unlike $alice->get(portal("/helpdesk/tickets/$other_ref"))->decoded_content, qr/No csrf \Q$tag\E/,
        'and nothing is stored';

    my $bob = browser();
    login($bob, 'bob');
    my $cookie = 'hdsession=' . session_cookie($bob);
    my $mixed = program()->request(GET portal('/helpdesk/'), bearer($token), Cookie => $cookie);
    is $mixed->code, 200, 'a token with a session cookie of someone else';
    is json_of($mixed)->{user}{login}, 'alice', 'is the token\'s person: the cookie is ignored';
    my $stale = program()->request(GET portal('/helpdesk/'), bearer($token),
                                   Cookie => 'hdsession=' . ('x' x 43));
    is $stale->code, 200, 'an ended session cookie beside a token';
    no_cookie_set($stale, 'and the cookie is not even cleared');
};

subtest 'a wrong token is a 401 that says so' => sub {
    my (undef, $id) = split /_/, $token;
    my $wrong = $token;
    substr($wrong, -1, 1) = substr($wrong, -1) eq 'A' ? 'B' : 'A';
    for my $case (['a made-up token', [bearer('hdt_999999999_' . ('A' x 43))]],
                  ['the right id with a wrong secret', [bearer($wrong)]],
                  ['not a token at all', [bearer('letmein')]],
                  ["alice's token as bob's Basic login", [basic('bob', $token)]],
                  ["alice's password instead of a token", [basic('alice', demo_password())]]) {
        my ($what, $auth) = @$case;
        my $res = api_get($auth, '/helpdesk/tickets');
        is $res->code, 401, "$what: 401";
        like $res->header('WWW-Authenticate') // '', qr/^Bearer realm="helpdesk"/, "$what: a Bearer challenge";
        ok !$res->header('Location'), "$what: not sent to the login page";
        my $j = eval { json_of($res) } // {};
        is $j->{error}{status}, 401, "$what: a JSON error";
        like $j->{error}{message} // '', qr/API token is not valid/, "$what: that says why";
    }
    my $html = program()->request(GET portal('/helpdesk/tickets'), bearer('letmein'),
                                  Accept => 'text/html');
    is $html->code, 401, 'HTML: 401 too';
    ok !page_of($html)->findnodes('//input[@name="password"]'), 'no login form for a program';
    my $post = api_post([bearer('letmein')], '/helpdesk/tickets/new', summary => 'x');
    is $post->code, 401, 'a POST with a wrong token: 401';
};

subtest 'a token has its person\'s rights, no more' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my (undef, $bob_token) = make_token($bob, "bob's script $tag");
    my $tina = browser();
    login($tina, 'tina');
    my (undef, $tina_token) = make_token($tina, "tina's console $tag");
    ok $bob_token && $tina_token, 'bob and tina have tokens' or return;

    my $private = log_ticket($alice, summary => "Private $tag", details => 'Mine only.', shared => 0);
    my ($max) = db_rows('SELECT MAX(id) + 1000 FROM tickets');
    my $missing = "HD-$max->[0]";
    my $hidden = api_get([bearer($bob_token)], "/helpdesk/tickets/$private");
    is $hidden->code, 404, "bob's token cannot see alice's private ticket";
    ok same_not_found($hidden, api_get([bearer($bob_token)], "/helpdesk/tickets/$missing"),
                      $private, $missing), 'the same 404 as a ticket that does not exist';
    is api_get([bearer($token)], "/helpdesk/tickets/$private")->code, 200, "alice's token can";
    is api_post([bearer($bob_token)], "/helpdesk/tickets/$private/comment", body => 'x')->code, 404,
        'nor comment on it';

    my $desk = api_get([bearer($token)], '/helpdesk/desk');
    is $desk->code, 403, "a staff token gets 403 on the desk's pages";
    is json_of($desk)->{error}{status}, 403, 'as JSON';
    is api_get([bearer($tina_token)], '/helpdesk/desk')->code, 200, "an agent's token opens the desk";

    my $more = api_post([bearer($token)], '/helpdesk/account/tokens', name => 'another');
    is $more->code, 403, 'a program cannot make itself more tokens';
};

subtest 'an admin guards a location of their own with AuthBasicProvider helpdesk-token' => sub {
    my $url = portal('/helpdesk-programs/css/helpdesk.css');
    my $ok = program()->request(GET $url, basic('alice', $token));
    is $ok->code, 200, "alice's login and token";
    is program()->request(GET $url, basic('bob', $token))->code, 401, "bob's login with alice's token";
    is program()->request(GET $url, basic('alice', demo_password()))->code, 401, 'her password';
    is program()->request(GET $url)->code, 401, 'nothing';
};

subtest 'alice revokes the token: it stops working at once' => sub {
    my $page = $alice->get(portal('/helpdesk/account'));
    my $form = qq{//main//tr[td[normalize-space()="Desktop agent $tag"]]//form};
    my $res = no_redirects($alice, sub { submit_form($alice, $page, $form, {}, button => "Revoke Desktop agent $tag") });
    is $res->code, 303, 'Revoke: 303';
    like $res->header('Location'), qr{/helpdesk/account\?revoked=\d+$}, 'back to her account page';
    my $after = $alice->get(portal($res->header('Location')));
    like text_of($after, '//main'), qr/The token is revoked/, 'which says so';
    my ($row) = grep { $_->textContent =~ /Desktop agent \Q$tag\E/ }
                page_of($after)->findnodes('//main//table//tr[td]');
    like $row && $row->textContent, qr/Revoked \d{4}-/, 'the token is listed as revoked';
    ok !($row && $row->findnodes('.//form')), 'with no button any more';

    is api_get([bearer($token)], '/helpdesk/tickets')->code, 401, 'Bearer: 401';
    is api_get([basic('alice', $token)], '/helpdesk/tickets')->code, 401, 'Basic: 401';
    is program()->request(GET portal('/helpdesk-programs/css/helpdesk.css'), basic('alice', $token))->code,
        401, "the admin's location: 401";
    my $twice = no_redirects($alice, sub { submit_form($alice, $page, $form, {}, button => "Revoke Desktop agent $tag") });
    is $twice->code, 404, 'revoking it again: there is no such live token';
};

subtest 'the computer on the new-ticket form and in the lists' => sub {
    my $form = $alice->get(portal('/helpdesk/tickets/new'));
    my ($field) = page_of($form)->findnodes('//main//input[@name="asset"]');
    ok $field, 'the form has a field for the computer' or return;
    is label_of($field), 'Computer (asset) (optional)', 'labelled';

    my $bad = submit_form($alice, $form, '//form[.//*[@name="summary"]]',
                          { summary => "Bad computer $tag", details => 'x', asset => 'my laptop',
                            service => $service->[0] });
    is $bad->code, 400, 'a name with a space is refused';
    like field_message($bad, 'asset'), qr/1 to 64 letters, digits/, 'and the field says why';

    my ($web_ref, $page) = log_ticket($alice, summary => "Laptop fan $tag", details => 'Loud.',
                                      asset => "LT-$tag");
    like text_of($page, '//main'), qr/Computer\s*LT-\Q$tag\E/, 'the ticket page names the computer';
    is xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$web_ref"))->findvalue('/helpdesk/ticket/@asset'),
        "LT-$tag", 'XML: asset';
    is_deeply list_refs(ticket_list($alice, asset => "LT-$tag")), [$web_ref],
        'the list filtered by that computer holds it alone';
    like text_of(ticket_list($alice, asset => "LT-$tag"), '//main'), qr/about computer LT-\Q$tag\E/,
        'and says so';
    is_deeply list_refs(ticket_list($alice, asset => "none-$tag")), [], 'another computer: none';

    # Keyset paging over one computer's tickets: a page and one more
    # (HelpdeskPageSize 25 on the test stacks).
    my @more = map { scalar log_ticket($alice, summary => "Paged $_ $tag", details => 'x',
                                       asset => "PG-$tag") } 1 .. 26;
    my $pages = 0;
    my $url = tickets_url(asset => "PG-$tag", sort => 'created');
    my @seen;
    for (1 .. 5) {
        my $j = json_of(get_as($alice, 'json', $url->path_query));
        push @seen, map { $_->{ref} } @{ $j->{tickets}{rows} };
        $pages++;
        last unless $j->{tickets}{paging}{'next-href'};
        like $j->{tickets}{paging}{'next-href'}, qr/asset=PG-\Q$tag\E/, 'the next page keeps the filter';
        $url = URI->new(portal($j->{tickets}{paging}{'next-href'}));
    }
    is $pages, 2, 'two pages';
    is_deeply [sort @seen], [sort @more], 'all pages together: that computer\'s tickets, each once';

    # The optional Asset column ("Manage columns").
    my $cols = $alice->get(portal('/helpdesk/tickets/columns'));
    my ($box) = page_of($cols)->findnodes('//main//input[@name="show_asset"]');
    ok $box, 'Manage columns offers the Asset column' or return;
    my %set = map { ($_->getAttribute('name') => undef) }
              page_of($cols)->findnodes('//main//input[starts-with(@name, "show_")]');
    @set{qw(show_reference pos_reference show_asset pos_asset)} = (1, 1, 1, 2);
    my $saved = no_redirects($alice, sub {
        submit_form($alice, $cols, '//main//form[.//*[starts-with(@name, "show_")]]', \%set) });
    is $saved->code, 303, 'chosen';
    my $list = ticket_list($alice, asset => "LT-$tag");
    is_deeply table_headers($list), ['Reference', 'Asset'], 'the list shows the column';
    is list_rows($list)->[0]{cells}[1], "LT-$tag", 'with the computer';
    no_redirects($alice, sub {
        submit_form($alice, $alice->get(portal('/helpdesk/tickets/columns')),
                    '//main//form[.//*[@name="reset"]]', { reset => 1 }, button => 'Reset to default') });
};

done_testing();
