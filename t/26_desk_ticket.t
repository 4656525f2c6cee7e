# The service desk works a ticket: tina picks up alice's ticket, assigns
# it, moves it along the workflow (the buttons are exactly the workflow
# table's agent rows), asks alice a question, alice answers and the ticket
# comes back to the desk, tina proposes a solution that alice then reads,
# and the desk's internal notes never reach anyone but agents.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tina  = browser();
my $alice = browser();
is login($tina, 'tina')->code,   200, 'tina (agent) is logged in';
is login($alice, 'alice')->code, 200, 'alice (staff) is logged in';

sub ticket_page { my ($ua, $ref) = @_; return $ua->get(portal("/helpdesk/tickets/$ref")) }
sub status_of {
    my ($ua, $ref) = @_;
    my $x = xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$ref"));
    return $x->findvalue('/helpdesk/ticket/@status');
}
sub desk_form { my ($kind) = @_; return qq{//section[\@id="desk"]//form[contains(\@action, "/$kind")]} }
sub move_form { my ($to) = @_; return qq{//section[\@id="desk"]//form[.//input[\@name="to" and \@value="$to"]]} }
sub move {
    my ($ua, $ref, $to, %fields) = @_;
    my $page = ticket_page($ua, $ref);
    return submit_form($ua, $page, move_form($to), \%fields);
}
sub agent_moves_from {
    my ($status) = @_;
    return sort map { $_->[0] } db_rows(
        "SELECT to_status FROM ticket_transitions WHERE actor = 'agent' AND from_status = '$status'");
}

my $tag = new_tag();
my $ref = log_ticket($alice, kind => 'incident', summary => "Label printer offline $tag",
                     details => 'The label printer in pharmacy shows offline.');
ok $ref, "alice logged $ref";

subtest 'tina sees the desk panel; its moves are the workflow table\'s agent rows' => sub {
    my $page = ticket_page($tina, $ref);
    is $page->code, 200, 'the ticket opens for tina';
    my $doc = page_of($page);
    ok $doc->findnodes('//section[@id="desk"]'), 'a Service desk panel';
    my @offered = sort map { $_->value } $doc->findnodes('//section[@id="desk"]//input[@name="to"]/@value');
    is_deeply \@offered, [agent_moves_from('waiting_support')],
        'one button per agent move from Waiting for Support';
    ok !page_of(ticket_page($alice, $ref))->findnodes('//section[@id="desk"]'),
        'alice has no desk panel';
};

subtest 'tina assigns the ticket to herself, then to victor; not to alice' => sub {
    my $page = ticket_page($tina, $ref);
    my $res = submit_form($tina, $page, desk_form('assign'), {}, button => 'Assign to me');
    is $res->code, 200, 'done';
    like text_of($res), qr/is assigned to Tina Tran/, 'the page says so';
    like text_of(ticket_page($alice, $ref)), qr/Tina Tran/, 'alice sees who works on it';

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('assign'), { assignee => 'victor' },
                       button => 'Assign');
    like text_of($res), qr/is assigned to Victor Vance/, 'victor, the second agent';

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('assign'), { assignee => 'alice' },
                       button => 'Assign');
    is $res->code, 400, 'alice is no agent: 400';
    like text_of($res), qr/not a service desk agent/, 'with a clear message';
    is page_of($res)->findvalue('//input[@id="desk-assignee"]/@value'), 'alice', 'what was typed is kept';
};

subtest 'tina starts work, then asks alice a question' => sub {
    my $res = move($tina, $ref, 'in_progress');
    is $res->code, 200, 'moved';
    is status_of($tina, $ref), 'in_progress', 'In Progress';

    $res = move($tina, $ref, 'waiting_client', reason => '');
    is $res->code, 400, 'asking needs the question';
    like text_of($res), qr/Enter the question for the client/, 'says so';

    $res = move($tina, $ref, 'waiting_client', reason => "Which ward is it on? $tag-q");
    is status_of($tina, $ref), 'waiting_client', 'Waiting for Client Response';
    my $seen = ticket_page($alice, $ref);
    like text_of($seen), qr/Which ward is it on\? \Q$tag\E-q/, 'alice reads the question';

    # Words addressed to whoever reads them.
    my $status = '//*[contains(@class, "status-panel__explanation")]';
    like text_of($seen, $status), qr/waiting for your reply/, 'alice: "waiting for your reply"';
    my $bob = browser();
    login($bob, 'bob');
    my $colleague = text_of(ticket_page($bob, $ref), $status);
    like $colleague, qr/waiting for Alice Archer's reply/, 'bob, her colleague: "waiting for Alice Archer\'s reply"';
    unlike $colleague, qr/your reply/, 'and not "your"';
    like text_of(ticket_page($tina, $ref), $status), qr/waiting for the client's reply/,
        'tina: "waiting for the client\'s reply"';
};

subtest 'alice answers: the ticket goes back to the desk (In Review)' => sub {
    my $res = comment_ticket($alice, $ref, 'Pharmacy, ground floor.');
    is $res->code, 200, 'comment added';
    is status_of($alice, $ref), 'in_review', 'In Review, by the workflow\'s requester reply row';
};

subtest 'tina proposes a solution, alice reads it; her reply reopens the work' => sub {
    is move($tina, $ref, 'in_progress')->code, 200, 'back to work';
    my $res = move($tina, $ref, 'pending_closure', solution => '');
    is $res->code, 400, 'a proposal needs the solution';
    $res = move($tina, $ref, 'pending_closure', solution => "Replaced the driver $tag-sol.");
    is status_of($tina, $ref), 'pending_closure', 'Pending Closure';
    my $doc = page_of(ticket_page($alice, $ref));
    like $doc->findvalue('//section[contains(@class, "solution")]'), qr/Replaced the driver \Q$tag\E-sol/,
        'alice sees the Solution';
    comment_ticket($alice, $ref, 'Still offline after a restart.');
    is status_of($alice, $ref), 'in_progress', 'her reply brings it back to In Progress';
};

subtest 'an internal note is read by agents only, in every representation' => sub {
    my $secret = "$tag-internal";
    my $res = submit_form($tina, ticket_page($tina, $ref), desk_form('reply'),
                          { body => "Supplier ticket $secret", internal => '1' });
    is $res->code, 200, 'note added';
    like text_of($res), qr/internal note has been added/, 'the page says so';
    ok page_of($res)->findnodes('//li[contains(@class, "timeline__item--internal")]'), 'marked internal for tina';

    my $victor = browser();
    login($victor, 'victor');
    like text_of(ticket_page($victor, $ref)), qr/\Q$secret\E/, 'victor (agent) reads it';

    my $sam = browser();
    login($sam, 'sam');
    for my $who ([alice => $alice], [sam => $sam]) {
        my ($name, $ua) = @$who;
        for my $accept ('text/html', 'application/xml', 'application/json') {
            my $r = get_as($ua, $accept, "/helpdesk/tickets/$ref");
            is $r->code, 200, "$name opens the ticket as $accept";
            unlike $r->decoded_content, qr/\Q$secret\E/, "$name never gets the note ($accept)";
            unlike $r->decoded_content, qr/internal_note/, "nor a trace of it ($accept)";
        }
        my $list = $ua->get(portal("/helpdesk/tickets?view=all&q=$secret"));
        unlike $list->decoded_content, qr/\Q$ref\E/, "${name}'s search for the note's word finds nothing";
    }

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('reply'),
                       { body => "We are on it $tag-public" });
    like text_of(ticket_page($alice, $ref)), qr/We are on it \Q$tag\E-public/, 'a public reply reaches alice';
};

subtest 'a move the workflow does not have from here is refused' => sub {
    my $page = ticket_page($tina, $ref);
    my $token = page_of($page)->findvalue('(//section[@id="desk"]//form[contains(@action, "/move")])[1]//input[@name="csrf"]/@value');
    my $res = $tina->post(portal("/helpdesk/tickets/$ref/move"),
                          [csrf => $token, to => 'waiting_support']);
    is $res->code, 409, 'In Progress -> Waiting for Support: 409';
    like text_of($res), qr/cannot make that move/, 'said plainly';
    is status_of($tina, $ref), 'in_progress', 'nothing moved';
};

subtest 'nobody but agents may act; an invisible ticket stays a 404' => sub {
    my $page = ticket_page($tina, $ref);
    my %token = map {
        my $kind = $_;
        ($kind => page_of($page)->findvalue(
            qq{(//section[\@id="desk"]//form[contains(\@action, "/$kind")])[1]//input[\@name="csrf"]/\@value}))
    } qw(move assign reply classify);
    for my $login (qw(alice bob sam)) {
        my $ua = browser();
        login($ua, $login);
        for my $kind (qw(move assign reply classify)) {
            my @form = (csrf => $token{$kind}, to => 'closed', assignee => $login, body => 'x',
                        team => 'NET', priority => 1, call_type => 'Standard');
            my $res = $ua->post(portal("/helpdesk/tickets/$ref/$kind"), \@form);
            is $res->code, 403, "$login: POST $kind is 403";
            like text_of($res), qr/Only the service desk can do that/, 'because only agents may';
            for my $type ('application/json', 'application/xml') {
                is $ua->post(portal("/helpdesk/tickets/$ref/$kind"), \@form, Accept => $type)->code, 403,
                    "$login: POST $kind is 403 for $type too";
            }
        }
    }
    for my $login (qw(carol dave)) {  # another organisation: cannot see it
        my $ua = browser();
        login($ua, $login);
        my $res = $ua->post(portal("/helpdesk/tickets/$ref/move"), [csrf => $token{move}, to => 'closed']);
        is $res->code, 404, "$login: the ticket does not exist for them (404)";
    }
    is status_of($tina, $ref), 'in_progress', 'and nothing changed';
};

subtest 'tina reclassifies the ticket; the history says old -> new' => sub {
    my $page = ticket_page($tina, $ref);
    my $res = submit_form($tina, $page, desk_form('classify'),
                          { priority => 2, call_type => 'Urgent', team => 'NET' });
    is $res->code, 200, 'saved';
    my $x = xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"));
    is $x->findvalue('/helpdesk/ticket/@priority'), '2', 'priority High';
    is $x->findvalue('/helpdesk/ticket/@call-type'), 'Urgent', 'call type';
    is $x->findvalue('/helpdesk/ticket/@team'), 'Networks', 'team';
    my $entry = activity_entry(ticket_page($alice, $ref), 'Priority: Medium → High');
    ok $entry, 'alice reads "Priority: Medium → High" in the history';
    like $entry ? $entry->textContent : '', qr/Team: .* → Networks/, 'and the team\'s change';

    $res = submit_form($tina, ticket_page($tina, $ref), desk_form('classify'),
                       { priority => 2, call_type => 'Urgent', team => 'NO-SUCH' });
    is $res->code, 400, 'a team that does not exist: 400';
    like text_of($res), qr/Choose a team and a priority/, 'said plainly';
    is page_of($res)->findvalue('//input[@id="desk-call-type"]/@value'), 'Urgent', 'the input is kept';
};

subtest 'two agents at once: the second is told what changed, nothing is overwritten' => sub {
    my $victor = browser();
    login($victor, 'victor');
    my $tinas  = ticket_page($tina, $ref);     # both open the ticket ...
    my $theirs = ticket_page($victor, $ref);
    my $res = submit_form($victor, $theirs, move_form('escalated_t2'), { reason => 'Needs networks' });
    is status_of($victor, $ref), 'escalated_t2', 'victor escalates first';

    $res = submit_form($tina, $tinas, move_form('escalated_t3'), { reason => "Supplier needed $tag-mine" });
    is $res->code, 409, 'tina\'s move, from the page she had open: 409';
    like text_of($res), qr/changed meanwhile by Victor Vance/, 'says who changed it';
    like text_of($res, '//*[contains(@class, "desk-changes")]'), qr/moved it to Escalated to Tier 2/,
        'and what changed';
    is status_of($tina, $ref), 'escalated_t2', 'victor\'s move stands';
    my $kept = page_of($res)->findvalue('//form[.//input[@name="to" and @value="escalated_t3"]]//textarea');
    like $kept, qr/Supplier needed \Q$tag\E-mine/, 'her reason is kept for sending again';

    $res = submit_form($tina, $res, desk_form('assign'), { assignee => 'tina' }, button => 'Assign');
    like text_of($res), qr/is assigned to Tina Tran/, 'from the fresh page her next change goes through';
    is move($tina, $ref, 'in_progress')->code, 200, 'and back to In Progress for what follows';
};

subtest 'service clocks in business hours: a pause moves the due time' => sub {
    # A ticket logged Monday 30 Nov 2026 08:00 (local: the database and
    # Apache share the machine's zone), priority Medium (8 h / 40 h),
    # business hours Mon-Fri 07:00-18:00 from sql/009_sla.sql.
    my $ref2 = log_ticket($alice, kind => 'incident', summary => "Clock test $tag",
                          details => 'Timing.');
    my ($id) = $ref2 =~ /(\d+)/;
    my $db = db_session();
    $db->rows("UPDATE ticket_activity SET created_at = '2026-11-30 08:00:00' "
              . "WHERE ticket_id = $id AND kind = 'created'");
    $db->rows("UPDATE tickets SET priority = 3 WHERE id = $id");
    my $sla = sub { xml_of(get_as($tina, 'xml', "/helpdesk/tickets/$ref2")) };
    my $x = $sla->();
    is $x->findvalue('//ticket/sla/@response-due'), '2026-11-30 16:00:00', 'first response due Monday 16:00';
    is $x->findvalue('//ticket/sla/@resolution-due'), '2026-12-03 15:00:00',
        'resolution due Thursday 15:00 (40 business hours)';
    is $x->findvalue('//ticket/sla/@response-breached'), 'true', 'long past: breached';
    like text_of(ticket_page($tina, $ref2), '//aside'), qr/breached/, 'tina sees the breach';

    # tina asked a question Monday 10:00; alice answered Tuesday 10:00.
    $db->rows("INSERT INTO ticket_activity (ticket_id, kind, author_login, author_name, body, "
              . "old_status, new_status, created_at) VALUES "
              . "($id, 'status', 'tina', 'Tina Tran', 'Which room?', 'waiting_support', "
              . "'waiting_client', '2026-11-30 10:00:00'), "
              . "($id, 'status', 'alice', 'Alice Archer', '', 'waiting_client', 'in_review', "
              . "'2026-12-01 10:00:00')");
    $db->close;
    $x = $sla->();
    is $x->findvalue('//ticket/sla/@resolution-due'), '2026-12-04 15:00:00',
        'the 11 business hours of waiting move resolution to Friday 15:00';
    is $x->findvalue('//ticket/sla/@responded'), 'true', 'tina\'s question was the first response';
    is $x->findvalue('//ticket/sla/@response-breached'), 'false', 'in time';

    my $fresh = log_ticket($alice, kind => 'incident', summary => "Aim $tag", details => 'x');
    like text_of(ticket_page($alice, $fresh), '//*[contains(@class, "status-panel__aim")]'),
        qr/^We aim to reply by \w{3} \d{1,2} \w{3}, \d\d:\d\d\.$/, 'alice reads when the desk aims to reply';
};

subtest 'every agent move of the workflow table works from its status' => sub {
    my $db = db_session();
    my @rows = db_rows("SELECT from_status, to_status, action FROM ticket_transitions "
                       . "WHERE actor = 'agent' ORDER BY from_status, to_status");
    ok @rows >= 20, scalar(@rows) . ' agent moves in the table';
    my ($id) = $ref =~ /(\d+)/;
    for my $row (@rows) {
        my ($from, $to, $action) = @$row;
        $db->rows("UPDATE tickets SET status = '$from' WHERE id = $id");
        my %need = $action eq 'escalate'         ? (reason => "why $to")
                 : $action eq 'ask_client'       ? (reason => "question $to")
                 : $action eq 'propose_solution' ? (solution => "solution $to")
                 : ();
        my $res = move($tina, $ref, $to, %need);
        is status_of($tina, $ref), $to, "$from -> $to ($action)"
            or diag $res->code . ' ' . substr(text_of($res, '//main'), 0, 200);
    }
    $db->close;
};

subtest '"Did it fix it?": alice rates a solution, or says it is not fixed' => sub {
    my $feedback = '//section[@id="feedback"]';
    for my $case (['yes', 4], ['no', undef]) {
        my ($answer, $rating) = @$case;
        my $r = log_ticket($alice, kind => 'incident', summary => "Rate me $answer $tag", details => 'x');
        move($tina, $r, 'in_progress');
        move($tina, $r, 'pending_closure', solution => 'Restarted the spooler.');
        my $page = ticket_page($alice, $r);
        ok page_of($page)->findnodes($feedback), "$r: alice is asked whether it fixed it";
        ok !page_of(ticket_page($tina, $r))->findnodes($feedback), 'tina is not asked';
        if ($answer eq 'yes') {
            my $res = submit_form($alice, $page, "$feedback//form[.//input[\@name='fixed' and \@value='yes']]",
                                  { comment => 'Quick, thanks' });
            is $res->code, 400, 'yes without a rating: 400';
            like text_of($res), qr/Choose a rating from 1 to 5/, 'said plainly';
            is page_of($res)->findvalue('//textarea[@id="feedback-yes-comment"]'), 'Quick, thanks', 'comment kept';
            $res = submit_form($alice, $res, "$feedback//form[.//input[\@name='fixed' and \@value='yes']]",
                               { rating => $rating, comment => 'Quick, thanks' });
            is $res->code, 200, 'answered';
            like text_of($res), qr/your answer is recorded/, 'thanked';
            ok !page_of($res)->findnodes($feedback), 'and not asked again';
            like text_of(ticket_page($tina, $r)), qr/rated 4 out of 5/, 'tina sees the rating';
            is status_of($tina, $r), 'pending_closure', 'the ticket waits to close as before';
            my $x = xml_of(get_as($tina, 'xml', '/helpdesk/desk'));
            ok $x->findnodes('//desk/teams/queue[@rating]'), 'the desk shows a team\'s average rating';
        }
        else {
            my $res = submit_form($alice, $page, "$feedback//form[.//input[\@name='fixed' and \@value='no']]",
                                  { comment => "Still jams $tag-no" });
            is $res->code, 200, 'answered';
            is status_of($alice, $r), 'in_progress', 'not fixed: the ticket goes back to the desk';
            ok activity_entry($res, "It is not fixed. Still jams $tag-no"), 'with her words in the history';
            like text_of(ticket_page($tina, $r)), qr/says it is not fixed/, 'tina sees it did not work';
        }
    }
};

done_testing();
