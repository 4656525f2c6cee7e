# Incoming e-mail, as a mail server delivers it: each message is piped
# into build/helpdesk-mailgate exactly as Postfix or Exim would run it
# (standard input, the exit code), and we look at what the portal made of
# it.  Staff write in and get a ticket (plain text, HTML only,
# alternatives, attachments, subjects in ISO-8859-1 and UTF-8); their
# replies -- by the subject's [HD-n] or by our own signed In-Reply-To --
# become comments that hand a waiting ticket back to the desk; forged
# references, unknown senders, unreadable and oversized mail are refused
# politely (a refusal event, nothing else); auto-replies, bounces and
# loops are ignored (no answer at all); a message delivered twice counts
# once; and whenever the portal cannot take the mail, the gate exits 75
# so the mail server keeps it and tries again.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use Digest::SHA qw(hmac_sha256_hex sha256_hex);
use Encode qw(decode_utf8 encode_utf8);
use File::Temp qw(tempfile);
use JSON::PP;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $ROOT = "$FindBin::Bin/..";
my $GATE = "$ROOT/build/helpdesk-mailgate";
my $URL = portal('/helpdesk/mail/inbound');
my $SECRET_FILE = "$ENV{HD_VAR}/mailgate.secret";
ok -x $GATE, 'helpdesk-mailgate is built';
ok -r $SECRET_FILE, 'the stack wrote the gate\'s secret';

my $tag = new_tag();
my $n = 0;

# This suite sends each demo person several messages: earlier runs on the
# same stack within the hour would count against HelpdeskMailSenderLimit.
db_rows("UPDATE mail_inbound SET received_at = received_at - INTERVAL 2 HOUR "
        . "WHERE received_at > NOW() - INTERVAL 2 HOUR");

# A message as a mail client writes it (LF line ends, as delivered).
sub message {
    my (%h) = @_;
    my $body = delete $h{body} // "Hello desk.\n";
    my @order = qw(From To Subject Message-ID In-Reply-To References Date
                   MIME-Version Content-Type Content-Transfer-Encoding);
    $h{'Message-ID'} //= '<' . $tag . '.' . ++$n . '@mail.example.org>';
    $h{To} //= 'helpdesk@example.org';
    $h{Date} //= 'Tue, 1 Dec 2026 09:00:00 +0000';
    $h{'Content-Type'} //= 'text/plain; charset=utf-8';
    my $head = '';
    for my $k (@order) {
        $head .= "$k: " . delete($h{$k}) . "\n" if defined $h{$k};
    }
    $head .= "$_: $h{$_}\n" for sort keys %h;
    return $head . "\n" . $body;
}

