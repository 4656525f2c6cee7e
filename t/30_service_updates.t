# Service Updates: tina tells everyone that Printing is impacted, then
# down; the incident follows the light, with every update, who and when.
# alice, who follows every service, reads it on Today; carol unsubscribes
# and does not.  alice says she is affected too instead of logging a
# duplicate; bob's ticket about it is linked by the desk.  When tina puts
# the light back to green, the incident is resolved and bob's ticket is
# closed with the resolution.  A maintenance window turns a light to
# Maintenance by itself while it runs.  Nobody but the desk changes a
# light.
use strict;
use utf8;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use Time::HiRes qw(sleep time);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tina  = browser();
my $alice = browser();
my $carol = browser();
my $bob   = browser();
is login($tina, 'tina')->code,   200, 'tina (agent) is logged in';
is login($alice, 'alice')->code, 200, 'alice is logged in';
is login($carol, 'carol')->code, 200, 'carol is logged in';
is login($bob, 'bob')->code,     200, 'bob is logged in';

my $CODE = 'printing';
my ($service_id, $before) = @{ (db_rows("SELECT id, status FROM services WHERE code = '$CODE'"))[0] };
END {   # a story stopped half-way leaves Printing as the demo has it
    db_rows("UPDATE incidents i JOIN incident_services x ON x.incident_id = i.id "
            . "JOIN services s ON s.id = x.service_id SET i.status = 'resolved', i.resolved_at = NOW() "
            . "WHERE s.code = 'printing' AND i.resolved_at IS NULL; "
            . "UPDATE services SET status = 'green', status_note = '' WHERE code = 'printing'");
}

