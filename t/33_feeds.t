# Service Updates as feeds (page_feeds.c): a person follows the desk's
# news in a feed reader and the planned maintenance in their calendar.
#
# The desk's week is written in SQL, as an admin would: an incident on
# Payroll with three updates (its title holds "&" and "<" for the XML to
# escape), an update too old for the feed, two windows to come (one with
# ";", "," and "\" in its title and a long description in UTF-8), one
# cancelled yesterday, one cancelled and one ended long ago, and news:
# one showing, one not yet, one expired.  Then, as alice:
#   - the site's Atom feed and Payroll's are XML, valid against RFC 4287's
#     schema (t/fixtures/atom.rng, Appendix B translated to RELAX NG's XML
#     syntax), with the entries the rules promise, newest first, each with
#     its own stable id, and at most 100 of them;
#   - the calendar is iCalendar as RFC 5545 writes it: CRLF, lines of 75
#     octets at most folded with a space and never inside a character,
#     escaped text, one VEVENT per window with its times, the cancelled
#     one STATUS:CANCELLED;
#   - all three carry ETag, Last-Modified and Cache-Control, and answer
#     304 to a client that has them;
#   - without a session they are a 401 for a script and the login page for
#     a browser -- unless HelpdeskPublicStatus is On, on a second Apache
#     on the same database, where they and the status API answer anyone.
# At the end the rows are deleted: later suites see the demo as it was.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use XML::LibXML;
use Digest::SHA qw(sha1_hex);
use HTTP::Date qw(str2time time2str);
use Time::Local qw(timegm);
use POSIX qw(strftime);
use Encode ();
use File::Temp qw(tempdir);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $ATOM_NS = 'http://www.w3.org/2005/Atom';
my $SCHEMA = "$FindBin::Bin/fixtures/atom.rng";
my $SITE_FEED = '/helpdesk/api/feed.atom';
my $CALENDAR = '/helpdesk/api/maintenance.ics';
my $DASH = "\x{2014}";
my $tmp = tempdir(CLEANUP => 1);

# ---------------------------------------------------------------------
# The database, and putting it back
# ---------------------------------------------------------------------

my $db = db_session();
sub sql { return $db->rows($_[0]) }
sub value { my ($row) = sql($_[0]); return $row && $row->[0] }
sub insert { sql($_[0]); return value('SELECT LAST_INSERT_ID()') }
# A string as an SQL literal (the client reads backslashes as escapes).
sub lit {
    my ($s) = @_;
    $s =~ s/\\/\\\\/g;
    $s =~ s/'/''/g;
    $s =~ s/\n/\\n/g;
    return "'$s'";
}

my (@incidents, @maintenances, @news);
my $restored = 0;
sub restore {
    return if $restored++;
    if (@incidents) {
        my $in = join ',', @incidents;
        sql("DELETE FROM incident_updates WHERE incident_id IN ($in)");
        sql("DELETE FROM incident_services WHERE incident_id IN ($in)");
        sql("DELETE FROM incidents WHERE id IN ($in)");
    }
    if (@maintenances) {
        my $in = join ',', @maintenances;
        sql("DELETE FROM maintenance_services WHERE maintenance_id IN ($in)");
        sql("DELETE FROM maintenances WHERE id IN ($in)");
    }
    sql('DELETE FROM news WHERE id IN (' . join(',', @news) . ')') if @news;
}
END { restore() if $db }

my %svc = map { $_->[0] => { id => $_->[1], name => $_->[2] } }
          sql('SELECT code, id, name FROM services');

# An incident on one service, and its updates [status, light, body,
# author, minutes ago]; the update ids, oldest first.
sub incident {
    my ($code, $title, @updates) = @_;
    my $id = insert('INSERT INTO incidents (title, status, impact, started_at, updated_at, created_by) '
                    . "VALUES (" . lit($title) . ", 'investigating', 'minor', NOW() - INTERVAL "
                    . $updates[0][4] . " MINUTE, NOW(), 'tina')");
    push @incidents, $id;
    sql("INSERT INTO incident_services VALUES ($id, $svc{$code}{id})");
    my @ids;
    for my $u (@updates) {
        my ($status, $light, $body, $author, $ago) = @$u;
        push @ids, insert('INSERT INTO incident_updates (incident_id, status, light, body, author_login, '
                          . "author_name, created_at) VALUES ($id, '$status', '$light', " . lit($body)
                          . ", 'tina', " . lit($author) . ", NOW() - INTERVAL $ago MINUTE)");
    }
    return ($id, @ids);
}

