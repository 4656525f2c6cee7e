# A tour of every page in the states the data holds, as each demo user:
# every list a person can open shows in HTML the rows its XML has, and
# every kind of ticket the lists show them opens, with its confirmation
# steps when they are offered.  The stories before this one reach the
# states they are about; this one reaches the rest of what the demo data
# and those stories left behind (a ticket waiting for the client, one
# escalated, one with status changes by the desk ...), so that the
# stylesheets are checked on those too (t/xslt-captured.sh, which reads
# what HD_CAPTURE_XML captured).
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my %ROLE = (alice => 'staff', bob => 'staff', carol => 'staff', dave => 'staff',
            sam => 'supervisor', tina => 'agent');
my @STATUSES = map { $_->[0] } db_rows('SELECT code FROM ticket_statuses ORDER BY sort_order');
ok scalar @STATUSES, 'the workflow has statuses';

# What tells two tickets apart for the person looking: its status, and
# whether it is theirs (what they may do with it).
sub kind_of_ticket {
    my ($row, $user) = @_;
    my $g = sub { $row->getAttribute($_[0]) // '' };
    return join ' ', $g->('status'),
        ($g->('requester-login') eq $user || $g->('logged-by-login') eq $user ? 'theirs' : 'seen');
}

for my $user (qw(alice bob carol dave sam tina)) {
    subtest "the pages of $user" => sub {
        my $ua = browser();
        my $res = login($ua, $user);
        is $res->code, 200, 'Today opens';
        my $today = eval { xml_of(get_as($ua, 'xml', '/helpdesk/')) };
        is $today && $today->findvalue('/helpdesk/user/@role'), $ROLE{$user}, "as $ROLE{$user}";
        for my $path ('/helpdesk/tickets/new', '/helpdesk/tickets/columns') {
            is $ua->get(portal($path))->code, 200, "$path opens";
        }
        my (%kind, @open);
        for my $view (qw(mine org all)) {
            my $url = tickets_url(view => $view, status => \@STATUSES);
            my $x = eval { xml_of($ua->get($url, Accept => 'application/xml')) };
            ok $x, "$view: the list as XML" or next;
            my $html = $ua->get($url);
            is $html->code, 200, "$view opens";
            my @rows = $x->findnodes('/helpdesk/tickets/rows/ticket');
            is scalar @{ list_rows($html) }, scalar @rows,
                "$view: the page shows the rows of the XML (" . scalar(@rows) . ")";
            if (my $next = $x->findvalue('/helpdesk/tickets/paging/@next-href')) {
                is $ua->get(portal($next))->code, 200, "$view: the next page opens";
            }
        }
        # Every status, from all the tickets they may see.
        for my $status (@STATUSES) {
            my $x = eval { xml_of($ua->get(tickets_url(view => 'all', status => $status),
                                           Accept => 'application/xml')) };
            ok $x, "$status: the list as XML" or next;
            for my $row ($x->findnodes('/helpdesk/tickets/rows/ticket')) {
                next if $kind{ kind_of_ticket($row, $user) }++;
                push @open, [$row->getAttribute('ref'), $row->getAttribute('summary')];
            }
        }
        ok scalar @open, 'some tickets to open';
        for my $t (@open) {
            my ($ref, $summary) = @$t;
            my $x = eval { xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$ref")) };
            my $page = $ua->get(portal("/helpdesk/tickets/$ref"));
            is $page->code, 200, "$ref opens";
            is text_of($page, '//main//h1'), $summary, "$ref: its summary is the heading";
            my $status = $x ? $x->findvalue('/helpdesk/ticket/@status-name') : 'its XML';
            like text_of($page, '//main'), qr/\Q$status\E/, "$ref: says $status, as its XML";
            for my $step (qw(resolve cancel)) {
                next unless page_of($page)->findnodes(qq{//main//a[\@href="/helpdesk/tickets/$ref/$step"]});
                my $confirm = $ua->get(portal("/helpdesk/tickets/$ref/$step"));
                is $confirm->code, 200, "$ref: the $step step opens";
                ok form_node($confirm, qq{//main//form[contains(\@action, "/$ref/$step")]}),
                    "$ref: with its form";
            }
        }
    };
}

done_testing();
