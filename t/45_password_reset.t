# t/45_password_reset.t -- "Forgot your password?" as people use it, against
# the stack's real slapd (ppolicy: a password the portal sets is marked
# reset) and its SMTP sink:
#   - alice asks by her e-mail address and by her login: a temporary
#     password arrives each time; someone without an address and someone
#     who does not exist get exactly the same answer, and no mail;
#   - the temporary password logs in, and every page leads to the
#     change-password form until she chose her own; then she works as ever;
#   - a temporary password past its time is refused at login, with a link
#     to ask for a new one;
#   - too many requests for one account, or from one address: the same
#     answer, no mail, a log line;
#   - no log line ever holds a password.
# Every password is given back ("helpdesk", pwdReset cleared) at the end,
# also when the story breaks off (END): other suites log in as these people.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDMail;
use HTTP::Request::Common qw(POST);
use Time::HiRes qw(sleep);

my $env  = HDTest::_env();
my $base = $env->{HD_LDAP_BASE};
my $url  = "ldap://127.0.0.1:$env->{HD_LDAP_PORT}";
my @admin = ('-x', '-H', $url, '-D', $env->{HD_LDAP_ADMIN_DN}, '-w', $env->{HD_LDAP_ADMIN_PW});
local $ENV{LDAPNOINIT} = 1;
my $tag = new_tag();
my $nomail = "nomail$tag";
my $log = "$ENV{HD_VAR}/apache/logs/error.log";

# ---------------------------------------------------------------------
# Passwords: what the story changes, it gives back
# ---------------------------------------------------------------------

my %known;   # login => the password it has now, as far as the story knows
my @secrets; # every temporary password seen (none may reach a log)

sub dn_of { my ($login) = @_; return "uid=$login,ou=people,$base" }

# Give login back "helpdesk", the directory's reset mark cleared: their
# own change clears it, so bind as them with what they have; when that is
# unknown, an admin sets a known one first.
sub restore {
    my ($login) = @_;
    my $now = $known{$login};
    if (!defined $now || system('ldappasswd', '-x', '-H', $url, '-D', dn_of($login), '-w', $now,
                                '-s', demo_password()) != 0) {
        my $step = 'Rs' . new_tag() . '-9Q';
        system('ldappasswd', @admin, '-s', $step, dn_of($login)) == 0 or return 0;
        system('ldappasswd', '-x', '-H', $url, '-D', dn_of($login), '-w', $step,
               '-s', demo_password()) == 0 or return 0;
    }
    delete $known{$login};
    return 1;
}

sub clear_throttles { db_rows("DELETE FROM login_throttle WHERE throttle_key LIKE 'forgot-%'") }

END {
    restore($_) for keys %known;
    system('ldapdelete', @admin, dn_of($nomail)) if $nomail;
    clear_throttles() if $ENV{HD_VAR};
}

# ---------------------------------------------------------------------
# Helpers: the form as a person fills it in, the mail they get
# ---------------------------------------------------------------------

my $FORM = '//main//form[.//input[@name="who"]]';

