# t/46_supervisors.t -- a supervisor and their organisation's logins: sam
# (Psychiatry) lists his people with contact details, ticket counts and
# last login, searches them, opens bob and sends him a temporary password
# (the mail arrives, the reset is recorded as sam's); carol of the
# Business Office is the same 404 as nobody; someone without an address
# gets a plain message and nothing changes; alice (staff) and tina (an
# agent) get 403.  And the dashboard on sam's Organisation view says what
# the database says.  bob's password is given back at the end.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDMail;
use HTTP::Request::Common qw(POST);

my $env  = HDTest::_env();
my $base = $env->{HD_LDAP_BASE};
my $url  = "ldap://127.0.0.1:$env->{HD_LDAP_PORT}";
my @admin = ('-x', '-H', $url, '-D', $env->{HD_LDAP_ADMIN_DN}, '-w', $env->{HD_LDAP_ADMIN_PW});
local $ENV{LDAPNOINIT} = 1;
my $tag = new_tag();
my $nomail = "nomail$tag";
sub dn_of { my ($login) = @_; return "uid=$login,ou=people,$base" }

# bob's password as the story leaves it; given back (reset mark cleared
# by his own change) whatever happens.
my $bob_now;
sub restore_bob {
    return 1 unless defined $bob_now;
    my $ok = system('ldappasswd', '-x', '-H', $url, '-D', dn_of('bob'), '-w', $bob_now,
                    '-s', demo_password()) == 0;
    undef $bob_now if $ok;
    return $ok;
}
END {
    restore_bob();
    system('ldapdelete', @admin, dn_of($nomail)) if $nomail;
}

{
    open my $add, '|-', 'ldapadd', @admin or die "ldapadd: $!";
    print $add join "\n", 'dn: ' . dn_of($nomail), 'objectClass: inetOrgPerson', "uid: $nomail",
        "cn: Nora Nomail $tag", 'sn: Nomail', 'o: Psychiatry', '';
    close $add or die "ldapadd failed\n";
}

my $sam = browser();
login($sam, 'sam');

subtest 'sam lists the people of Psychiatry' => sub {
    my $res = $sam->get(portal('/helpdesk/'));
    ok page_of($res)->findnodes('//nav//a[normalize-space(.)="Logins"]'), 'Logins in his navigation';
    $res = $sam->get(portal('/helpdesk/logins'));
    is $res->code, 200, 'the page opens';
    my $j = json_of(get_as($sam, 'json', '/helpdesk/logins'));
    my %people = map { $_->{login} => $_ } @{ $j->{logins}{people} };
    is_deeply [sort grep { !/^nomail/ } keys %people], [qw(alice bob sam)], 'alice, bob and sam';
    ok $people{$nomail}, 'and the person without an address';
    ok !$people{carol}, 'nobody of another organisation';
    is $people{bob}{mail}, 'bob@example.org', "bob's address";
    like $people{bob}{phone}, qr/^\+44/, 'his phone';
    my %db = map { $_->[0] => [$_->[1], $_->[2]] } db_rows(
        "SELECT t.requester_login, SUM(s.category IN ('open','pending')), COUNT(*) FROM tickets t "
        . "JOIN ticket_statuses s ON s.code = t.status WHERE t.requester_org = 'Psychiatry' GROUP BY 1");
    for my $who (qw(alice bob sam)) {
        is_deeply [$people{$who}{'open-tickets'}, $people{$who}{'total-tickets'}], $db{$who} // [0, 0],
            "$who: open and all tickets as the database counts them";
    }
    like $people{sam}{'last-login'}, qr/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/, "sam's last login (this one)";
    is $people{$nomail}{'has-mail'}, JSON::PP::false(), 'has-mail false for the one without';
    like text_of($res, '//main'), qr/No e-mail address/, 'the page says so';
    like text_of($res, '//main'), qr/Last login: when the person last logged in/,
        'and where the last login comes from';
};

subtest 'search by name, login or e-mail' => sub {
    for my $q ('Baker', 'BOB', 'bob@example') {
        my $j = json_of(get_as($sam, 'json', '/helpdesk/logins?q=' . $q));
        is_deeply [map { $_->{login} } @{ $j->{logins}{people} }], ['bob'], "\"$q\": bob";
    }
    my $res = $sam->get(portal('/helpdesk/logins?q=carol'));
    like text_of($res, '//main'), qr/Nobody matches/, 'carol: nobody (not his organisation)';
};

subtest 'sam resets bob: a temporary password by mail, recorded as his' => sub {
    my $page = $sam->get(portal('/helpdesk/logins/bob'));
    is $page->code, 200, "bob's details";
    like text_of($page, '//main'), qr/bob\@example\.org/, 'with his address';
    my $had = HDMail::matching(sub { $_->{to} =~ /bob\@example\.org/ && $_->{subject} =~ /temporary password/ });
    my $res = submit_form($sam, $page, '//main//form[.//button[normalize-space(.)="Reset password"]]', {});
    is $res->code, 200, 'pressed';
    is $res->request->uri->path . '?' . $res->request->uri->query, '/helpdesk/logins/bob?reset=sent', 'back on his page';
    like text_of($res, '//main'), qr/A temporary password was sent to bob\@example\.org/, 'it says what happened';
    my @m = HDMail::wait_for(sub { $_->{to} =~ /bob\@example\.org/ && $_->{subject} =~ /temporary password/ }, $had + 1);
    ok @m > $had, 'bob gets the mail' or return;
    like $m[-1]{text}, qr/Your supervisor Sam Shaw \(sam\) asked for a new password/, 'saying who asked';
    ($bob_now) = $m[-1]{text} =~ /temporary password: (\S+)/;
    my ($row) = db_rows("SELECT requested_by FROM password_resets WHERE login = 'bob' ORDER BY id DESC LIMIT 1");
    is $row->[0], 'sam', 'recorded: requested by sam';
    like text_of($sam->get(portal('/helpdesk/logins/bob')), '//main'), qr/by sam/, 'and listed on the page';
    my $bob = browser();
    $res = login($bob, 'bob');
    isnt $res->request->uri->path, '/helpdesk/', 'his old password no longer works';
    $res = login($bob, 'bob', $bob_now);
    is $res->request->uri->path, '/helpdesk/account/password', 'the temporary one leads to the change form';
    ok restore_bob(), 'bob has his password back';
};

