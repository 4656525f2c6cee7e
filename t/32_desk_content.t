# News, FAQ and planned maintenance: the desk writes what everyone reads.
# tina publishes news that alice reads on Today -- one item now, one that
# expires two seconds later and is gone after, one scheduled for tomorrow
# that does not show yet -- then changes and deletes them.  She adds
# questions in two categories; alice finds one by a word of its answer
# and by its category, and Today shows the first questions in the desk's
# order.  tina plans maintenance starting in two seconds: the services
# say it is coming, show Maintenance while it runs and are back after,
# and subscribers have an event per service; a cancelled window shows
# nowhere.  Nobody but the desk may open or send these pages, and a bad
# value comes back with everything typed kept.  The story deletes what it
# wrote, so later suites see the demo as it was.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request::Common qw(POST);
use Time::HiRes qw(sleep time);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
END {
    # Everything this story wrote carries $tag.
    return unless $tag && $ENV{HD_VAR};
    my $m = "SELECT id FROM maintenances WHERE title LIKE '%$tag%'";
    eval {
        db_rows("DELETE FROM service_events WHERE maintenance_id IN ($m)");
        db_rows("DELETE FROM maintenance_services WHERE maintenance_id IN ($m)");
        db_rows("DELETE FROM maintenances WHERE title LIKE '%$tag%'");
        db_rows("DELETE FROM news WHERE title LIKE '%$tag%'");
        db_rows("DELETE FROM faq WHERE question LIKE '%$tag%'");
        1;
    } or diag "cleaning up: $@";
}

my $tina  = browser();
my $alice = browser();
is login($tina, 'tina')->code,   200, 'tina (service desk) is logged in';
is login($alice, 'alice')->code, 200, 'alice is logged in';

sub one { my ($sql) = @_; my ($row) = db_rows($sql); return $row ? $row->[0] : undef }

# A time some seconds from the database's now, as the forms take it
# (seconds dropped, so it is between secs-1 and secs away), and when that
# is on this machine's clock (the database runs here too).
sub db_time {
    my ($secs) = @_;
    my ($row) = db_rows("SELECT DATE_FORMAT(NOW(6) + INTERVAL ${secs}000 MICROSECOND, '%Y-%m-%d %H:%i:%s') AS t, "
                        . "UNIX_TIMESTAMP(DATE_FORMAT(NOW(6) + INTERVAL ${secs}000 MICROSECOND, '%Y-%m-%d %H:%i:%s'))");
    return wantarray ? @$row : $row->[0];
}
sub sleep_until { my ($at) = @_; my $d = $at - time; sleep $d if $d > 0 }

sub today_xml   { my ($ua) = @_; return xml_of(get_as($ua, 'xml', '/helpdesk/')) }
sub desk_xml    { my ($what) = @_; return xml_of(get_as($tina, 'xml', "/helpdesk/desk/$what")) }
sub service_xml { my ($code) = @_; return xml_of(get_as($alice, 'xml', "/helpdesk/services/$code")) }