# Asks for a new password on the form; the final response (the page the
# 303 leads to) and the 303 itself.
sub ask {
    my ($ua, $who) = @_;
    my $page = $ua->get(portal('/helpdesk/password/forgot'));
    my $first = no_redirects($ua, sub { submit_form($ua, $page, $FORM, { who => $who }) });
    my $final = $ua->get(URI->new_abs($first->header('Location') // '/helpdesk/password/forgot', portal('/')));
    return ($final, $first);
}

sub password_mails_to {
    my ($who) = @_;
    return HDMail::matching(sub { $_->{to} =~ /\b\Q$who\E\@example\.org/ && $_->{subject} =~ /temporary password/ });
}

# The next temporary-password mail to $who (after the $seen they had).
sub next_password {
    my ($who, $seen) = @_;
    my @m = HDMail::wait_for(sub { $_->{to} =~ /\b\Q$who\E\@example\.org/ && $_->{subject} =~ /temporary password/ },
                             $seen + 1, 20);
    return unless @m > $seen;
    my ($pw) = ($m[-1]{text} // '') =~ /temporary password: (\S+)/;
    if ($pw) { push @secrets, $pw; $known{$who} = $pw }
    return ($pw, $m[-1]);
}

# No new password mail to anyone within a few mail-job rounds.
sub no_new_password_mail {
    my ($before, $what) = @_;
    sleep 3;   # the mail jobs look every second on test stacks
    my @now = HDMail::matching(sub { $_->{subject} =~ /temporary password/ });
    is scalar(@now), $before, "$what: no mail";
}

sub all_password_mails { return scalar HDMail::matching(sub { $_->{subject} =~ /temporary password/ }) }

# ---------------------------------------------------------------------

clear_throttles();
{
    # Someone of Psychiatry without an e-mail address.
    open my $add, '|-', 'ldapadd', @admin or die "ldapadd: $!";
    print $add join "\n", 'dn: ' . dn_of($nomail), 'objectClass: inetOrgPerson', "uid: $nomail",
        "cn: Nora Nomail $tag", 'sn: Nomail', 'o: Psychiatry', "userPassword: " . demo_password(), '';
    close $add or die "ldapadd failed\n";
}

subtest 'the login page links "Forgot your password?"' => sub {
    my $ua = browser();
    my $res = $ua->get(portal('/helpdesk/login'));
    my ($a) = page_of($res)->findnodes('//main//a[normalize-space(.)="Forgot your password?"]');
    ok $a, 'a link under the login form' or return;
    $res = $ua->get(URI->new_abs($a->getAttribute('href'), $res->request->uri));
    is $res->code, 200, 'it opens without logging in';
    my ($who) = page_of($res)->findnodes('//main//form//input[@name="who"]');
    is $who && label_of($who), 'E-mail address, user name or login', 'one field, labelled';
};

my ($alice_pw, $neutral);
subtest 'alice by her address and by her login: a temporary password each time' => sub {
    my $ua = browser();
    my $had = password_mails_to('alice');
    my ($res, $first) = ask($ua, 'alice@example.org');
    is $first->code, 303, 'answered with a 303';
    is $res->code, 200, 'to the answer page';
    $neutral = text_of($res, '//main');
    like $neutral, qr/If what you gave belongs to an account with an e-mail address, a temporary password is on its way/,
        'it says what happens, not whether she exists';
    my ($pw, $m) = next_password('alice', $had);
    ok $pw, 'a mail with a temporary password arrived' or return;
    like $pw, qr/^[A-Za-z0-9]{14}$/, '14 letters and digits';
    like $m->{text}, qr/It works until \d{4}-\d\d-\d\d \d\d:\d\d/, 'it says until when';
    like $m->{text}, qr/choose your own password/, 'and that she chooses her own at login';
    like $m->{text}, qr/If you did not ask for this, call the service desk/, 'and what to do if she did not ask';
    my ($row) = db_rows("SELECT requested_by IS NULL, TIMESTAMPDIFF(MINUTE, created_at, expires_at) "
                        . "FROM password_resets WHERE login = 'alice' ORDER BY id DESC LIMIT 1");
    is_deeply $row, [1, 1440], 'recorded: asked by herself, valid for 24 hours';

    ($res) = ask($ua, '  ALICE ');
    is text_of($res, '//main'), $neutral, 'by her login (as typed): the same answer';
    ($alice_pw) = next_password('alice', $had + 1);
    ok $alice_pw && $alice_pw ne $pw, 'and a new temporary password';
};

subtest 'no address, nobody, nonsense: the same answer, no mail' => sub {
    my $ua = browser();
    my $before = all_password_mails();
    for my $who ($nomail, "nobody$tag", "nobody$tag\@example.org", '*)(uid=*') {
        my ($res, $first) = ask($ua, $who);
        is $first->code, 303, "$who: 303";
        is $first->header('Location'), '/helpdesk/password/forgot?sent=1', "$who: to the same place";
        is text_of($res, '//main'), $neutral, "$who: the same words";
    }
    no_new_password_mail($before, 'for none of them');
    my ($rows) = db_rows("SELECT COUNT(*) FROM password_resets WHERE login = '$nomail'");
    is $rows->[0], 0, 'nothing recorded for the person without an address';
    my $blank = $ua->get(portal('/helpdesk/password/forgot'));
    my $res = submit_form($ua, $blank, $FORM, { who => '   ' });
    is $res->code, 400, 'nothing typed: 400, the form again';
    like text_of($res, '//main'), qr/Enter your e-mail address, user name or login/, 'saying what is missing';
};

subtest 'a form from elsewhere is refused' => sub {
    my $ua = browser();
    $ua->get(portal('/helpdesk/password/forgot'));   # has a cookie, but no token
    my $res = $ua->request(POST portal('/helpdesk/password/forgot'), [who => 'alice', csrf => 'forged']);
    is $res->code, 403, 'a forged token: 403';
    my $other = browser();
    my $tok = xml_of(get_as($other, 'xml', '/helpdesk/password/forgot'))->findvalue('//forgot/@csrf');
    $res = $ua->request(POST portal('/helpdesk/password/forgot'), [who => 'alice', csrf => $tok]);
    is $res->code, 403, "another browser's token: 403";
};

subtest 'the temporary password logs in, and every page leads to the change form' => sub {
    ok $alice_pw, 'alice has a temporary password' or return;
    my $ua = browser();
    my $page = $ua->get(portal('/helpdesk/login'));
    my $res = no_redirects($ua, sub { submit_login($ua, $page, 'alice', $alice_pw) });
    is $res->code, 303, 'it logs in';
    for my $path ('/helpdesk/', '/helpdesk/tickets', '/helpdesk/tickets/new', '/helpdesk/services', '/helpdesk/account') {
        my $r = no_redirects($ua, sub { $ua->get(portal($path)) });
        is $r->code . ' ' . ($r->header('Location') // ''), '303 /helpdesk/account/password',
            "$path: sent to /account/password";
    }
    my $form = $ua->get(portal('/helpdesk/account/password'));
    my $new = 'Nw' . new_tag() . '-4Rt';
    if ($form->code == 200 && form_node($form, '//main//form[.//input[@type="password"]]')) {
        my @pw = map { $_->getAttribute('name') }
                 page_of($form)->findnodes('//main//form//input[@type="password"]');
        my %set = map { $_ => $new } @pw;
        $set{$pw[0]} = $alice_pw if @pw > 2 || grep { /current|old/ } @pw;
        $set{$_} = $alice_pw for grep { /current|old/ } @pw;
        $res = submit_form($ua, $form, '//main//form[.//input[@type="password"]]', \%set);
        ok $res->is_success, 'she chooses her own on the form';
    } else {
        diag 'no /account/password page on this branch: the new password is set in the directory as she would';
        ok system('ldappasswd', '-x', '-H', $url, '-D', dn_of('alice'), '-w', $alice_pw, '-s', $new) == 0,
            'she chooses her own';
        $ua = browser();
        login($ua, 'alice', $new);
    }
    $known{alice} = $new;
    $res = $ua->get(portal('/helpdesk/tickets'));
    is $res->code, 200, 'then the portal works as ever';
    is $res->request->uri->path, '/helpdesk/tickets', 'on the page she asked for';
    ok restore('alice'), 'alice has her password back';
};

subtest 'a temporary password past its time is refused' => sub {
    clear_throttles();
    my $had = password_mails_to('alice');
    ask(browser(), 'alice');
    my ($pw) = next_password('alice', $had);
    ok $pw, 'a new temporary password' or return;
    db_rows("UPDATE password_resets SET expires_at = NOW() - INTERVAL 1 MINUTE "
            . "WHERE login = 'alice' ORDER BY id DESC LIMIT 1");
    my $ua = browser();
    my $res = login($ua, 'alice', $pw);
    isnt $res->code, 200, 'no login';
    like text_of($res, '//main'), qr/Your temporary password has expired/, 'it says why';
    ok page_of($res)->findnodes('//main//a[contains(@href, "/password/forgot")]'), 'with a link to ask for a new one';
    ok !session_cookie($ua), 'and no session';
    ok restore('alice'), 'alice has her password back';
    $res = login(browser(), 'alice');
    is $res->request->uri->path, '/helpdesk/', 'and logs in as ever';
};

subtest 'too many requests for one account: the same answer, no mail' => sub {
    clear_throttles();
    my $ua = browser();
    my $had = password_mails_to('dave');
    for my $n (1 .. 3) {
        my ($res) = ask($ua, $n == 2 ? 'dave@example.org' : 'dave');
        is text_of($res, '//main'), $neutral, "request $n: the answer";
        ok next_password('dave', $had + $n - 1), "request $n: a mail";
    }
    my $before = all_password_mails();
    my ($res) = ask($ua, 'dave@example.org');
    is text_of($res, '//main'), $neutral, 'the fourth, by his address: the same answer';
    no_new_password_mail($before, 'the fourth');
    like `tail -n 50 $log`, qr/HD14102: forgotten password for "dave\@example\.org" from \S+: over the limit/,
        'logged as over the limit';
    ok restore('dave'), 'dave has his password back';
};

subtest 'too many requests from one address: the same answer, no mail' => sub {
    clear_throttles();
    my $ua = browser();
    ask($ua, "stranger$tag-$_") for 1 .. 20;
    my $before = all_password_mails();
    my ($res) = ask($ua, 'bob');
    is text_of($res, '//main'), $neutral, 'bob, asked from there: the same answer';
    no_new_password_mail($before, 'bob');
    like `tail -n 50 $log`, qr/HD14102: forgotten password for "bob" from \S+: over the limit/, 'logged';
    clear_throttles();
};

subtest 'every request is logged, no password ever' => sub {
    open my $fh, '<', $log or return fail("no $log");
    my $all = do { local $/; <$fh> };
    like $all, qr/HD14006: temporary password for alice set by themselves from/, 'the resets';
    like $all, qr/HD14103: forgotten password for "nobody$tag" from \S+: nobody in the directory/, 'the misses';
    like $all, qr/HD14001: temporary password for $nomail asked by themselves from \S+: no e-mail address/,
        'the person without an address';
    ok scalar(@secrets) >= 6, scalar(@secrets) . ' temporary passwords seen';
    is_deeply [grep { index($all, $_) >= 0 } @secrets], [], 'none of them in the log';
    my @rows = db_rows("SELECT message FROM mail_outbox WHERE topic = 'password' AND state = 'sent'");
    is_deeply [grep { my $b = $_->[0] // ''; grep { index($b, $_) >= 0 } @secrets } @rows], [],
        'nor in the outbox once sent';
};

done_testing();