# A maintenance window on services (codes); times and cancelled_at as SQL.
sub window {
    my ($title, $body, $starts, $ends, $cancelled, @codes) = @_;
    my $id = insert('INSERT INTO maintenances (title, body, starts_at, ends_at, created_by, created_at, '
                    . 'updated_at, cancelled_at) VALUES (' . lit($title) . ', ' . lit($body)
                    . ", $starts, $ends, 'tina', LEAST(NOW(), $starts) - INTERVAL 1 DAY, "
                    . "LEAST(NOW(), $starts) - INTERVAL 1 DAY, $cancelled)");
    push @maintenances, $id;
    sql('INSERT INTO maintenance_services VALUES ' . join ', ', map { "($id, $svc{$_}{id})" } @codes);
    return $id;
}

sub news_item {
    my ($title, $publish, $expires) = @_;
    my $id = insert('INSERT INTO news (title, body, publish_at, expires_at, author_login, author_name, '
                    . 'updated_at) VALUES (' . lit($title) . ", 'From the desk.', $publish, $expires, "
                    . "'victor', 'Victor Vance', NOW() - INTERVAL 1 DAY)");
    push @news, $id;
    return $id;
}

# The desk's week.
my $tag = new_tag();
my $incident_title = "Payslips & <P60s> not loading $tag";
my ($incident, @updates) = incident('payroll', $incident_title,
    ['investigating', 'amber', 'Payslips do not open; we are looking into it.', 'Tina Tran', 30],
    ['identified', 'amber', "The document store is full.\nSpace is being freed.", 'Victor Vance', 20],
    ['resolved', 'green', 'Payslips open again.', 'Tina Tran', 10]);
my ($old_incident, $too_old) = incident('payroll', "Payroll slow $tag",
    ['investigating', 'amber', 'Long ago.', 'Tina Tran', 91 * 24 * 60]);
my $long_body = join ' ', ("Zürich-Büro — Ärzte & Pflege 🏥 café ✓") x 12;
my $upgrade = window("Payroll upgrade $tag", "The payroll system is upgraded.\nSave your work first.",
                     "TIMESTAMP(CURDATE() + INTERVAL 2 DAY, '19:00:00')",
                     "TIMESTAMP(CURDATE() + INTERVAL 2 DAY, '22:00:00')", 'NULL', 'payroll', 'network');
my $tricky_title = "Backup; restore, and C:\\data checks $tag";
my $tricky = window($tricky_title, "First line, with a comma; and a semicolon.\n\n$long_body",
                    "TIMESTAMP(CURDATE() + INTERVAL 3 DAY, '23:30:00')",
                    "TIMESTAMP(CURDATE() + INTERVAL 4 DAY, '01:00:00')", 'NULL', 'intranet');
my $cancelled = window("Intranet move $tag", 'Moving the intranet.', 'NOW() + INTERVAL 4 DAY',
                       'NOW() + INTERVAL 4 DAY + INTERVAL 1 HOUR', 'NOW() - INTERVAL 1 DAY', 'intranet');
my $cancelled_long_ago = window("Old cancelled $tag", 'Never happened.', 'NOW() - INTERVAL 120 DAY',
                                'NOW() - INTERVAL 120 DAY + INTERVAL 1 HOUR', 'NOW() - INTERVAL 100 DAY',
                                'intranet');
my $ended_long_ago = window("Old window $tag", 'Long done.', 'NOW() - INTERVAL 100 DAY',
                            'NOW() - INTERVAL 100 DAY + INTERVAL 1 HOUR', 'NULL', 'payroll');
my $news_now = news_item("Payroll closes early on Friday $tag", 'NOW() - INTERVAL 1 HOUR', 'NULL');
my $news_later = news_item("Not yet $tag", 'NOW() + INTERVAL 1 DAY', 'NULL');
my $news_expired = news_item("Expired $tag", 'NOW() - INTERVAL 5 DAY', 'NOW() - INTERVAL 1 DAY');

