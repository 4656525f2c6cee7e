# Each person chooses the columns of their ticket list and their order;
# the choice is theirs alone and stays after logging out.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my @KEYS = qw(reference summary status service requester created updated priority
              assignee kind team logged_by organisation asset);
my %LABEL = (reference => 'Reference', summary => 'Summary', status => 'Status',
             service => 'Service', requester => 'Requester', created => 'Created',
             updated => 'Last updated', priority => 'Priority', assignee => 'Assignee',
             kind => 'Type', team => 'Team', logged_by => 'Logged by',
             organisation => 'Organisation', asset => 'Asset');
my @DEFAULT = map { $LABEL{$_} } qw(reference summary status service requester updated);
my $FORM = '//main//form[.//*[starts-with(@name, "show_")]]';

my $alice = browser();
login($alice, 'alice');

# Submits the columns form: %show = key => position for the columns to
# show; every other box is left unticked.
sub choose {
    my ($ua, %show) = @_;
    my $page = $ua->get(portal('/helpdesk/tickets/columns'));
    my %set = map { ("show_$_" => undef) } @KEYS;
    for my $k (keys %show) {
        $set{"show_$k"} = 1;
        $set{"pos_$k"} = $show{$k};
    }
    return no_redirects($ua, sub { submit_form($ua, $page, $FORM, \%set) });
}

sub reset_columns {
    my ($ua) = @_;
    my $page = $ua->get(portal('/helpdesk/tickets/columns'));
    return no_redirects($ua, sub {
        submit_form($ua, $page, '//main//form[.//*[@name="reset"]]', { reset => 1 },
                    button => 'Reset to default');
    });
}

sub headers_of {
    my ($ua) = @_;
    return table_headers(ticket_list($ua, q => $tag));
}

my ($ref, $ticket_page) = log_ticket($alice, summary => "Columns check $tag", details => 'A row to look at.');
my $priority_name = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket}{'priority-name'};

