# The account page (issue 12): alice keeps her own details -- telephone,
# mobile and office written to her entry in the directory, a bad number
# refused with everything she typed kept -- moves her e-mail address
# (only once she follows the link mailed to the new address; the old one
# is told), and changes her password as herself, the directory's password
# policy deciding and saying why in plain words; she stays logged in.  A
# session that logged in with a temporary password sees nothing but the
# change-password page.  Everything alice changes is put back at the end
# (other suites log in as her with "helpdesk").
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDMail;
use Digest::SHA qw(sha256_hex);
use MIME::Base64 qw(decode_base64);
use HTTP::Request::Common qw(GET);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $env = do {
    my %e;
    open my $fh, '<', "$ENV{HD_VAR}/stack.env" or die "stack.env: $!";
    while (<$fh>) { $e{$1} = $2 if /^(\w+)=(.*)$/ }
    \%e;
};
my $LDAP = "ldap://127.0.0.1:$env->{HD_LDAP_PORT}";
my $ALICE_DN = "uid=alice,ou=people,$env->{HD_LDAP_BASE}";
my $CONTACT = '//main//form[@id="contact-form"]';
my $MAIL = '//main//form[@id="mail-form"]';
my $PASSWORD = '//main//form[@id="password-form"]';
my $NEW_PW = "Lamp stone river $tag";

