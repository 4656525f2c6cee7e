# The portal's mail through a mail server that insists on STARTTLS and a
# login, as a real one does (t/lib/smtp_secure.py: aiosmtpd with a
# certificate of its own): with the right settings mail goes; with a
# wrong password it waits, says why on the desk's page, and goes once the
# password is put right; without TLS it waits too.  Nothing is lost and
# nothing is given up because of the server or the settings.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use IO::Socket::INET;
use IPC::Open2;
use File::Temp qw(tempdir);
use Time::HiRes qw(sleep time);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

# Outside HD_VAR: Apache's children (www-data) must read the CA file, and
# a checkout under /root is closed to them.
my $dir = tempdir('hd-smtp-secure-XXXXXX', TMPDIR => 1, CLEANUP => 1);
chmod 0755, $dir;
system("openssl req -x509 -newkey rsa:2048 -nodes -keyout '$dir/key.pem' -out '$dir/cert.pem' "
       . "-days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1") == 0
    or die "openssl could not make a certificate\n";
chmod 0644, "$dir/cert.pem", "$dir/key.pem";   # Apache's children read the CA file
my $port = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1', LocalPort => 0)->sockport;
my $pid = open2(my $out, my $in, '/usr/bin/python3', "$FindBin::Bin/lib/smtp_secure.py", $port,
                "$dir/inbox", "$dir/cert.pem", "$dir/key.pem", 'desk', 'right-password');
my $ready = <$out>;
is $ready, "ready\n", 'a mail server that wants STARTTLS and a login listens';

sub stack_cmd { my $o = `bash $FindBin::Bin/../conf/stack/stack.sh @_ 2>&1`; diag $o if $?; return $? == 0 }
# Only the nodes below send mail meanwhile: the stack's own Apache stops.
ok stack_cmd('web-stop'), 'the stack\'s Apache stops (its mail goes to the plain sink)';
END { close $in if $in; waitpid $pid, 0 if $pid; stack_cmd('web-start') }

sub delivered {
    my ($text, $timeout) = @_;
    my $deadline = time + ($timeout // 20);
    while (time < $deadline) {
        for my $f (glob "$dir/inbox/new/*") {
            open my $fh, '<', $f or next;
            local $/;
            return 1 if index(<$fh>, $text) >= 0;
        }
        sleep 0.25;
    }
    return 0;
}
sub outbox_row {
    my ($like) = @_;
    my ($row) = db_rows("SELECT state, attempts, last_error FROM mail_outbox "
                        . "WHERE subject LIKE '%$like%' AND rcpt = 'alice\@example.org'");
    return $row;
}
sub node {
    my ($name, %set) = @_;
    return HDNode->start($name, HelpdeskSMTPServer => "smtp://127.0.0.1:$port",
                         HelpdeskSMTPStartTLS => 'Required', '+HelpdeskSMTPCAFile' => "$dir/cert.pem",
                         '+HelpdeskSMTPUser' => 'desk', %set);
}
my $tag = new_tag();

subtest 'STARTTLS and the right login: the mail goes' => sub {
    my $node = node('good', '+HelpdeskSMTPPassword' => 'right-password');
    local $HDTest::PORTAL = $node->base;
    my $ua = browser();
    login($ua, 'alice');
    my $ref = log_ticket($ua, summary => "Over TLS $tag", details => 'x');
    ok delivered("Over TLS $tag"), "alice's confirmation of $ref went through the secure server";
    is outbox_row("Over TLS $tag")->[0], 'sent', 'marked sent';
    $node->stop;
};

subtest 'a wrong password: mail waits, the desk sees why, and it goes once put right' => sub {
    my $node = node('wrong', '+HelpdeskSMTPPassword' => 'wrong-password');
    my $ref;
    {
        local $HDTest::PORTAL = $node->base;
        my $ua = browser();
        login($ua, 'alice');
        $ref = log_ticket($ua, summary => "Wrong password $tag", details => 'x');
    }
    my $row;
    my $deadline = time + 20;
    while (time < $deadline) {
        $row = outbox_row("Wrong password $tag");
        last if $row && $row->[1] >= 2;
        sleep 0.25;
    }
    ok $row && $row->[1] >= 2, 'tried, and tried again' or return;
    is $row->[0], 'queued', 'still waiting: the server refused our login, not the message';
    like $row->[2], qr/Login denied|535/i, 'the reason is kept';
    {
        local $HDTest::PORTAL = $node->base;
        my $tina = browser();
        login($tina, 'tina');
        like text_of($tina->get(portal('/helpdesk/desk/mail'))), qr/Wrong password \Q$tag\E.*Next try/s,
            'the desk sees it waiting';
    }
    $node->stop;
    ok !delivered("Wrong password $tag", 1), 'nothing delivered meanwhile';
    db_rows("UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE subject LIKE '%Wrong password $tag%'");
    $node = node('right', '+HelpdeskSMTPPassword' => 'right-password');
    ok delivered("Wrong password $tag", 30), 'with the password put right, it goes';
    $node->stop;
};

subtest 'STARTTLS off against a server that requires it: mail waits' => sub {
    my $node = node('plain', HelpdeskSMTPStartTLS => 'Off', '+HelpdeskSMTPPassword' => 'right-password');
    {
        local $HDTest::PORTAL = $node->base;
        my $ua = browser();
        login($ua, 'alice');
        log_ticket($ua, summary => "No TLS $tag", details => 'x');
    }
    my $row;
    my $deadline = time + 20;
    while (time < $deadline) {
        $row = outbox_row("No TLS $tag");
        last if $row && $row->[1] >= 1;
        sleep 0.25;
    }
    ok $row && $row->[1] >= 1 && $row->[0] eq 'queued', 'tried, refused, waiting' or diag explain $row;
    ok !delivered("No TLS $tag", 1), 'not delivered in the clear';
    $node->stop;
    db_rows("UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE subject LIKE '%No TLS $tag%'");
    $node = node('tls-again', '+HelpdeskSMTPPassword' => 'right-password');
    ok delivered("No TLS $tag", 30), 'with STARTTLS required again, it goes';
    $node->stop;
};

done_testing;
