# The status API in Atlassian Statuspage's v2 shape (page_status_api.c):
# alice reads summary.json with the demo's lights; the desk's data then
# changes underneath (done here in SQL: a light red with an open incident
# and its updates, another amber, a maintenance running on a third and one
# tomorrow, one over and one cancelled), and every file says so with
# Statuspage's words.  Each answer has every member the documentation
# shows (t/fixtures/statuspage-v2/, Statuspage's example payloads
# trimmed), with the same JSON type, and enumerations take documented
# values only.  Answers carry ETag, Last-Modified and Cache-Control and
# are answered 304 when a client already has them; a change makes a new
# ETag.  At the end the lights and rows are put back: the API answers
# byte for byte as it did before.
#
# The fixtures are example answers.  A member the fixture shows as null is
# documented as "string or null" (times not reached yet, a description);
# ours must be one of those.  Any other member must have the fixture's
# type; an array's elements are each checked against the fixture's first.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use JSON::PP;
use Digest::SHA qw(sha1_hex);
use HTTP::Date qw(str2time);
use Time::Local qw(timegm);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $API = '/helpdesk/api/v2';
# Each file and the fixture of its documented shape.
my %FIXTURE = (
    'summary.json'                         => 'summary.json',
    'status.json'                          => 'status.json',
    'components.json'                      => 'components.json',
    'incidents.json'                       => 'incidents.json',
    'incidents/unresolved.json'            => 'incidents-unresolved.json',
    'scheduled-maintenances.json'          => 'scheduled-maintenances.json',
    'scheduled-maintenances/upcoming.json' => 'scheduled-maintenances-upcoming.json',
    'scheduled-maintenances/active.json'   => 'scheduled-maintenances-active.json',
);
my @FILES = sort keys %FIXTURE;

# Statuspage's documented enumerations, by path ("[]": every element).
my @COMPONENT = qw(operational degraded_performance partial_outage major_outage under_maintenance);
my @INCIDENT  = qw(investigating identified monitoring resolved postmortem);
my @MAINT     = qw(scheduled in_progress verifying completed);
my @IMPACT    = qw(none minor major critical);
my %ENUM = (
    'status.indicator'   => [qw(none minor major critical)],
    'status.description' => ['All Systems Operational', 'Major System Outage', 'Partial System Outage',
                             'Minor Service Outage', 'Degraded System Service',
                             'Partially Degraded Service', 'Service Under Maintenance'],
    'components[].status'                               => \@COMPONENT,
    'incidents[].status'                                => \@INCIDENT,
    'incidents[].impact'                                => \@IMPACT,
    'incidents[].incident_updates[].status'             => \@INCIDENT,
    'incidents[].components[].status'                   => \@COMPONENT,
    'scheduled_maintenances[].status'                   => \@MAINT,
    'scheduled_maintenances[].impact'                   => \@IMPACT,
    'scheduled_maintenances[].incident_updates[].status' => \@MAINT,
    'scheduled_maintenances[].components[].status'      => \@COMPONENT,
);
my $TIME = qr/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

sub fixture {
    my ($file) = @_;
    open my $fh, '<:raw', "$FindBin::Bin/fixtures/statuspage-v2/$FIXTURE{$file}" or die "$file: $!\n";
    local $/;
    return JSON::PP->new->utf8->decode(<$fh>);
}

# What differs from the documented shape, as "path: why" lines.  Types are
# looked at before anything reads a value as text (JSON::PP's numbers
# stay numbers only until then).
sub shape_problems {
    my ($want, $got, $path, $out) = @_;
    if (!defined $want) {
        push @$out, "$path: null or a string expected, got " . json_type($got)
            unless !defined $got || json_type($got) eq 'string';
    }
    elsif (json_type($got) ne json_type($want)) {
        push @$out, "$path: " . json_type($want) . " expected, got " . json_type($got);
        return;
    }
    elsif (ref $want eq 'HASH') {
        for my $k (sort keys %$want) {
            my $at = $path eq '' ? $k : "$path.$k";
            if (!exists $got->{$k}) { push @$out, "$at: missing"; next }
            shape_problems($want->{$k}, $got->{$k}, $at, $out);
        }
        return;
    }
    elsif (ref $want eq 'ARRAY') {
        if (@$want) { shape_problems($want->[0], $_, "$path\[]", $out) for @$got }
        return;
    }
    return unless defined $got && !ref $got;
    if (my $enum = $ENUM{$path}) {
        push @$out, "$path: \"$got\" is not one of " . join(', ', @$enum)
            unless grep { $_ eq $got } @$enum;
    }
    push @$out, "$path: \"$got\" is not a time like 2026-12-01T09:30:00.000Z"
        if $path =~ /(?:_at|scheduled_for|scheduled_until)$/ && $got !~ $TIME;
}

