# Mail from the help desk, as people receive it (the stack's SMTP sink).
# alice logs a ticket and gets a confirmation with its reference; tina, who
# works for the team, hears of it.  bob logs one for alice: both get one.
# The desk's public reply, a proposed solution and the resolution reach
# alice, threaded under one ticket; victor, the assignee, hears of alice's
# reply -- and the desk's internal notes never leave the desk.  alice turns
# replies off and gets none.  People following a service hear when its
# light changes and when it is back; those affected hear it is resolved.
# The SMTP server down delays mail and loses none; Apache killed between a
# change and its mail still sends it; two Apache nodes send each message
# once; a message the server refuses is dead, shown to the desk, and can
# be sent again.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use HDMail;
use Digest::SHA qw(hmac_sha256_hex);
use Time::HiRes qw(sleep time);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my %env = map { /^(\w+)=(.*)$/ ? ($1 => $2) : () }
          do { open my $f, '<', "$ENV{HD_VAR}/stack.env" or die; <$f> };
my $SECRET = "forms-$env{HD_SESSION_SECRET}";   # HelpdeskSecret of the stack
sub stack_cmd {
    my $out = `bash $FindBin::Bin/../conf/stack/stack.sh @_ 2>&1`;
    return 1 if $? == 0;
    diag "stack.sh @_: $out";
    return 0;
}
END { stack_cmd('smtp-start') }   # a story stopped half-way leaves the sink up

my ($tina, $victor, $alice, $bob) = map { browser() } 1 .. 4;
is login($tina, 'tina')->code,     200, 'tina (agent) is logged in';
is login($victor, 'victor')->code, 200, 'victor (agent) is logged in';
is login($alice, 'alice')->code,   200, 'alice is logged in';
is login($bob, 'bob')->code,       200, 'bob is logged in';