subtest 'alice opens "Manage columns" from her list' => sub {
    reset_columns($alice);    # from wherever an earlier run left her
    my $list = ticket_list($alice, q => $tag);
    my ($link) = page_of($list)->findnodes('//main//a[normalize-space()="Manage columns"]/@href');
    is $link && $link->value, '/helpdesk/tickets/columns', 'the list links to the columns page';
    my $res = $alice->get(portal('/helpdesk/tickets/columns'));
    is $res->code, 200, 'it opens';
    my $doc = page_of($res);
    my ($form) = $doc->findnodes($FORM);
    ok $form, 'a form';
    is $form && lc($form->getAttribute('method') // ''), 'post', 'which posts';
    for my $k (@KEYS) {
        my ($box) = $doc->findnodes(qq{$FORM//input[\@type="checkbox"][\@name="show_$k"][\@value="1"]});
        ok $box, "a box show_$k";
        is $box && label_of($box), $LABEL{$k}, "labelled $LABEL{$k}";
        my ($pos) = $doc->findnodes(qq{$FORM//select[\@name="pos_$k"]});
        is $pos && label_of($pos), "Position of $LABEL{$k}", "and a position, \"Position of $LABEL{$k}\"";
        is_deeply [$pos ? map { $_->value } $pos->findnodes('option/@value') : ()], [1 .. scalar @KEYS],
            'positions 1 to ' . @KEYS . '';
    }
    my $f = form_fields($res, $FORM);
    is_deeply [grep { $f->{"show_$_"} } @KEYS], [qw(reference summary status service requester updated)],
        'the default columns are ticked';
    ok length($f->{csrf} // ''), 'a form token';
    my ($reset) = $doc->findnodes('//main//form[.//*[@name="reset"][@value="1"]]');
    ok $reset, 'a form that sends reset=1';
    ok $reset && $reset->findnodes('.//button[normalize-space()="Reset to default"] | .//input[@type="submit"][@value="Reset to default"]'),
        'with a "Reset to default" button';

    my $x = xml_of(get_as($alice, 'xml', '/helpdesk/tickets/columns'));
    is $x->findvalue('/helpdesk/@page'), 'ticket-columns', 'XML: the ticket-columns page';
    is_deeply [map { $_->value } $x->findnodes('/helpdesk/columns-form/column/@key')], \@KEYS,
        'every column';
    is_deeply [sort { $a <=> $b } map { $_->value } $x->findnodes('/helpdesk/columns-form/column/@position')],
        [1 .. scalar @KEYS], 'positions 1 to ' . @KEYS;
    is_deeply [map { $_->getAttribute('key') } $x->findnodes('/helpdesk/columns-form/column[@shown="true"]')],
        [qw(reference summary status service requester updated)], 'the defaults shown';
};

subtest 'alice shows Summary, Reference and Priority, in that order' => sub {
    my $res = choose($alice, summary => 1, reference => 2, priority => 3);
    is $res->code, 303, 'saved: 303';
    like $res->header('Location') // '', qr{/helpdesk/tickets$}, 'to the list';
    $res = ticket_list($alice, q => $tag);
    is_deeply table_headers($res), ['Summary', 'Reference', 'Priority'], 'the list has exactly those columns';
    my ($row) = @{ list_rows($res) };
    is $row && $row->{cells}[0], "Columns check $tag", 'the summary first';
    is $row && $row->{cells}[1], $ref, 'then the reference';
    like $row ? $row->{cells}[2] : '', qr/\Q$priority_name\E/, "then the priority ($priority_name)";
    ok $row && $row->{node}->findnodes(qq{.//a[\@href="/helpdesk/tickets/$ref"][normalize-space()="$ref"]}),
        'the reference still links to the ticket';
    my $x = xml_of($alice->get(tickets_url(q => $tag), Accept => 'application/xml'));
    is_deeply [map { $_->value } $x->findnodes('/helpdesk/tickets/columns/column/@key')],
        [qw(summary reference priority)], 'XML: the same columns';
    my $f = form_fields($alice->get(portal('/helpdesk/tickets/columns')), $FORM);
    is_deeply [grep { $f->{"show_$_"} } @KEYS], [qw(reference summary priority)], 'the columns page shows her choice';
    is_deeply [@$f{qw(pos_summary pos_reference pos_priority)}], [1, 2, 3], 'and its order';
};

subtest 'after logging out and in again the choice is still there' => sub {
    logout($alice);
    is $alice->get(portal('/helpdesk/tickets'))->request->uri->path, '/helpdesk/login', 'logged out';
    login($alice, 'alice');
    is_deeply headers_of($alice), ['Summary', 'Reference', 'Priority'], 'Summary, Reference, Priority';
    my $fresh = browser();
    login($fresh, 'alice');
    is_deeply headers_of($fresh), ['Summary', 'Reference', 'Priority'], 'in another browser too';
};

subtest 'bob still has the default columns' => sub {
    my $bob = browser();
    login($bob, 'bob');
    log_ticket($bob, summary => "Bob's columns $tag", details => 'A row for bob.');
    is_deeply headers_of($bob), \@DEFAULT, join(', ', @DEFAULT);
};

subtest 'alice unticks every column: "Choose at least one column."' => sub {
    my $res = choose($alice);
    is $res->code, 400, 'refused: 400 Bad Request';
    like text_of($res, '//main'), qr/Choose at least one column\./, 'says "Choose at least one column."';
    ok form_node($res, $FORM), 'the form is shown again';
    is_deeply headers_of($alice), ['Summary', 'Reference', 'Priority'], 'her columns are as before';
};

subtest 'columns at the same position keep the usual order' => sub {
    my $res = choose($alice, service => 1, status => 1, kind => 2);
    is $res->code, 303, 'saved';
    is_deeply headers_of($alice), ['Status', 'Service', 'Type'], 'Status before Service, then Type';
};

subtest '"Reset to default" brings the usual columns back' => sub {
    my $res = reset_columns($alice);
    is $res->code, 303, 'reset: 303';
    like $res->header('Location') // '', qr{/helpdesk/tickets$}, 'to the list';
    is_deeply headers_of($alice), \@DEFAULT, join(', ', @DEFAULT);
    my $f = form_fields($alice->get(portal('/helpdesk/tickets/columns')), $FORM);
    is_deeply [grep { $f->{"show_$_"} } @KEYS], [qw(reference summary status service requester updated)],
        'the columns page shows the defaults';
};

done_testing();