sub epoch_of {
    my ($iso) = @_;
    my @t = $iso =~ /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)\.\d{3}Z$/ or return undef;
    return timegm($t[5], $t[4], $t[3], $t[2], $t[1] - 1, $t[0]);
}

# Every updated/changed time an answer holds.
sub times_in {
    my ($v) = @_;
    return map { times_in($_) } @$v if ref $v eq 'ARRAY';
    return () unless ref $v eq 'HASH';
    return ((map { defined $v->{$_} ? epoch_of($v->{$_}) : () } grep { /^(?:updated|created)_at$/ } keys %$v),
            map { times_in($v->{$_}) } grep { ref $v->{$_} } keys %$v);
}

# ---------------------------------------------------------------------
# The database, and putting it back
# ---------------------------------------------------------------------

my $db = db_session();
sub sql { return $db->rows($_[0]) }
sub value { my ($row) = sql($_[0]); return $row && $row->[0] }
sub insert { sql($_[0]); return value('SELECT LAST_INSERT_ID()') }
sub service_id { my ($code) = @_; return value("SELECT id FROM services WHERE code = '$code'") }

# The lights as they are (the demo's), in this session, to be put back
# exactly: status, note, since when, last edit; the history rows our
# changes add go too.
sql('CREATE TEMPORARY TABLE status_api_saved AS '
    . 'SELECT id, status, status_note, status_since, updated_at FROM services');
my $history_mark = value('SELECT COALESCE(MAX(id), 0) FROM service_status_changes');
my (@incidents, @maintenances);
my $restored = 0;

sub restore_lights {
    sql('UPDATE services s JOIN status_api_saved o ON o.id = s.id SET s.status = o.status, '
        . 's.status_note = o.status_note, s.status_since = o.status_since, s.updated_at = o.updated_at');
    sql("DELETE FROM service_status_changes WHERE id > $history_mark");
}

sub restore {
    return if $restored++;
    if (@incidents) {
        my $in = join ',', @incidents;
        sql("DELETE FROM service_events WHERE incident_id IN ($in)");
        sql("DELETE FROM incident_updates WHERE incident_id IN ($in)");
        sql("DELETE FROM incident_services WHERE incident_id IN ($in)");
        sql("DELETE FROM incidents WHERE id IN ($in)");
    }
    if (@maintenances) {
        my $in = join ',', @maintenances;
        sql("DELETE FROM service_events WHERE maintenance_id IN ($in)");
        sql("DELETE FROM maintenance_services WHERE maintenance_id IN ($in)");
        sql("DELETE FROM maintenances WHERE id IN ($in)");
    }
    restore_lights();
}
END { restore() if $db }

# A light changed by hand, as an admin would in SQL (the triggers of
# sql/014 keep status_since and the history).
sub light {
    my ($status, $where) = @_;
    sql("UPDATE services SET status = '$status' WHERE $where");
}

# What each component's status must be, by the documented mapping, from
# the database: red, else a running window, else amber, else green.
sub expected_statuses {
    my %want;
    for my $row (sql('SELECT s.id, s.status, EXISTS(SELECT 1 FROM maintenance_services ms '
                     . 'JOIN maintenances m ON m.id = ms.maintenance_id WHERE ms.service_id = s.id '
                     . 'AND m.cancelled_at IS NULL AND m.starts_at <= NOW() AND m.ends_at > NOW()) '
                     . 'FROM services s WHERE s.active = 1')) {
        my ($id, $light, $window) = @$row;
        $want{$id} = $light eq 'red' ? 'major_outage' : $window ? 'under_maintenance'
                   : $light eq 'amber' ? 'partial_outage' : 'operational';
    }
    return \%want;
}