# tina fills in a desk page's form in the browser; the final response.
sub send_form {
    my ($path, $form_id, $fields) = @_;
    my $page = $tina->get(portal($path));
    return submit_form($tina, $page, qq{//form[\@id="$form_id"]}, $fields);
}

# The same, without following the 303: the response itself.
sub send_form_raw {
    my @args = @_;
    return no_redirects($tina, sub { send_form(@args) });
}

sub news_id { my ($title) = @_; return one("SELECT id FROM news WHERE title = '$title'") }

# ---------------------------------------------------------------------
# News
# ---------------------------------------------------------------------

my $now_title = "Printers are back to normal $tag";
subtest 'tina publishes news; alice reads it on Today' => sub {
    my $res = send_form_raw('/helpdesk/desk/news', 'news-form',
                            { title => $now_title,
                              body => "All ward printers print again.\n\n- Follow-me works too" });
    is $res->code, 303, 'published: 303 after the commit';
    like $res->header('Location') // '', qr{/helpdesk/desk/news\?done=created$}, 'back to the list';
    my $page = $tina->get(portal($res->header('Location')));
    like text_of($page, '//main'), qr/News item added\./, 'the list says so';
    my $id = news_id($now_title);
    ok $id, 'the item is stored' or return;
    my ($item) = desk_xml('news')->findnodes(qq{//desk-news/items/item[\@id="$id"]});
    is $item && $item->getAttribute('state'), 'published', 'shown in the list as published';
    is $item && $item->getAttribute('author'), 'Tina Tran', 'by tina';
    my ($n) = today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$now_title"]});
    ok $n, 'alice has it on Today' or return;
    like $n->textContent, qr/All ward printers print again\./, 'with its text';
};

subtest 'the same form sent twice (a double click) makes one item' => sub {
    my $title = "Sent twice $tag";
    my $f = form_fields($tina->get(portal('/helpdesk/desk/news')), '//form[@id="news-form"]');
    my @form = %{ { %$f, title => $title, body => 'Once.' } };
    my @codes = map { no_redirects($tina, sub { $tina->post(portal('/helpdesk/desk/news'), \@form) })->code } 1 .. 2;
    is_deeply \@codes, [303, 303], 'both answered as done';
    is one("SELECT COUNT(*) FROM news WHERE title = '$title'"), 1, 'one item stored';
    db_rows("DELETE FROM news WHERE title = '$title'");
};

subtest 'an item that expires in two seconds is gone from Today after them' => sub {
    my $title = "Short notice $tag";
    my ($expires, $at) = db_time(2500);
    my $res = send_form('/helpdesk/desk/news', 'news-form',
                        { title => $title, body => 'Only for a moment.', expires_at => $expires });
    is $res->code, 200, 'published';
    ok today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$title"]}), 'on Today now';
    sleep_until($at + 0.2);
    ok !today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$title"]}), 'gone once it expired';
    my $id = news_id($title);
    is desk_xml('news')->findvalue(qq{//item[\@id="$id"]/\@state}), 'expired', 'the desk sees it expired';
};

my $later_title = "News for tomorrow $tag";
subtest 'an item published tomorrow does not show yet' => sub {
    my $tomorrow = substr(one("SELECT NOW() + INTERVAL 1 DAY"), 0, 16);
    my $res = send_form('/helpdesk/desk/news', 'news-form',
                        { title => $later_title, body => 'Not yet.', publish_at => $tomorrow });
    is $res->code, 200, 'scheduled';
    my $id = news_id($later_title);
    my ($item) = desk_xml('news')->findnodes(qq{//item[\@id="$id"]});
    is $item && $item->getAttribute('state'), 'scheduled', 'the desk sees it scheduled';
    is $item && $item->getAttribute('publish'), "$tomorrow:00", 'for the time she gave';
    ok !today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$later_title"]}), 'not on Today';
    like text_of($tina->get(portal('/helpdesk/desk/news')), "//li[\@id=\"news-$id\"]"), qr/Scheduled/,
        'the page says Scheduled';
};

subtest 'tina changes an item, then deletes it' => sub {
    my $id = news_id($now_title);
    my $edit = $tina->get(portal("/helpdesk/desk/news?edit=$id"));
    is $edit->code, 200, 'its form opens';
    my $f = form_fields($edit, '//form[@id="news-form"]');
    is $f->{title}, $now_title, 'with its title';
    (my $text = $f->{body} // '') =~ s/\r\n/\n/g;   # (sent as a browser sends it: CR LF)
    is $text, "All ward printers print again.\n\n- Follow-me works too", 'and its text as typed';
    my $changed = "Printers fixed $tag";
    my $res = no_redirects($tina, sub {
        submit_form($tina, $edit, '//form[@id="news-form"]', { title => $changed })
    });
    is $res->code, 303, 'saved';
    like $res->header('Location') // '', qr{done=saved}, 'the list says so';
    is one("SELECT title FROM news WHERE id = $id"), $changed, 'stored';
    ok today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$changed"]}), 'alice reads the new title';

    my $list = $tina->get(portal('/helpdesk/desk/news'));
    my $del = no_redirects($tina, sub {
        submit_form($tina, $list, qq{//li[\@id="news-$id"]//form[contains(\@action, "/news/$id/delete")]}, {})
    });
    is $del->code, 303, 'deleted';
    is one("SELECT COUNT(*) FROM news WHERE id = $id"), 0, 'gone from the database';
    ok !today_xml($alice)->findnodes(qq{/helpdesk/today/news/item[\@title="$changed"]}), 'and from Today';
    $del = submit_form($tina, $list, qq{//li[\@id="news-$id"]//form[contains(\@action, "/news/$id/delete")]}, {});
    is $del->code, 404, 'deleting it again: 404';
    is $tina->get(portal("/helpdesk/desk/news?edit=$id"))->code, 404, 'its form: 404';
    my $token = desk_xml('news')->findvalue('//news-form/@csrf');
    is $tina->post(portal('/helpdesk/desk/news/999999999/edit'), [csrf => $token, title => 'x', body => 'y'])->code,
        404, 'an unknown item: 404';
};

# ---------------------------------------------------------------------
# FAQ
# ---------------------------------------------------------------------

my %cat = (a => "Badges $tag", b => "Phones $tag");
my %q = (a => "How do I get a new badge? $tag", b => "Why does my desk phone beep? $tag");
subtest 'tina adds questions in two categories' => sub {
    my $form = $tina->get(portal('/helpdesk/desk/faq'));
    like form_fields($form, '//form[@id="faq-form"]')->{sort_order}, qr/^-?\d+$/, 'the form offers a position';
    my $res = no_redirects($tina, sub {
        submit_form($tina, $form, '//form[@id="faq-form"]',
                    { question => $q{a}, category => $cat{a}, sort_order => -1000,
                      answer => "Bring your old badge to security. Hours: https://intranet.example.org/badges\n\n- The word is lanyard$tag" })
    });
    is $res->code, 303, 'the first: 303';
    like $res->header('Location') // '', qr{/desk/faq\?done=created$}, 'back to the list';
    $res = send_form('/helpdesk/desk/faq', 'faq-form',
                     { question => $q{b}, category => $cat{b}, sort_order => -999,
                       answer => "It beeps when voicemail waits. What $tag means: **listen**." });
    is $res->code, 200, 'the second';
    my $x = desk_xml('faq');
    is $x->findvalue(qq{//entries/entry[\@question="$q{a}"]/\@category}), $cat{a}, 'listed in its category';
    is $x->findvalue(qq{//entries/entry[\@question="$q{b}"]/\@sort-order}), -999, 'at its position';
};

subtest 'alice finds one by a word of its answer, and by its category' => sub {
    my $x = xml_of(get_as($alice, 'xml', "/helpdesk/faq?q=lanyard$tag"));
    my @found = map { $_->value } $x->findnodes('/helpdesk/faq/categories/category/entry/@question');
    is_deeply \@found, [$q{a}], 'a word of the answer finds it (and only it)';
    is $x->findvalue('/helpdesk/faq/categories/category/@name'), $cat{a}, 'under its category';
    like $x->findvalue('//entry/text'), qr/Bring your old badge to security\./, 'with its answer';
    is $x->findvalue('//entry/text/ul/li'), "The word is lanyard$tag", 'simply formatted';
    is $x->findvalue('//entry/text/p/a/@href'), 'https://intranet.example.org/badges', 'links made';
    is $x->findvalue('/helpdesk/faq/@q'), "lanyard$tag", 'the search is kept';

    # "what" is a stop word the FULLTEXT index does not hold: found by LIKE.
    $x = xml_of(get_as($alice, 'xml', "/helpdesk/faq?q=what+$tag"));
    @found = map { $_->value } $x->findnodes('//faq/categories/category/entry/@question');
    is_deeply \@found, [$q{b}], 'a stop word and a word: only the entry with both';
    $x = xml_of(get_as($alice, 'xml', "/helpdesk/faq?q=$tag"));
    @found = map { $_->value } $x->findnodes('//faq/categories/category/entry/@question');
    is_deeply \@found, [$q{a}, $q{b}], 'the tag finds both, categories in the desk\'s order';

    my $esc = $cat{b} =~ s/ /+/gr;
    $x = xml_of(get_as($alice, 'xml', "/helpdesk/faq?category=$esc"));
    @found = map { $_->value } $x->findnodes('//faq/categories/category/entry/@question');
    is_deeply \@found, [$q{b}], 'by category: its questions only';
    is $x->findvalue(qq{//faq/topics/topic[\@name="$cat{b}"]/\@current}), 'true', 'that category is the current one';
    is $x->findvalue(qq{//faq/topics/topic[\@name="$cat{a}"]/\@current}), 'false', 'the other is not';

    my $j = json_of(get_as($alice, 'json', "/helpdesk/faq?q=$tag"));
    is ref $j->{faq}{categories}, 'ARRAY', 'JSON: categories are a list';
    is ref $j->{faq}{categories}[0]{entry}, 'ARRAY', 'and each one\'s entries';
    is json_type($j->{faq}{categories}[0]{entry}[0]{id}), 'number', 'ids are numbers';
    is json_bool($j->{faq}{topics}[0]{current}), 'false', 'current is a boolean';
    like $j->{faq}{categories}[1]{entry}[0]{text}, qr/\*\*listen\*\*/, 'the answer as typed';

    my $page = $alice->get(portal("/helpdesk/faq?q=$tag"));
    is $page->code, 200, 'the page opens';
    like text_of($page, '//main//summary'), qr/\Q$q{a}\E.*\Q$q{b}\E/, 'each question shown';
    ok page_of($page)->findnodes('//main//strong[.="listen"]'), 'answers formatted';
    is $alice->get(portal('/helpdesk/faq?q=' . ('x' x 201)))->code, 400, 'a search too long: 400';
};

subtest 'Today shows the first questions in the desk\'s order' => sub {
    my @want = map { $_->[0] } db_rows('SELECT question FROM faq ORDER BY sort_order, category, id LIMIT 5');
    my @got = map { $_->value } today_xml($alice)->findnodes('/helpdesk/today/faq/entry/@question');
    is_deeply \@got, \@want, 'in sort order';
    is_deeply [@got[0, 1]], [$q{a}, $q{b}], 'hers first (positions -1000, -999)';
    # Moved down: Today follows.
    my $id = one("SELECT id FROM faq WHERE question = '$q{a}'");
    my $res = send_form("/helpdesk/desk/faq?edit=$id", 'faq-form', { sort_order => 100000 });
    is $res->code, 200, 'tina moves the first one to the end';
    @got = map { $_->value } today_xml($alice)->findnodes('/helpdesk/today/faq/entry/@question');
    is $got[0], $q{b}, 'the other comes first now';
    ok !grep({ $_ eq $q{a} } @got), 'and it has left Today';
    my $page = $tina->get(portal('/helpdesk/desk/faq'));
    $res = submit_form($tina, $page, qq{//li[\@id="faq-$id"]//form[contains(\@action, "/faq/$id/delete")]}, {});
    is $res->code, 200, 'tina deletes it';
    is one("SELECT COUNT(*) FROM faq WHERE id = $id"), 0, 'gone';
    is $tina->get(portal("/helpdesk/desk/faq?edit=$id"))->code, 404, 'its form: 404';
};

# ---------------------------------------------------------------------
# Planned maintenance
# ---------------------------------------------------------------------

my @codes = qw(pathology rostering);
my %sid = map { $_ => one("SELECT id FROM services WHERE code = '$_'") } @codes, 'video';
my ($early_token, $early_action);
subtest 'maintenance starting in two seconds: announced, running, over' => sub {
    is service_xml($_)->findvalue('//service/@light'), 'green', "$_ is Online first" for @codes;
    my ($starts, $start_at) = db_time(2500);
    my ($ends, $end_at) = db_time(4500);
    my $title = "Lab systems patching $tag";
    my $res = no_redirects($tina, sub {
        send_form('/helpdesk/desk/maintenance', 'maintenance-form',
                  { title => $title, body => 'Both restart once.', starts => $starts, ends => $ends,
                    service => [@sid{@codes}] })
    });
    is $res->code, 303, 'planned: 303';
    like $res->header('Location') // '', qr{/desk/maintenance\?done=created$}, 'back to the list';
    my $m = one("SELECT id FROM maintenances WHERE title = '$title'");
    ok $m, 'stored' or return;
    for my $code (@codes) {
        my $x = service_xml($code);
        my ($w) = $x->findnodes(qq{//service/maintenance[\@id="$m"]});
        is $w && $w->getAttribute('state'), 'upcoming', "$code: upcoming";
        is $x->findvalue('//service/@light'), 'green', "$code: still Online";
    }
    my @events = db_rows("SELECT service_id FROM service_events WHERE maintenance_id = $m "
                         . "AND kind = 'maintenance_scheduled' ORDER BY service_id");
    is_deeply [map { $_->[0] } @events], [sort { $a <=> $b } @sid{@codes}],
        'one maintenance_scheduled event per service';
    my ($w) = desk_xml('maintenance')->findnodes(qq{//maintenances/maintenance[\@id="$m"]});
    is $w && $w->getAttribute('state'), 'upcoming', 'the desk lists it as upcoming';
    is_deeply [map { $_->value } $w ? $w->findnodes('services/service/@code') : ()], \@codes, 'with its services';
    ($early_token, $early_action) = ($w->getAttribute('cancel-csrf'), $w->getAttribute('cancel-action')) if $w;

    sleep_until($start_at + 0.2);
    for my $code (@codes) {
        my $x = service_xml($code);
        is $x->findvalue('//service/@light'), 'maintenance', "$code: Maintenance while it runs";
        is $x->findvalue('//service/@status'), 'green', "$code: its own light untouched";
    }
    is desk_xml('maintenance')->findvalue(qq{//maintenance[\@id="$m"]/\@state}), 'active', 'the desk sees it running';

    sleep_until($end_at + 0.2);
    is service_xml($_)->findvalue('//service/@light'), 'green', "$_: Online again after it" for @codes;
    my ($past) = desk_xml('maintenance')->findnodes(qq{//maintenance[\@id="$m"]});
    is $past && $past->getAttribute('state'), 'past', 'the desk keeps it as past';
    ok $past && !$past->getAttribute('cancel-action'), 'no longer to be cancelled';
    my $late = $tina->post(portal($early_action), [csrf => $early_token]);
    is $late->code, 409, 'cancelling it once over: 409';
};

subtest 'a cancelled window disappears' => sub {
    my $title = "Video bridge upgrade $tag";
    my $starts = substr(one("SELECT NOW() + INTERVAL 1 DAY"), 0, 16);
    my $ends = substr(one("SELECT NOW() + INTERVAL 1 DAY + INTERVAL 2 HOUR"), 0, 16);
    my $res = send_form('/helpdesk/desk/maintenance', 'maintenance-form',
                        { title => $title, body => 'Calls drop.', starts => $starts, ends => $ends,
                          service => $sid{video} });
    is $res->code, 200, 'planned';
    my $m = one("SELECT id FROM maintenances WHERE title = '$title'");
    ok service_xml('video')->findnodes(qq{//service/maintenance[\@id="$m"]}), 'shown on the service';
    my $list = $tina->get(portal('/helpdesk/desk/maintenance'));
    my $form = qq{//li[\@id="maintenance-$m"]//form[contains(\@action, "/maintenance/$m/cancel")]};
    my $cancel = no_redirects($tina, sub { submit_form($tina, $list, $form, {}) });
    is $cancel->code, 303, 'cancelled: 303';
    like $cancel->header('Location') // '', qr{done=cancelled}, 'the list says so';
    ok one("SELECT cancelled_at IS NOT NULL FROM maintenances WHERE id = $m"), 'stored as cancelled';
    my $x = service_xml('video');
    ok !$x->findnodes(qq{//service/maintenance[\@id="$m"]}), 'gone from the service';
    ok !$x->findnodes(qq{//service//maintenances/maintenance[\@id="$m"]}), 'and from its history';
    ok !desk_xml('maintenance')->findnodes(qq{//maintenance[\@id="$m"]}), 'and from the desk\'s list';
    is submit_form($tina, $list, $form, {})->code, 200, 'the same form again: done, once';
    my $token = desk_xml('maintenance')->findvalue('//maintenance-form/@csrf');
    is $tina->post(portal('/helpdesk/desk/maintenance/999999999/cancel'), [csrf => $token])->code, 404,
        'an unknown window: 404';
};

# ---------------------------------------------------------------------
# Only the desk
# ---------------------------------------------------------------------

subtest 'alice, bob and sam get 403 on every desk page and form, in every format' => sub {
    my %count = map { $_ => one("SELECT COUNT(*) FROM $_") } qw(news faq maintenances);
    my @gets = qw(/helpdesk/desk/news /helpdesk/desk/news?edit=2 /helpdesk/desk/faq
                  /helpdesk/desk/faq?edit=1 /helpdesk/desk/maintenance);
    my @posts = (['/helpdesk/desk/news', title => "x $tag", body => 'x'],
                 ['/helpdesk/desk/news/2/edit', title => "x $tag", body => 'x'],
                 ['/helpdesk/desk/news/2/delete'],
                 ['/helpdesk/desk/faq', question => "x $tag", answer => 'x', category => 'x', sort_order => 1],
                 ['/helpdesk/desk/faq/1/edit', question => "x $tag", answer => 'x', category => 'x', sort_order => 1],
                 ['/helpdesk/desk/faq/1/delete'],
                 ['/helpdesk/desk/maintenance', title => "x $tag", body => 'x', starts => '2030-01-01 10:00',
                  ends => '2030-01-01 11:00', service => 1],
                 ['/helpdesk/desk/maintenance/3/cancel']);
    for my $login (qw(alice bob sam)) {
        my $ua = $login eq 'alice' ? $alice : browser();
        login($ua, $login) unless $login eq 'alice';
        # A genuine token of theirs, for another form.
        my $csrf = xml_of(get_as($ua, 'xml', '/helpdesk/tickets/new'))->findvalue('//ticket-form/@csrf');
        for my $fmt (qw(html xml json)) {
            my %accept = (html => 'text/html', xml => 'application/xml', json => 'application/json');
            for my $path (@gets) {
                my $res = get_as($ua, $fmt, $path);
                is $res->code, 403, "$login: GET $path is 403 ($fmt)";
            }
            for my $p (@posts) {
                my ($path, @fields) = @$p;
                my $res = $ua->request(POST portal($path), [csrf => $csrf, @fields], Accept => $accept{$fmt});
                is $res->code, 403, "$login: POST $path is 403 ($fmt)";
            }
        }
        my $j = json_of(get_as($ua, 'json', '/helpdesk/desk/news'));
        is $j->{error}{status}, 403, "$login: the JSON says 403";
        is get_as($ua, 'html', '/helpdesk/faq')->code, 200, "$login reads the FAQ";
        ok page_of($ua->get(portal('/helpdesk/')))->findnodes('//nav//a[@href="/helpdesk/faq"]'),
            "$login has FAQ in the navigation";
    }
    is one("SELECT COUNT(*) FROM $_"), $count{$_}, "$_: nothing changed" for sort keys %count;
    ok page_of($tina->get(portal('/helpdesk/desk')))->findnodes('//main//a[@href="/helpdesk/desk/maintenance"]'),
        'the console links tina to them';
};

# ---------------------------------------------------------------------
# Bad values
# ---------------------------------------------------------------------

subtest 'bad values come back as 400 with everything typed kept' => sub {
    my $body = "Kept text $tag <b>bold</b> & more\nline two";
    my $res = send_form('/helpdesk/desk/news', 'news-form',
                        { title => '   ', body => $body, publish_at => '2026-02-30 10:00',
                          expires_at => '2030-01-01 10:00' });
    is $res->code, 400, 'a blank title and 30 February: 400';
    like field_message($res, 'title'), qr/Enter a title\./, 'the title\'s error beside it';
    like field_message($res, 'publish_at'), qr/real date and time/, '30 February is no date';
    my $f = form_fields($res, '//form[@id="news-form"]');
    (my $text = $f->{body} // '') =~ s/\r\n/\n/g;
    is $text, $body, 'the text kept';
    is $f->{publish_at}, '2026-02-30 10:00', 'the date kept as typed';
    is $f->{expires_at}, '2030-01-01 10:00', 'and the other';
    like text_of($res, '//div[@role="alert"]'), qr/Enter a title/, 'the summary lists it';

    $res = send_form('/helpdesk/desk/news', 'news-form',
                     { title => "Backwards $tag", body => 'x', publish_at => '2030-01-02 10:00',
                       expires_at => '2030-01-01 10:00' });
    is $res->code, 400, 'expiring before publishing: 400';
    like field_message($res, 'expires_at'), qr/expire after it is published/, 'said beside it';

    $res = send_form('/helpdesk/desk/news', 'news-form', { title => "Nul\x00here $tag", body => 'Fine text' });
    is $res->code, 400, 'a NUL in the title: 400';
    like field_message($res, 'title'), qr/cannot be shown/, 'said beside it';
    is form_fields($res, '//form[@id="news-form"]')->{body}, 'Fine text', 'the rest kept';

    # Bytes that are not UTF-8, as a script might send them (a form
    # encoder would make UTF-8 of them: the body is written by hand).
    my $token = desk_xml('news')->findvalue('//news-form/@csrf');
    $res = $tina->request(POST portal('/helpdesk/desk/news'),
                          'Content-Type' => 'application/x-www-form-urlencoded',
                          Content => "csrf=$token&title=Bytes+$tag&body=bad+%FF%FE+byte");
    is $res->code, 400, 'text that is not UTF-8: 400';
    like field_message($res, 'body'), qr/not UTF-8/, 'said beside it';
    is form_fields($res, '//form[@id="news-form"]')->{title}, "Bytes $tag", 'the title kept';
    is one("SELECT COUNT(*) FROM news WHERE title LIKE '%$tag%'"), 2, 'none of these was stored';

    $res = $tina->request(POST portal('/helpdesk/desk/news'),
                          [csrf => $token, title => '', body => 'API'], Accept => 'application/json');
    is $res->code, 400, 'the API: 400 too';
    my $j = json_of($res);
    is ref $j->{'desk-news'}{'news-form'}{errors}, 'ARRAY', 'errors are a list';
    is $j->{'desk-news'}{'news-form'}{errors}[0]{field}, 'title', 'naming the field';
    is $j->{'desk-news'}{'news-form'}{values}{body}, 'API', 'with the values sent';

    $res = $tina->request(POST portal('/helpdesk/desk/news'), [csrf => 'forged', title => "Forged $tag", body => 'x']);
    is $res->code, 403, 'a form without a genuine token: 403';
    is form_fields($res, '//form[@id="news-form"]')->{title}, "Forged $tag", 'with the form kept';
    like text_of($res, '//div[@role="alert"]'), qr/This form has expired/, 'saying why';

    $res = send_form('/helpdesk/desk/faq', 'faq-form',
                     { question => "Which one? $tag", answer => 'This one.', category => ' ', sort_order => 'ten' });
    is $res->code, 400, 'a FAQ entry without category and a position in words: 400';
    like field_message($res, 'category'), qr/Enter a category/, 'the category\'s error';
    like field_message($res, 'sort_order'), qr/whole number/, 'the position\'s error';
    $f = form_fields($res, '//form[@id="faq-form"]');
    is $f->{question}, "Which one? $tag", 'the question kept';
    is $f->{sort_order}, 'ten', 'the position kept as typed';

    $res = send_form('/helpdesk/desk/maintenance', 'maintenance-form',
                     { title => "Backwards window $tag", body => 'x', starts => '2030-01-01 12:00',
                       ends => '2030-01-01 11:00', service => $sid{video} });
    is $res->code, 400, 'a window that ends before it starts: 400';
    like field_message($res, 'ends'), qr/end after it starts/, 'said beside Ends';
    $f = form_fields($res, '//form[@id="maintenance-form"]');
    is $f->{starts}, '2030-01-01 12:00', 'the times kept';
    is_deeply $f->{service}, [$sid{video}], 'the service still chosen';

    $res = send_form('/helpdesk/desk/maintenance', 'maintenance-form',
                     { title => "No services $tag", body => 'x', starts => '2030-01-01 10:00',
                       ends => '2030-01-01 11:00', service => undef });
    is $res->code, 400, 'no service chosen: 400';
    like text_of($res, '//div[@role="alert"]'), qr/Choose at least one service/, 'said';
    $res = send_form('/helpdesk/desk/maintenance', 'maintenance-form',
                     { title => "Stray service $tag", body => 'x', starts => '2030-01-01 10:00',
                       ends => '2030-01-01 11:00', service => 999999 });
    is $res->code, 400, 'a service not offered: 400';
    is one("SELECT COUNT(*) FROM maintenances WHERE title LIKE '%window $tag' OR title LIKE '%services $tag' "
           . "OR title LIKE '%service $tag'"), 0, 'no window stored';
};

subtest 'the desk pages as JSON' => sub {
    my $j = json_of(get_as($tina, 'json', '/helpdesk/desk/news'));
    is ref $j->{'desk-news'}{items}, 'ARRAY', 'news: items a list';
    is json_type($j->{'desk-news'}{items}[0]{id}), 'number', 'ids numbers';
    $j = json_of(get_as($tina, 'json', '/helpdesk/desk/faq'));
    is ref $j->{'desk-faq'}{entries}, 'ARRAY', 'FAQ: entries a list';
    is json_type($j->{'desk-faq'}{entries}[0]{'sort-order'}), 'number', 'positions numbers';
    is ref $j->{'desk-faq'}{'faq-form'}{categories}, 'ARRAY', 'the categories a list';
    $j = json_of(get_as($tina, 'json', '/helpdesk/desk/maintenance'));
    is ref $j->{'desk-maintenance'}{maintenances}, 'ARRAY', 'maintenance: a list';
    is ref $j->{'desk-maintenance'}{maintenances}[0]{services}, 'ARRAY', 'each with its services';
    is json_bool($j->{'desk-maintenance'}{'maintenance-form'}{services}[0]{selected}), 'false',
        'the choices\' selected a boolean';
};

done_testing();