sub ticket_page { my ($ua, $ref) = @_; return $ua->get(portal("/helpdesk/tickets/$ref")) }
sub desk_form { my ($kind) = @_; return qq{//section[\@id="desk"]//form[contains(\@action, "/$kind")]} }
sub move_form { my ($to) = @_; return qq{//section[\@id="desk"]//form[.//input[\@name="to" and \@value="$to"]]} }
sub move {
    my ($ua, $ref, $to, %fields) = @_;
    return submit_form($ua, ticket_page($ua, $ref), move_form($to), \%fields);
}
sub choose {   # the notifications page, as a person fills it in
    my ($ua, %fields) = @_;
    my $page = $ua->get(portal('/helpdesk/account/notifications'));
    return submit_form($ua, $page, '//main//form', \%fields);
}
sub to   { my ($who) = @_; return sub { $_->{to} =~ /\b\Q$who\E\@example\.org/ } }
sub about { my ($text) = @_; return sub { index($_->{subject}, $text) >= 0 } }
sub both {
    my @p = @_;
    return sub { my $m = $_; for my $p (@p) { local $_ = $m; return 0 unless $p->() } 1 };
}
# Our Message-IDs: hd.<ticket>.<event>.<tag>.<HMAC-SHA-256 of the rest, 20 hex>@domain
sub signed_for {
    my ($id) = @_;
    my ($body, $sig) = $id =~ /^<?(hd\.\d+\.[^.]+\.[^.]+)\.([0-9a-f]{20})@/ or return;
    return unless substr(hmac_sha256_hex($body, $SECRET), 0, 20) eq $sig;
    my ($ticket) = $body =~ /^hd\.(\d+)\./;
    return $ticket;
}

my $tag = new_tag();

subtest 'tina works for psyIT and victor for CBO: they choose on their mail page' => sub {
    my $res = choose($tina, team => ['psyIT'],
                     topic => [qw(ticket_created ticket_reply ticket_status service_status
                                  incident_resolved agent_new_ticket agent_assigned)]);
    is $res->code, 200, 'saved';
    like $res->request->uri, qr/saved=1/, 'and the page says so';
    my $x = xml_of(get_as($tina, 'xml', '/helpdesk/account/notifications'));
    is $x->findvalue('//teams/team[@code="psyIT"]/@member'), 'true', 'psyIT ticked';
    is $x->findvalue('//teams/team[@code="CBO"]/@member'), 'false', 'CBO not';
    choose($victor, team => ['CBO'], topic => [map { $_->value }
        xml_of(get_as($victor, 'xml', '/helpdesk/account/notifications'))->findnodes('//topic/@code')]);
    ok !xml_of(get_as($alice, 'xml', '/helpdesk/account/notifications'))->findnodes('//teams'),
        'alice is no agent: no teams to choose';
    ok !xml_of(get_as($alice, 'xml', '/helpdesk/account/notifications'))->findnodes('//topic[@code="agent_new_ticket"]'),
        'nor agents\' topics';
};

my $ref;
subtest 'alice logs a ticket: her confirmation, and tina hears of it' => sub {
    $ref = log_ticket($alice, summary => "Scanner offline $tag", details => "The scanner on floor 2 is offline.\nSince 9 am.");
    my ($mail) = HDMail::wait_for(both(to('alice'), about("[$ref]")));
    ok $mail, "alice got mail about $ref" or return;
    is $mail->{subject}, "[$ref] Logged: Scanner offline $tag", 'the subject carries the reference';
    like $mail->{text}, qr/Your ticket has been logged\. Its reference is \Q$ref\E/, 'it confirms, with the reference';
    like $mail->{text}, qr/Since 9 am\./, 'with what she wrote';
    like $mail->{text}, qr{Open it:\s+http://127\.0\.0\.1:\d+/helpdesk/tickets/\Q$ref\E}, 'and a link to the ticket';
    like $mail->{html}, qr{<a href="http://127\.0\.0\.1:\d+/helpdesk/tickets/\Q$ref\E"}, 'the HTML part links it too';
    is $mail->{header}{'auto-submitted'}, 'auto-generated', 'marked automatic (RFC 3834)';
    (my $n = $ref) =~ s/HD-//;
    is signed_for($mail->{header}{'message-id'}), $n, 'its Message-ID names the ticket, signed';
    is signed_for($mail->{header}{'in-reply-to'}), $n, 'In-Reply-To: the ticket\'s thread, signed';
    is $mail->{header}{references}, $mail->{header}{'in-reply-to'}, 'References the same';

    my ($t) = HDMail::wait_for(both(to('tina'), about("[$ref]")));
    ok $t, 'tina (psyIT) hears of the new ticket' or return;
    like $t->{subject}, qr/^\[\Q$ref\E\] New ticket for psyIT/, 'as new for her team';
    like $t->{text}, qr/Requester: Alice Archer/, 'with who it is for';
    sleep 1;
    ok !HDMail::matching(both(to('victor'), about("[$ref]"))), 'victor (CBO only) does not';
};

subtest 'bob logs a ticket for alice: both are told' => sub {
    my $r = log_ticket($bob, on_behalf => 'alice', summary => "Monitor flickers $tag", details => 'Flickers.');
    my @m = HDMail::wait_for(about("[$r]"), 3);
    my ($a) = grep { to('alice')->() } @m;
    my ($b) = grep { to('bob')->() } @m;
    ok $a && $b, 'alice and bob each got one' or return;
    like $a->{text}, qr/Bob Baker logged it for you/, 'alice: who logged it for her';
    like $b->{text}, qr/You logged this ticket for Alice Archer/, 'bob: that he logged it for alice';
};

subtest 'the desk works the ticket: alice hears of the reply, never of the internal note' => sub {
    my $res = submit_form($tina, ticket_page($tina, $ref), desk_form('assign'), { assignee => 'victor' },
                          button => 'Assign');
    like text_of($res), qr/assigned to Victor Vance/, 'tina assigns it to victor';
    my ($v) = HDMail::wait_for(both(to('victor'), about("[$ref] Assigned to you")));
    ok $v, 'victor hears it is his';

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('reply'),
                       { body => "Supplier case 7731 $tag-secret", internal => '1' });
    like text_of($res), qr/internal note has been added/, 'tina adds an internal note';
    my ($note) = HDMail::wait_for(both(to('victor'), about("[$ref] Internal note")));
    ok $note, 'victor, the assignee and an agent, gets it';
    like $note->{text}, qr/only the service desk sees it/, 'said to be internal';

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('reply'),
                       { body => "Please switch it off and on again ($tag-reply)." });
    my ($reply) = HDMail::wait_for(both(to('alice'), about("[$ref] The service desk replied")));
    ok $reply, 'alice gets the public reply' or return;
    like $reply->{text}, qr/Tina Tran of the service desk replied:\n\nPlease switch it off and on again/,
        'who replied and what';
    my ($first) = HDMail::wait_for(both(to('alice'), about("[$ref] Logged")));
    is $reply->{header}{references}, $first->{header}{references}, 'threaded with her confirmation';
    isnt $reply->{header}{'message-id'}, $reply->{header}{references}, 'a message of its own';

    sleep 2;
    my @leaks = grep { $_->{raw} =~ /\Q$tag\E-secret/ && !to('victor')->() && !to('tina')->() } HDMail::all();
    is scalar(@leaks), 0, 'no mail to anyone but agents holds the internal note';
};

subtest 'alice replies: victor hears of it' => sub {
    my $res = comment_ticket($alice, $ref, "Did that, still offline ($tag-answer).");
    is $res->code, 200, 'alice comments';
    my ($m) = HDMail::wait_for(both(to('victor'), about("[$ref] Alice Archer replied")));
    ok $m, 'victor, the assignee, is told' or return;
    like $m->{text}, qr/still offline \(\Q$tag\E-answer\)/, 'with her words';
    ok !HDMail::matching(both(to('alice'), about("[$ref] Alice Archer replied"))), 'alice is not told of her own reply';
};

subtest 'alice answers the desk\'s mail in her mail client: it is a comment, victor hears of it' => sub {
    my ($reply) = HDMail::wait_for(both(to('alice'), about("[$ref] The service desk replied")));
    ok $reply, 'the mail she answers' or return;
    my $gate = "$FindBin::Bin/../build/helpdesk-mailgate";
    # No reference in the subject: only In-Reply-To ties it to the ticket.
    my $msg = join "\n", 'From: Alice Archer <alice@example.org>', 'To: helpdesk@example.org',
        'Subject: Re: your reply', "Message-ID: <$tag.answer\@mail.example.org>",
        "In-Reply-To: $reply->{header}{'message-id'}", "References: $reply->{header}{references} "
        . $reply->{header}{'message-id'}, 'Content-Type: text/plain; charset=utf-8', '',
        "Tried again this morning ($tag-by-mail).", '', '> Please switch it off and on again', '';
    open my $pipe, '|-', "'$gate' --url '" . portal('/helpdesk/mail/inbound')
        . "' --secret-file '$ENV{HD_VAR}/mailgate.secret' 2>/dev/null" or die;
    print $pipe $msg;
    close $pipe;
    is $? >> 8, 0, 'the gate hands it over (exit 0)';
    like text_of(ticket_page($tina, $ref)), qr/\Q$tag\E-by-mail/, 'the desk reads it on the ticket';
    my ($m) = HDMail::wait_for(both(to('victor'), sub { $_->{text} =~ /\Q$tag\E-by-mail/ }));
    ok $m, 'victor, the assignee, is told' or return;
    like $m->{subject}, qr/^\[\Q$ref\E\] Alice Archer replied/, 'as her reply';
};

subtest 'a solution is proposed, then the ticket closes: alice hears both' => sub {
    move($tina, $ref, 'in_progress');
    my $res = move($tina, $ref, 'pending_closure', solution => "Replaced the scanner's cable ($tag-sol).");
    is $res->code, 200, 'tina proposes a solution';
    my ($m) = HDMail::wait_for(both(to('alice'), about("[$ref] Solution proposed")));
    ok $m, 'alice is told a solution is proposed' or return;
    like $m->{text}, qr/Solution:\nReplaced the scanner's cable \(\Q$tag\E-sol\)/, 'with the solution';
    like $m->{text}, qr/If it fixed the problem, there is nothing to do/, 'and what to do if it did not';

    ok HDMail::wait_for(both(to('alice'), about("[$ref] Now In Progress"))),
        'the move to In Progress is told as that, though the ticket has moved on since';
    move($tina, $ref, 'closed');
    ok HDMail::wait_for(both(to('alice'), about("[$ref] Now Closed"))), 'alice is told it is closed';
};

subtest 'alice turns replies off: the next reply is not mailed to her' => sub {
    my $r = log_ticket($alice, summary => "Quiet please $tag", details => 'x');
    HDMail::wait_for(both(to('alice'), about("[$r] Logged")));
    choose($alice, topic => [qw(ticket_created ticket_status service_status incident_resolved)]);
    submit_form($tina, ticket_page($tina, $r), desk_form('reply'), { body => "A reply ($tag-quiet)." });
    move($tina, $r, 'in_progress');
    my ($status) = HDMail::wait_for(both(to('alice'), about("[$r] Now In Progress")));
    ok $status, 'she still hears of the status change (ticket_status is on)';
    ok !HDMail::matching(both(to('alice'), about("[$r] The service desk replied"))),
        'but not of the reply, sent before it';
    choose($alice, topic => [map { $_->value }
        xml_of(get_as($alice, 'xml', '/helpdesk/account/notifications'))->findnodes('//topic/@code')]);
};

subtest 'a service followed changes light, and is back: followers and the affected hear' => sub {
    my $code = 'video';
    my $x = xml_of(get_as($tina, 'xml', "/helpdesk/services/$code"));
    my $post = sub {
        my (%f) = @_;
        my $x = xml_of(get_as($tina, 'xml', "/helpdesk/services/$code"));
        return $tina->post(portal($x->findvalue('//service/status-form/@action')),
                           [csrf => $x->findvalue('//service/status-form/@csrf'), %f]);
    };
    is $post->(light => 'red', status => 'investigating', title => "Video down $tag",
               message => "No calls connect ($tag-down).")->code, 200, 'tina turns Video conferencing red';
    my ($m) = HDMail::wait_for(both(to('bob'), about('Video conferencing: Offline'),
                                    sub { $_->{text} =~ /\Q$tag\E-down/ }));
    ok $m, 'bob, who follows every service, is told' or return;
    like $m->{text}, qr/No calls connect \(\Q$tag\E-down\)/, 'with tina\'s words';
    like $m->{text}, qr{/helpdesk/services/video}, 'and a link to the service';

    my ($i) = xml_of(get_as($alice, 'xml', "/helpdesk/services/$code"))
        ->findnodes('//service/incidents/incident[not(@resolved)]');
    $alice->post(portal($i->getAttribute('affected-action')), [csrf => $i->getAttribute('affected-csrf')]);
    is $post->(light => 'green', status => '', title => '', message => "Calls work again ($tag-up).")->code,
        200, 'back to green';
    my $resolved = both(to('alice'), about('Video conferencing: resolved'), sub { $_->{text} =~ /\Q$tag\E-up/ });
    my ($a) = HDMail::wait_for($resolved);
    ok $a, 'alice, affected, hears it is resolved' or return;
    like $a->{text}, qr/The incident affecting you on Video conferencing is resolved/, 'as the one affected';
    like $a->{text}, qr/Calls work again \(\Q$tag\E-up\)/, 'with the resolution';
    sleep 2;
    is scalar(HDMail::matching($resolved)), 1, 'once';
};

subtest 'maintenance planned, begun and ended: each told to the service\'s followers once' => sub {
    my ($starts) = db_rows("SELECT DATE_FORMAT(NOW() + INTERVAL 2 SECOND, '%Y-%m-%d %H:%i:%s')");
    my ($ends) = db_rows("SELECT DATE_FORMAT(NOW() + INTERVAL 4 SECOND, '%Y-%m-%d %H:%i:%s')");
    my ($sid) = db_rows("SELECT id FROM services WHERE code = 'intranet'");
    my $title = "Intranet upgrade $tag";
    my $page = $tina->get(portal('/helpdesk/desk/maintenance'));
    my $res = submit_form($tina, $page, '//form[@id="maintenance-form"]',
                          { title => $title, body => "The intranet restarts twice ($tag-maint).",
                            starts => $starts->[0], ends => $ends->[0], service => [$sid->[0]] });
    is $res->code, 200, 'tina plans maintenance of the Intranet';
    my $bob_about = sub { my ($what) = @_; both(to('bob'), about("Intranet: $what"),
                                               sub { $_->{text} =~ /\Q$tag\E-maint/ }) };
    my ($planned) = HDMail::wait_for($bob_about->('maintenance planned'));
    ok $planned, 'bob hears it is planned' or return;
    like $planned->{subject}, qr/\Q$title\E/, 'with its title';
    like $planned->{text}, qr/planned from \Q$starts->[0]\E to \Q$ends->[0]\E/, 'and when';
    ok HDMail::wait_for($bob_about->('maintenance has begun'), 1, 20), 'that it has begun';
    ok HDMail::wait_for($bob_about->('maintenance has ended'), 1, 20), 'and that it has ended';
    sleep 2;
    is scalar(HDMail::matching(sub { $_->{text} =~ /\Q$tag\E-maint/ && to('bob')->() })), 3,
        'three mails to bob, each once';
};

subtest 'the SMTP server is down: mail waits, and goes once it is back' => sub {
    ok stack_cmd('smtp-stop'), 'the SMTP server stops';
    my $r = log_ticket($alice, summary => "While mail is down $tag", details => 'x');
    my $deadline = time + 15;
    my $row;
    while (time < $deadline) {
        ($row) = db_rows("SELECT state, attempts, last_error FROM mail_outbox WHERE subject LIKE '[$r]%' "
                         . "AND rcpt = 'alice\@example.org'");
        last if $row && $row->[1] >= 1;
        sleep 0.5;
    }
    ok $row && $row->[0] eq 'queued' && $row->[1] >= 1, 'the message waits in the outbox after a failed try'
        or diag explain $row;
    like $row->[2] // '', qr/connect/i, 'with why: the server could not be reached';
    ok !HDMail::matching(about("[$r]")), 'nothing delivered meanwhile';
    ok stack_cmd('smtp-start'), 'the server is back';
    my @m = HDMail::wait_for(both(to('alice'), about("[$r] Logged")), 1, 40);
    is scalar(@m), 1, 'the confirmation arrives';
    sleep 2;
    is scalar(HDMail::matching(both(to('alice'), about("[$r] Logged")))), 1, 'once';
};

subtest 'Apache killed between the change and its mail: the mail still goes' => sub {
    ok stack_cmd('smtp-stop'), 'the SMTP server stops, so nothing can be sent yet';
    my $r = log_ticket($alice, summary => "Before the crash $tag", details => 'x');
    my $pid = do { open my $f, '<', "$ENV{HD_VAR}/apache/run/httpd.pid" or die; local $/; <$f> };
    chomp $pid;
    my @all = grep { /^\d+$/ && (`cat /proc/$_/cmdline 2>/dev/null` =~ /\Q$ENV{HD_VAR}\E\/apache\/httpd\.conf/) }
              map { (split m{/})[-1] } glob '/proc/[0-9]*';
    kill 'KILL', @all;
    my $deadline = time + 15;
    my $alive = sub { grep { (`cat /proc/$_/stat 2>/dev/null` =~ /\)\s+([^Z\s])\s/) } @all };
    sleep 0.2 while $alive->() && time < $deadline;
    ok @all && !$alive->(), 'Apache is killed (-9, every process)';
    ok stack_cmd('smtp-start'), 'the SMTP server is back';
    ok stack_cmd('web-start'), 'Apache starts again';
    my @m = HDMail::wait_for(both(to('alice'), about("[$r] Logged")), 1, 40);
    is scalar(@m), 1, 'the confirmation of the ticket logged before the crash arrives';

    # A crash after the server took a message but before it was marked sent:
    # the claim of the dead sender runs out and the message goes once more,
    # with the same Message-ID.
    my $r2 = log_ticket($alice, summary => "Claimed by a dead sender $tag", details => 'x');
    my ($sent) = HDMail::wait_for(both(to('alice'), about("[$r2] Logged")));
    db_rows("UPDATE mail_outbox SET state = 'queued', claimed_by = 'crashed', "
            . "claimed_until = NOW(6) + INTERVAL 2 SECOND WHERE subject LIKE '[$r2]%' AND rcpt = 'alice\@example.org'");
    my @twice = HDMail::wait_for(both(to('alice'), about("[$r2] Logged")), 2, 30);
    is scalar(@twice), 2, 'sent again once the dead claim ran out';
    is $twice[1]{header}{'message-id'}, $twice[0]{header}{'message-id'}, 'with the same Message-ID';
};

subtest 'two Apache nodes send from one outbox: each message once' => sub {
    my $node = HDNode->start('mail');
    my @refs;
    for my $i (1 .. 6) {
        my $ua = browser();
        local $HDTest::PORTAL = $i % 2 ? $node->base : $HDTest::PORTAL;
        login($ua, 'bob');
        push @refs, log_ticket($ua, summary => "Two nodes $i $tag", details => 'x');
    }
    my @m = HDMail::wait_for(sub { $_->{subject} =~ /Two nodes \d \Q$tag\E/ && to('bob')->() }, 6, 40);
    sleep 3;
    @m = HDMail::matching(sub { $_->{subject} =~ /Two nodes \d \Q$tag\E/ && to('bob')->() });
    my %ids;
    $ids{ $_->{header}{'message-id'} }++ for @m;
    is scalar(keys %ids), 6, 'six confirmations';
    is scalar(grep { $_ > 1 } values %ids), 0, 'none twice';
    $node->stop;
};

subtest 'a message the server refuses is dead, shown to the desk, and can go again' => sub {
    my $r = log_ticket($alice, summary => "Refused by the server $tag", details => 'x');
    my ($m) = HDMail::wait_for(both(to('alice'), about("[$r] Logged")));
    my ($id) = db_rows("SELECT id FROM mail_outbox WHERE subject LIKE '[$r]%' AND rcpt = 'alice\@example.org'");
    # aiosmtpd refuses a recipient address that is not one (5xx)
    db_rows("UPDATE mail_outbox SET state = 'queued', rcpt = 'no body\@', next_attempt_at = NOW(6) WHERE id = $id->[0]");
    my $deadline = time + 20;
    my $row;
    while (time < $deadline) {
        ($row) = db_rows("SELECT state, attempts, last_error FROM mail_outbox WHERE id = $id->[0]");
        last if $row->[0] eq 'dead';
        sleep 0.5;
    }
    is $row->[0], 'dead', 'refused for good: dead at once';
    like $row->[2], qr/5\d\d/, 'with the server\'s code';
    my $page = $tina->get(portal('/helpdesk/desk/mail'));
    like text_of($page), qr/Refused by the server \Q$tag\E.*Given up/s, 'the desk sees it, given up';
    is $alice->get(portal('/helpdesk/desk/mail'))->code, 403, 'staff do not';
    db_rows("UPDATE mail_outbox SET rcpt = 'alice\@example.org' WHERE id = $id->[0]");
    my $res = submit_form($tina, $page, qq{//tr[contains(., "Refused by the server $tag")]//form}, {});
    like $res->request->uri, qr/retried=$id->[0]/, 'tina sends it again';
    my @m = HDMail::wait_for(both(to('alice'), about("[$r] Logged")), 2, 20);
    is scalar(@m), 2, 'and it arrives';
};

done_testing;