sub service_xml { my ($ua, $code) = @_; return xml_of(get_as($ua, 'xml', "/helpdesk/services/" . ($code // $CODE))) }
sub today_xml   { my ($ua) = @_; return xml_of(get_as($ua, 'xml', '/helpdesk/')) }
sub open_incidents {
    my ($n) = db_rows("SELECT COUNT(*) FROM incidents i JOIN incident_services x ON x.incident_id = i.id "
                      . "WHERE x.service_id = $service_id AND i.resolved_at IS NULL");
    return $n->[0];
}

# tina's form on the service page, sent with these fields.
sub change_light {
    my ($ua, %fields) = @_;
    my $page = $ua->get(portal("/helpdesk/services/$CODE"));
    my $x = service_xml($ua);
    my $action = $x->findvalue('//service/status-form/@action') or return $page;
    return $ua->post(portal($action), [csrf => $x->findvalue('//service/status-form/@csrf'), %fields]);
}

is $before, 'green', 'Printing starts Online';
my $tag = new_tag();

subtest 'tina says Printing is impacted: an incident opens with her message' => sub {
    my $res = change_light($tina, light => 'amber', status => 'investigating',
                           title => "Printing slow $tag", message => "Jobs take minutes to print ($tag).");
    is $res->code, 200, 'done (after the redirect)';
    like $res->request->uri, qr{/services/printing\?done=status}, 'back on the service page';
    my $x = service_xml($tina);
    is $x->findvalue('//service/@light'), 'amber', 'the light is amber';
    is $x->findvalue('//service/@label'), 'Impacted', 'in words: Impacted';
    is $x->findvalue('//service/@note'), "Jobs take minutes to print ($tag).", 'the message is the note';
    is open_incidents(), 1, 'one incident is open';
    my ($i) = $x->findnodes('//service/incidents/incident[1]');
    is $i->getAttribute('title'), "Printing slow $tag", 'with tina\'s title';
    is $i->getAttribute('status'), 'investigating', 'investigating';
    is $i->getAttribute('impact'), 'minor', 'impact minor (amber)';
    is $i->findvalue('update[1]/@author'), 'Tina Tran', 'the update says who';
    is $i->findvalue('update[1]/@light'), 'amber', 'and which light';
    my ($event) = db_rows("SELECT kind FROM service_events WHERE service_id = $service_id ORDER BY id DESC LIMIT 1");
    is $event->[0], 'status', 'an event for subscribers is recorded';
    my ($hist) = db_rows("SELECT status FROM service_status_changes WHERE service_id = $service_id "
                         . 'ORDER BY changed_at DESC, id DESC LIMIT 1');
    is $hist->[0], 'amber', 'the light\'s history has the change';
};

subtest 'then Offline: the same incident takes the update, its impact rises' => sub {
    my $res = change_light($tina, light => 'red', status => 'identified', title => '',
                           message => "The print server is down ($tag).");
    is $res->code, 200, 'done';
    is open_incidents(), 1, 'still one incident';
    my $x = service_xml($tina);
    is $x->findvalue('//service/@label'), 'Offline', 'Offline';
    my ($i) = $x->findnodes('//service/incidents/incident[1]');
    is $i->getAttribute('impact'), 'major', 'impact major (red)';
    is $i->getAttribute('status'), 'identified', 'identified';
    is scalar(my @u = $i->findnodes('update')), 2, 'two updates, newest first';
    is $i->findvalue('update[1]/@light'), 'red', 'the newest is the red one';
};

subtest 'alice follows every service: Today shows Printing down with the message' => sub {
    my $x = today_xml($alice);
    my ($s) = $x->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]});
    ok $s, 'Printing is among her services' or return;
    is $s->getAttribute('label'), 'Offline', 'Offline';
    is $s->getAttribute('note'), "The print server is down ($tag).", 'with the message';
    is $s->findvalue('incident/@title'), "Printing slow $tag", 'and the incident';
    my $json = json_of(get_as($alice, 'json', '/helpdesk/'));
    is ref $json->{today}{services}, 'ARRAY', 'Today\'s services stay a list in JSON';
};

subtest 'Today: her live tickets newest first, and those waiting for her, as the database has them' => sub {
    my $live = "FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
             . "WHERE (t.requester_login = 'alice' OR t.logged_by_login = 'alice') ";
    my @open = map { "HD-$_->[0]" } db_rows("SELECT t.id $live AND s.category IN ('open', 'pending') "
                                             . 'ORDER BY t.updated_at DESC, t.id DESC LIMIT 10');
    my @waiting = map { "HD-$_->[0]" } db_rows("SELECT t.id $live AND s.category = 'pending' "
                                                . 'ORDER BY t.updated_at DESC, t.id DESC LIMIT 10');
    my $x = today_xml($alice);
    is_deeply [map { $_->value } $x->findnodes('/helpdesk/today/open/ticket/@ref')], \@open, 'open summary';
    is_deeply [map { $_->value } $x->findnodes('/helpdesk/today/waiting/ticket/@ref')], \@waiting, 'waiting for her';
    ok @waiting, 'the demo has some waiting for her';
};

subtest 'carol unsubscribes from Printing: it leaves her Today; subscribing brings it back' => sub {
    my $x = service_xml($carol);
    is $x->findvalue('//service/subscription/@subscribed'), 'true', 'subscribed by default';
    my $res = $carol->post(portal($x->findvalue('//service/subscription/@action')),
                           [csrf => $x->findvalue('//service/subscription/@csrf'), subscribed => 0]);
    is $res->code, 200, 'unsubscribed';
    is service_xml($carol)->findvalue('//service/@subscribed'), 'false', 'the page says so';
    ok !today_xml($carol)->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]}),
        'Printing is no longer on her Today';
    is $carol->get(portal('/helpdesk/services'))->code, 200, 'the board marks what she follows';
    is $tina->get(portal('/helpdesk/services'))->code, 200, 'and shows the desk its own view';
    ok today_xml($alice)->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]}),
        'alice still has it';
    $x = service_xml($carol);
    $res = $carol->post(portal($x->findvalue('//service/subscription/@action')),
                        [csrf => $x->findvalue('//service/subscription/@csrf'), subscribed => 1]);
    ok today_xml($carol)->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]}),
        'subscribed again: back on Today';
    $res = $carol->post(portal($x->findvalue('//service/subscription/@action')),
                        [csrf => $x->findvalue('//service/subscription/@csrf'), subscribed => 'maybe']);
    is $res->code, 400, 'nonsense is a 400';

    # Right from Today: Unsubscribe beside the service, and back on Today.
    $res = submit_form($carol, $carol->get(portal('/helpdesk/')),
                       qq{//form[\@class="svc-subscription" and contains(\@action, "/services/$CODE/")]});
    is $res->request->uri->path, '/helpdesk/', 'unsubscribed from Today, back on Today';
    ok !today_xml($carol)->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]}), 'and it is gone from it';
    # ... and back from the board.
    $res = submit_form($carol, $carol->get(portal('/helpdesk/services')),
                       qq{//form[\@class="svc-subscription" and contains(\@action, "/services/$CODE/")]});
    is $res->request->uri->path, '/helpdesk/services', 'subscribed again from the board';
    ok today_xml($carol)->findnodes(qq{/helpdesk/today/services/service[\@code="$CODE"]}), 'on Today again';
};

my $bob_ref;
subtest 'alice is affected too; bob\'s ticket about it is linked by the desk' => sub {
    my $x = service_xml($alice);
    my ($i) = $x->findnodes('//service/incidents/incident[not(@resolved)]');
    ok $i && $i->getAttribute('affected-action'), 'the open incident offers "I am affected too"' or return;
    ok !$i->getAttribute('link-action'), 'staff cannot link tickets';
    for (1 .. 2) {   # twice: she is linked once
        my $res = $alice->post(portal($i->getAttribute('affected-action')),
                               [csrf => $i->getAttribute('affected-csrf')]);
        is $res->code, 200, 'alice says she is affected';
    }
    ($i) = service_xml($alice)->findnodes('//service/incidents/incident[not(@resolved)]');
    is $i->getAttribute('affected'), 1, 'one person affected';
    is $i->getAttribute('affected-by-me'), 'true', 'and it is her';
    like text_of($alice->get(portal('/helpdesk/'))), qr/You told us you are affected/,
        'Today says so beside the service';
    like text_of($bob->get(portal('/helpdesk/'))), qr/I am affected too/, 'and offers bob to say it too';
    my ($a) = today_xml($alice)->findnodes('/helpdesk/today/open/affected');
    ok $a, 'the incident is in her open summary on Today' or return;
    is $a->getAttribute('title'), "Printing slow $tag", 'by its title';

    $bob_ref = log_ticket($bob, kind => 'incident', summary => "Cannot print $tag", details => 'Nothing comes out.');
    ok $bob_ref, "bob logged $bob_ref";
    ($i) = service_xml($tina)->findnodes('//service/incidents/incident[not(@resolved)]');
    my $res = $tina->post(portal($i->getAttribute('link-action')),
                          [csrf => $i->getAttribute('link-csrf'), ticket => $bob_ref]);
    is $res->code, 200, 'tina links it';
    ($i) = service_xml($tina)->findnodes('//service/incidents/incident[not(@resolved)]');
    is $i->findvalue('linked/@ref'), $bob_ref, 'the incident lists it';
    $res = $tina->post(portal($i->getAttribute('link-action')),
                       [csrf => $i->getAttribute('link-csrf'), ticket => 'HD-99999999']);
    is $res->code, 409, 'a ticket that does not exist cannot be linked';
};

subtest 'back to green: the incident is resolved, bob\'s ticket closed with the resolution' => sub {
    my $res = change_light($tina, light => 'green', status => '', title => '',
                           message => "The print server is back ($tag).");
    is $res->code, 200, 'done';
    is open_incidents(), 0, 'no incident open';
    my $x = service_xml($tina);
    is $x->findvalue('//service/@label'), 'Online', 'Online again';
    is $x->findvalue('//service/@note'), '', 'no note while green';
    my ($i) = $x->findnodes(qq{//service/incidents/incident[\@title="Printing slow $tag"]});
    ok $i->getAttribute('resolved'), 'resolved, with its time';
    is $i->getAttribute('status'), 'resolved', 'status resolved';
    is $i->findvalue('update[1]/@light'), 'green', 'the last update is the green one';
    my ($event) = db_rows("SELECT kind FROM service_events WHERE service_id = $service_id ORDER BY id DESC LIMIT 1");
    is $event->[0], 'incident_resolved', 'those affected will hear of it';

    my $t = xml_of(get_as($bob, 'xml', "/helpdesk/tickets/$bob_ref"));
    is $t->findvalue('/helpdesk/ticket/@status'), 'closed', "$bob_ref is closed";
    like $t->findvalue('/helpdesk/ticket/@solution') . ' ' . $t->findvalue('//activity//@body | //activity//text()'),
        qr/The print server is back \(\Q$tag\E\)/, 'with the resolution for bob to read';
    my ($a) = today_xml($alice)->findnodes('/helpdesk/today/open/affected');
    ok $a && $a->getAttribute('resolved'), 'alice\'s Today says her incident is resolved';
};

subtest 'a maintenance window shows Maintenance by itself, and ends by itself' => sub {
    # The window and its service in one transaction, as the desk's page
    # makes them: the job never sees a window without its services.
    my $db = db_session();
    $db->rows('START TRANSACTION');
    $db->rows("INSERT INTO maintenances (title, body, starts_at, ends_at, created_by) VALUES "
              . "('Print server patching $tag', 'Patching.', NOW() - INTERVAL 1 MINUTE, NOW() + INTERVAL 3 SECOND, 'tina')");
    my ($m) = $db->rows('SELECT LAST_INSERT_ID()');
    $db->rows("INSERT INTO maintenance_services VALUES ($m->[0], $service_id)");
    $db->rows('COMMIT');
    $db->close;
    my $started = time;
    my $x = service_xml($alice);
    is $x->findvalue('//service/@light'), 'maintenance', 'during the window: maintenance';
    is $x->findvalue('//service/@label'), 'Maintenance', 'in words';
    is $x->findvalue('//service/@status'), 'green', 'the light itself is untouched';
    sleep 3.5 - (time - $started) if time - $started < 3.5;
    $x = service_xml($alice);
    is $x->findvalue('//service/@light'), 'green', 'after it: Online again, nobody touched anything';
    my $events = sub {
        my @e = db_rows("SELECT kind FROM service_events WHERE maintenance_id = $m->[0] ORDER BY id");
        return join ' ', map { $_->[0] } @e;
    };
    my $until = time + 10;
    sleep 0.2 while $events->() ne 'maintenance_started maintenance_ended' && time < $until;
    is $events->(), 'maintenance_started maintenance_ended',
        'the job told subscribers of its start and its end, once each';
    db_rows("DELETE FROM service_events WHERE maintenance_id = $m->[0]");
    db_rows("DELETE FROM maintenance_services WHERE maintenance_id = $m->[0]");
    db_rows("DELETE FROM maintenances WHERE id = $m->[0]");
};

subtest 'the uptime bar: 90 days, the percentage beside it' => sub {
    my $x = service_xml($alice);
    is $x->findvalue('count(//service/uptime/day)'), 90, 'ninety days';
    my ($today) = db_rows('SELECT CURDATE()');
    is $x->findvalue('//service/uptime/day[last()]/@date'), $today->[0], 'ending today';
    like $x->findvalue('//service/uptime/@percent'), qr/^\d{1,3}\.\d\d$/, 'a percentage';
    ok $x->findvalue('//service/uptime/day[last()]/@red-minutes') >= 0, 'minutes red today';
    like $x->findvalue('//service/uptime/day[last()]/@state'), qr/^(red|amber|green|maintenance)$/,
        'today shows the worst light it had';
    like xml_of(get_as($alice, 'xml', '/helpdesk/services'))->findvalue(qq{//services/service[\@code="$CODE"]/\@uptime}),
        qr/^\d{1,3}\.\d\d$/, 'the board shows each service\'s percentage';
};

subtest 'nobody but the desk changes a light or links a ticket' => sub {
    for my $ua ($alice, $carol, $bob) {
        my $x = service_xml($ua);
        ok !$x->findnodes('//service/status-form'), 'no status form';
        my $csrf = $x->findvalue('//service/subscription/@csrf');   # a genuine token, for another form
        for my $fmt ('text/html', 'application/json', 'application/xml') {
            my $res = $ua->post(portal("/helpdesk/services/$CODE/status"),
                                [csrf => $csrf, light => 'red', message => 'x'], Accept => $fmt);
            is $res->code, 403, "POST status is 403 ($fmt)";
        }
    }
    my $sam = browser();
    login($sam, 'sam');
    is $sam->post(portal("/helpdesk/services/$CODE/link"), [csrf => 'x', ticket => 'HD-1001'])->code, 403,
        'sam (supervisor): 403';
    my ($green) = db_rows("SELECT status FROM services WHERE id = $service_id");
    is $green->[0], 'green', 'nothing changed';
};

subtest 'a bad change comes back with the reason and what was typed' => sub {
    my $res = change_light($tina, light => 'amber', status => 'investigating', title => "Kept $tag", message => '   ');
    is $res->code, 400, 'a blank message: 400';
    my $x = xml_of(get_as($tina, 'xml', '/helpdesk/services/printing'));   # (a fresh page has no error)
    $res = change_light($tina, light => 'purple', message => 'x');
    is $res->code, 400, 'no such light: 400';
    is open_incidents(), 0, 'and no incident opened';
    is $tina->get(portal('/helpdesk/services/no-such-service'))->code, 404, 'an unknown service: 404';
};

done_testing();