sub epoch_of_sql { return value("SELECT UNIX_TIMESTAMP($_[0])") }
# The services of the upgrade in the board's order, and the first's code.
my @upgrade_services = sql("SELECT code, name FROM services WHERE code IN ('payroll', 'network') "
                           . 'ORDER BY sort_order, name, id');
my $upgrade_names = join ', ', map { $_->[1] } @upgrade_services;
my $upgrade_code = $upgrade_services[0][0];

# ---------------------------------------------------------------------
# Reading feeds
# ---------------------------------------------------------------------

my $alice = browser();
login($alice, 'alice');
my $site = xml_of(get_as($alice, 'xml', '/helpdesk/'))->documentElement->getAttribute('site');

sub feed { my ($path, %h) = @_; return $alice->get(portal($path), %h) }

# The document and an XPath context with "a" for Atom.
sub atom_of {
    my ($res) = @_;
    my $doc = eval { XML::LibXML->load_xml(string => $res->content) };
    my $xc = XML::LibXML::XPathContext->new($doc // XML::LibXML::Document->new);
    $xc->registerNs(a => $ATOM_NS);
    return ($doc, $xc);
}

# xmllint's verdict on bytes against the schema: '' when valid.
sub schema_problems {
    my ($bytes) = @_;
    my $file = "$tmp/feed.xml";
    open my $fh, '>:raw', $file or die "$file: $!\n";
    print $fh $bytes;
    close $fh;
    my $out = `xmllint --noout --relaxng '$SCHEMA' '$file' 2>&1`;
    return $? == 0 ? '' : $out;
}

sub rfc3339 { my ($t) = @_; return strftime('%Y-%m-%dT%H:%M:%SZ', gmtime $t) }
sub epoch_of_rfc3339 {
    my @t = $_[0] =~ /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)Z$/ or return undef;
    return timegm($t[5], $t[4], $t[3], $t[2], $t[1] - 1, $t[0]);
}

# The entries as hashes, in the feed's order.
sub entries {
    my ($xc) = @_;
    return map {
        my $e = $_;
        my $v = sub { $xc->findvalue($_[0], $e) };
        { id => $v->('a:id'), title => $v->('a:title'), updated => $v->('a:updated'),
          published => $v->('a:published'), author => $v->('a:author/a:name'),
          content => $v->('a:content'), content_type => $v->('a:content/@type'),
          href => $v->('a:link[@rel="alternate"]/@href') }
    } $xc->findnodes('/a:feed/a:entry');
}

my $host_tag = 'tag:127.0.0.1,2026:';

subtest 'the schema is RFC 4287\'s, and it bites' => sub {
    ok -x '/usr/bin/xmllint' || `command -v xmllint`, 'xmllint is there (libxml2-utils)';
    my $ok = qq{<feed xmlns="$ATOM_NS"><id>urn:x</id><title>t</title><updated>2026-12-01T10:00:00Z</updated>}
           . qq{<author><name>n</name></author><entry><id>urn:y</id><title>e</title>}
           . qq{<updated>2026-12-01T10:00:00Z</updated><content type="text">c</content></entry></feed>};
    is schema_problems($ok), '', 'a minimal feed is valid';
    (my $no_id = $ok) =~ s{<id>urn:x</id>}{};
    isnt schema_problems($no_id), '', 'a feed without an id is not';
    (my $bad_date = $ok) =~ s{2026-12-01T10:00:00Z</updated><content}{yesterday</updated><content};
    isnt schema_problems($bad_date), '', 'nor an entry updated "yesterday"';
    (my $stray = $ok) =~ s{<title>e</title>}{<title>e</title><colour>red</colour>};
    isnt schema_problems($stray), '', 'nor an element Atom does not have';
};

my $site_res = feed($SITE_FEED);

