# One ticket: everything about it on one page, its history oldest first,
# comments (plain text, safely formatted), resolving, reopening and
# cancelling, each with a confirmation step.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);
use HTTP::Request::Common qw(POST);

my $tag = new_tag();
my %service = map { $_->[1] => { id => $_->[0], name => $_->[2] } }
              db_rows('SELECT id, code, name FROM services WHERE active = 1');

my $alice = browser();
login($alice, 'alice');
my $bob = browser();
login($bob, 'bob');

sub xml_ticket {
    my ($ua, $ref) = @_;
    return xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$ref"));
}
sub activity_kinds {
    my ($ua, $ref) = @_;
    return [ map { $_->value } xml_ticket($ua, $ref)->findnodes('/helpdesk/ticket/activity/entry/@kind') ];
}
# A POST straight to an action URL with a valid token of the user's own.
sub forced_post {
    my ($ua, $ref, $action, @fields) = @_;
    my $x = xml_ticket($ua, $ref);
    my $csrf = $x->findvalue("/helpdesk/actions/\@$action-csrf");
    $csrf = csrf_token($ua) unless length $csrf;
    return no_redirects($ua, sub {
        $ua->request(POST portal("/helpdesk/tickets/$ref/$action"), [csrf => $csrf, @fields]);
    });
}

my $summary = "Label printer prints blank labels $tag";
my $ref = log_ticket($bob, on_behalf => 'alice', kind => 'incident',
    service => $service{printing}{id}, team => 'NET', summary => $summary,
    details => "The label printer in the pharmacy store prints blank labels.\nIt started after the paper change.");

