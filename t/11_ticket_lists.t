# Finding tickets: the three views, the open-only default, filters,
# search, sorting and paging page by page.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();     # every ticket this file logs carries it
my @ALL = qw(waiting_support in_review waiting_client escalated_t2 in_progress
             escalated_t3 pending_closure closed cancelled);
my @OPEN = qw(waiting_support in_review waiting_client escalated_t2 in_progress
              escalated_t3 pending_closure);
my @DEFAULT_COLUMNS = ('Reference', 'Summary', 'Status', 'Service', 'Requester', 'Last updated');

my %service = map { $_->[1] => { id => $_->[0], name => $_->[2], priority => $_->[3] } }
              db_rows('SELECT id, code, name, default_priority FROM services WHERE active = 1');

my $alice = browser();
login($alice, 'alice');
my $bob = browser();
login($bob, 'bob');

sub refs { list_refs(ticket_list(@_)) }
sub same_set { [sort @{ $_[0] }] }

subtest 'alice starts from the default columns' => sub {
    my $page = $alice->get(portal('/helpdesk/tickets/columns'));
    is $page->code, 200, 'the columns page opens';
    my $res = submit_form($alice, $page, '//main//form[.//*[@name="reset"]]',
                          { reset => 1 }, button => 'Reset to default');
    is $res->request->uri->path, '/helpdesk/tickets', 'back on the list';
    my $x = xml_of(get_as($alice, 'xml', '/helpdesk/tickets'));
    is_deeply [map { $_->value } $x->findnodes('/helpdesk/tickets/columns/column/@label')], \@DEFAULT_COLUMNS,
        'Reference, Summary, Status, Service, Requester, Last updated';
};

# Tickets of the story, a second apart so that "created" orders them.
my (%t, %summary);
sub logged {
    my ($key, $ua, %f) = @_;
    $summary{$key} = $f{summary};
    $t{$key} = log_ticket($ua, details => "Details of $key.", %f);
    sleep 1;
    return $t{$key};
}

subtest 'alice and bob log some tickets' => sub {
    logged(a1 => $alice, summary => "Monitor flickers $tag", service => $service{intranet}{id});
    logged(a2 => $alice, summary => "Keyboard missing keys $tag", service => $service{email}{id});
    logged(a3 => $alice, summary => "Private matter $tag", shared => 0,
           service => $service{payroll}{id});
    logged(b1 => $bob, summary => "Bob's shared printer issue $tag", service => $service{printing}{id});
    logged(b2 => $bob, summary => "Bob's private request $tag", shared => 0, kind => 'request');
    logged(b3 => $bob, summary => "Bob logs for alice $tag", on_behalf => 'alice', shared => 0);
    is scalar(grep { defined } values %t), 6, 'six tickets';
};