subtest 'another organisation\'s login is the same 404 as nobody' => sub {
    my $carol = $sam->get(portal('/helpdesk/logins/carol'));
    my $nobody = $sam->get(portal('/helpdesk/logins/zz' . $tag));
    is $carol->code, 404, 'carol: 404';
    ok same_not_found($carol, $nobody, 'carol', 'zz' . $tag), 'byte for byte the same as a login that does not exist';
    my $tok = xml_of(get_as($sam, 'xml', '/helpdesk/logins/bob'))->findvalue('//reset-form/@csrf');
    my $had = HDMail::matching(sub { $_->{to} =~ /carol\@example\.org/ });
    my $res = no_redirects($sam, sub { $sam->request(POST portal('/helpdesk/logins/carol/reset'), [csrf => $tok]) });
    is $res->code, 404, 'resetting carol: 404';
    my ($n) = db_rows("SELECT COUNT(*) FROM password_resets WHERE login = 'carol' AND requested_by = 'sam'");
    is $n->[0], 0, 'nothing recorded';
};

subtest 'someone without an address: said plainly, nothing changed' => sub {
    my $page = $sam->get(portal("/helpdesk/logins/$nomail"));
    is $page->code, 200, 'the details open';
    like text_of($page, '//main'), qr/has no e-mail address in the staff directory, so the portal cannot send a temporary password/,
        'it says so';
    ok !form_node($page, '//main//form[.//button[normalize-space(.)="Reset password"]]'), 'no button';
    my $tok = xml_of(get_as($sam, 'xml', '/helpdesk/logins/bob'))->findvalue('//reset-form/@csrf');
    # The form token of bob's page is bound to bob's address: a program
    # posting to this one needs its own, which the page does not draw.
    my $res = $sam->request(POST portal("/helpdesk/logins/$nomail/reset"), [csrf => $tok]);
    is $res->code, 403, "bob's form token does not reset someone else";
    my ($n) = db_rows("SELECT COUNT(*) FROM password_resets WHERE login = '$nomail'");
    is $n->[0], 0, 'nothing recorded';
};

subtest 'staff and agents who are not supervisors: 403' => sub {
    for my $who (qw(alice tina)) {
        my $ua = browser();
        login($ua, $who);
        my $res = $ua->get(portal('/helpdesk/'));
        ok !page_of($res)->findnodes('//nav//a[normalize-space(.)="Logins"]'), "$who: no Logins in the navigation";
        is $ua->get(portal('/helpdesk/logins'))->code, 403, "$who: /logins 403";
        is $ua->get(portal('/helpdesk/logins/bob'))->code, 403, "$who: /logins/bob 403";
        is get_as($ua, 'json', '/helpdesk/logins')->code, 403, "$who: JSON 403";
        is no_redirects($ua, sub { $ua->request(POST portal('/helpdesk/logins/bob/reset'), [csrf => 'x']) })->code,
            403, "$who: reset 403";
    }
};

subtest "the dashboard on sam's Organisation view says what the database says" => sub {
    my $j = json_of(get_as($sam, 'json', '/helpdesk/tickets?view=org'));
    my $d = $j->{tickets}{dashboard};
    ok $d, 'a dashboard' or return;
    my @rows = db_rows("SELECT s.code, s.category, COUNT(*) FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
                       . "WHERE t.requester_org = 'Psychiatry' AND s.category IN ('open','pending') "
                       . "GROUP BY s.code, s.category, s.sort_order ORDER BY s.sort_order");
    is_deeply [map { [$_->{code}, $_->{tickets}] } @{ $d->{'by-status'} }], [map { [$_->[0], $_->[2]] } @rows],
        'open tickets by status';
    my ($open, $desk, $us) = (0, 0, 0);
    for (@rows) { $open += $_->[2]; $_->[1] eq 'open' ? ($desk += $_->[2]) : ($us += $_->[2]) }
    is_deeply [$d->{open}, $d->{'on-desk'}, $d->{'waiting-on-us'}], [$open, $desk, $us],
        'open, on the desk, waiting on Psychiatry';
    my ($oldest) = db_rows("SELECT t.id FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
                           . "WHERE t.requester_org = 'Psychiatry' AND s.category IN ('open','pending') "
                           . "ORDER BY t.created_at, t.id LIMIT 1");
    is $d->{'oldest-open'}{id}, $oldest->[0], 'the oldest open ticket';
    my $res = $sam->get(portal('/helpdesk/tickets?view=org'));
    like text_of($res, '//main'), qr/Psychiatry: $open open tickets\s*$desk with the service desk, $us waiting on Psychiatry\. The oldest: HD-$oldest->[0]/,
        'shown on the page';
    my $alice = browser();
    login($alice, 'alice');
    ok !exists json_of(get_as($alice, 'json', '/helpdesk/tickets?view=org'))->{tickets}{dashboard},
        'not for staff';
};

done_testing();
