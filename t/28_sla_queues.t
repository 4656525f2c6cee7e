# The desk's SLA queues: every ticket's service clocks are stored as it
# changes, so that tina's console can show which tickets have breached
# their target and which are due within the hour, most urgent first, with
# time left in every list -- and the stored clocks always agree with the
# ticket page, which computes them from the history.
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

my $NONE = '9999-12-31 23:59:59';
my $live = "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
         . "WHERE s.category IN ('open', 'pending')";

sub id_of { my ($ref) = @_; my ($id) = $ref =~ /(\d+)/; return $id }
sub ticket_page { my ($ua, $ref) = @_; return $ua->get(portal("/helpdesk/tickets/$ref")) }
sub desk_form { my ($kind) = @_; return qq{//section[\@id="desk"]//form[contains(\@action, "/$kind")]} }
sub move_form { my ($to) = @_; return qq{//section[\@id="desk"]//form[.//input[\@name="to" and \@value="$to"]]} }

# What the database holds for the ticket's clocks.
sub stored {
    my ($ref) = @_;
    my $f = "'%Y-%m-%d %H:%i:%s'";
    my ($row) = db_rows("SELECT clock_stale, COALESCE(DATE_FORMAT(response_due, $f), ''), "
        . "COALESCE(DATE_FORMAT(resolution_due, $f), ''), DATE_FORMAT(next_due, $f) "
        . "FROM tickets WHERE id = " . id_of($ref));
    return { stale => $row->[0], response => $row->[1], resolution => $row->[2], next => $row->[3] };
}

# What the ticket page computes from the history (tina's view).
sub computed {
    my ($ref) = @_;
    my $x = xml_of(get_as($tina, 'xml', "/helpdesk/tickets/$ref"));
    my ($sla) = $x->findnodes('/helpdesk/ticket/sla');
    return { map { $_ => $sla->getAttribute($_) // '' }
             qw(response-due resolution-due responded paused stopped) };
}

# Polls $check every 0.2 s for up to $seconds; its last answer.
sub within {
    my ($seconds, $check) = @_;
    my $until = time + $seconds;
    my $v;
    until (($v = $check->()) || time > $until) {
        select undef, undef, undef, 0.2;
    }
    return $v;
}

sub nothing_stale { my ($row) = db_rows("SELECT COUNT(*) $live AND t.clock_stale = 1"); return !$row->[0] }

sub queue_refs {
    my ($ua, $query) = @_;
    my (@refs, $url);
    $url = "/helpdesk/tickets?view=all&$query";
    while ($url) {
        my $x = xml_of(get_as($ua, 'xml', $url));
        push @refs, map { $_->value } $x->findnodes('//tickets/rows/ticket/@ref');
        $url = $x->findvalue('//tickets/paging/@next-href') || undef;
    }
    return \@refs;
}

my $tag = new_tag();

subtest 'a ticket\'s clocks are stored as it is logged' => sub {
    my $ref = log_ticket($alice, kind => 'incident', summary => "Clocks stored $tag", details => 'x');
    my ($s, $c) = (stored($ref), computed($ref));
    is $s->{stale}, 0, 'stored by the request that logged it';
    is $s->{response}, $c->{'response-due'}, 'the response due time is the page\'s';
    is $s->{resolution}, $c->{'resolution-due'}, 'so is the resolution due time';
    is $s->{next}, $s->{response}, 'nobody has answered: the response is what is due next';
};

my $worked = log_ticket($alice, kind => 'incident', summary => "Worked on $tag", details => 'x');

subtest 'the desk\'s first public reply meets the response' => sub {
    my $res = submit_form($tina, ticket_page($tina, $worked), desk_form('reply'),
                          { body => 'Looking at it now.' });
    is $res->code, 200, 'tina replies';
    my ($s, $c) = (stored($worked), computed($worked));
    is $c->{responded}, 'true', 'the page counts it as the first response';
    is $s->{stale}, 0, 'stored at once';
    is $s->{next}, $c->{'resolution-due'}, 'what is due next is the resolution';
};

subtest 'waiting for the client stops the clock; the answer starts it again' => sub {
    my $before = stored($worked)->{resolution};
    my $res = submit_form($tina, ticket_page($tina, $worked), move_form('in_progress'), {});
    is $res->code, 200, 'tina starts work';
    $res = submit_form($tina, ticket_page($tina, $worked), move_form('waiting_client'),
                          { reason => 'Which room is it in?' });
    is $res->code, 200, 'tina asks alice';
    my $s = stored($worked);
    is $s->{next}, $NONE, 'no deadline while the desk waits for alice';
    is $s->{resolution}, '', 'no resolution due time either';
    my $x = xml_of(get_as($tina, 'xml', "/helpdesk/tickets?view=all&q=" . $tag));
    my ($row) = $x->findnodes(qq{//tickets/rows/ticket[\@ref="$worked"]});
    ok $row && !$row->getAttribute('due'), 'the list shows no due time for it';

    $res = submit_form($alice, ticket_page($alice, $worked), '//form[@id="comment-form"]',
                       { body => 'Room 101.' });
    is $res->code, 200, 'alice answers';
    ($s, my $c) = (stored($worked), computed($worked));
    is $c->{paused}, 'false', 'the clock runs again';
    is $s->{resolution}, $c->{'resolution-due'}, 'the stored due time is the page\'s again';
    ok $s->{resolution} ge $before, "not earlier than before the pause ($before -> $s->{resolution})";
};

# The rest needs the clocks to run now, whenever the suite runs: a desk
# open around the clock, every day (the demo's Mon-Fri 07:00-18:00 and
# bank holidays come back at the end).
my @hours    = db_rows('SELECT weekday, opens, closes FROM business_hours');
my @holidays = db_rows('SELECT day, name FROM holidays');
END {   # one client per statement list: no pipe to feed while exiting
    db_rows(join ';', 'DELETE FROM business_hours',
            (map { "INSERT INTO business_hours VALUES ($_->[0], '$_->[1]', '$_->[2]')" } @hours),
            (map { "INSERT IGNORE INTO holidays VALUES ('$_->[0]', '" . ($_->[1] =~ s/'/''/gr) . "')" } @holidays));
}

subtest 'a change of the calendar re-times every running clock' => sub {
    my $db = db_session();
    $db->rows('DELETE FROM holidays WHERE day BETWEEN CURDATE() - INTERVAL 3 DAY AND CURDATE()');
    $db->rows('DELETE FROM business_hours');
    $db->rows("INSERT INTO business_hours VALUES ($_, '00:00', '24:00')") for 0 .. 6;
    $db->close;
    ok within(20, \&nothing_stale), 'the job stores every running clock again within seconds';
    my ($s, $c) = (stored($worked), computed($worked));
    is $s->{resolution}, $c->{'resolution-due'}, 'with the new calendar\'s due time';
};

my ($late, $soon);
subtest 'SLA breached and due within the hour: the queues and their counts' => sub {
    $late = log_ticket($alice, kind => 'incident', summary => "Long forgotten $tag", details => 'x');
    $soon = log_ticket($alice, kind => 'incident', summary => "Urgent soon $tag", details => 'x');
    my $db = db_session();
    # Logged two days ago at Medium (8 h to respond): long breached.
    $db->rows("UPDATE ticket_activity SET created_at = NOW() - INTERVAL 2 DAY "
              . "WHERE ticket_id = " . id_of($late) . " AND kind = 'created'");
    $db->rows('UPDATE tickets SET summary = summary WHERE id = ' . id_of($late));
    # Logged 30 minutes ago at Critical (1 h): due in half an hour.
    $db->rows("UPDATE ticket_activity SET created_at = NOW() - INTERVAL 30 MINUTE "
              . "WHERE ticket_id = " . id_of($soon) . " AND kind = 'created'");
    $db->rows('UPDATE tickets SET priority = 1 WHERE id = ' . id_of($soon));
    $db->close;
    ok within(20, \&nothing_stale), 'changed behind the portal\'s back: the job stores both clocks';

    my $breached = queue_refs($tina, 'queue=breached&sort=due&dir=asc');
    my @expect = map { "HD-$_->[0]" } db_rows("SELECT t.id $live AND t.next_due < NOW() ORDER BY t.next_due, t.id");
    is_deeply $breached, \@expect, 'SLA breached: exactly the overdue tickets, most overdue first';
    ok((grep { $_ eq $late } @$breached), "$late is among them");
    ok(!(grep { $_ eq $soon } @$breached), "$soon is not");

    my $due_soon = queue_refs($tina, 'queue=due-soon&sort=due&dir=asc');
    ok((grep { $_ eq $soon } @$due_soon), "$soon is due within the hour");
    ok(!(grep { $_ eq $late } @$due_soon), "$late is not");

    my $x = xml_of(get_as($tina, 'xml', '/helpdesk/desk'));
    my %count = map { $_->getAttribute('key') => $_->getAttribute('count') } $x->findnodes('//desk/queues/queue');
    my ($n) = db_rows("SELECT COUNT(*) $live AND t.next_due < NOW()");
    is $count{breached}, $n->[0], 'the console counts the breached ones';
    ($n) = db_rows("SELECT COUNT(*) $live AND t.next_due >= NOW() AND t.next_due < NOW() + INTERVAL 1 HOUR");
    is $count{'due-soon'}, $n->[0], 'and those due within the hour';
    like $x->findvalue('//desk/queues/queue[@key="breached"]/@href'), qr/queue=breached&sort=due&dir=asc/,
        'the queue opens most urgent first';
};

subtest 'tina reads the time left in her lists' => sub {
    my $res = $tina->get(portal("/helpdesk/tickets?view=all&q=$tag&sort=due&dir=asc"));
    is $res->code, 200, 'her list, sorted by due time';
    my $doc = page_of($res);
    ok $doc->findnodes('//table//th[normalize-space() = "Due"]'), 'a Due column by default for the desk';
    like $doc->findvalue(qq{//tr[.//a[contains(\@href, "$late")]]//*[contains(\@class, "due--breached")]}),
        qr/^Overdue by (\d+ d|\d+ h|\d+ min)/, "$late says how long it is overdue";
    like $doc->findvalue(qq{//tr[.//a[contains(\@href, "$soon")]]//*[contains(\@class, "due--soon")]}),
        qr/^Due in \d+ min$/, "$soon says how long is left";
    my @order = map { $_->value } xml_of(get_as($tina, 'xml', "/helpdesk/tickets?view=all&q=$tag&sort=due&dir=asc"))
        ->findnodes('//tickets/rows/ticket/@ref');
    is $order[0], $late, 'the breached one first';
};

subtest 'the clocks are the desk\'s: staff see none of it' => sub {
    is $alice->get(portal('/helpdesk/tickets?queue=breached'))->code, 403, 'alice: the breached queue is 403';
    is $alice->get(portal('/helpdesk/tickets?queue=due-soon'))->code, 403, 'alice: due soon is 403';
    my $x = xml_of(get_as($alice, 'xml', "/helpdesk/tickets?view=mine&q=$tag&sort=due"));
    is $x->findvalue('//tickets/@sort'), 'updated', 'sort=due falls back to her default order';
    ok !$x->findnodes('//tickets/rows/ticket/@due | //tickets/rows/ticket/@due-state'), 'no due times in her rows';
    ok !$x->findnodes('//tickets/sorts/sort[@key="due"]'), 'no such sort offered';
    my $cols = page_of($alice->get(portal('/helpdesk/tickets/columns')));
    ok !$cols->findnodes('//input[@name="show_due"]'), 'no Due column to choose';
};

done_testing();