subtest 'alice opens the ticket bob logged for her and sees everything about it' => sub {
    my $res = $alice->get(portal("/helpdesk/tickets/$ref"));
    is $res->code, 200, 'it opens';
    my $t = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket} // {};
    my $main = text_of($res, '//main');
    like $main, qr/\Q$ref\E/, 'the reference';
    like $main, qr/\Q$summary\E/, 'the summary';
    like $main, qr/prints blank labels\./, 'the details';
    like $main, qr/Incident/, 'that it is an incident';
    like $main, qr/Waiting for Support/, 'the status by name';
    like $main, qr/\QYour ticket is logged and waiting for the service desk to pick it up.\E/,
        'and what it means, in plain words';
    like $main, qr/Printing/, 'the service';
    like $main, qr/Networks/, 'the team';
    ok length($t->{'call-type'} // ''), "JSON has a call type ($t->{'call-type'})";
    like $main, qr/\Q$t->{'call-type'}\E/, 'the call type is shown' if length($t->{'call-type'} // '');
    ok length($t->{'priority-name'} // ''), "JSON has a priority ($t->{'priority-name'})";
    like $main, qr/\Q$t->{'priority-name'}\E/, 'the priority is shown by name' if length($t->{'priority-name'} // '');
    like $main, qr/Alice Archer/, 'the requester';
    like $main, qr/alice\@example\.org/, 'her e-mail';
    like $main, qr/\+44 20 7946 0101/, 'her phone';
    like $main, qr/Psychiatry/, 'her organisation';
    like $main, qr/Bob Baker/, 'who logged it';
    ok page_of($res)->findnodes('//main//time[@datetime]'), 'when, as dates';

    is $t->{ref}, $ref, 'JSON: the reference';
    is $t->{id}, ($ref =~ /(\d+)/)[0], 'the id is the number of the reference';
    is $t->{status}, 'waiting_support', 'the status code';
    is $t->{'status-name'}, 'Waiting for Support', 'its name';
    is $t->{category}, 'open', 'an open status';
    is $t->{team}, 'Networks', 'the team by name';
    is $t->{'requester-phone'}, '+44 20 7946 0101', 'the requester\'s phone';
    is $t->{organisation}, 'Psychiatry', 'the organisation';
    is json_bool($t->{'can-comment'}), 'true', 'alice may comment';
    is json_bool($t->{'can-resolve'}), 'true', 'resolve';
    is json_bool($t->{'can-cancel'}), 'true', 'and cancel';
    my $x = xml_ticket($alice, $ref);
    is $x->findvalue('/helpdesk/actions/@comment'), "/helpdesk/tickets/$ref/comment", 'XML: the comment action';
    is $x->findvalue('/helpdesk/actions/@resolve'), "/helpdesk/tickets/$ref/resolve", 'the resolve action';
    is $x->findvalue('/helpdesk/actions/@cancel'), "/helpdesk/tickets/$ref/cancel", 'the cancel action';
    ok page_of($res)->findnodes(qq{//main//*[(self::a and \@href="/helpdesk/tickets/$ref/resolve") or (self::form and contains(\@action, "/$ref/resolve"))]}),
        'the page offers to resolve it';
    ok page_of($res)->findnodes(qq{//main//*[(self::a and \@href="/helpdesk/tickets/$ref/cancel") or (self::form and contains(\@action, "/$ref/cancel"))]}),
        'and to cancel it';
    my ($box) = page_of($res)->findnodes(qq{//main//form[contains(\@action, "/$ref/comment")]//textarea[\@name="body"]});
    ok $box, 'a comment box';
    is $box && label_of($box), 'Add a comment', 'labelled "Add a comment"';
};

subtest 'alice and bob comment; the activity reads oldest first, with who and when' => sub {
    sleep 1;
    my $res = no_redirects($alice, sub { comment_ticket($alice, $ref, "Reply one from alice $tag") });
    is $res->code, 303, 'the comment answers 303';
    like $res->header('Location') // '', qr{/helpdesk/tickets/\Q$ref\E\?done=comment#activity$}, 'back to the ticket';
    like text_of($alice->get(portal($res->header('Location'))), '//*[@role="status"]'),
        qr/\QYour comment has been added to $ref.\E/, 'which says the comment was added';
    sleep 1;
    $res = comment_ticket($bob, $ref, "Follow-up two from bob $tag");
    is ticket_ref_of($res), $ref, 'bob is back on the ticket too';

    $res = $alice->get(portal("/helpdesk/tickets/$ref"));
    my $act = text_of($res, '//*[@id="activity"]');
    my @at = map { index $act, $_ } 'logged the ticket', "Reply one from alice", "Follow-up two from bob";
    ok $at[0] >= 0 && $at[1] > $at[0] && $at[2] > $at[1], 'logged, then alice, then bob'
        or diag "positions @at in: $act";
    my $e1 = activity_entry($res, 'Reply one from alice');
    my $e2 = activity_entry($res, 'Follow-up two from bob');
    like $e1 ? $e1->textContent : '', qr/Alice Archer/, "alice's comment is signed Alice Archer";
    like $e2 ? $e2->textContent : '', qr/Bob Baker/, "bob's is signed Bob Baker";
    ok $e1 && $e1->findnodes('.//time[@datetime]'), 'each with its time';

    my $x = xml_ticket($alice, $ref);
    my @entries = $x->findnodes('/helpdesk/ticket/activity/entry');
    is $entries[0] && $entries[0]->getAttribute('kind'), 'created', 'XML: first the creation';
    is $entries[0] && $entries[0]->getAttribute('author-login'), 'bob', 'by bob';
    my @times = map { $_->getAttribute('time') } @entries;
    is_deeply \@times, [sort @times], 'times never go backwards';
    is_deeply [map { $_->getAttribute('author-login') } @entries[-2, -1]], [qw(alice bob)],
        'the two comments last, alice then bob';
    is_deeply [map { $_->getAttribute('kind') } @entries[-2, -1]], [qw(comment comment)], 'as comments';
    is $x->findvalue('/helpdesk/ticket/@status'), 'waiting_support', 'a comment leaves it waiting for support';
};

subtest 'a comment is plain text: markup shows as typed, lists and bold are formatted' => sub {
    my $body = join "\n",
        'Tried this: <script>alert(1)</script> and <b>x</b> ' . $tag,
        '',
        '- unplugged it',
        '- cleaned the head',
        '',
        'Now it is **much better** see https://example.org/kb/42 and `lpstat`',
        'javascript:alert(2)';
    my $res = comment_ticket($alice, $ref, $body);
    is $res->code, 200, 'the comment is added';
    my $doc = page_of($res);
    my $e = activity_entry($doc, 'Tried this:');
    ok $e, 'it is in the activity';
    $e or return;
    like $e->textContent, qr/\Q<script>alert(1)<\/script> and <b>x<\/b>\E/, 'the markup reads as typed';
    is scalar(() = $doc->findnodes('//script[not(@src)] | //script[contains(., "alert")]')), 0,
        'no script element on the page';
    is scalar(() = $e->findnodes('.//b')), 0, 'no b element from the comment';
    is_deeply [map { my $t = $_->textContent; $t =~ s/^\s+|\s+$//g; $t } $e->findnodes('.//ul/li')],
        ['unplugged it', 'cleaned the head'], '"- " lines become a list';
    ok $e->findnodes('.//strong[normalize-space()="much better"]'), '**…** becomes bold';
    ok !$e->findnodes('.//strong[contains(., "*")]') && index($e->textContent, '**') < 0,
        'the stars are gone';
    ok $e->findnodes('.//code[normalize-space()="lpstat"]'), '`…` becomes code';
    my ($a) = $e->findnodes('.//a[@href="https://example.org/kb/42"]');
    ok $a, 'the web address is a link';
    like $a ? $a->getAttribute('rel') // '' : '', qr/nofollow/, 'rel nofollow';
    like $a ? $a->getAttribute('rel') // '' : '', qr/noopener/, 'and noopener';
    is scalar(() = $e->findnodes('.//a[starts-with(normalize-space(@href), "javascript")]')), 0,
        'a javascript: address is not a link';
    is scalar(() = $e->findnodes('.//*[not(self::p or self::br or self::ul or self::li or self::strong or self::code or self::a or self::time or self::span or self::div or self::header or self::footer or self::h3 or self::h4 or self::strong or self::em or self::dl or self::dt or self::dd or self::article or self::section or self::blockquote)]')),
        0, 'nothing but the allowed elements';
    my $x = xml_ticket($alice, $ref);
    my ($text) = grep { index($_->textContent, 'Tried this') >= 0 }
                 $x->findnodes('/helpdesk/ticket/activity/entry/text');
    is scalar(() = $text ? $text->findnodes('.//*[not(self::p or self::br or self::ul or self::ol or self::li or self::strong or self::em or self::code or self::pre or self::blockquote or self::h or self::hr or self::a)]') : ()),
        0, 'XML: only the formatting vocabulary (hd_text.c)';
    my $j = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"));
    my ($entry) = grep { ($_->{text} // '') =~ /Tried this/ } @{ $j->{ticket}{activity} };
    (my $sent = $body) =~ s/\n/\r\n/g;   # a browser sends line ends as CR LF
    is $entry && $entry->{text}, $sent, 'JSON: the comment as she typed it';
};

subtest 'an empty comment is refused and adds nothing' => sub {
    my $before = activity_kinds($alice, $ref);
    my $res = comment_ticket($alice, $ref, '');
    is $res->code, 400, 'refused: 400 Bad Request';
    my $x = xml_of(no_redirects($alice, sub {
        $alice->request(POST portal("/helpdesk/tickets/$ref/comment"),
            [csrf => xml_ticket($alice, $ref)->findvalue('/helpdesk/actions/@comment-csrf'), body => ''],
            Accept => 'application/xml');
    }));
    ok $x->findnodes('/helpdesk/comment-form/errors/error[@field="body"]'), 'XML: an error for the body';
    is_deeply activity_kinds($alice, $ref), $before, 'no new activity';
};

subtest 'a comment without a valid token comes back with the text kept' => sub {
    my $before = activity_kinds($alice, $ref);
    my $page = $alice->get(portal("/helpdesk/tickets/$ref"));
    my $res = no_redirects($alice, sub {
        submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/comment")]},
                    { body => "Token gone $tag", csrf => 'forged0000' });
    });
    is $res->code, 403, 'not added: 403';
    like text_of($res, '//main'), qr/This form has expired\. Check it and submit again\./,
        '"This form has expired. Check it and submit again."';
    (my $kept = form_fields($res, qq{//main//form[contains(\@action, "/$ref/comment")]})->{body} // '') =~ s/\r\n/\n/g;
    $kept =~ s/^\n//;
    is $kept, "Token gone $tag", 'the comment is kept in the box';
    is_deeply activity_kinds($alice, $ref), $before, 'no new activity';
};

subtest 'alice resolves it after confirming; the solution is shown' => sub {
    my $res = $alice->get(portal("/helpdesk/tickets/$ref/resolve"));
    is $res->code, 200, 'the confirmation page opens';
    my $main = text_of($res, '//main');
    like $main, qr/Resolve this issue\?/, '"Resolve this issue?"';
    my $doc = page_of($res);
    my ($form) = $doc->findnodes(qq{//main//form[contains(\@action, "/$ref/resolve")]});
    ok $form, 'a form to confirm';
    is $form && lc($form->getAttribute('method') // ''), 'post', 'which posts';
    ok $form && $form->findnodes('.//*[(self::button and normalize-space()="Yes, resolve it") or (self::input and @type="submit" and @value="Yes, resolve it")]'),
        'a "Yes, resolve it" button';
    my ($sol) = $form ? $form->findnodes('.//textarea[@name="solution"] | .//input[@name="solution"]') : ();
    is $sol && label_of($sol), 'How was it resolved? (optional)', 'an optional solution';
    ok $doc->findnodes(qq{//main//a[normalize-space()="No, go back"][\@href="/helpdesk/tickets/$ref"]}),
        'a "No, go back" link to the ticket';
    is xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref/resolve"))->findvalue('/helpdesk/confirm/@action'),
        'resolve', 'XML: the confirm step';
    my $t = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket};
    is $t->{status}, 'waiting_support', 'nothing has changed yet';
    ok !(grep { $_ eq 'resolved' } @{ activity_kinds($alice, $ref) }), 'no resolved entry yet';

    $res = no_redirects($alice, sub { resolve_ticket($alice, $ref, "Fitted the right labels $tag") });
    is $res->code, 303, 'yes: 303';
    like $res->header('Location') // '', qr{/helpdesk/tickets/\Q$ref\E\?done=resolved$}, 'back to the ticket';
    like text_of($alice->get(portal($res->header('Location'))), '//*[@role="status"]'),
        qr/\Q$ref is resolved and closed.\E/, 'which says it is resolved';
    $res = $alice->get(portal("/helpdesk/tickets/$ref"));
    $main = text_of($res, '//main');
    like $main, qr/Closed/, 'the ticket is Closed';
    like $main, qr/\QThe ticket is resolved. Add a comment to reopen it.\E/, 'with what that means';
    like $main, qr/Fitted the right labels \Q$tag\E/, 'the solution is shown';
    my $x = xml_ticket($alice, $ref);
    is $x->findvalue('/helpdesk/ticket/@status'), 'closed', 'XML: closed';
    like $x->findvalue('/helpdesk/ticket/solution/text'), qr/Fitted the right labels/, 'the solution stored';
    is $x->findvalue('/helpdesk/ticket/activity/entry[last()]/@kind'), 'resolved', 'a resolved entry last';
    is $x->findvalue('/helpdesk/ticket/activity/entry[last()]/@author-login'), 'alice', 'by alice';
    is $x->findvalue('/helpdesk/ticket/@can-resolve'), 'false', 'it cannot be resolved again';
    is $x->findvalue('/helpdesk/ticket/@can-cancel'), 'false', 'nor cancelled';
    is $x->findvalue('/helpdesk/ticket/@can-comment'), 'true', 'but a comment is possible';
    ok !page_of($res)->findnodes(qq{//main//a[\@href="/helpdesk/tickets/$ref/resolve"]}),
        'the page no longer offers to resolve it';
};

subtest 'a later comment reopens it' => sub {
    my $res = comment_ticket($alice, $ref, "It is blank again $tag");
    like text_of($res, '//main'), qr/Waiting for Support/, 'Waiting for Support again';
    my $x = xml_ticket($alice, $ref);
    is $x->findvalue('/helpdesk/ticket/@status'), 'waiting_support', 'XML: waiting_support';
    my @kinds = @{ activity_kinds($alice, $ref) };
    ok((grep { $_ eq 'reopened' } @kinds[-2, -1]), 'a reopened entry with the comment')
        or diag "@kinds";
    ok((grep { $_ eq 'comment' } @kinds[-2, -1]), 'and the comment itself');
    is $x->findvalue('/helpdesk/ticket/@can-resolve'), 'true', 'it can be resolved again';
};

subtest 'alice cancels it after confirming; then it is final' => sub {
    my $res = $alice->get(portal("/helpdesk/tickets/$ref/cancel"));
    is $res->code, 200, 'the confirmation page opens';
    my $kind = xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"))->findvalue('/helpdesk/ticket/@kind');
    like text_of($res, '//main'), qr/Cancel this \Q$kind\E\?\s*This cannot be undone\./,
        "\"Cancel this $kind? This cannot be undone.\"";
    my ($form) = page_of($res)->findnodes(qq{//main//form[contains(\@action, "/$ref/cancel")]});
    ok $form && $form->findnodes('.//*[(self::button and normalize-space()="Yes, cancel it") or (self::input and @type="submit" and @value="Yes, cancel it")]'),
        'a "Yes, cancel it" button';
    is xml_ticket($alice, $ref)->findvalue('/helpdesk/ticket/@status'), 'waiting_support', 'nothing changed yet';

    $res = no_redirects($alice, sub { cancel_ticket($alice, $ref) });
    is $res->code, 303, 'yes: 303 back to the ticket';
    like text_of($alice->get(portal($res->header('Location') // '/')), '//*[@role="status"]'),
        qr/\Q$ref has been cancelled.\E/, 'which says it has been cancelled';
    $res = $alice->get(portal("/helpdesk/tickets/$ref"));
    my $main = text_of($res, '//main');
    like $main, qr/Cancelled/, 'Cancelled';
    like $main, qr/\QThe ticket was cancelled. It cannot be reopened; log a new ticket instead.\E/,
        'with what that means';
    like $main, qr/\QThis ticket was cancelled and cannot be reopened. Log a new ticket instead.\E/,
        'the page says to log a new ticket';
    ok page_of($res)->findnodes('//main//a[@href="/helpdesk/tickets/new"]'), 'with a link to do so';
    ok !page_of($res)->findnodes(qq{//main//form[contains(\@action, "/$ref/comment")] | //main//textarea[\@name="body"]}),
        'no comment box';
    my $x = xml_ticket($alice, $ref);
    is $x->findvalue('/helpdesk/ticket/@status'), 'cancelled', 'XML: cancelled';
    is $x->findvalue('/helpdesk/ticket/@category'), 'cancelled', 'in the cancelled category';
    is $x->findvalue('/helpdesk/ticket/activity/entry[last()]/@kind'), 'cancelled', 'a cancelled entry';
    is $x->findvalue('/helpdesk/ticket/@can-comment'), 'false', 'can-comment false';
    is $x->findvalue('/helpdesk/ticket/@can-resolve'), 'false', 'can-resolve false';
    is $x->findvalue('/helpdesk/ticket/@can-cancel'), 'false', 'can-cancel false';

    my $before = activity_kinds($alice, $ref);
    $res = forced_post($alice, $ref, 'comment', body => "Forced comment $tag");
    is $res->code, 409, 'a comment posted anyway (with a genuine token) is refused: 409';
    $res = forced_post($alice, $ref, 'resolve', solution => 'Forced');
    is $res->code, 409, 'so is resolving it';
    $res = forced_post($alice, $ref, 'cancel');
    is $res->code, 303, 'cancelling it again is a no-op back to the ticket';
    $res = forced_post($bob, $ref, 'comment', body => "Forced by bob $tag");
    is $res->code, 409, 'bob, who logged it, cannot comment either';
    is_deeply activity_kinds($alice, $ref), $before, 'nothing was added';
    is xml_ticket($alice, $ref)->findvalue('/helpdesk/ticket/@status'), 'cancelled', 'still cancelled';
    unlike text_of($alice->get(portal("/helpdesk/tickets/$ref")), '//main'), qr/Forced/,
        'no trace of the refused comments';
};

subtest 'a closed ticket cannot be cancelled' => sub {
    my $other = log_ticket($alice, summary => "Closed then cancel $tag", details => 'Test.');
    resolve_ticket($alice, $other, '');
    is xml_ticket($alice, $other)->findvalue('/helpdesk/ticket/@status'), 'closed', 'closed';
    my $res = forced_post($alice, $other, 'cancel');
    is $res->code, 409, 'cancelling is refused: 409';
    is xml_ticket($alice, $other)->findvalue('/helpdesk/ticket/@status'), 'closed', 'still closed';
};

done_testing();
