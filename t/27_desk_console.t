# The service desk's console: tina opens the Desk and sees her queues with
# live counts (the same numbers the database gives); each queue opens as
# the ordinary ticket list, narrowed, with its paging links keeping the
# queue; nobody but agents gets the console or a queue.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;

my $tina  = browser();
my $alice = browser();
login($tina, 'tina');
login($alice, 'alice');

my $live = "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
         . "WHERE s.category IN ('open', 'pending')";
sub count_of { my ($sql) = @_; my ($row) = db_rows($sql); return $row->[0] }
sub ids_of   { my ($sql) = @_; return [sort { $a <=> $b } map { $_->[0] } db_rows($sql)] }
sub queue_ids {
    my ($query) = @_;
    my (@ids, $url);
    $url = "/helpdesk/tickets?view=all&$query";
    while ($url) {
        my $x = xml_of(get_as($tina, 'xml', $url));
        push @ids, map { (my $r = $_->value) =~ s/^HD-//; $r } $x->findnodes('//tickets/rows/ticket/@ref');
        my $next = $x->findvalue('//tickets/paging/@next-href');
        like $next, qr/queue=/, 'the next page keeps the queue' if $next;
        $url = $next || undef;
    }
    return [sort { $a <=> $b } @ids];
}

# Something in each queue: alice logs two tickets, tina takes one.
my $tag = new_tag();
my $mine = log_ticket($alice, kind => 'incident', summary => "Console one $tag", details => 'x');
log_ticket($alice, kind => 'request', summary => "Console two $tag", details => 'y');
{
    my $page = $tina->get(portal("/helpdesk/tickets/$mine"));
    my $res = submit_form($tina, $page, '//section[@id="desk"]//form[contains(@action, "/assign")]', {},
                          button => 'Assign to me');
    is $res->code, 200, "tina takes $mine";
}

subtest 'tina opens the Desk: the queues and their counts' => sub {
    my $res = $tina->get(portal('/helpdesk/desk'));
    is $res->code, 200, 'the console opens';
    ok page_of($res)->findnodes('//nav//a[@href="/helpdesk/desk"]'), 'Desk is in her navigation';
    my $x = xml_of(get_as($tina, 'xml', '/helpdesk/desk'));
    my %count = map { $_->getAttribute('key') => $_->getAttribute('count') }
                $x->findnodes('//desk/queues/queue');
    is $count{unassigned}, count_of("SELECT COUNT(*) $live AND t.assignee_login IS NULL"), 'Unassigned';
    is $count{mine}, count_of("SELECT COUNT(*) $live AND t.assignee_login = 'tina'"), 'Mine';
    is $count{live}, count_of("SELECT COUNT(*) $live"), 'All open';
    ok $count{mine} >= 1, 'hers includes the one she took';
    my %team = map { $_->getAttribute('key') => $_->getAttribute('count') }
               $x->findnodes('//desk/teams/queue');
    for my $row (db_rows("SELECT tm.code, COUNT(t.id) FROM teams tm LEFT JOIN (tickets t JOIN ticket_statuses s "
                         . "ON s.code = t.status AND s.category IN ('open','pending')) ON t.team_id = tm.id "
                         . "WHERE tm.active = 1 GROUP BY tm.id")) {
        is $team{$row->[0]}, $row->[1], "team $row->[0]";
    }
};

subtest 'each queue is the ticket list, narrowed' => sub {
    my $open = "AND s.category IN ('open', 'pending')";
    is_deeply queue_ids('queue=unassigned'),
        ids_of("SELECT t.id $live AND t.assignee_login IS NULL"), 'Unassigned: exactly those tickets';
    is_deeply queue_ids('queue=mine'),
        ids_of("SELECT t.id $live AND t.assignee_login = 'tina'"), 'Mine: exactly hers';
    is_deeply queue_ids('queue=team&team=psyIT'),
        ids_of("SELECT t.id $live AND t.team_id = (SELECT id FROM teams WHERE code = 'psyIT')"),
        'a team\'s queue';
    is_deeply queue_ids('queue=replied'),
        ids_of("SELECT t.id $live AND (SELECT a.author_login FROM ticket_activity a WHERE a.ticket_id = t.id "
               . "AND a.internal = 0 ORDER BY a.id DESC LIMIT 1) IN (t.requester_login, t.logged_by_login)"),
        'Requester replied';
    my $res = $tina->get(portal("/helpdesk/tickets?queue=unassigned&q=$tag"));
    is $res->code, 200, 'search works inside a queue';
    like text_of($res), qr/Console two \Q$tag\E/, 'the unassigned one is found';
    unlike text_of($res), qr/Console one \Q$tag\E/, 'the assigned one is not in Unassigned';
    is $tina->get(portal('/helpdesk/tickets?queue=nonsense'))->code, 400, 'an unknown queue is a 400';
};

subtest 'phone intake: tina finds a caller of another organisation and logs their ticket' => sub {
    my $form = $tina->get(portal('/helpdesk/tickets/new?find=Clarke'));
    is $form->code, 200, 'the form with "find the caller"';
    my ($link) = page_of($form)->findnodes('//form[@id="find-form"]//a[contains(@href, "on_behalf=carol")]');
    ok $link, 'Carol Clarke (Business Office) is found by her surname';
    $form = $tina->get(URI->new_abs($link->getAttribute('href'), $form->request->uri));
    is page_of($form)->findvalue('//input[@name="on_behalf"]/@value'), 'carol', 'and becomes the requester';
    my $phone_tag = new_tag();
    my ($first) = page_of($form)->findnodes('//form[@id="ticket-form"]//select[@name="service"]/option[normalize-space(@value) != ""]/@value');
    my $res = submit_form($tina, $form, '//form[@id="ticket-form"]',
                          { kind => 'incident', summary => "Phoned in $phone_tag", details => 'Caller says so.',
                            service => $first->value });
    my $ref = ticket_ref_of($res);
    ok $ref, "logged as $ref";
    my $x = xml_of(get_as($tina, 'xml', "/helpdesk/tickets/$ref"));
    is $x->findvalue('/helpdesk/ticket/@requester-login'), 'carol', 'carol is the requester';
    is $x->findvalue('/helpdesk/ticket/@logged-by-login'), 'tina', 'tina logged it';
    is $x->findvalue('/helpdesk/ticket/@channel'), 'phone', 'the channel is phone';
    like text_of($res, '//aside'), qr/By phone/, 'the ticket says it came in by phone';
    my $carol = browser();
    login($carol, 'carol');
    is $carol->get(portal("/helpdesk/tickets/$ref"))->code, 200, 'carol sees her ticket';

    my $alice_form = $alice->get(portal('/helpdesk/tickets/new?find=Clarke'));
    ok !page_of($alice_form)->findnodes('//form[@id="find-form"]'), 'staff get no directory search';
    $res = submit_form($alice, $alice_form, '//form[@id="ticket-form"]',
                       { kind => 'incident', summary => "Not for carol $phone_tag", details => 'x',
                         on_behalf => 'carol' });
    is $res->code, 400, 'alice cannot log for carol (another organisation)';
};

subtest 'nobody but agents has the console or queues' => sub {
    for my $login (qw(alice bob carol dave sam)) {
        my $ua = $login eq 'alice' ? $alice : browser();
        login($ua, $login) unless $login eq 'alice';
        for my $fmt (qw(html xml json)) {
            is get_as($ua, $fmt, '/helpdesk/desk')->code, 403, "$login: /helpdesk/desk is 403 ($fmt)";
            for my $queue (qw(unassigned mine replied team&team=psyIT breached due-soon)) {
                is get_as($ua, $fmt, "/helpdesk/tickets?view=all&queue=$queue")->code, 403,
                    "$login: queue=$queue is 403 ($fmt)";
            }
        }
        ok !page_of($ua->get(portal('/helpdesk/')))->findnodes('//nav//a[@href="/helpdesk/desk"]'),
            "$login has no Desk in the navigation";
    }
};

done_testing();