subtest 'the list page: views, filters, search, sorting and links' => sub {
    my $res = $alice->get(portal('/helpdesk/tickets'));
    is $res->code, 200, 'the list opens';
    my $doc = page_of($res);
    for my $v (['mine', 'Created by me'], ['org', 'My organisation'], ['all', 'All']) {
        my ($key, $label) = @$v;
        ok $doc->findnodes(qq{//main//a[normalize-space()="$label"][contains(\@href, "view=$key")]}),
            "a tab \"$label\"";
    }
    ok $doc->findnodes('//main//a[normalize-space()="Created by me"][@aria-current or contains(@class, "current") or contains(@class, "active")]'),
        '"Created by me" is the current tab by default';

    my $form = form_node($doc, '//main//form[.//input[@name="status"]]');
    ok $form, 'a filter form';
    is lc($form ? $form->getAttribute('method') // 'get' : ''), 'get', 'which is a GET form';
    my @boxes = $form ? $form->findnodes('.//input[@type="checkbox"][@name="status"]') : ();
    is_deeply [map { $_->getAttribute('value') } @boxes], \@ALL, 'status: a checkbox for each, in the workflow\'s order';
    is_deeply [map { label_of($_) } @boxes], [map { $_->[0] } db_rows('SELECT name FROM ticket_statuses ORDER BY sort_order')],
        'each labelled with the status\'s name';
    ok !$doc->findnodes('//main//select[@name="status"]'), 'no Ctrl-click multiple select any more';
    unlike text_of($res, '//main'), qr/Ctrl/, 'and no hint about Ctrl';
    like text_of($res, '//main//form//details/summary'), qr/^\s*Status: 7 chosen\s*$/,
        'the statuses fold away behind "Status: 7 chosen"';
    ok $form && $form->findnodes('.//details[not(@open)]//input[@name="status"]'), 'closed until opened';
    my ($q) = $form ? $form->findnodes('.//input[@name="q"]') : ();
    is $q && label_of($q), 'Search', 'a search box labelled Search';
    my @sorts = $form ? map { $_->value } $form->findnodes('.//select[@name="sort"]/option/@value') : ();
    is_deeply [sort @sorts], [sort qw(created updated priority status)], 'sort by created, updated, priority, status';
    is $form && $form->findvalue('.//select[@name="sort"]/option[@selected]/@value'), 'updated',
        'last updated by default';
    ok $form && $form->findnodes('.//select[@name="sort"]/option[@value="updated"][normalize-space()="Last updated"]'),
        'labelled "Last updated"';
    ok $form && $form->findnodes('.//*[@name="dir"]'), 'a direction';
    ok $form && $form->findnodes('.//input[@type="hidden"][@name="view"][@value="mine"]'), 'the view is kept';
    my $f = form_fields($res, '//main//form[.//input[@name="status"]]') // {};
    is_deeply [sort @{ $f->{status} // [] }], [sort @OPEN], 'every open or pending status is chosen';

    ok $doc->findnodes('//main//a[@href="/helpdesk/tickets/columns"][normalize-space()="Manage columns"]'),
        'a "Manage columns" link';
    ok $doc->findnodes('//main//a[@href="/helpdesk/tickets/new"][normalize-space()="Log a ticket"]'),
        'a "Log a ticket" button';
};

subtest '"Created by me": what alice requested or logged, each row linking to its ticket' => sub {
    my $res = ticket_list($alice, view => 'mine', q => $tag);
    is_deeply same_set(list_refs($res)), same_set([@t{qw(a1 a2 a3 b3)}]),
        'her three tickets and the one bob logged for her';
    is_deeply table_headers($res), \@DEFAULT_COLUMNS, 'in the default columns';
    my %row = map { ($_->{ref} // '') => $_ } @{ list_rows($res) };
    for my $k (qw(a1 b3)) {
        my $ref = $t{$k};
        my $row = $row{$ref} or next;
        my $href = "/helpdesk/tickets/$ref";
        ok $row->{node}->findnodes(qq{.//a[\@href="$href"][normalize-space()="$ref"]}),
            "$ref: the reference links to the ticket";
        ok $row->{node}->findnodes(qq{.//a[\@href="$href"][normalize-space()="$summary{$k}"]}),
            "$ref: so does the summary";
        my %cell;
        @cell{ @{ table_headers($res) } } = @{ $row->{cells} };
        is $cell{Status}, 'Waiting for Support', "$ref: status by name";
        is $cell{Requester}, 'Alice Archer', "$ref: requested by alice";
    }
    my ($row_a1) = $row{ $t{a1} };
    my %cell;
    @cell{ @{ table_headers($res) } } = @{ $row_a1 ? $row_a1->{cells} : [] };
    is $cell{Service}, 'Intranet', 'the service by name';
    like $cell{'Last updated'} // '', qr/\d{4}|\d{2}:\d{2}/, 'when it was last updated';

    is_deeply same_set(refs($bob, view => 'mine', q => $tag)), same_set([@t{qw(b1 b2 b3)}]),
        'bob\'s "Created by me": what he logged, also for alice';
    is_deeply same_set(refs($alice, q => $tag)), same_set([@t{qw(a1 a2 a3 b3)}]),
        '"Created by me" is the default view';
};

subtest '"My organisation" and "All"' => sub {
    my $org = refs($alice, view => 'org', q => $tag);
    my %in = map { $_ => 1 } @$org;
    ok $in{ $t{$_} }, "alice's organisation view has the shared $_" for qw(a1 a2 b1);
    ok !$in{ $t{b2} }, "but not bob's private ticket";
    is_deeply same_set(refs($alice, view => 'all', q => $tag)), same_set([@t{qw(a1 a2 a3 b1 b3)}]),
        'All: everything alice may see, not bob\'s private ticket';
    is_deeply same_set(refs($bob, view => 'all', q => $tag)), same_set([@t{qw(a1 a2 b1 b2 b3)}]),
        'All for bob: not alice\'s private ticket';
    my $doc = page_of(ticket_list($alice, view => 'org', q => $tag));
    ok $doc->findnodes('//main//a[normalize-space()="My organisation"][@aria-current or contains(@class, "current") or contains(@class, "active")]'),
        '"My organisation" is shown as the current tab';
};

subtest 'search looks in the summary and the details' => sub {
    my $word = new_tag();
    my $ref = $t{s1} = log_ticket($alice, summary => "Scanner offline $tag",
                         details => "The scanner in room $word does not turn on.");
    is_deeply refs($alice, q => $word), [$ref], 'a word of the details finds it';
    is_deeply refs($alice, q => "the $word"), [$ref],
        'small words such as "the" do not hide it';
    is_deeply refs($alice, q => 'Scan ' . substr($word, 0, 6)), [$ref],
        'the beginning of a word is enough';
    ok((grep { $_ eq $ref } @{ refs($alice, q => $tag) }), 'a word of the summary too');
    my $res = ticket_list($alice, view => 'all', q => new_tag());
    is $res->code, 200, 'a search that finds nothing';
    is scalar @{ list_rows($res) }, 0, 'shows no rows';
    like text_of($res, '//main'), qr/No tickets match\./, 'and says "No tickets match."';
    cancel_ticket($alice, $ref);    # a cancelled one for the filters below
    is json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket}{status}, 'cancelled',
        "$ref is cancelled";
};

subtest 'a reference typed into the search box opens that ticket' => sub {
    my $ref = $t{a1};
    (my $n = $ref) =~ s/^HD-//;
    for my $q ($ref, $n, lc($ref), "  $ref  ", " $n ", "HD$n") {
        my $res = no_redirects($alice, sub { ticket_list($alice, q => $q) });
        is $res->code, 303, "searching \"$q\" answers 303";
        is $res->header('Location'), "/helpdesk/tickets/$ref", "to $ref";
    }
    my $res = no_redirects($alice, sub { ticket_list($alice, view => 'all', status => 'closed', q => $ref) });
    is $res->header('Location'), "/helpdesk/tickets/$ref", 'whatever the view and status filter';
    $res = ticket_list($alice, q => lc " $ref");
    is $res->code, 200, 'the browser follows';
    is ticket_ref_of($res), $ref, 'and shows the ticket';
    like text_of($res, '//main//h1'), qr/\Q$summary{a1}\E/, 'its page';
    $res = no_redirects($alice, sub { $alice->get(tickets_url(q => $ref), Accept => 'application/json') });
    is $res->code, 303, 'the API is sent to the ticket too';

    # Bob's private ticket: alice may not see it.  Her search for it is an
    # ordinary search that finds nothing, the very page a missing one gets.
    my ($max) = db_rows('SELECT MAX(id) FROM tickets');
    my $missing = 'HD-' . ($max->[0] + 100000);
    for my $f ('html', 'json') {
        my @accept = $f eq 'json' ? (Accept => 'application/json') : ();
        my $hidden = no_redirects($alice, sub { $alice->get(tickets_url(view => 'all', q => $t{b2}), @accept) });
        my $none = no_redirects($alice, sub { $alice->get(tickets_url(view => 'all', q => $missing), @accept) });
        is $hidden->code, 200, "$f: bob's private $t{b2} is not opened for alice";
        is $none->code, 200, "$f: nor is $missing, which does not exist";
        ok same_not_found($hidden, $none, $t{b2}, $missing), "$f: the two answers are the same"
            or diag $hidden->decoded_content;
        unlike $hidden->decoded_content, qr/\Q$summary{b2}\E/, "$f: nothing of it shows";
    }
    is_deeply list_refs(ticket_list($alice, view => 'all', q => $t{b2})), [], 'the list is empty';
    (my $bn = $t{b2}) =~ s/^HD-//;
    is no_redirects($alice, sub { ticket_list($alice, view => 'all', q => $bn) })->code, 200,
        'the number alone does not open it either';
    is no_redirects($bob, sub { ticket_list($bob, q => $t{b2}) })->header('Location'),
        "/helpdesk/tickets/$t{b2}", 'bob, who logged it, is sent to it';
    is no_redirects($alice, sub { ticket_list($alice, q => "$ref printer") })->code, 200,
        'a reference among other words is an ordinary search';
};

subtest 'a resolved ticket leaves the default list and is found with status Closed' => sub {
    my $res = resolve_ticket($alice, $t{a2}, 'Replaced the keyboard.');
    is json_of(get_as($alice, 'json', "/helpdesk/tickets/$t{a2}"))->{ticket}{status}, 'closed',
        "$t{a2} is closed";
    is_deeply same_set(refs($alice, q => $tag)), same_set([@t{qw(a1 a3 b3)}]),
        'the default list shows open tickets only';
    is_deeply refs($alice, q => $tag, status => 'closed'), [$t{a2}], 'status=closed shows it';

    my $list = ticket_list($alice, q => $tag);
    $res = submit_form($alice, $list, '//main//form[.//input[@name="status"]]',
                       { status => ['closed', 'waiting_support'], q => $tag });
    is_deeply same_set(list_refs($res)), same_set([@t{qw(a1 a2 a3 b3)}]),
        'choosing Closed and Waiting for Support in the filter shows both kinds';
    is_deeply [sort @{ form_fields($res, '//main//form[.//input[@name="status"]]')->{status} // [] }],
        [sort qw(closed waiting_support)], 'the filter remembers the choice';
    is form_fields($res, '//main//form[.//input[@name="status"]]')->{q}, $tag, 'and the search';
    is_deeply refs($alice, q => $tag, status => 'cancelled'), [$t{s1}],
        'status=cancelled shows only the cancelled one';
};

subtest 'a search says which statuses it covered, and offers them all' => sub {
    my %name = map { @$_ } db_rows('SELECT code, name FROM ticket_statuses');
    my $res = ticket_list($alice, q => $tag);
    my $said = text_of($res, '//main');
    my $open = join ', ', map { $name{$_} } @OPEN;
    like $said, qr/Searched open tickets only: \Q$open\E\./, 'by default: the open ones, named';
    my ($all) = page_of($res)->findnodes('//main//a[normalize-space()="Include closed and cancelled"]/@href');
    ok $all, 'an "Include closed and cancelled" link';
    $res = $alice->get(URI->new_abs($all ? $all->value : '', $res->request->uri));
    is_deeply same_set(list_refs($res)), same_set([@t{qw(a1 a2 a3 b3 s1)}]),
        'which repeats the search over every status: the closed and the cancelled one too';
    is { $res->request->uri->query_form }->{q}, $tag, 'with the same search';
    like text_of($res, '//main'), qr/Searched all statuses\./, 'and says so';
    ok !page_of($res)->findnodes('//main//a[normalize-space()="Include closed and cancelled"]'),
        'no link to include them again';

    $res = ticket_list($alice, q => $tag, status => 'closed');
    like text_of($res, '//main'), qr/Searched only tickets that are: Closed\./, 'a chosen status is named';
    ok page_of($res)->findnodes('//main//a[normalize-space()="Search all statuses"]'),
        'with a link to search them all';
    unlike text_of(ticket_list($alice), '//main'), qr/Searched/, 'a list without a search says nothing of it';

    my $x = xml_of(get_as($alice, 'xml', "/helpdesk/tickets?q=$tag"));
    is $x->findvalue('/helpdesk/tickets/@status-scope'), 'open', 'XML: status-scope="open"';
    like $x->findvalue('/helpdesk/tickets/@all-statuses-href'), qr/status=cancelled/, 'and all-statuses-href';
    my $j = json_of(get_as($alice, 'json', "/helpdesk/tickets?q=$tag&status=closed&status=cancelled"));
    is $j->{tickets}{'status-scope'}, 'chosen', 'JSON: status-scope "chosen"';
    my @every = map { "status=$_" } @ALL;
    $j = json_of(get_as($alice, 'json', "/helpdesk/tickets?q=$tag&" . join('&', @every)));
    is $j->{tickets}{'status-scope'}, 'all', 'JSON: "all" when every status is chosen';
    ok !exists $j->{tickets}{'all-statuses-href'}, 'and no link then';
};

subtest 'sorting by when they were created' => sub {
    my @mine = @t{qw(a1 a2 a3 b3 s1)};
    is_deeply refs($alice, q => $tag, status => \@ALL, sort => 'created', dir => 'asc'), \@mine,
        'oldest first';
    is_deeply refs($alice, q => $tag, status => \@ALL, sort => 'created', dir => 'desc'), [reverse @mine],
        'newest first';
    is_deeply refs($alice, q => $tag, status => \@ALL, sort => 'created'), [reverse @mine],
        'newest first is the default direction';
};

subtest 'sorting by last update: a comment brings a ticket to the top' => sub {
    sleep 1;
    comment_ticket($alice, $t{a3}, 'Any news on this?');
    my $list = refs($alice, q => $tag);
    is $list->[0], $t{a3}, 'the default order is last updated first: the commented ticket leads';
    is_deeply refs($alice, q => $tag, sort => 'updated', dir => 'desc'), $list, 'the same as sort=updated';
    my $asc = refs($alice, q => $tag, sort => 'updated', dir => 'asc');
    is $asc->[-1], $t{a3}, 'oldest update first puts it last';
    is_deeply same_set($asc), same_set($list), 'the same tickets either way';
};

# The value of one field for each ticket, from the list as JSON.
sub field_of {
    my ($ua, $field, @q) = @_;
    my $res = $ua->get(tickets_url(@q, format => 'json'));
    my $rows = eval { json_of($res)->{tickets}{rows} } // [];
    return { map { $_->{ref} => $_->{$field} } @$rows };
}

# Values in list order with runs merged: (3,3,1,1,5) -> (3,1,5).
sub runs {
    my @out;
    for (@_) { push @out, $_ unless @out && $out[-1] eq $_ }
    return @out;
}

subtest 'sorting by priority and by status' => sub {
    my %by_prio;
    $by_prio{ $service{$_}{priority} // '' } //= $_ for sort keys %service;
    my @codes = map { $by_prio{$_} } sort keys %by_prio;
    for my $code (@codes) {
        log_ticket($alice, summary => "Priority of $code $tag", service => $service{$code}{id},
                   details => 'For sorting.');
    }
    my $prio = field_of($alice, 'priority', q => $tag);
    my $asc = refs($alice, q => $tag, sort => 'priority', dir => 'asc');
    my $desc = refs($alice, q => $tag, sort => 'priority', dir => 'desc');
    is_deeply same_set($asc), same_set([keys %$prio]), 'the same open tickets';
    my @pa = runs(map { $prio->{$_} // '?' } @$asc);
    my @pd = runs(map { $prio->{$_} // '?' } @$desc);
    is scalar(@pa), scalar(keys %{ { map { $_ => 1 } values %$prio } }), 'equal priorities stay together';
    ok((join(',', @pa) eq join(',', sort { $a <=> $b } @pa)
        || join(',', @pa) eq join(',', sort { $b <=> $a } @pa)), 'in priority order')
        or diag "priorities: @pa";
    is_deeply \@pd, [reverse @pa], 'the other direction reverses it' or diag "asc @pa / desc @pd";
    ok @pa > 1, 'tickets of ' . scalar(@pa) . ' priorities were compared';

    my $status = field_of($alice, 'status', q => $tag, status => \@ALL);
    my $sa = refs($alice, q => $tag, status => \@ALL, sort => 'status', dir => 'asc');
    my $sd = refs($alice, q => $tag, status => \@ALL, sort => 'status', dir => 'desc');
    my @sa = runs(map { $status->{$_} // '?' } @$sa);
    my @sd = runs(map { $status->{$_} // '?' } @$sd);
    is scalar(@sa), scalar(keys %{ { map { $_ => 1 } values %$status } }),
        'tickets of the same status stay together' or diag "@sa";
    is_deeply \@sd, [reverse @sa], 'the other direction reverses the order' or diag "asc @sa / desc @sd";
    ok @sa >= 2, 'open and closed tickets were compared';
};

# Every row of a list as JSON, page after page through next-href: the
# rows in order and the size of each page.
sub every_page {
    my ($ua, @q) = @_;
    my (@rows, @sizes);
    my $res = $ua->get(tickets_url(@q), Accept => 'application/json');
    for (1 .. 20) {
        my $j = eval { json_of($res) } or last;
        my $rows = $j->{tickets}{rows} // [];
        push @rows, @$rows;
        push @sizes, scalar @$rows;
        my $paging = $j->{tickets}{paging};
        my $next = ref $paging eq 'HASH' ? $paging->{'next-href'} : undef or last;
        $res = $ua->get(portal($next), Accept => 'application/json');
    }
    return (\@rows, \@sizes);
}

subtest 'sort=status follows the workflow order, across pages, both ways' => sub {
    my %order = map { $_->[0] => $_->[1] } db_rows('SELECT code, sort_order FROM ticket_statuses');
    my $stag = new_tag();
    # 28 tickets: 12 waiting for support (one of them resolved and reopened
    # by a comment), 13 closed, 3 cancelled.  Pages of 25 then end on a
    # change of status one way and inside a status the other way.
    my @made;
    push @made, scalar log_ticket($alice, summary => "Status order $_ $stag", details => 'For sorting by status.')
        for 1 .. 28;
    resolve_ticket($alice, $_) for @made[0, 12 .. 24];
    cancel_ticket($alice, $_) for @made[25 .. 27];
    comment_ticket($alice, $made[0], 'It is not fixed after all.');
    my ($all) = every_page($alice, q => $stag, status => \@ALL, sort => 'created', dir => 'asc');
    my $status = { map { $_->{ref} => $_->{status} } @$all };
    my %n;
    $n{ $status->{$_} // '?' }++ for @made;
    is_deeply \%n, { waiting_support => 12, closed => 13, cancelled => 3 },
        'tickets waiting for support (one reopened), closed and cancelled' or diag explain \%n;

    my $id = sub { ($_[0] =~ /(\d+)$/)[0] };
    for my $dir ('asc', 'desc') {
        my ($rows, $sizes) = every_page($alice, q => $stag, status => \@ALL, sort => 'status', dir => $dir);
        my @got = map { $_->{ref} } @$rows;
        my @want = sort {
            ($order{ $status->{$a} } <=> $order{ $status->{$b} }) || ($id->($a) <=> $id->($b))
        } @made;
        @want = reverse @want if $dir eq 'desc';
        is_deeply $sizes, [25, 3], "$dir: two pages, 25 and 3 rows";
        is_deeply \@got, \@want, "$dir: by the statuses' sort_order, then by reference, no gaps or repeats"
            or diag 'got: ' . join(' ', map { "$_=$status->{$_}" } @got);
        is_deeply [runs(map { $_->{status} } @$rows)],
                  [$dir eq 'asc' ? qw(waiting_support closed cancelled) : qw(cancelled closed waiting_support)],
            "$dir: Waiting for Support, Closed, Cancelled as the workflow goes";
    }
};

subtest 'tickets put in by SQL (the demo\'s) sort and filter by status like any other' => sub {
    my ($wrong) = db_rows('SELECT COUNT(*) FROM tickets t JOIN ticket_statuses s ON s.code = t.status '
                          . 'WHERE t.status_rank <> s.sort_order');
    is $wrong->[0], 0, 'every ticket has its status\'s place in the workflow';
    # alice's demo tickets (sql/demo/*.sql names each "-- HD-N: ..."), in
    # workflow order, as the database orders them.
    my $last = 0;
    for my $file (glob "$FindBin::Bin/../sql/demo/*.sql") {
        open my $fh, '<', $file or die "$file: $!";
        while (<$fh>) { $last = $1 if /^-- HD-(\d+):/ && $1 > $last }
    }
    my @want = map { "HD-$_->[0]" } db_rows("SELECT t.id FROM tickets t JOIN ticket_statuses s ON s.code = t.status "
        . "WHERE (t.requester_login = 'alice' OR t.logged_by_login = 'alice') AND t.id <= $last "
        . 'ORDER BY s.sort_order, t.id');
    my ($rows) = every_page($alice, status => \@ALL, sort => 'status', dir => 'asc');
    my @got = grep { /(\d+)$/ && $1 <= $last } map { $_->{ref} } @$rows;
    is_deeply \@got, \@want, 'her demo tickets by status, none left out';
};

subtest 'paging: 27 tickets over two pages of 25, no gaps, no repeats' => sub {
    my $ptag = new_tag();
    my @made;
    push @made, scalar log_ticket($alice, summary => "Paging ticket $_ $ptag", details => 'For paging.')
        for 1 .. 27;
    is scalar @made, 27, '27 tickets logged';

    my $first = ticket_list($alice, q => $ptag, sort => 'created', dir => 'asc');
    my $doc = page_of($first);
    is_deeply list_refs($first), [@made[0 .. 24]], 'page 1: the 25 oldest, in order';
    my ($next) = $doc->findnodes('//main//a[contains(normalize-space(), "Next page")]/@href');
    ok $next, 'a "Next page" link';
    ok !$doc->findnodes('//main//a[contains(normalize-space(), "First page")]'), 'no "First page" on the first page';

    my $second = $alice->get(URI->new_abs($next ? $next->value : '', $first->request->uri));
    is $second->code, 200, 'page 2 opens';
    is_deeply list_refs($second), [@made[25, 26]], 'page 2: the last two, in order';
    $doc = page_of($second);
    ok !$doc->findnodes('//main//a[contains(normalize-space(), "Next page")]'), 'no "Next page" on the last page';
    my ($back) = $doc->findnodes('//main//a[contains(normalize-space(), "First page")]/@href');
    ok $back, 'a "First page" link';
    my $again = $alice->get(URI->new_abs($back ? $back->value : '', $second->request->uri));
    is_deeply list_refs($again), [@made[0 .. 24]], '"First page" shows page 1 again';

    # The default order (last updated first) pages just as well.
    my @seen;
    my $res = ticket_list($alice, q => $ptag);
    for my $page (1 .. 3) {
        push @seen, @{ list_refs($res) };
        my ($n) = page_of($res)->findnodes('//main//a[contains(normalize-space(), "Next page")]/@href') or last;
        $res = $alice->get(URI->new_abs($n->value, $res->request->uri));
    }
    is scalar @seen, 27, 'last updated first: 27 rows over the pages';
    is_deeply same_set(\@seen), same_set(\@made), 'each ticket exactly once';

    my $x = xml_of($alice->get(tickets_url(q => $ptag, sort => 'created', dir => 'asc'),
                               Accept => 'application/xml'));
    is $x->findvalue('count(/helpdesk/tickets/rows/ticket)'), 25, 'XML: 25 rows on page 1';
    like $x->findvalue('/helpdesk/tickets/paging/@next-href'), qr/after=/, 'a next-href with a cursor';
    is $x->findvalue('count(/helpdesk/tickets/paging/@first-href)'), 0, 'no first-href on page 1';

    my $j = json_of($alice->get(tickets_url(q => $ptag, sort => 'created', dir => 'asc', format => 'json')));
    is scalar @{ $j->{tickets}{rows} // [] }, 25, 'JSON: rows is a list of 25';
    is $j->{tickets}{rows}[0]{ref}, $made[0], 'oldest first';
    is $j->{tickets}{rows}[0]{href}, "/helpdesk/tickets/$made[0]", 'each with its address';
};

done_testing();
