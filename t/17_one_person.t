# One person is one portal user, however they type their login, and
# "on behalf of" logs for the people one may log for -- without telling
# anyone else who is in the directory.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $FORM = '//form[.//*[@name="summary"]]';

sub me_as {
    my ($ua) = @_;
    return xml_of(get_as($ua, 'xml', '/helpdesk/'))->findvalue('/helpdesk/user/@login');
}
sub ticket_x {
    my ($ua, $ref) = @_;
    return xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$ref"));
}

my $alice = browser();
login($alice, 'alice');
my $earlier = log_ticket($alice, summary => "Logged as alice $tag", details => 'Test.');

subtest 'alice is alice whether she types ALICE, Alice or " alice"' => sub {
    for my $typed ('ALICE', 'Alice', ' alice', 'alice ') {
        my $ua = browser();
        my $res = login($ua, $typed);
        ok $res->is_success, "logging in as '$typed' works";
        is me_as($ua), 'alice', "'$typed' is the portal user alice";
        my $x = ticket_x($ua, $earlier);
        is $x->findvalue('/helpdesk/ticket/@can-resolve'), 'true',
            "'$typed' may act on the ticket she logged as alice";
        is $x->findvalue('/helpdesk/actions/@comment'), "/helpdesk/tickets/$earlier/comment",
            'the page offers her the comment form';
        my $ref = log_ticket($ua, summary => "Typed as '$typed' $tag", details => 'Test.');
        is ticket_x($alice, $ref)->findvalue('/helpdesk/ticket/@requester-login'), 'alice',
            "a ticket logged as '$typed' is alice's";
    }
    my $mine = list_refs(ticket_list($alice, view => 'mine', q => $tag));
    is scalar(@$mine), 4 + 1, 'and she finds all four (and the first) in "Created by me"';
};

subtest 'on behalf of " ALICE " is on behalf of alice' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $ref = log_ticket($bob, on_behalf => ' ALICE ', summary => "For ALICE $tag", details => 'Test.');
    my $x = ticket_x($bob, $ref);
    is $x->findvalue('/helpdesk/ticket/@requester-login'), 'alice', 'the requester is alice';
    is $x->findvalue('/helpdesk/ticket/@requester'), 'Alice Archer', 'by name';
    is ticket_x($alice, $ref)->findvalue('/helpdesk/ticket/@can-resolve'), 'true', 'and alice may act on it';
};

subtest 'staff log only for their own organisation; the desk logs for anyone' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $word = new_tag();
    my $form = $bob->get(portal('/helpdesk/tickets/new'));
    my $res = submit_form($bob, $form, $FORM,
        { on_behalf => 'carol', summary => "Into another org $word", details => 'Test.' });
    is $res->code, 400, 'bob (Psychiatry) for carol (Business Office): refused';
    like field_message($res, 'on_behalf'), qr/\QThere is no one with the login “carol” in your organisation.\E/,
        'the same words as for someone who does not exist';
    unlike $res->decoded_content, qr/carol\@example\.org|7946 0201|Carol Clarke/,
        "nothing of carol's details is shown";
    is scalar(db_rows("SELECT id FROM tickets WHERE summary LIKE '%$word%'")), 0, 'nothing was logged';
    is scalar(@{ list_refs(ticket_list(login_as('carol'), view => 'org', q => $word)) }), 0,
        "and nothing appeared in the Business Office's list";

    my $sam = login_as('sam');
    $res = submit_form($sam, $sam->get(portal('/helpdesk/tickets/new')), $FORM,
        { on_behalf => 'dave', summary => "Supervisor elsewhere $word", details => 'Test.' });
    is $res->code, 400, 'sam, a Psychiatry supervisor, cannot log for dave of the Business Office either';

    my $tina = login_as('tina');
    my $ref = log_ticket($tina, on_behalf => 'carol', summary => "Desk for carol $word", details => 'Test.');
    is ticket_x($tina, $ref)->findvalue('/helpdesk/ticket/@requester-login'), 'carol',
        'tina of the service desk logs for carol';
};

subtest 'a form without a genuine token reveals nobody' => sub {
    my $bob = login_as('bob');
    my $form = $bob->get(portal('/helpdesk/tickets/new'));
    for my $who (qw(alice sam)) {
        my $res = submit_form($bob, $form, $FORM,
            { on_behalf => $who, csrf => 'forged', summary => "No token $tag", details => 'Test.' });
        is $res->code, 403, "on behalf of $who without a token: 403";
        unlike $res->decoded_content, qr/\Q$who\E\@example\.org/, "$who\'s e-mail is not shown";
        my $x = xml_of(no_redirects($bob, sub {
            submit_form($bob, $form, $FORM, { on_behalf => $who, csrf => 'forged', summary => 'x', details => 'y' },
                        accept => 'application/xml');
        }));
        is $x->findvalue('/helpdesk/ticket-form/requester/@login'), 'bob', 'XML: the requester shown is bob himself';
    }
};

subtest 'a login that matches two directory entries is refused, not an outage' => sub {
    my %env = stack_env();
    my $base = $env{HD_LDAP_BASE};
    my $ldif = join "\n",
        "dn: ou=twins,ou=people,$base", 'objectClass: organizationalUnit', 'ou: twins', '',
        "dn: uid=pat$tag,ou=people,$base", 'objectClass: inetOrgPerson', "uid: pat$tag",
        'cn: Pat One', 'sn: One', 'o: Service Desk', '',
        "dn: uid=pat$tag,ou=twins,ou=people,$base", 'objectClass: inetOrgPerson', "uid: pat$tag",
        'cn: Pat Two', 'sn: Two', 'o: Service Desk', '';
    my @ldap = ('-x', '-H', "ldap://127.0.0.1:$env{HD_LDAP_PORT}", '-D', $env{HD_LDAP_ADMIN_DN},
                '-w', $env{HD_LDAP_ADMIN_PW});
    open my $add, '|-', 'ldapadd', @ldap or die "ldapadd: $!";
    print $add $ldif;
    close $add or die "ldapadd failed";

    my $tina = login_as('tina');
    my $res = submit_form($tina, $tina->get(portal('/helpdesk/tickets/new')), $FORM,
        { on_behalf => "pat$tag", summary => "Twins $tag", details => 'Test.' });
    is $res->code, 400, 'an ambiguous colleague: 400, not 503';
    like field_message($res, 'on_behalf'), qr/There is no one with the login/, 'said next to the field';

    system('ldapdelete', @ldap, "uid=pat$tag,ou=twins,ou=people,$base",
           "uid=pat$tag,ou=people,$base", "ou=twins,ou=people,$base") == 0
        or diag 'could not remove the twins';
};

sub login_as {
    my ($who) = @_;
    my $ua = browser();
    login($ua, $who);
    return $ua;
}

sub stack_env {
    open my $fh, '<', "$ENV{HD_VAR}/stack.env" or die "stack.env: $!";
    return map { /^(\w+)=(.*)$/ ? ($1, $2) : () } <$fh>;
}

done_testing();