# Pipe bytes into the gate as the MTA does: (exit code, portal's answer).
sub deliver {
    my ($bytes, %opt) = @_;
    my ($in, $in_name) = tempfile(UNLINK => 1);
    binmode $in;
    print $in $bytes;
    close $in;
    my (undef, $err_name) = tempfile(UNLINK => 1);
    my @secret = $opt{secret} ? () : ('--secret-file', $SECRET_FILE);
    local $ENV{HELPDESK_MAILGATE_SECRET} = $opt{secret} if $opt{secret};
    my $cmd = join ' ', map { "'$_'" } $GATE, '--url', $opt{url} // $URL,
        '--timeout', $opt{timeout} // 60, @secret;
    system("$cmd < '$in_name' 2> '$err_name'");
    my $rc = $? >> 8;
    open my $fh, '<', $err_name or die $!;
    my $said = do { local $/; <$fh> } // '';
    my ($json) = $said =~ /(\{.*\})/;
    my $answer = $json ? eval { decode_json($json) } : undef;
    return ($rc, $answer // {}, $said);
}

sub inbound_row {
    my ($msgid) = @_;
    $msgid =~ s/^<|>$//g;
    my ($row) = db_rows("SELECT id, sender, COALESCE(sender_login, ''), subject, outcome, reason, "
                        . "COALESCE(ticket_id, ''), size FROM mail_inbound WHERE message_id = '$msgid'");
    return $row ? { id => $row->[0], sender => $row->[1], login => $row->[2],
                    subject => decode_utf8($row->[3]), outcome => $row->[4],
                    reason => $row->[5], ticket => $row->[6], size => $row->[7] } : undef;
}
# mariadb -B writes line breaks, tabs and backslashes escaped.
sub unescape { my ($s) = @_; $s =~ s/\\(.)/$1 eq 'n' ? "\n" : $1 eq 't' ? "\t" : $1 eq '0' ? "\0" : $1/ge; return $s }
# The polite answers a message has had or will have: its refusal event
# still waiting, or the refusal the mail job already made of it (in one
# statement, so the job's COMMIT between two reads cannot hide it).
sub events_for {
    my ($id) = @_;
    my ($n) = db_rows("SELECT (SELECT COUNT(*) FROM mail_events WHERE inbound_id = $id) + "
        . "(SELECT COUNT(*) FROM mail_outbox o JOIN mail_inbound i ON i.id = $id "
        . "WHERE o.topic = 'refusal' AND LOCATE(CONCAT('In-Reply-To: <', i.message_id, '>'), o.message) > 0)");
    return $n->[0];
}
sub ticket {
    my ($ref) = @_;
    (my $id = $ref // '') =~ s/^HD-//;
    return undef unless $id =~ /^\d+$/;
    my ($r) = db_rows("SELECT summary, details, channel, requester_login, logged_by_login, requester_org, status "
                      . "FROM tickets WHERE id = $id");
    return $r ? { summary => decode_utf8($r->[0]), details => decode_utf8(unescape($r->[1])), channel => $r->[2],
                  requester => $r->[3], logger => $r->[4], org => $r->[5], status => $r->[6] } : undef;
}
sub comments {
    my ($ref) = @_;
    (my $id = $ref) =~ s/^HD-//;
    return map { { author => $_->[0], body => decode_utf8(unescape($_->[1])) } }
        db_rows("SELECT author_login, body FROM ticket_activity WHERE ticket_id = $id "
                . "AND kind IN ('comment', 'update') ORDER BY id");
}
sub last_id { my ($m) = @_; my ($id) = $m =~ /^Message-ID: <([^>]+)>/m; return "<$id>" }

# ---------------------------------------------------------------------
my %ticket_of;

subtest 'plain text from a known address: a ticket by e-mail for its sender' => sub {
    my $m = message(From => 'Alice Archer <Alice@Example.org>', Subject => "Scanner jams $tag",
                    body => "The scanner on floor 2 jams on every page.\n\nAlice\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'the gate exits 0: the mail server is done with it';
    is $a->{outcome}, 'created', 'created';
    like $a->{ticket}, qr/^HD-\d+$/, "the answer names $a->{ticket}";
    my $t = ticket($a->{ticket});
    is $t->{summary}, "Scanner jams $tag", 'summary from the subject';
    is $t->{details}, "The scanner on floor 2 jams on every page.\n\nAlice", 'details from the text';
    is $t->{channel}, 'email', 'channel email';
    is $t->{requester}, 'alice', 'for alice, found by her address (case ignored)';
    is $t->{logger}, 'alice', 'logged by her';
    is $t->{org}, 'Psychiatry', 'her organisation, as the directory says';
    my $row = inbound_row(last_id($m));
    is $row->{outcome}, 'created', 'mail_inbound says created';
    is $row->{login}, 'alice', '... for alice';
    is $row->{size}, length($m), '... with its size';
    is events_for($row->{id}), 0, 'no refusal event';
    $ticket_of{alice} = $a->{ticket};

    my ($rc2, $again) = deliver($m);
    is $rc2, 0, 'the same message again (an MTA retry): exit 0';
    is $again->{ticket}, $a->{ticket}, 'the same ticket, nothing new';
    ok $again->{duplicate}, 'marked a duplicate';
    is scalar(db_rows("SELECT id FROM tickets WHERE summary = 'Scanner jams $tag'")), 1, 'one ticket';
};

subtest 'HTML only: safe plain text' => sub {
    my $m = message(From => 'bob@example.org', Subject => "HTML mail $tag",
                    'Content-Type' => 'text/html; charset=utf-8',
                    body => "<html><head><style>p{color:red}</style><script>alert('x')</script></head>"
                          . "<body><p>My <b>monitor</b> flickers.</p><ul><li>left</li><li>right</li></ul>"
                          . "<p>Thanks<br>Bob <img src=x onerror=alert(1)></p></body></html>\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'created', 'created';
    my $t = ticket($a->{ticket});
    is $t->{details}, "My monitor flickers.\n\n- left\n- right\n\nThanks\nBob", 'the text a reader saw';
    unlike $t->{details}, qr/alert|color|<|onerror/, 'no script, style or markup';
    $ticket_of{bob} = $a->{ticket};
};

subtest 'multipart/alternative: the text/plain part' => sub {
    my $m = message(From => 'dave@example.org', Subject => "Alternative $tag",
                    'MIME-Version' => '1.0', 'Content-Type' => 'multipart/alternative; boundary="zz"',
                    body => "--zz\nContent-Type: text/html; charset=utf-8\n\n<p>the <i>HTML</i> one</p>\n"
                          . "--zz\nContent-Type: text/plain; charset=utf-8\n\nthe plain one\n--zz--\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is ticket($a->{ticket})->{details}, 'the plain one', 'plain text preferred';
    is scalar(db_rows("SELECT inbound_id FROM mail_inbound_raw r JOIN mail_inbound i ON i.id = r.inbound_id "
                      . "WHERE i.message_id = '" . substr(last_id($m), 1, -1) . "'")), 0,
        'no attachment parts: nothing kept raw';
};

subtest 'multipart with an attachment: the text, the file on the ticket, nothing kept raw' => sub {
    my $png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
    my $m = message(From => 'dave@example.org', Subject => "Screenshot $tag",
                    'MIME-Version' => '1.0', 'Content-Type' => 'multipart/mixed; boundary="mm"',
                    body => "--mm\nContent-Type: text/plain; charset=utf-8\n\nSee the screenshot.\n"
                          . "--mm\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n"
                          . "Content-Disposition: attachment; filename*=UTF-8''%C3%A9cran.png\n\n$png\n--mm--\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'created', 'created';
    is $a->{reason}, '', 'no file left out';
    is ticket($a->{ticket})->{details}, 'See the screenshot.', 'the text part';
    (my $id = $a->{ticket}) =~ s/^HD-//;
    my @files = db_rows("SELECT filename, content_type, size FROM attachments WHERE ticket_id = $id");
    is_deeply [map { [decode_utf8($_->[0]), @$_[1, 2]] } @files], [['écran.png', 'image/png', 70]],
        'the picture is the ticket\'s attachment';
    my $row = inbound_row(last_id($m));
    is scalar(db_rows("SELECT seq FROM mail_inbound_raw WHERE inbound_id = $row->{id}")), 0,
        'every file stored: the raw message is not kept';
};

# ---------------------------------------------------------------------
# Files sent by e-mail: the ticket's attachments, as if uploaded.
require MIME::Base64;
sub b64 { my $s = MIME::Base64::encode_base64($_[0]); return $s }
sub ticket_files {
    my ($ua, $ref) = @_;
    my $res = get_as($ua, 'xml', "/helpdesk/tickets/$ref");
    return () unless $res->is_success;
    return map { { map { $_->nodeName => $_->value } $_->attributes } }
           xml_of($res)->findnodes('/helpdesk/ticket/attachments/attachment');
}
sub staged_only {
    (db_rows('SELECT COUNT(*) FROM attachment_chunks c LEFT JOIN attachment_blobs b '
             . 'ON b.chunk_key = c.chunk_key WHERE b.chunk_key IS NULL'))[0][0]
}
# A PNG of 2x2 pixels made here (zlib from Perl's core), with bytes of its
# own per run so that the blob is new each time.
sub png_bytes {
    require Compress::Zlib;
    my $chunk = sub { my ($t, $d) = @_; pack('N', length $d) . $t . $d . pack('N', Compress::Zlib::crc32($t . $d)) };
    my $raw = join '', map { "\0" . pack('C*', map { (ord(substr($tag, $_ % length $tag, 1)) * 7 + $_) % 256 } 0 .. 5) } 0 .. 1;
    return "\x89PNG\r\n\x1a\n" . $chunk->('IHDR', pack('NNCCCCC', 2, 2, 8, 2, 0, 0, 0))
         . $chunk->('IDAT', Compress::Zlib::compress($raw)) . $chunk->('IEND', '');
}

subtest 'files sent by e-mail: the ticket\'s attachments, the same bytes back, once' => sub {
    my $dave = browser();
    is login($dave, 'dave')->code, 200, 'dave is logged in';
    my $png = png_bytes();
    my $text = encode_utf8("Error log $tag\r\ncafé: disk full\r\n" . ("x" x 5000) . "\r\n");
    my $m = message(From => 'Dave Dawson <dave@example.org>', Subject => "Disk full $tag",
                    'MIME-Version' => '1.0', 'Content-Type' => 'multipart/mixed; boundary="ff"',
                    body => "--ff\nContent-Type: text/plain; charset=utf-8\n\nThe disk is full, see both files.\n"
                          . "--ff\nContent-Type: image/png; name=\"screen.png\"\nContent-Transfer-Encoding: base64\n"
                          . "Content-Disposition: attachment; filename=\"screen.png\"\n\n" . b64($png)
                          . "--ff\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n"
                          . "Content-Disposition: attachment; filename=\"../../error log.txt\"\n\n" . b64($text)
                          . "--ff--\n");
    my $staged = staged_only();
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'created', 'a ticket';
    my $ref = $a->{ticket};
    my @files = ticket_files($dave, $ref);
    is_deeply [map { $_->{filename} } @files], ['screen.png', 'error log.txt'],
        'the ticket lists both files (the name made safe: no path)';
    my ($img, $txt) = @files;
    is $img->{'content-type'}, 'image/png', 'the picture\'s type';
    is $img->{image}, 'true', 'checked as a raster image by its bytes';
    is $txt->{'content-type'}, 'text/plain', 'the text file\'s type';
    is $img->{size}, length($png), 'the picture\'s size';
    is $txt->{size}, length($text), 'the text file\'s size';
    is $img->{description}, 'Sent by e-mail', 'described as sent by e-mail';
    is $img->{author}, 'Dave Dawson', 'by dave';
    is $img->{internal}, 'false', 'public';
    is $img->{sha256}, sha256_hex($png), 'the listed SHA-256 is the picture\'s';
    for ([$img, $png], [$txt, $text]) {
        my ($f, $bytes) = @$_;
        my $res = $dave->get(portal($f->{href} . '?download=1'));
        is $res->code, 200, "$f->{filename}: 200";
        is sha256_hex($res->content), sha256_hex($bytes), "$f->{filename}: the bytes sent, byte for byte";
    }
    my $row = inbound_row(last_id($m));
    is scalar(db_rows("SELECT seq FROM mail_inbound_raw WHERE inbound_id = $row->{id}")), 0,
        'all stored: no raw copy';
    my ($entries) = db_rows("SELECT COUNT(*) FROM ticket_activity WHERE ticket_id = " . substr($ref, 3)
                            . " AND kind = 'attached'");
    is $entries->[0], 1, 'one "attached" entry';

    my ($rc2, $again) = deliver($m);
    is $again->{outcome}, 'created', 'delivered twice: the earlier answer';
    ok $again->{duplicate}, '... marked duplicate';
    is scalar(ticket_files($dave, $ref)), 2, '... and the files attached once';

    # The answer lost (the gate retried after a 503, say): no mail_inbound
    # row to find, so the nonces keep it to one ticket and one set of files.
    db_rows("DELETE FROM mail_inbound WHERE id = $row->{id}");
    my ($rc3, $retry) = deliver($m);
    is $retry->{ticket}, $ref, 'taken again after a lost answer: the same ticket';
    is scalar(ticket_files($dave, $ref)), 2, '... still two files';
    is staged_only(), $staged, 'no staged chunks left behind';

    my $log = encode_utf8("second log $tag\n");
    my $reply = message(From => 'dave@example.org', Subject => "Re: [$ref] Disk full $tag",
                        'MIME-Version' => '1.0', 'Content-Type' => 'multipart/mixed; boundary="rr"',
                        body => "--rr\nContent-Type: text/plain\n\nHere is today's log too.\n"
                              . "--rr\nContent-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
                              . "Content-Disposition: attachment; filename=\"today.log\"\n\n" . b64($log) . "--rr--\n");
    my ($rc4, $r) = deliver($reply);
    is $r->{outcome}, 'commented', 'a reply by mail with a file: a comment';
    is $r->{ticket}, $ref, "on $ref";
    is((comments($ref))[-1]{body}, "Here is today's log too.", 'the comment');
    @files = ticket_files($dave, $ref);
    is_deeply [map { $_->{filename} } @files], ['screen.png', 'error log.txt', 'today.log'],
        'its file joins the ticket\'s';
    my $res = $dave->get(portal($files[2]{href}));
    is sha256_hex($res->content), sha256_hex($log), 'the same bytes back';
};

subtest 'more files than HelpdeskMaxAttachments: the rest left out, named, kept raw' => sub {
    my $body = "--mx\nContent-Type: text/plain\n\nEleven files.\n";
    $body .= "--mx\nContent-Type: text/plain\nContent-Disposition: attachment; filename=\"f$_.txt\"\n\n$tag $_\n"
        for 1 .. 11;
    my $m = message(From => 'dave@example.org', Subject => "Many files $tag", 'MIME-Version' => '1.0',
                    'Content-Type' => 'multipart/mixed; boundary="mx"', body => "$body--mx--\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0: not a refusal';
    is $a->{outcome}, 'created', 'a ticket';
    like $a->{reason}, qr/^Not attached: f11\.txt \(more than 10 files\)\.$/, 'the eleventh named in the reason';
    (my $id = $a->{ticket}) =~ s/^HD-//;
    my ($n) = db_rows("SELECT COUNT(*) FROM attachments WHERE ticket_id = $id");
    is $n->[0], 10, 'ten attached';
    my $row = inbound_row(last_id($m));
    like $row->{reason}, qr/f11\.txt/, 'the inbound log says so too';
    ok scalar(db_rows("SELECT seq FROM mail_inbound_raw WHERE inbound_id = $row->{id}")) >= 1,
        'the message kept whole, the only copy of the eleventh';
};

subtest 'subjects in ISO-8859-1 and UTF-8 (RFC 2047): UTF-8 summaries' => sub {
    my ($rc, $a) = deliver(message(From => 'sam@example.org',
        Subject => "=?ISO-8859-1?Q?Caf=E9_machine_d=E9fectueuse?= $tag",
        'Content-Type' => 'text/plain; charset=iso-8859-1',
        body => "La machine \xe0 caf\xe9 fuit.\n"));
    is $rc, 0, 'exit 0';
    my $t = ticket($a->{ticket});
    is $t->{summary}, "Café machine défectueuse $tag", 'ISO-8859-1 subject decoded';
    is $t->{details}, 'La machine à café fuit.', 'ISO-8859-1 text converted';
    ($rc, $a) = deliver(message(From => 'sam@example.org',
        Subject => "=?UTF-8?B?" . MIME::Base64::encode_base64(encode_utf8("Drucker kaputt – Übersicht"), '')
                 . "?= $tag", body => encode_utf8("Grüße\n")));
    is $rc, 0, 'exit 0';
    is ticket($a->{ticket})->{summary}, "Drucker kaputt – Übersicht $tag", 'UTF-8 subject decoded';
};

# The ticket moves to Waiting for Client Response as the desk does it.
my $tina = browser();
is login($tina, 'tina')->code, 200, 'tina (agent) is logged in';
sub status_of {
    my ($ref) = @_;
    return xml_of(get_as($tina, 'xml', "/helpdesk/tickets/$ref"))->findvalue('/helpdesk/ticket/@status');
}
sub move {
    my ($ref, $to, %fields) = @_;
    my $page = $tina->get(portal("/helpdesk/tickets/$ref"));
    return submit_form($tina, $page,
        qq{//section[\@id="desk"]//form[.//input[\@name="to" and \@value="$to"]]}, \%fields);
}

subtest 'a reply with the [HD-n] tag: a comment that hands a waiting ticket back' => sub {
    my $ref = $ticket_of{alice};
    is move($ref, 'in_review')->code, 200, 'tina takes it into review';
    is move($ref, 'waiting_client', reason => 'Which scanner model is it?')->code, 200,
        'tina asks alice a question';
    is status_of($ref), 'waiting_client', 'Waiting for Client Response';
    my $m = message(From => 'alice@example.org', Subject => "Re: [$ref] Scanner jams $tag",
                    body => "It is the Canon one.\n\nOn Tue, 1 Dec 2026, IT Helpdesk wrote:\n> Which scanner model is it?\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'commented', 'commented';
    is $a->{ticket}, $ref, "on $ref";
    my @c = comments($ref);
    is $c[-1]{body}, 'It is the Canon one.', 'the reply without the quoted message';
    is $c[-1]{author}, 'alice', 'by alice';
    is status_of($ref), 'in_review', 'the ticket is back with the desk (In Review)';
    my ($rc2, $again) = deliver($m);
    is $again->{outcome}, 'commented', 'delivered twice';
    is scalar(comments($ref)), scalar(@c), '... one comment';
};

subtest 'a reply with only our signed In-Reply-To' => sub {
    my $ref = $ticket_of{bob};
    (my $id = $ref) =~ s/^HD-//;
    my %env = map { /^(\w+)=(.*)$/ ? ($1 => $2) : () }
        do { open my $fh, '<', "$ENV{HD_VAR}/stack.env" or die $!; <$fh> };
    (my $secret = "forms-$env{HD_SESSION_SECRET}") =~ s/['"]//g;
    my $body = "hd.$id.7.bob";
    my $signed = "$body." . substr(hmac_sha256_hex($body, $secret), 0, 20) . '@helpdesk.example.org';
    my ($rc, $a) = deliver(message(From => 'bob@example.org', Subject => 'Re: your ticket',
                                   'In-Reply-To' => "<$signed>", References => "<other\@example.org> <$signed>",
                                   body => "It flickers less now.\n"));
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'commented', 'commented';
    is $a->{ticket}, $ref, "on $ref, found by the signed id";
    is((comments($ref))[-1]{body}, 'It flickers less now.', 'the comment');

    (my $forged = $signed) =~ s/\.([0-9a-f])([0-9a-f]{19})@/'.' . ($1 eq 'a' ? 'b' : 'a') . "$2@"/e;
    ($rc, $a) = deliver(message(From => 'bob@example.org', Subject => "Re: something $tag",
                                'In-Reply-To' => "<$forged>", body => "Forged id.\n"));
    is $a->{outcome}, 'created', 'a badly signed id names no ticket: a new one';
};

subtest 'a forged tag from someone who may not act on the ticket: refused' => sub {
    my $ref = $ticket_of{alice};
    my $before = scalar comments($ref);
    for my $who (qw(carol bob)) {
        my $m = message(From => "$who\@example.org", Subject => "Re: [$ref] Scanner jams",
                        body => "I want in on this.\n");
        my ($rc, $a) = deliver($m);
        is $rc, 0, "$who: exit 0 (refused for good)";
        is $a->{outcome}, 'refused', "$who: refused";
        is $a->{ticket}, '', "$who: the ticket is not named";
        like $a->{reason}, qr/cannot add to that ticket/, "$who: the reason";
        my $row = inbound_row(last_id($m));
        is events_for($row->{id}), 1, "$who: one refusal event for the polite answer";
    }
    is scalar(comments($ref)), $before, 'no comment added';
    my ($rc, $a) = deliver(message(From => 'carol@example.org', Subject => 'Re: [HD-999999] nothing',
                                   body => "Hello\n"));
    like $a->{reason}, qr/cannot add to that ticket/, 'a ticket that does not exist: the same words';
};

subtest 'an agent\'s reply by mail is the desk\'s public reply' => sub {
    my $ref = $ticket_of{alice};
    my ($rc, $a) = deliver(message(From => 'victor@example.org', Subject => "Re: [$ref] Scanner jams",
                                   body => "Replace the roller.\n"));
    is $a->{outcome}, 'commented', 'commented';
    my ($row) = db_rows("SELECT kind, author_login, internal FROM ticket_activity WHERE ticket_id = "
                        . substr($ref, 3) . " ORDER BY id DESC LIMIT 1");
    is_deeply $row, ['update', 'victor', '0'], 'a public reply (an update) by victor';
};

subtest 'a reply on a closed ticket reopens it; on a cancelled one it is refused' => sub {
    my $dave = browser();
    is login($dave, 'dave')->code, 200, 'dave is logged in';
    my (undef, $a) = deliver(message(From => 'dave@example.org', Subject => "Keyboard $tag", body => "Keys stick.\n"));
    my $ref = $a->{ticket};
    is resolve_ticket($dave, $ref)->code, 200, "dave resolves $ref";
    is status_of($ref), 'closed', 'closed';
    my ($rc, $r) = deliver(message(From => 'dave@example.org', Subject => "Re: [$ref] Keyboard",
                                   body => "They stick again.\n"));
    is $r->{outcome}, 'commented', 'a reply by mail';
    is status_of($ref), 'waiting_support', 'reopened';
    is cancel_ticket($dave, $ref)->code, 200, 'dave cancels it';
    ($rc, $r) = deliver(message(From => 'dave@example.org', Subject => "Re: [$ref] Keyboard",
                                body => "Still there?\n"));
    is $rc, 0, 'exit 0';
    is $r->{outcome}, 'refused', 'a reply to a cancelled ticket: refused';
    like $r->{reason}, qr/cancelled/, 'saying why';
};

subtest 'text longer than HelpdeskMaxTextChars is cut, with a note' => sub {
    my $long = join('', map { "Line $_ of the log, with some words in it.\n" } 1 .. 1000);
    my ($rc, $a) = deliver(message(From => 'sam@example.org', Subject => "Long $tag", body => $long));
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'created', 'created, not refused';
    my $d = ticket($a->{ticket})->{details};
    ok length($d) <= 20000, 'within 20,000 characters (' . length($d) . ')';
    like $d, qr/^Line 1 of the log/, 'from the start';
    like $d, qr/the rest was cut off\.\]$/, 'with a note at the end';
};

subtest 'auto-replies and bounces: ignored, never answered' => sub {
    my @machines = (
        [ 'Auto-Submitted', message(From => 'alice@example.org', Subject => "Out of office $tag",
                                    'Auto-Submitted' => 'auto-replied', body => "Away.\n") ],
        [ 'Precedence', message(From => 'alice@example.org', Subject => "List $tag",
                                Precedence => 'bulk', body => "News.\n") ],
        [ 'X-Auto-Response-Suppress', message(From => 'alice@example.org', Subject => "Exchange $tag",
                                              'X-Auto-Response-Suppress' => 'All', body => "Auto.\n") ],
        [ 'Return-Path <>', "Return-Path: <>\n" . message(From => 'alice@example.org',
                                                           Subject => "Null sender $tag") ],
        [ 'bounce', message(From => 'Mail Delivery System <MAILER-DAEMON@mx.example.org>',
                            Subject => "Undelivered Mail $tag", 'MIME-Version' => '1.0',
                            'Content-Type' => 'multipart/report; report-type=delivery-status; boundary="r"',
                            body => "--r\nContent-Type: text/plain\n\nCould not deliver.\n"
                                  . "--r\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx\n\n"
                                  . "Final-Recipient: rfc822; x\@example.org\nAction: failed\nStatus: 5.1.1\n--r--\n") ],
    );
    for my $case (@machines) {
        my ($what, $m) = @$case;
        my ($rc, $a) = deliver($m);
        is $rc, 0, "$what: exit 0";
        is $a->{outcome}, 'ignored', "$what: ignored ($a->{reason})";
        my $row = inbound_row(last_id($m));
        is events_for($row->{id}), 0, "$what: no event, so no answer";
        is $row->{ticket}, '', "$what: no ticket";
    }
    is scalar(db_rows("SELECT id FROM tickets WHERE summary LIKE '%$tag' AND "
                      . "(summary LIKE 'Out of office%' OR summary LIKE 'Undelivered%')")), 0, 'no tickets';
};

subtest 'an unknown sender: refused politely' => sub {
    my $m = message(From => 'stranger@elsewhere.example', Subject => "Help $tag", body => "Hi\n");
    my ($rc, $a) = deliver($m);
    is $rc, 0, 'exit 0';
    is $a->{outcome}, 'refused', 'refused';
    like $a->{reason}, qr/do not know this address/, 'the reason';
    my $row = inbound_row(last_id($m));
    is events_for($row->{id}), 1, 'a refusal event';
    is scalar(db_rows("SELECT id FROM tickets WHERE summary = 'Help $tag'")), 0, 'no ticket';
};

subtest 'a mail loop: the sender limit, and our own Message-IDs' => sub {
    my $loop = "loop-$tag\@elsewhere.example";
    my @out;
    for (1 .. 21) {
        my (undef, $a) = deliver(message(From => $loop, Subject => "Auto $_", body => "x\n"));
        push @out, $a->{outcome};
    }
    is_deeply [@out[0 .. 19]], [('refused') x 20], 'the first 20 in the hour are answered';
    is $out[20], 'ignored', 'the 21st is ignored: no answer, no loop';
    my %env = map { /^(\w+)=(.*)$/ ? ($1 => $2) : () }
        do { open my $fh, '<', "$ENV{HD_VAR}/stack.env" or die $!; <$fh> };
    (my $secret = "forms-$env{HD_SESSION_SECRET}") =~ s/['"]//g;
    (my $id = $ticket_of{alice}) =~ s/^HD-//;
    my $body = "hd.$id.x$tag.r";
    my $ours = "$body." . substr(hmac_sha256_hex($body, $secret), 0, 20) . '@helpdesk.example.org';
    my (undef, $a) = deliver(message(From => 'sam@example.org', Subject => "Bounced back $tag",
                                     'Message-ID' => "<$ours>"));
    is $a->{outcome}, 'ignored', 'a message with one of our own Message-IDs: ignored';
};

subtest 'malformed MIME: refused, exit 0' => sub {
    my $m = message(From => 'sam@example.org', Subject => "Broken $tag", 'MIME-Version' => '1.0',
                    'Content-Type' => 'multipart/mixed; boundary="never"', body => "no parts here\n--other\n\nx\n");
    my ($rc, $a, $said) = deliver($m);
    is $rc, 0, 'exit 0: retrying would not help';
    like $said, qr/^helpdesk-mailgate: 422 /, 'the portal answered 422';
    is $a->{outcome}, 'refused', 'refused';
    my $row = inbound_row(last_id($m));
    is events_for($row->{id}), 1, 'a refusal event (its sender gets told)';
};

subtest 'size: 20 MB is taken, 30 MB refused with 413' => sub {
    my $big = sub {
        my ($mb, $subject) = @_;
        my $line = ('A' x 76) . "\n";
        my $payload = $line x int($mb * 1024 * 1024 / 77);
        return message(From => 'tina@example.org', Subject => $subject, 'MIME-Version' => '1.0',
                       'Content-Type' => 'multipart/mixed; boundary="big"',
                       body => "--big\nContent-Type: text/plain\n\nThe log file.\n--big\n"
                             . "Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
                             . "Content-Disposition: attachment; filename=\"big.log\"\n\n$payload--big--\n");
    };
    my $m = $big->(20, "Big log $tag");
    my ($rc, $a) = deliver($m);
    is $rc, 0, '20 MB: exit 0';
    is $a->{outcome}, 'created', '20 MB: a ticket';
    my $row = inbound_row(last_id($m));
    is $row->{size}, length($m), 'its size recorded';
    (my $id = $a->{ticket}) =~ s/^HD-//;
    my ($file) = db_rows("SELECT filename, size FROM attachments WHERE ticket_id = $id");
    is_deeply $file, ['big.log', int(20 * 1024 * 1024 / 77) * 57], 'its 15 MB file attached, decoded';
    my ($chunks) = db_rows("SELECT COUNT(*) FROM mail_inbound_raw WHERE inbound_id = $row->{id}");
    is $chunks->[0], 0, 'and the message not kept raw';

    $m = $big->(30, "Bigger log $tag");
    my $said;
    ($rc, $a, $said) = deliver($m);
    is $rc, 0, '30 MB: exit 0, refused for good';
    like $said, qr/^helpdesk-mailgate: 413 /, 'the portal answered 413';
    is $a->{outcome}, 'refused', 'refused';
    like $a->{reason}, qr/too big/, 'because it is too big';
    $row = inbound_row(last_id($m));
    is $row->{login}, '', 'nobody looked up';
    is events_for($row->{id}), 1, 'a refusal event: tina is told';
};

subtest 'when the portal cannot take it: exit 75, the mail server keeps it' => sub {
    my $m = message(From => 'alice@example.org', Subject => "Kept $tag");
    my ($rc, undef, $said) = deliver($m, url => 'http://127.0.0.1:1/helpdesk/mail/inbound', timeout => 5);
    is $rc, 75, 'nothing listening: 75';
    ($rc, undef, $said) = deliver($m, secret => 'not-the-secret-at-all');
    is $rc, 75, 'a wrong secret: 75 (fix the gate, lose nothing)';
    like $said, qr/ 401 /, '... the portal said 401';
    ok !inbound_row(last_id($m)), 'nothing recorded';

    my $stopped = 1;
    stack('db-stop');
    ($rc, undef, $said) = deliver($m);
    stack('db-start');
    $stopped = 0;
    is $rc, 75, 'the database down: 75';
    like $said, qr/ 503 /, '... the portal said 503';
    my $a;
    for (1 .. 20) {
        ($rc, $a) = deliver($m);
        last if $rc == 0;
        sleep 1;
    }
    is $rc, 0, 'the retry once it is back: 0';
    is $a->{outcome}, 'created', '... and the ticket is made';
};

done_testing();