# alice's entry as the directory holds it: { attribute => [values] }.
sub entry {
    my @out = `ldapsearch -x -LLL -o ldif-wrap=no -H $LDAP -D '$env->{HD_LDAP_PORTAL_DN}' -y '$ENV{HD_VAR}/ldap/portal.pw' -b '$ALICE_DN' -s base '(objectClass=*)' telephoneNumber mobile roomNumber mail 2>&1`;
    my %e;
    for (@out) {
        push @{ $e{lc $1} }, $2 if /^(\w+): (.*)$/;
        push @{ $e{lc $1} }, decode_base64($2) if /^(\w+):: (.*)$/;   # not ASCII
    }
    return \%e;
}
sub attr { my ($e, $a) = @_; return join '|', @{ $e->{lc $a} // [] } }

# Puts alice's entry back as the demo has it, as the portal's account.
sub restore_entry {
    open my $m, '|-', "ldapmodify -x -H $LDAP -D '$env->{HD_LDAP_PORTAL_DN}' -y '$ENV{HD_VAR}/ldap/portal.pw' >/dev/null 2>&1"
        or return;
    print $m "dn: $ALICE_DN\nchangetype: modify\nreplace: telephoneNumber\ntelephoneNumber: +44 20 7946 0101\n-\n"
           . "replace: mobile\n-\nreplace: roomNumber\n-\nreplace: mail\nmail: alice\@example.org\n-\n";
    close $m;
}
# Does the directory take this password of alice's?
sub binds {
    my ($pw) = @_;
    return system("ldapwhoami -x -H $LDAP -D '$ALICE_DN' -w '$pw' >/dev/null 2>&1") == 0;
}
# Her password back to the demo's, as herself (a change by anyone else
# would mark it reset): only if the test left it changed.
sub restore_password {
    system("ldappasswd -x -H $LDAP -D '$ALICE_DN' -w '$NEW_PW' -s '" . demo_password()
           . "' >/dev/null 2>&1") if binds($NEW_PW);
}
END { restore_password(); restore_entry() }
restore_entry();

my $alice = browser();
login($alice, 'alice');

subtest 'contact details land in the directory and show on the next page' => sub {
    my $page = $alice->get(portal('/helpdesk/account'));
    is $page->code, 200, 'the account page';
    my $f = form_fields($page, $CONTACT);
    is $f->{phone}, '+44 20 7946 0101', 'Telephone: as the directory has it';
    is $f->{mobile}, '', 'Mobile: none';
    my $res = submit_form($alice, $page, $CONTACT,
                          { phone => '+44 20 7946 0199', mobile => ' 07700 900123 ',
                            room => 'Ward 3, Room 2.14 – east' });
    is $res->code, 200, 'saved, back on the page';
    like $res->request->uri, qr{/account\?saved=contact$}, 'after a 303';
    like text_of($res, '//*[@id="saved"]'), qr/Your contact details are saved\./, 'it says so';
    $f = form_fields($res, $CONTACT);
    is_deeply [@$f{qw(phone mobile room)}], ['+44 20 7946 0199', '07700 900123', 'Ward 3, Room 2.14 – east'],
        'the next page shows the new values (spaces around trimmed)';
    my $e = entry();
    is attr($e, 'telephoneNumber'), '+44 20 7946 0199', 'directory: telephoneNumber';
    is attr($e, 'mobile'), '07700 900123', 'directory: mobile';
    utf8::decode(my $room = attr($e, 'roomNumber'));
    is $room, 'Ward 3, Room 2.14 – east', 'directory: roomNumber';
    my $x = xml_of(get_as($alice, 'xml', '/helpdesk/account'));
    is $x->findvalue('/helpdesk/account/contact/@mobile'), '07700 900123', 'and the XML';
};

subtest 'a bad phone is refused, everything typed kept' => sub {
    my $page = $alice->get(portal('/helpdesk/account'));
    my $res = submit_form($alice, $page, $CONTACT,
                          { phone => 'call me maybe', mobile => '07700 900999', room => 'Room 9' });
    is $res->code, 400, '400';
    like field_message($res, 'phone'), qr/Enter the telephone number with digits/, 'the message beside Telephone';
    like text_of($res, '//*[contains(@class, "error-summary")]'), qr/telephone number/, 'and in the summary';
    my $f = form_fields($res, $CONTACT);
    is_deeply [@$f{qw(phone mobile room)}], ['call me maybe', '07700 900999', 'Room 9'], 'every value kept';
    is attr(entry(), 'mobile'), '07700 900123', 'the directory unchanged';
    $res = submit_form($alice, $res, $CONTACT, { phone => '1' x 33, room => 'x' x 65 });
    is $res->code, 400, 'too long: 400';
    like field_message($res, 'phone'), qr/32 characters or fewer/, 'phone: at most 32';
    like field_message($res, 'room'), qr/64 characters or fewer/, 'room: at most 64';
    $res = submit_form($alice, $res, $CONTACT, { phone => '+44 20 7946 0199', mobile => '', room => '' });
    is $res->code, 200, 'emptied';
    my $e = entry();
    ok !$e->{mobile} && !$e->{roomnumber}, 'an empty field removes the attribute';
};

subtest 'a new e-mail address takes effect only through the link' => sub {
    my $new = "alice.$tag\@example.net";
    my $page = $alice->get(portal('/helpdesk/account'));
    my $res = submit_form($alice, $page, $MAIL, { mail => 'alice at example' });
    is $res->code, 400, 'not an address: 400';
    like field_message($res, 'mail'), qr/like name\@example\.org/, 'says what one looks like';
    is form_fields($res, $MAIL)->{mail}, 'alice at example', 'what was typed is kept';
    $res = submit_form($alice, $res, $MAIL, { mail => $new });
    is $res->code, 200, 'asked';
    like $res->request->uri, qr{saved=mail-link}, 'after a 303';
    like text_of($res, '//*[@id="saved"]'), qr/We have sent a link to \Q$new\E; your address changes when you follow it/,
        'the page says where the link went';
    my ($m) = HDMail::wait_for(sub { $_->{to} =~ /\Q$new\E/ });
    ok $m, 'a mail to the new address' or return;
    is $m->{subject}, 'Confirm your new e-mail address', 'its subject';
    my ($link) = ($m->{text} // '') =~ m{(http\S+/helpdesk/account/mail/confirm\?token=[A-Za-z0-9_-]+)};
    ok $link, 'with the link' or return;
    is attr(entry(), 'mail'), 'alice@example.org', 'the directory still has the old address';
    my ($row) = db_rows("SELECT COUNT(*) FROM mail_changes WHERE token_hash = '"
                        . sha256_hex(($link =~ /token=(.*)$/)[0]) . "' AND login = 'alice'");
    is $row->[0], 1, 'only the token\'s SHA-256 is kept';

    my $bob = browser();
    login($bob, 'bob');
    is $bob->get($link)->code, 403, 'bob cannot follow alice\'s link';
    (my $wrong = $link) =~ s/token=.{5}/token=AAAAA/;
    my $r = $alice->get($wrong);
    is $r->code, 404, 'a wrong token: 404';
    like text_of($r, '//main'), qr/link is not known/, 'said plainly';
    is attr(entry(), 'mail'), 'alice@example.org', 'still the old address';

    $r = $alice->get($link);
    is $r->code, 200, 'alice follows it';
    like $r->request->uri, qr{saved=mail$}, 'after a 303';
    like text_of($r, '//*[@id="saved"]'), qr/Your e-mail address is changed/, 'it says so';
    is attr(entry(), 'mail'), $new, 'the directory has the new address';
    my ($told) = HDMail::wait_for(sub { $_->{to} =~ /\balice\@example\.org/ && $_->{subject} =~ /was changed/
                                         && ($_->{text} // '') =~ /changed to \Q$new\E\./ });
    ok $told, 'the old address is told, and to what';
    $r = $alice->get($link);
    is $r->code, 400, 'the link again: 400';
    like text_of($r, '//main'), qr/used already/, 'used already';
    restore_entry();
};

subtest 'changing the password' => sub {
    my $page = $alice->get(portal('/helpdesk/account'));
    my ($a) = page_of($page)->findnodes('//main//a[normalize-space(.) = "Change your password"]');
    ok $a, 'the account page links to it' or return;
    $page = $alice->get(URI->new_abs($a->getAttribute('href'), $page->request->uri));
    is $page->code, 200, 'the page';
    like text_of($page, '//h1'), qr/Change your password/, 'its title';
    my $send = sub {
        my ($cur, $new, $again) = @_;
        my $res = submit_form($alice, $page, $PASSWORD, { current => $cur, new => $new, again => $again });
        # (the demo's "helpdesk" is in every address of the portal)
        for my $pw (grep { $_ ne demo_password() } $cur, $new, $again) {
            unlike $res->decoded_content, qr/\Q$pw\E/, 'no password in the answer';
        }
        return $res;
    };
    my $res = $send->(demo_password(), $NEW_PW, "$NEW_PW!");
    is $res->code, 400, 'two different new ones: 400';
    like field_message($res, 'again'), qr/The two new passwords are not the same/, 'said beside the field';
    my $f = form_fields($res, $PASSWORD);
    is_deeply [@$f{qw(current new again)}], ['', '', ''], 'the fields come back empty';
    $res = $send->('not-her-password', $NEW_PW, $NEW_PW);
    is $res->code, 400, 'a wrong current password: 400';
    like field_message($res, 'current'), qr/Your current password is not right\./, 'said so';
    $res = $send->(demo_password(), "Bad\x00pass-word-1", "Bad\x00pass-word-1");
    is $res->code, 400, 'a new password with a NUL in it: 400';
    like field_message($res, 'new'), qr/A password is text/, 'said so';
    $res = $send->(demo_password(), "Bad\x{FFFE}pass-word-1", "Bad\x{FFFE}pass-word-1");
    is $res->code, 400, 'one with a non-character: 400';
    $res = $send->("helpdesk\x00", $NEW_PW, $NEW_PW);
    is $res->code, 400, 'a current password that is not text: 400, as a wrong one';
    $res = $send->(demo_password(), 'Ab1!x', 'Ab1!x');
    is $res->code, 400, 'too short for the policy: 400';
    like field_message($res, 'new'), qr/too short/, 'in plain words: ' . field_message($res, 'new');
    unlike field_message($res, 'new'), qr/policy/, 'not the directory\'s jargon';
    ok binds(demo_password()), 'the password is still the old one';

    $res = $send->(demo_password(), $NEW_PW, $NEW_PW);
    is $res->code, 200, 'a good one: changed';
    like $res->request->uri, qr{/account\?saved=password$}, 'after a 303 to the account page';
    like text_of($res, '//*[@id="saved"]'), qr/Your password is changed/, 'it says so';
    unlike $res->decoded_content, qr/\Q$NEW_PW\E/, 'the password is not on the page';
    my $today = $alice->get(portal('/helpdesk/'));
    is $today->code, 200, 'she is still logged in';
    like $today->request->uri, qr{/helpdesk/$}, 'no login prompt';

    my $fresh = browser();
    my $in = login($fresh, 'alice', $NEW_PW);
    is $in->code, 200, 'she logs in with the new password';
    unlike $in->request->uri, qr{/login}, 'and is in';
    my $old = login(browser(capture => 0), 'alice', demo_password());
    is $old->code, 401, 'the old one no longer works';

    # Back to the demo's password, the same way.
    $page = $alice->get(portal('/helpdesk/account/password'));
    $res = submit_form($alice, $page, $PASSWORD, { current => $NEW_PW, new => demo_password(), again => demo_password() });
    is $res->code, 200, 'changed back';
    ok binds(demo_password()), 'the demo password works again';
};

subtest 'a session with a temporary password sees only this page' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $hash = sha256_hex(session_cookie($bob));
    db_rows("UPDATE sessions SET must_change = 1 WHERE token_hash = '$hash'");
    my $res = $bob->get(portal('/helpdesk/tickets'));
    like $res->request->uri, qr{/account/password}, 'any page leads to the password page';
    like text_of($res, '//main'), qr/You logged in with a temporary password; choose your own to continue\./,
        'which says why';
    ok !page_of($res)->findnodes('//nav[@aria-label="Primary"]'), 'no navigation';
    ok page_of($res)->findnodes('//form[contains(@action, "/logout")]'), 'only Log out';
    is xml_of(get_as($bob, 'xml', '/helpdesk/account/password'))->findvalue('/helpdesk/account-password/@must-change'),
        'true', 'must-change="true" in the XML';
    db_rows("UPDATE sessions SET must_change = 0 WHERE token_hash = '$hash'");
};

done_testing();