# The documented blend of the components into the page's status.
sub blend {
    my (@status) = @_;
    my %n;
    $n{$_}++ for @status;
    return $n{major_outage} && $n{major_outage} == @status ? ('major', 'Major System Outage')
         : $n{major_outage}      ? ('major', 'Partial System Outage')
         : $n{partial_outage}    ? ('minor', 'Minor Service Outage')
         : $n{under_maintenance} ? ('none', 'Service Under Maintenance')
         :                         ('none', 'All Systems Operational');
}

# ---------------------------------------------------------------------
# Reading the API as alice
# ---------------------------------------------------------------------

my $alice = browser();
login($alice, 'alice');

sub api { my ($file, %h) = @_; return $alice->get(portal("$API/$file"), Accept => 'application/json', %h) }
sub answer {
    my ($file) = @_;
    my $res = api($file);
    is $res->code, 200, "$file answers";
    return json_of($res);
}
sub shape_ok {
    my ($file) = @_;
    my $res = api($file);
    is $res->code, 200, "$file answers 200";
    is $res->header('Content-Type'), 'application/json', "$file is application/json";
    my @problems;
    shape_problems(fixture($file), json_of($res), '', \@problems);
    is_deeply \@problems, [], "$file has Statuspage's documented shape and values";
}
sub by_id { my ($list) = @_; return { map { $_->{id} => $_ } @$list } }
sub ids { my ($list) = @_; return [sort { $a <=> $b } map { $_->{id} } @$list] }

my $first = api('summary.json');