subtest 'the site\'s feed: valid Atom, as a reader sees it' => sub {
    is $site_res->code, 200, 'feed.atom answers';
    is $site_res->header('Content-Type'), 'application/atom+xml; charset=utf-8', 'as Atom in UTF-8';
    my ($doc, $xc) = atom_of($site_res);
    ok $doc, 'it is XML';
    is schema_problems($site_res->content), '', 'valid against RFC 4287\'s schema';
    is $xc->findvalue('/a:feed/a:id'), "${host_tag}service-updates", 'a stable tag: id';
    is $xc->findvalue('/a:feed/a:title'), "$site $DASH Service Updates", 'titled after the site';
    is $xc->findvalue('/a:feed/a:author/a:name'), $site, 'by the site';
    is $xc->findvalue('/a:feed/a:link[@rel="self"]/@href'), portal($SITE_FEED), 'self: its own address';
    is $xc->findvalue('/a:feed/a:link[@rel="alternate"]/@href'), portal('/helpdesk/services'),
        'alternate: the Service Updates page';

    my @e = entries($xc);
    ok @e > 0 && @e <= 100, 'entries: ' . scalar @e;
    my @when = map { epoch_of_rfc3339($_->{updated}) } @e;
    is scalar(grep { defined } @when), scalar @e, 'every updated in RFC 3339, UTC';
    is_deeply \@when, [sort { $b <=> $a } @when], 'newest first';
    is $xc->findvalue('/a:feed/a:updated'), $e[0]{updated}, 'the feed is as new as its newest entry';
    my %ids;
    $ids{ $_->{id} }++ for @e;
    is scalar(keys %ids), scalar @e, 'each entry has its own id';
    is scalar(grep { index($_->{id}, $host_tag) != 0 } @e), 0, 'all of them tag: URIs on the server\'s name';
    is scalar(grep { $_->{href} !~ m{^http://127\.0\.0\.1:\d+/helpdesk/} } @e), 0, 'every link absolute';

    # The incident: one entry per update, newest first.
    my @ours = grep { $_->{title} =~ /\Q$tag\E/ && $_->{id} =~ /incident-update-/ } @e;
    is_deeply [map { $_->{id} } @ours], [map { "${host_tag}incident-update-$_" } reverse @updates],
        'three updates, three entries, newest first, each with its own id';
    is_deeply [map { $_->{title} } @ours],
        [map { "Payroll: $incident_title $DASH $_" } qw(Resolved Identified Investigating)],
        'titled service: incident — status, "&" and "<" as they were typed';
    is_deeply [map { $_->{content} } @ours],
        ['Payslips open again.', "The document store is full.\nSpace is being freed.",
         'Payslips do not open; we are looking into it.'], 'the content is the update\'s text';
    is_deeply [map { $_->{content_type} } @ours], [('text') x 3], 'as type="text"';
    is_deeply [map { $_->{author} } @ours], ['Tina Tran', 'Victor Vance', 'Tina Tran'], 'by their authors';
    is_deeply [map { epoch_of_rfc3339($_->{published}) } @ours],
        [map { epoch_of_sql("(SELECT created_at FROM incident_updates WHERE id = $_)") } reverse @updates],
        'published when written';
    is_deeply [map { $_->{updated} } @ours], [map { $_->{published} } @ours], 'and updated then';
    is_deeply [map { $_->{href} } @ours], [(portal("/helpdesk/services/payroll#incident-$incident")) x 3],
        'each links the incident on the service\'s page';
    ok !(grep { $_->{id} eq "${host_tag}incident-update-$too_old" } @e), 'an update of 91 days ago is not';

    # Maintenance: the windows not cancelled.
    my %by_id = map { $_->{id} => $_ } @e;
    my $m = $by_id{"${host_tag}maintenance-$upgrade"};
    ok $m, 'the payroll upgrade is in';
    is $m->{title}, "Planned maintenance: Payroll upgrade $tag", 'titled Planned maintenance: …';
    # "Thursday 3 December 2026, 19:00 to 22:00 (Europe/London)", in the
    # desk's zone: the end's date too if that is another day there.
    like $m->{content}, qr/^\w+day \d{1,2} \w+ \d{4}, \d\d:\d\d to (?:\w+day \d{1,2} \w+ \d{4}, )?\d\d:\d\d \([^)]+\)\.\n/,
        'the window in words';
    like $m->{content}, qr/\nServices affected: \Q$upgrade_names\E\.\n/, 'the services affected';
    like $m->{content}, qr/\n\nThe payroll system is upgraded\.\nSave your work first\.$/, 'and the announcement';
    is $m->{href}, portal("/helpdesk/services/$upgrade_code#maintenance-$upgrade"),
        'linked on its first service\'s page';
    my $b = $by_id{"${host_tag}maintenance-$tricky"};
    ok $b, 'the backup window is in';
    like $b && $b->{content}, qr/^\w+day \d{1,2} \w+ \d{4}, \d\d:\d\d to (?:\w+day \d{1,2} \w+ \d{4}, )?\d\d:\d\d \([^)]+\)\.\n/,
        'its window in words (23:30 to 01:00 in the database\'s time)';
    ok !$by_id{"${host_tag}maintenance-$_"}, "a cancelled or long-ended window is not ($_)"
        for $cancelled, $cancelled_long_ago, $ended_long_ago;

    # News: showing now only.
    my $n = $by_id{"${host_tag}news-$news_now"};
    ok $n, 'the news showing now is in';
    is $n && $n->{title}, "Payroll closes early on Friday $tag", 'with its title';
    is $n && $n->{author}, 'Victor Vance', 'its author';
    is $n && $n->{href}, portal('/helpdesk/#news'), 'linked to the news on Today';
    ok !$by_id{"${host_tag}news-$_"}, "news not yet published or expired is not ($_)" for $news_later, $news_expired;
};

subtest 'a service\'s feed: its updates and maintenance, no news' => sub {
    my $res = feed('/helpdesk/api/services/payroll/feed.atom');
    is $res->code, 200, 'services/payroll/feed.atom answers';
    is $res->header('Content-Type'), 'application/atom+xml; charset=utf-8', 'as Atom';
    my ($doc, $xc) = atom_of($res);
    ok $doc, 'it is XML';
    is schema_problems($res->content), '', 'valid against RFC 4287\'s schema';
    is $xc->findvalue('/a:feed/a:id'), "${host_tag}service-updates/$svc{payroll}{id}", 'its own id';
    is $xc->findvalue('/a:feed/a:title'), "$site $DASH Payroll", 'titled after the service';
    is $xc->findvalue('/a:feed/a:link[@rel="self"]/@href'), portal('/helpdesk/api/services/payroll/feed.atom'),
        'self: its own address';
    is $xc->findvalue('/a:feed/a:link[@rel="alternate"]/@href'), portal('/helpdesk/services/payroll'),
        'alternate: the service\'s page';
    my @e = entries($xc);
    my %ids = map { $_->{id} => 1 } @e;
    ok $ids{"${host_tag}incident-update-$_"}, "update $_ is in" for @updates;
    ok $ids{"${host_tag}maintenance-$upgrade"}, 'the payroll upgrade is in';
    ok !$ids{"${host_tag}maintenance-$tricky"}, 'the intranet\'s window is not';
    is scalar(grep { /:news-/ } keys %ids), 0, 'no news';
    my %payroll = map { $_->[0] => 1 }
        sql("SELECT u.id FROM incident_updates u JOIN incident_services x ON x.incident_id = u.incident_id "
            . "WHERE x.service_id = $svc{payroll}{id}");
    is_deeply [grep { /incident-update-(\d+)$/ && !$payroll{$1} } keys %ids], [],
        'no update of another service';
    my %site = map { $_->{id} => $_ } entries((atom_of($site_res))[1]);
    my @both = grep { $site{ $_->{id} } } @e;
    ok @both >= 4, 'the entries also in the site\'s feed ...';
    is_deeply \@both, [map { $site{ $_->{id} } } @both], '... are the same there, id for id';

    is feed('/helpdesk/api/services/nothing-here/feed.atom')->code, 404, 'an unknown service: 404';
    is feed('/helpdesk/api/services/payroll/feed.json')->code, 404, 'any other file: 404';
};

subtest 'at most 100 entries' => sub {
    my $flood = insert('INSERT INTO incidents (title, status, impact, started_at, updated_at, created_by) '
                       . "VALUES ('Flood $tag', 'resolved', 'minor', NOW() - INTERVAL 3 DAY, "
                       . "NOW() - INTERVAL 2 DAY, 'tina')");
    push @incidents, $flood;
    sql("INSERT INTO incident_services VALUES ($flood, $svc{rostering}{id})");
    sql('INSERT INTO incident_updates (incident_id, status, light, body, author_login, author_name, created_at) '
        . "SELECT $flood, 'investigating', 'amber', CONCAT('Update ', s.seq), 'tina', 'Tina Tran', "
        . 'NOW() - INTERVAL 3 DAY + INTERVAL s.seq MINUTE FROM seq_1_to_120 s');
    my ($doc, $xc) = atom_of(feed($SITE_FEED));
    my @e = entries($xc);
    is scalar @e, 100, '100 entries when there are more';
    ok((grep { $_->{id} eq "${host_tag}incident-update-$updates[-1]" } @e), 'the newest are kept');
    my @when = map { epoch_of_rfc3339($_->{updated}) } @e;
    is_deeply \@when, [sort { $b <=> $a } @when], 'newest first';
    sql("DELETE FROM incident_updates WHERE incident_id = $flood");
};

# ---------------------------------------------------------------------
# The calendar
# ---------------------------------------------------------------------

# Unfolded content lines as [name, value] (no parameters are used).
sub ical_unfolded {
    my ($bytes) = @_;
    (my $u = $bytes) =~ s/\r\n //g;
    return map { [split /:/, Encode::decode('UTF-8', $_), 2] } split /\r\n/, $u;
}

# VEVENTs as { NAME => value } (the raw, escaped value).
sub ical_events {
    my (@lines) = @_;
    my (@events, $ev);
    for (@lines) {
        my ($name, $value) = @$_;
        if ($name eq 'BEGIN' && $value eq 'VEVENT') { $ev = {} }
        elsif ($name eq 'END' && $value eq 'VEVENT') { push @events, $ev; undef $ev }
        elsif ($ev) { $ev->{$name} = $value }
    }
    return @events;
}

sub ical_unescape {
    my ($v) = @_;
    $v =~ s/\\([\\;,nN])/$1 eq 'n' || $1 eq 'N' ? "\n" : $1/ge;
    return $v;
}

sub ical_time { return strftime('%Y%m%dT%H%M%SZ', gmtime $_[0]) }

my $ics_res = feed($CALENDAR);

subtest 'the calendar: iCalendar as RFC 5545 writes it' => sub {
    is $ics_res->code, 200, 'maintenance.ics answers';
    is $ics_res->header('Content-Type'), 'text/calendar; charset=utf-8', 'as text/calendar in UTF-8';
    my $bytes = $ics_res->content;
    like $bytes, qr/\r\n\z/, 'the last line ends in CRLF';
    my @physical = split /\r\n/, $bytes;
    is scalar(grep { /[\r\n]/ } @physical), 0, 'every line ends in CRLF (no bare CR or LF)';
    is_deeply [grep { length($_) > 75 } @physical], [], 'no line longer than 75 octets';
    is_deeply [grep { !/^(?: |[A-Z][A-Z0-9-]*[:;])/ } @physical], [],
        'a line starts a property, or continues one with a space';
    my @folded = grep { /^ / } @physical;
    ok @folded > 0, 'long lines are folded (' . scalar(@folded) . ' continuations)';
    my @broken = grep { !eval { Encode::decode('UTF-8', my $copy = $_, Encode::FB_CROAK); 1 } } @physical;
    is scalar @broken, 0, 'each line is whole UTF-8 on its own: no character split by a fold';

    my @lines = ical_unfolded($bytes);
    is_deeply [map { "$_->[0]:$_->[1]" } @lines[0 .. 4]],
        ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//mod_helpdesk//Service Updates//EN',
         'CALSCALE:GREGORIAN', 'METHOD:PUBLISH'], 'a published Gregorian calendar, version 2.0';
    is ical_unescape((grep { $_->[0] eq 'X-WR-CALNAME' } @lines)[0][1]), "$site $DASH Planned maintenance",
        'named after the site';
    is "$lines[-1][0]:$lines[-1][1]", 'END:VCALENDAR', 'and ended';

    my %ev = map { $_->{UID} => $_ } ical_events(@lines);
    my %want = map { $_->[0] => $_->[1] }
        sql('SELECT id, cancelled_at IS NOT NULL FROM maintenances WHERE (cancelled_at IS NULL '
            . 'AND ends_at >= NOW() - INTERVAL 90 DAY) OR cancelled_at >= NOW() - INTERVAL 90 DAY');
    is_deeply [sort keys %ev], [sort map { "maintenance-$_\@127.0.0.1" } keys %want],
        'a VEVENT per window coming, running or of the last 90 days, and per window cancelled in them';
    ok !$ev{"maintenance-$_\@127.0.0.1"}, "not window $_, cancelled or ended long ago"
        for $cancelled_long_ago, $ended_long_ago;

    for my $id ($upgrade, $tricky, $cancelled) {
        my $e = $ev{"maintenance-$id\@127.0.0.1"} or next;
        my ($starts, $ends) = @{ (sql("SELECT UNIX_TIMESTAMP(starts_at), UNIX_TIMESTAMP(ends_at) "
                                      . "FROM maintenances WHERE id = $id"))[0] };
        is $e->{DTSTART}, ical_time($starts), "window $id: DTSTART in UTC";
        is $e->{DTEND}, ical_time($ends), "window $id: DTEND in UTC";
        like $e->{DTSTAMP}, qr/^\d{8}T\d{6}Z$/, "window $id: DTSTAMP";
        is $e->{'LAST-MODIFIED'}, $e->{DTSTAMP}, "window $id: LAST-MODIFIED, its last revision";
    }
    my $up = $ev{"maintenance-$upgrade\@127.0.0.1"};
    is ical_unescape($up->{SUMMARY}), "Payroll upgrade $tag", 'SUMMARY: the title';
    is ical_unescape($up->{DESCRIPTION}),
        "The payroll system is upgraded.\nSave your work first.\n\nServices affected: $upgrade_names",
        'DESCRIPTION: the body and the services affected';
    is $up->{URL}, portal("/helpdesk/services/$upgrade_code#maintenance-$upgrade"),
        'URL: the first service\'s page';
    is $up->{STATUS}, 'CONFIRMED', 'a window that stands is CONFIRMED';

    my $t = $ev{"maintenance-$tricky\@127.0.0.1"};
    (my $escaped = $tricky_title) =~ s/([\\;,])/\\$1/g;
    is $t->{SUMMARY}, $escaped, 'SUMMARY: ";", "," and "\" escaped with a backslash';
    is ical_unescape($t->{SUMMARY}), $tricky_title, '... and read back as typed';
    like $t->{DESCRIPTION}, qr/^First line\\, with a comma\\; and a semicolon\.\\n\\nZürich/,
        'DESCRIPTION: line breaks as \n';
    is ical_unescape($t->{DESCRIPTION}), "First line, with a comma; and a semicolon.\n\n$long_body\n\n"
        . "Services affected: Intranet", 'the long UTF-8 description unfolds to what was typed';
    my ($at) = grep { $physical[$_] =~ /^DESCRIPTION:First line/ } 0 .. $#physical;
    my @description = defined $at ? ($physical[$at]) : ();
    push @description, $physical[$at + @description] while defined $at && $physical[$at + @description] =~ /^ /;
    ok @description > 3, 'it takes ' . scalar(@description) . ' lines';
    is_deeply [grep { length($_) < 72 } @description[0 .. $#description - 1]], [],
        'each folded as late as its characters allow (72-75 octets)';

    my $c = $ev{"maintenance-$cancelled\@127.0.0.1"};
    is $c && $c->{STATUS}, 'CANCELLED', 'the window cancelled yesterday: STATUS:CANCELLED';
    is $c && $c->{'LAST-MODIFIED'},
        ical_time(epoch_of_sql("(SELECT cancelled_at FROM maintenances WHERE id = $cancelled)")),
        'modified when it was cancelled';
};

# ---------------------------------------------------------------------
# Caching
# ---------------------------------------------------------------------

subtest 'caching: ETag, Last-Modified, 304' => sub {
    for my $path ($SITE_FEED, '/helpdesk/api/services/payroll/feed.atom', $CALENDAR) {
        my $res = feed($path);
        my $etag = $res->header('ETag');
        is $etag, '"' . sha1_hex($res->content) . '"', "$path: ETag, the SHA-1 of the body";
        is $res->header('Cache-Control'), 'max-age=30', "$path: Cache-Control: max-age=30";
        my $lm = $res->header('Last-Modified');
        ok $lm && str2time($lm) <= time + 1, "$path: Last-Modified $lm";
        my $again = feed($path, 'If-None-Match' => $etag);
        is $again->code, 304, "$path: If-None-Match with its ETag: 304";
        is $again->content, '', "$path: with no body";
        is $again->header('ETag'), $etag, "$path: the same ETag";
        $again = feed($path, 'If-Modified-Since' => $lm);
        is $again->code, 304, "$path: If-Modified-Since its Last-Modified: 304";
        is $again->content, '', "$path: with no body";
        is feed($path, 'If-None-Match' => '"0000"')->code, 200, "$path: another ETag: 200";
        is feed($path, 'If-Modified-Since' => time2str(str2time($lm) - 3600))->code, 200,
            "$path: If-Modified-Since an hour before: 200";
        my $head = $alice->head(portal($path));
        is $head->header('ETag'), $etag, "$path: HEAD, the same ETag";
    }
    my ($doc, $xc) = atom_of($site_res);
    ok str2time($site_res->header('Last-Modified')) >= epoch_of_rfc3339($xc->findvalue('/a:feed/a:updated')),
        'Last-Modified is not older than the newest entry';

    # The desk writes again: a reader that had the feed gets the new one.
    my $res = feed($SITE_FEED);
    my ($etag, $lm) = ($res->header('ETag'), $res->header('Last-Modified'));
    sleep 1 while time - str2time($lm) < 2;
    my $new_update = insert('INSERT INTO incident_updates (incident_id, status, light, body, author_login, '
                            . "author_name, created_at) VALUES ($incident, 'monitoring', 'green', "
                            . "'Still watching.', 'tina', 'Tina Tran', NOW())");
    my $new = feed($SITE_FEED, 'If-None-Match' => $etag);
    is $new->code, 200, 'after a new update the old ETag gets the new feed';
    isnt $new->header('ETag'), $etag, 'with a new ETag';
    ok str2time($new->header('Last-Modified')) > str2time($lm), 'Last-Modified moved on';
    is feed($SITE_FEED, 'If-Modified-Since' => $lm)->code, 200, 'the old Last-Modified gets it too';
    my @e = entries((atom_of($new))[1]);
    is $e[0]{id}, "${host_tag}incident-update-$new_update", 'the new update comes first';
};

# ---------------------------------------------------------------------
# Who may read them
# ---------------------------------------------------------------------

my @FEEDS = ($SITE_FEED, '/helpdesk/api/services/payroll/feed.atom', $CALENDAR);

subtest 'without a session: 401 for a script, the login page for a browser' => sub {
    my $nobody = browser();
    for my $path (@FEEDS) {
        my $json = get_as($nobody, 'json', $path);
        is $json->code, 401, "$path: a script is told 401";
        unlike $json->content, qr/\Q$tag\E/, "$path: and sees nothing";
        my $page = no_redirects($nobody, sub { $nobody->get(portal($path)) });
        is $page->code, 302, "$path: a browser is sent away";
        like $page->header('Location') // '', qr{^(?:http://[^/]+)?/helpdesk/login\?return=}, "$path: to log in";
    }
    my $status = get_as($nobody, 'json', '/helpdesk/api/v2/summary.json');
    is $status->code, 401, 'so is the status API';
};

subtest 'HelpdeskPublicStatus On: the feeds and the status API for anyone' => sub {
    my $node = HDNode->start('public', HelpdeskPublicStatus => 'On');
    local $HDTest::PORTAL = $node->base;
    my $anyone = browser();
    for my $path (@FEEDS, '/helpdesk/api/v2/summary.json') {
        my $res = $anyone->get(portal($path));
        is $res->code, 200, "$path: 200 without a session";
        is session_cookie($anyone), undef, "$path: and none was made";
    }
    my $res = $anyone->get(portal($SITE_FEED));
    is schema_problems($res->content), '', 'the public feed is valid Atom too';
    is((atom_of($res))[1]->findvalue('/a:feed/a:link[@rel="self"]/@href'), portal($SITE_FEED),
       'and names its own node');
    my $page = no_redirects($anyone, sub { $anyone->get(portal('/helpdesk/services')) });
    is $page->code, 302, 'the portal\'s pages still need a session';
    $node->stop;
};

subtest 'everything is put back' => sub {
    restore();
    is value("SELECT COUNT(*) FROM incidents WHERE title LIKE '%$tag'"), 0, 'no incident of ours';
    is value("SELECT COUNT(*) FROM maintenances WHERE title LIKE '%$tag'"), 0, 'no maintenance of ours';
    is value("SELECT COUNT(*) FROM news WHERE title LIKE '%$tag'"), 0, 'no news of ours';
    is feed($SITE_FEED)->code, 200, 'the feed still answers';
};

$db->close;
undef $db;
done_testing();