subtest 'the demo: summary.json with the lights as they are' => sub {
    is $first->code, 200, 'summary.json answers';
    is $first->header('Content-Type'), 'application/json', 'as application/json';
    my @problems;
    shape_problems(fixture('summary.json'), json_of($first), '', \@problems);
    is_deeply \@problems, [], 'every documented member, with its type and values';

    my $s = json_of($first);
    is $s->{page}{name}, xml_of(get_as($alice, 'xml', '/helpdesk/'))->documentElement->getAttribute('site'),
        'the page is the portal, by its name';
    like $s->{page}{url}, qr{^http://127\.0\.0\.1:\d+/helpdesk$}, 'its url is the portal\'s address';
    like $s->{page}{id}, qr/^[0-9a-f]{12}$/, 'a page id';
    is_deeply [map { $_->{name} } @{ $s->{components} }],
        [map { $_->[0] } sql('SELECT name FROM services WHERE active = 1 ORDER BY sort_order, name, id')],
        'every active service is a component, in the board\'s order';
    my $want = expected_statuses();
    is_deeply { map { $_->{id} => $_->{status} } @{ $s->{components} } }, $want,
        'each light as its component status';
    my %by_code = map { $_->[0] => $_->[1] } sql('SELECT s.code, o.status FROM status_api_saved o JOIN services s ON s.id = o.id');
    is $want->{ service_id('vpn') }, 'major_outage', 'VPN (red) is a major outage' if $by_code{vpn} eq 'red';
    is $want->{ service_id('epr') }, 'partial_outage', 'the patient record (amber) is a partial outage'
        if $by_code{epr} eq 'amber';
    is_deeply [$s->{status}{indicator}, $s->{status}{description}],
        [blend(map { $_->{status} } @{ $s->{components} })], 'the page blends them as Statuspage does';
    is $s->{status}{indicator}, 'major', 'a red light makes the indicator major'
        if grep { $_ eq 'red' } values %by_code;
    my $email = by_id($s->{components})->{ service_id('email') };
    is $email->{position}, 10, 'position is the board\'s order';
    is $email->{page_id}, $s->{page}{id}, 'page_id';
};

subtest 'the page\'s status blends the lights' => sub {
    light('red', 'active = 1');
    my $s = answer('status.json');
    is_deeply [$s->{status}{indicator}, $s->{status}{description}], ['major', 'Major System Outage'],
        'every light red: major, Major System Outage';
    light('green', 'active = 1');
    light('red', "code = 'vpn'");
    $s = answer('status.json');
    is_deeply [$s->{status}{indicator}, $s->{status}{description}], ['major', 'Partial System Outage'],
        'one red: major, Partial System Outage';
    light('green', "code = 'vpn'");
    light('amber', "code = 'printing'");
    $s = answer('status.json');
    is_deeply [$s->{status}{indicator}, $s->{status}{description}], ['minor', 'Minor Service Outage'],
        'one amber: minor, Minor Service Outage';
    light('green', "code = 'printing'");
    $s = answer('status.json');
    is_deeply [$s->{status}{indicator}, $s->{status}{description}],
        [blend(values %{ expected_statuses() })], 'all green: as the windows running say';
    is $s->{status}{indicator}, 'none', 'indicator none';
    my $m = insert("INSERT INTO maintenances (title, body, starts_at, ends_at, created_by, created_at, updated_at) "
                   . "VALUES ('Switch firmware', 'Core switches are updated.', NOW() - INTERVAL 1 HOUR, "
                   . "NOW() + INTERVAL 1 HOUR, 'tina', NOW() - INTERVAL 1 DAY, NOW() - INTERVAL 1 DAY)");
    push @maintenances, $m;
    sql("INSERT INTO maintenance_services VALUES ($m, " . service_id('network') . ')');
    $s = answer('status.json');
    is_deeply [$s->{status}{indicator}, $s->{status}{description}], ['none', 'Service Under Maintenance'],
        'all green, one service in a running window: none, Service Under Maintenance';
    sql("DELETE FROM maintenance_services WHERE maintenance_id = $m");
    sql("DELETE FROM maintenances WHERE id = $m");
    @maintenances = ();
    restore_lights();
};

# The story: the desk's day, written the way hd_service.c will write it.
my $tag = new_tag();
my %svc = map { $_ => service_id($_) } qw(email printing network vpn epr telephony payroll intranet);
my ($open, $old, $running, $tomorrow, $over, $cancelled);
{
    light('red', "code = 'email'");
    light('amber', "code = 'printing'");
    $open = insert("INSERT INTO incidents (title, status, impact, started_at, updated_at, created_by) "
                   . "VALUES ('Mail delivery stopped $tag', 'identified', 'major', NOW() - INTERVAL 50 MINUTE, "
                   . "NOW() - INTERVAL 20 MINUTE, 'tina')");
    push @incidents, $open;
    sql("INSERT INTO incident_services VALUES ($open, $svc{email})");
    sql("INSERT INTO incident_updates (incident_id, status, light, body, author_login, author_name, created_at) VALUES "
        . "($open, 'investigating', 'red', 'No mail is delivered; we are looking into it.', 'tina', 'Tina Tech', "
        . "NOW() - INTERVAL 50 MINUTE), "
        . "($open, 'identified', 'red', 'A full disk on the mail relay; space is being freed.', 'tina', 'Tina Tech', "
        . "NOW() - INTERVAL 20 MINUTE)");
    $old = insert("INSERT INTO incidents (title, status, impact, started_at, updated_at, resolved_at, created_by) "
                  . "VALUES ('Print queue stuck $tag', 'resolved', 'minor', NOW() - INTERVAL 1 DAY, "
                  . "NOW() - INTERVAL 23 HOUR, NOW() - INTERVAL 23 HOUR, 'tina')");
    push @incidents, $old;
    sql("INSERT INTO incident_services VALUES ($old, $svc{printing})");
    sql("INSERT INTO incident_updates (incident_id, status, light, body, author_login, author_name, created_at) VALUES "
        . "($old, 'investigating', 'amber', 'Jobs wait in the queue.', 'tina', 'Tina Tech', NOW() - INTERVAL 1 DAY), "
        . "($old, 'monitoring', 'amber', 'The spooler was restarted.', 'tina', 'Tina Tech', "
        . "NOW() - INTERVAL 1410 MINUTE), "
        . "($old, 'resolved', 'green', 'Printing works again.', 'tina', 'Tina Tech', NOW() - INTERVAL 23 HOUR)");
    my $window = sub {
        my ($title, $starts, $ends, $cancel, @codes) = @_;
        my $id = insert("INSERT INTO maintenances (title, body, starts_at, ends_at, created_by, created_at, "
                        . "updated_at, cancelled_at) VALUES ('$title $tag', 'Planned work: $title.', $starts, $ends, "
                        . "'tina', NOW() - INTERVAL 2 DAY, NOW() - INTERVAL 2 DAY, $cancel)");
        push @maintenances, $id;
        sql("INSERT INTO maintenance_services VALUES " . join ', ', map { "($id, $svc{$_})" } @codes);
        return $id;
    };
    # Running on a green, a red and an amber service.
    $running = $window->('Wi-Fi controller replacement', 'NOW() - INTERVAL 1 HOUR', 'NOW() + INTERVAL 2 HOUR',
                         'NULL', qw(network vpn epr));
    $tomorrow = $window->('Telephone exchange upgrade', 'NOW() + INTERVAL 1 DAY',
                          'NOW() + INTERVAL 1 DAY + INTERVAL 3 HOUR', 'NULL', 'telephony');
    $over = $window->('Payroll upgrade', 'NOW() - INTERVAL 30 HOUR', 'NOW() - INTERVAL 27 HOUR', 'NULL', 'payroll');
    $cancelled = $window->('Intranet move', 'NOW() - INTERVAL 1 HOUR', 'NOW() + INTERVAL 1 HOUR',
                           'NOW() - INTERVAL 2 HOUR', 'intranet');
}

subtest 'every file has Statuspage\'s documented shape' => sub {
    shape_ok($_) for @FILES;
};

subtest 'components: the lights, maintenance windows included' => sub {
    for my $file (qw(components.json summary.json)) {
        my $c = by_id(answer($file)->{components});
        my %got = map { $_ => $c->{ $svc{$_} }{status} } keys %svc;
        is_deeply \%got, {
            email     => 'major_outage',        # red
            printing  => 'partial_outage',      # amber
            network   => 'under_maintenance',   # green, in a running window
            vpn       => 'major_outage',        # red stays red in a window
            epr       => 'under_maintenance',   # amber in a running window
            telephony => 'operational',         # its window is tomorrow
            payroll   => 'operational',         # its window is over
            intranet  => 'operational',         # its window was cancelled
        }, "$file: each service as documented";
        is_deeply { map { $_ => $c->{$_}{status} } keys %$c }, expected_statuses(), "$file: and every other";
        is $c->{ $svc{email} }{description}, value("SELECT description FROM services WHERE code = 'email'"),
            'the description';
    }
    my $s = answer('summary.json');
    is_deeply $s->{status}, { indicator => 'major', description => 'Partial System Outage' },
        'the page: major, Partial System Outage';
    is_deeply answer('status.json')->{status}, $s->{status}, 'status.json says the same';
};

subtest 'incidents: unresolved, and the 50 most recent' => sub {
    my $u = answer('incidents/unresolved.json')->{incidents};
    is_deeply ids($u), [map { $_->[0] } sql("SELECT id FROM incidents WHERE status <> 'resolved' ORDER BY id")],
        'unresolved.json: exactly the incidents not resolved';
    my $i = by_id($u)->{$open};
    ok $i, 'the mail incident is there';
    is $i->{name}, "Mail delivery stopped $tag", 'name is the title';
    is $i->{status}, 'identified', 'status as it is';
    is $i->{impact}, 'major', 'impact as it is';
    ok !defined $i->{resolved_at}, 'not resolved';
    ok !defined $i->{monitoring_at}, 'not monitored yet';
    is $i->{created_at}, $i->{started_at}, 'created when it started';
    is epoch_of($i->{started_at}),
        value("SELECT UNIX_TIMESTAMP(started_at) FROM incidents WHERE id = $open"), 'in UTC';
    is_deeply [map { [$_->{status}, $_->{body}] } @{ $i->{incident_updates} }],
        [['identified', 'A full disk on the mail relay; space is being freed.'],
         ['investigating', 'No mail is delivered; we are looking into it.']], 'its updates, newest first';
    is_deeply [map { $_->{incident_id} } @{ $i->{incident_updates} }], [$open, $open], 'each names the incident';
    is_deeply [map { $_->{id} } @{ $i->{components} }], [$svc{email}], 'its component';
    is $i->{components}[0]{status}, 'major_outage', 'as the components list has it';
    is_deeply ids(answer('summary.json')->{incidents}), ids($u), 'summary.json lists the same';

    my $all = answer('incidents.json')->{incidents};
    ok @$all <= 50, 'at most 50';
    is_deeply ids($all), [sort { $a <=> $b } map { $_->[0] }
                          sql('SELECT id FROM incidents ORDER BY started_at DESC, id DESC LIMIT 50')],
        'incidents.json: the most recent';
    my @when = map { epoch_of($_->{created_at}) } @$all;
    is_deeply \@when, [sort { $b <=> $a } @when], 'newest first';
    my $r = by_id($all)->{$old};
    is $r->{status}, 'resolved', 'the resolved one too';
    is epoch_of($r->{resolved_at}), value("SELECT UNIX_TIMESTAMP(resolved_at) FROM incidents WHERE id = $old"),
        'resolved_at';
    is epoch_of($r->{monitoring_at}),
        value("SELECT UNIX_TIMESTAMP(created_at) FROM incident_updates WHERE incident_id = $old AND status = 'monitoring'"),
        'monitoring_at: its first monitoring update';
    is scalar @{ $r->{incident_updates} }, 3, 'all its updates';
};

subtest 'scheduled maintenances: upcoming, active, the latest' => sub {
    my $active = answer('scheduled-maintenances/active.json')->{scheduled_maintenances};
    my %a = %{ by_id($active) };
    ok $a{$running}, 'active.json: the window running now';
    ok !$a{$_}, 'not the one tomorrow, over or cancelled' for $tomorrow, $over, $cancelled;
    is_deeply [map { $_->{status} } @$active], [('in_progress') x @$active], 'all in progress';
    my $m = $a{$running};
    is $m->{name}, "Wi-Fi controller replacement $tag", 'name is the title';
    is $m->{impact}, 'none', 'impact none';
    is epoch_of($m->{scheduled_for}), value("SELECT UNIX_TIMESTAMP(starts_at) FROM maintenances WHERE id = $running"),
        'scheduled_for: when it starts';
    is epoch_of($m->{scheduled_until}), value("SELECT UNIX_TIMESTAMP(ends_at) FROM maintenances WHERE id = $running"),
        'scheduled_until: when it ends';
    ok !defined $m->{resolved_at}, 'not over';
    is_deeply [map { [$_->{status}, $_->{body}] } @{ $m->{incident_updates} }],
        [['scheduled', 'Planned work: Wi-Fi controller replacement.']], 'its body is its one update';
    is_deeply [sort { $a <=> $b } map { $_->{id} } @{ $m->{components} }],
        [sort { $a <=> $b } @svc{qw(network vpn epr)}], 'its components';

    my $upcoming = answer('scheduled-maintenances/upcoming.json')->{scheduled_maintenances};
    my %u = %{ by_id($upcoming) };
    ok $u{$tomorrow}, 'upcoming.json: the one tomorrow';
    ok !$u{$_}, 'not the running, past or cancelled one' for $running, $over, $cancelled;
    is_deeply [map { $_->{status} } @$upcoming], [('scheduled') x @$upcoming], 'all scheduled';

    my %all = %{ by_id(answer('scheduled-maintenances.json')->{scheduled_maintenances}) };
    ok $all{$_}, "scheduled-maintenances.json: window $_" for $running, $tomorrow, $over;
    ok !$all{$cancelled}, 'a cancelled window is no maintenance';
    is $all{$over}{status}, 'completed', 'the one that is over is completed';
    is $all{$over}{resolved_at}, $all{$over}{scheduled_until}, 'resolved when it ended';
    is $all{$tomorrow}{status}, 'scheduled', 'tomorrow\'s scheduled';
    is $all{$running}{status}, 'in_progress', 'the running one in progress';

    is_deeply ids(answer('summary.json')->{scheduled_maintenances}), [sort { $a <=> $b } keys %a, keys %u],
        'summary.json: the upcoming and the running ones';
};

subtest 'caching: ETag, Last-Modified, 304' => sub {
    my $res = api('summary.json');
    my $etag = $res->header('ETag');
    is $etag, '"' . sha1_hex($res->content) . '"', 'ETag: the SHA-1 of the body';
    is $res->header('Cache-Control'), 'max-age=30', 'Cache-Control: max-age=30';
    my $lm = $res->header('Last-Modified');
    ok $lm, "Last-Modified: $lm";
    my $s = json_of($res);
    is str2time($lm), epoch_of($s->{page}{updated_at}), 'the page\'s updated_at is Last-Modified';
    my @late = grep { $_ > str2time($lm) } times_in($s);
    is_deeply \@late, [], 'nothing in it changed after Last-Modified';

    my $again = api('summary.json', 'If-None-Match' => $etag);
    is $again->code, 304, 'If-None-Match with its ETag: 304';
    is $again->content, '', 'with no body';
    is $again->header('ETag'), $etag, 'and the same ETag';
    is $again->header('Cache-Control'), 'max-age=30', 'and Cache-Control';
    is api('summary.json', 'If-None-Match' => '"0000"')->code, 200, 'another ETag: 200';
    $again = api('summary.json', 'If-Modified-Since' => $lm);
    is $again->code, 304, 'If-Modified-Since Last-Modified: 304';
    is $again->content, '', 'with no body';
    is api('summary.json', 'If-Modified-Since' => HTTP::Date::time2str(str2time($lm) - 3600))->code, 200,
        'If-Modified-Since an hour before: 200';
    my $head = $alice->head(portal("$API/summary.json"));
    is $head->header('ETag'), $etag, 'HEAD: the same ETag';

    for my $file (@FILES) {
        my $r = api($file);
        is $r->header('ETag'), '"' . sha1_hex($r->content) . '"', "$file: ETag";
        is api($file, 'If-None-Match' => $r->header('ETag'))->code, 304, "$file: 304 for its ETag";
        is api($file, 'If-Modified-Since' => $r->header('Last-Modified'))->code, 304,
            "$file: 304 for its Last-Modified";
    }

    # The desk moves the incident on: a new update, now -- a second after
    # Last-Modified at least, which counts in seconds.
    sleep 1 while time - str2time($lm) < 2;
    sql("INSERT INTO incident_updates (incident_id, status, light, body, author_login, author_name, created_at) "
        . "VALUES ($open, 'monitoring', 'red', 'Mail flows again; we are watching the queue.', 'tina', 'Tina Tech', NOW())");
    sql("UPDATE incidents SET status = 'monitoring', updated_at = NOW() WHERE id = $open");
    my $new = api('summary.json', 'If-None-Match' => $etag);
    is $new->code, 200, 'after a change the old ETag gets the new answer';
    isnt $new->header('ETag'), $etag, 'with a new ETag';
    my $i = by_id(json_of($new)->{incidents})->{$open};
    is $i->{status}, 'monitoring', 'the incident is monitored';
    ok defined $i->{monitoring_at}, 'since the new update';
    is $i->{incident_updates}[0]{body}, 'Mail flows again; we are watching the queue.', 'newest update first';
    ok str2time($new->header('Last-Modified')) > str2time($lm), 'Last-Modified moved on';
    is api('summary.json', 'If-Modified-Since' => $lm)->code, 200, 'the old Last-Modified gets the new answer';
    is api('incidents/unresolved.json', 'If-Modified-Since' => $lm)->code, 200, 'so does unresolved.json';
};

subtest 'what is not in the API' => sub {
    for my $path ('nothing.json', 'incidents/nothing.json', 'scheduled-maintenances/nothing.json',
                  'incidents/unresolved.json/x', 'components') {
        is api($path)->code, 404, "$path: 404";
        is $alice->get(portal("$API/$path"))->code, 404, "$path: 404 in a browser too";
    }
    my $post = $alice->post(portal("$API/summary.json"));
    is $post->code, 405, 'POST: 405';
    is $post->header('Allow'), 'GET', 'Allow: GET';
    my $nobody = get_as(browser(), 'json', "$API/summary.json");
    is $nobody->code, 401, 'without a session: 401, for now';
    unlike $nobody->content, qr/"components"/, 'and no status';
};

subtest 'everything is put back' => sub {
    restore();
    is value('SELECT COUNT(*) FROM services s JOIN status_api_saved o ON o.id = s.id WHERE NOT '
             . '(s.status <=> o.status AND s.status_note <=> o.status_note AND s.status_since <=> o.status_since '
             . 'AND s.updated_at <=> o.updated_at)'), 0, 'every light as it was';
    is value("SELECT COUNT(*) FROM service_status_changes WHERE id > $history_mark"), 0, 'no history added';
    is value("SELECT COUNT(*) FROM incidents WHERE title LIKE '%$tag'"), 0, 'no incident of ours';
    is value("SELECT COUNT(*) FROM maintenances WHERE title LIKE '%$tag'"), 0, 'no maintenance of ours';
    my $now = api('summary.json');
    is $now->header('ETag'), $first->header('ETag'), 'summary.json answers byte for byte as before';
};

$db->close;
undef $db;
done_testing();
