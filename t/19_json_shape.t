# The JSON API has one shape: a script written against one answer works
# on the next.  Every kind of page is read as JSON -- lists with no row,
# one row and many, a ticket with one entry of history and with several,
# forms with no error, one and several, error pages -- and every member
# must have the type README promises: numbers as numbers, true/false as
# booleans, lists as arrays whatever their length, everything else
# strings and objects.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request::Common qw(POST);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

# What README's "JSON" section promises, by path ("[]": any element of an
# array).  A value not named here is a string, a container an object.
my %PROMISED = (
    # numbers
    'today.services[].id'           => 'number',
    'today.services[].incident.id'  => 'number',
    'today.services[].incident.affected' => 'number',
    'today.services[].maintenance.id' => 'number',
    'today.open.affected[].incident-id' => 'number',
    'today.news[].id'               => 'number',
    'today.faq[].id'                => 'number',
    'ticket-form.known-issues[].id' => 'number',
    'services.service[].id'         => 'number',
    'services.service[].incident.id' => 'number',
    'services.service[].incident.affected' => 'number',
    'services.service[].maintenance.id' => 'number',
    'service.id'                    => 'number',
    'service.incident.id'           => 'number',
    'service.incident.affected'     => 'number',
    'service.incidents[].id'        => 'number',
    'service.incidents[].affected'  => 'number',
    'service.incidents[].update[].id' => 'number',
    'service.uptime.days'           => 'number',
    'service.maintenances[].id'     => 'number',
    'service.maintenance.id'        => 'number',
    'service.uptime.day[].amber-minutes' => 'number',
    'service.uptime.day[].red-minutes' => 'number',
    'service.uptime.day[].maintenance-minutes' => 'number',
    'ticket-form.services[].id'     => 'number',
    'tickets.count-shown'           => 'number',
    'tickets.rows[].priority'       => 'number',
    'ticket.id'                     => 'number',
    # attachments (page_attach.c): the list is on every ticket, the form
    # wherever one may attach; each file's own members are checked by t/47
    'attach-form.max-size'          => 'number',
    'attach-form.max-files'         => 'number',
    'attach-form.internal-allowed'  => 'boolean',
    # a ticket's files, in its list and under the entry that attached them
    'ticket.attachments[].id'       => 'number',
    'ticket.attachments[].size'     => 'number',
    'ticket.attachments[].image'    => 'boolean',
    'ticket.attachments[].internal' => 'boolean',
    'ticket.activity[].attachments[].id'       => 'number',
    'ticket.activity[].attachments[].size'     => 'number',
    'ticket.activity[].attachments[].image'    => 'boolean',
    'ticket.activity[].attachments[].internal' => 'boolean',
    # the new-ticket form's file chooser (page_ticket_new.c)
    'ticket-form.max-size'          => 'number',
    'ticket-form.max-files'         => 'number',
    'ticket.priority'               => 'number',
    'columns-form.column[].position' => 'number',
    'error.status'                  => 'number',
    'account.api-tokens.list[].id'  => 'number',
    'account.api-tokens.new-token.id' => 'number',
    'undelivered.messages[].id'     => 'number',
    'undelivered.messages[].attempts' => 'number',
    # booleans
    'account.mail.sending'            => 'boolean',
    'account.mail-address.sending'    => 'boolean',
    'account-password.must-change'    => 'boolean',
    'notifications.sending'           => 'boolean',
    'notifications.saved'             => 'boolean',
    'notifications.topics[].wanted'   => 'boolean',
    'notifications.teams[].member'    => 'boolean',
    'undelivered.sending'             => 'boolean',
    'ticket-form.services[].shared'   => 'boolean',
    'ticket-form.services[].selected' => 'boolean',
    'ticket-form.teams[].selected'    => 'boolean',
    'tickets.statuses[].selected'     => 'boolean',
    'tickets.views[].current'         => 'boolean',
    'tickets.sorts[].selected'        => 'boolean',
    'tickets.rows[].shared'           => 'boolean',
    'ticket.shared'                   => 'boolean',
    'ticket.can-comment'              => 'boolean',
    'ticket.can-resolve'              => 'boolean',
    'ticket.can-cancel'               => 'boolean',
    'columns-form.column[].shown'     => 'boolean',
    'login.loggedout'                 => 'boolean',
    'today.services[].subscribed'     => 'boolean',
    'today.services[].incident.affected-by-me' => 'boolean',
    'ticket-form.known-issues[].affected-by-me' => 'boolean',
    'services.agent'                  => 'boolean',
    'services.service[].subscribed'   => 'boolean',
    'services.service[].incident.affected-by-me' => 'boolean',
    'service.subscribed'              => 'boolean',
    'service.subscription.subscribed' => 'boolean',
    'service.incident.affected-by-me' => 'boolean',
    'service.incidents[].affected-by-me' => 'boolean',
    'service.status-form.light[].selected' => 'boolean',
    'service.status-form.incident-status[].selected' => 'boolean',
    # lists
    'today.services'          => 'array',
    'today.waiting'           => 'array',
    'today.open.ticket'       => 'array',
    'today.open.affected'     => 'array',
    'today.news'              => 'array',
    'today.faq'               => 'array',
    'ticket-form.known-issues' => 'array',
    'services.service'        => 'array',
    'service.incidents'       => 'array',
    'service.incidents[].update' => 'array',
    'service.uptime.day'      => 'array',
    'service.maintenances'    => 'array',
    # every incident has its updates and linked tickets, also when none
    # are shown (the board's)
    'today.services[].incident.update' => 'array',
    'today.services[].incident.linked' => 'array',
    'services.service[].incident.update' => 'array',
    'services.service[].incident.linked' => 'array',
    'service.incident.update' => 'array',
    'service.incident.linked' => 'array',
    'service.incidents[].linked' => 'array',
    'service.status-form.error' => 'array',
    'service.status-form.light' => 'array',
    'service.status-form.incident-status' => 'array',
    'tickets.statuses'        => 'array',
    'tickets.views'           => 'array',
    'tickets.sorts'           => 'array',
    'tickets.columns'         => 'array',
    'tickets.rows'            => 'array',
    'ticket.activity'         => 'array',
    'ticket.attachments'      => 'array',
    'ticket.activity[].attachments' => 'array',
    'ticket-form.services'    => 'array',
    'ticket-form.teams'       => 'array',
    'ticket-form.colleagues'  => 'array',
    'ticket-form.errors'      => 'array',
    'columns-form.column'     => 'array',
    'columns-form.errors'     => 'array',
    'comment-form.errors'     => 'array',
    'account.api-tokens.list' => 'array',
    'account.api-tokens.errors' => 'array',
    'account.contact.errors'  => 'array',
    'account.mail-address.errors' => 'array',
    'account-password.errors' => 'array',
    'notifications.topics'    => 'array',
    'notifications.teams'     => 'array',
    'undelivered.messages'    => 'array',
    # "Forgot your password?", a supervisor's logins, their dashboard
    'forgot.sent'             => 'boolean',
    'forgot.valid-hours'      => 'number',
    'logins.count'            => 'number',
    'logins.total'            => 'number',
    'logins.people'           => 'array',
    'logins.people[].has-mail' => 'boolean',
    'logins.people[].open-tickets' => 'number',
    'logins.people[].total-tickets' => 'number',
    'login-detail.valid-hours' => 'number',
    'login-detail.person.has-mail' => 'boolean',
    'login-detail.person.open-tickets' => 'number',
    'login-detail.person.total-tickets' => 'number',
    'login-detail.resets'     => 'array',
    'tickets.dashboard.open'  => 'number',
    'tickets.dashboard.on-desk' => 'number',
    'tickets.dashboard.waiting-on-us' => 'number',
    'tickets.dashboard.by-status' => 'array',
    'tickets.dashboard.by-status[].tickets' => 'number',
    'tickets.dashboard.oldest-open.id' => 'number',
);

# Every path of a document with the type found there: { path => [types] }.
sub types_in {
    my ($v, $path, $out) = @_;
    my $type = json_type($v);
    push @{ $out->{$path} }, $type;
    if ($type eq 'array') {
        types_in($_, "$path\[]", $out) for @$v;
    } elsif ($type eq 'object') {
        types_in($v->{$_}, length $path ? "$path.$_" : $_, $out) for sort keys %$v;
    }
    return $out;
}

sub promised {
    my ($path, $type) = @_;
    return $PROMISED{$path} // ($type eq 'array' || $type eq 'object' ? 'object' : 'string');
}

my %seen; # path => 1, over every document read

# Reads a response as JSON and checks every member's type against the
# promise (before any value is looked at); the decoded document.
sub checked {
    my ($what, $res, $status) = @_;
    is $res->code, $status, "$what: $status";
    like $res->header('Content-Type') // '', qr{^application/json}, "$what: JSON";
    my $j = eval { json_of($res) };
    ok $j, "$what: it parses" or return {};
    my $types = types_in($j, '', {});
    my %wrong;
    for my $path (keys %$types) {
        $seen{$path} = 1;
        for my $type (@{ $types->{$path} }) {
            my $want = promised($path, $type);
            $wrong{"$path is $type, not $want"} = 1 if $type ne $want;
        }
    }
    is_deeply [sort keys %wrong], [], "$what: every member has its promised type";
    return $j;
}

sub json_get {
    my ($ua, $path) = @_;
    return $ua->get(ref $path ? $path : portal($path), Accept => 'application/json');
}

sub json_post {
    my ($ua, $path, @fields) = @_;
    return no_redirects($ua, sub {
        $ua->request(POST portal($path), \@fields, Accept => 'application/json');
    });
}

sub count_of { my ($v) = @_; return ref $v eq 'ARRAY' ? scalar @$v : 'not an array' }

my $alice = browser();
login($alice, 'alice');
my $tina = browser();
login($tina, 'tina');

# Three shared tickets of alice's carry $tag; one of them also $one.
my ($tag, $one, $none) = (new_tag(), new_tag(), new_tag());
my @refs = map {
    scalar log_ticket($alice, summary => "JSON shape $_ $tag" . ($_ == 1 ? " $one" : ''),
                      details => "For the JSON shape test.", shared => 1)
} 1 .. 3;

subtest 'Today' => sub {
    # alice says she is affected by the VPN outage (the demo's open
    # incident), so that her Today lists it.
    my $svc = json_of(json_get($alice, '/helpdesk/services/vpn'));
    my ($open) = grep { !$_->{resolved} } @{ $svc->{service}{incidents} // [] };
    ok $open, 'the demo has the VPN down' or return;
    is $alice->post(portal($open->{'affected-action'}), [csrf => $open->{'affected-csrf'}])->code, 200,
        'alice is affected too';
    my $j = checked('Today', json_get($alice, '/helpdesk/'), 200);
    is $j->{page}, 'today', 'the Today page';
    ok count_of($j->{today}{services}) > 1, 'services: an array of them';
    is json_type($j->{today}{services}[0]{id}), 'number', 'ids are numbers';
};

subtest 'Service Updates: the board, and one service as the desk sees it' => sub {
    my $j = checked('services', json_get($alice, '/helpdesk/services'), 200);
    ok count_of($j->{services}{service}) > 1, 'services: an array';
    $j = checked('a service', json_get($tina, '/helpdesk/services/vpn'), 200);
    is count_of($j->{service}{uptime}{day}), 90, 'ninety days';
    ok count_of($j->{service}{incidents}) >= 1, 'its incidents';
    $j = checked('a service with maintenance', json_get($alice, '/helpdesk/services/telephony'), 200);
};

for my $view (qw(mine org all)) {
    for my $case (['no row', $none, 0], ['one row', $one, 1], ['three rows', $tag, 3]) {
        my ($what, $q, $n) = @$case;
        subtest "the list '$view' with $what" => sub {
            my $j = checked("$view, $what",
                            json_get($alice, tickets_url(view => $view, q => $q)), 200);
            my $l = $j->{tickets} // {};
            is count_of($l->{rows}), $n, "rows: an array of $n";
            is $l->{'count-shown'}, $n, "count-shown: $n";
            is_deeply [sort map { $_->{ref} } @{ ref $l->{rows} eq 'ARRAY' ? $l->{rows} : [] }],
                [sort @refs[ $n == 1 ? (0) : $n == 3 ? (0 .. 2) : () ]], 'the tickets searched for';
            is count_of($l->{views}), 3, 'views: an array of 3';
            is_deeply [map { json_bool($_->{current}) } @{ $l->{views} // [] }],
                [map { $_ eq $view ? 'true' : 'false' } qw(mine org all)], 'the current view is true, the others false';
            is count_of($l->{sorts}), 4, 'sorts: an array of 4';
            ok count_of($l->{statuses}) > 1, 'statuses: an array';
            ok count_of($l->{columns}) >= 1, 'columns: an array';
            is json_type($l->{paging}), 'object', 'paging: an object, also without a next page';
            is json_bool($_->{shared}), 'true', "$_->{ref}: shared is true" for @{ $l->{rows} // [] };
        };
    }
}

subtest 'a list as a later page: paging links' => sub {
    my $j = checked('a later page',
                    json_get($alice, tickets_url(q => $tag, sort => 'created', dir => 'asc', after => '0~0')), 200);
    is count_of($j->{tickets}{rows}), 3, 'rows: the three';
    like $j->{tickets}{paging}{'first-href'} // '', qr{^/helpdesk/tickets\?}, 'paging links back to the first page';
};

subtest "a long list: the service desk's" => sub {
    # Every open ticket there is: often more than a page.
    my $j = checked('all, as the service desk', json_get($tina, tickets_url(view => 'all')), 200);
    my $rows = count_of($j->{tickets}{rows});
    ok $rows >= 3 && $rows <= 25, "rows: an array ($rows)";
    is $j->{tickets}{'count-shown'}, $rows, 'count-shown says as many';
    is json_type($j->{tickets}{paging}), 'object', 'paging: an object';
    like $j->{tickets}{paging}{'next-href'}, qr{^/helpdesk/tickets\?.*after=}, 'with the next page'
        if $rows == 25;
};

my $new_ref = $refs[0];
subtest 'a ticket with one entry of history' => sub {
    my $j = checked('one entry', json_get($alice, "/helpdesk/tickets/$new_ref"), 200);
    my $t = $j->{ticket} // {};
    is count_of($t->{activity}), 1, 'activity: an array of 1';
    is $t->{activity}[0]{kind}, 'created', 'its creation';
    is $t->{id}, ($new_ref =~ /(\d+)/)[0], 'id: the number of the reference';
    is json_bool($t->{$_}), 'true', "$_: true" for qw(shared can-comment can-resolve can-cancel);
    is json_type($t->{details}), 'object', 'details: an object';
    like $t->{details}{text} // '', qr/For the JSON shape test/, 'with the text';
    is json_type($j->{actions}), 'object', 'actions: an object';
};

subtest 'a ticket with several entries of history' => sub {
    my $ref = $refs[1];
    comment_ticket($alice, $ref, "First comment $tag");
    comment_ticket($alice, $ref, "true");
    my $j = checked('three entries', json_get($alice, "/helpdesk/tickets/$ref"), 200);
    my $t = $j->{ticket} // {};
    is count_of($t->{activity}), 3, 'activity: an array of 3';
    is_deeply [map { $_->{kind} } @{ $t->{activity} // [] }], [qw(created comment comment)],
        'created, then the comments';
    is json_type($t->{activity}[2]{text}), 'string', 'a comment that reads "true" is a string';
    is $t->{activity}[2]{text}, 'true', 'and says what was typed';
};

subtest 'a ticket as someone who may only read it' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $j = checked('bob reads it', json_get($bob, "/helpdesk/tickets/$refs[2]"), 200);
    is json_bool($j->{ticket}{$_}), 'false', "$_: false" for qw(can-comment can-resolve can-cancel);
    ok !exists $j->{actions}, 'no actions';
};

subtest 'a ticket just logged, and a confirmation step' => sub {
    my $j = checked('?created=1', json_get($alice, "/helpdesk/tickets/$refs[2]?created=1"), 200);
    is_deeply $j->{notice}, { kind => 'created', ref => $refs[2] }, 'notice: an object';
    $j = checked('resolve?', json_get($alice, "/helpdesk/tickets/$refs[2]/resolve"), 200);
    is_deeply $j->{confirm}, { action => 'resolve' }, 'confirm: an object';
};

subtest 'a comment refused' => sub {
    my $t = json_of(json_get($alice, "/helpdesk/tickets/$refs[2]"));
    my $j = checked('an empty comment',
        json_post($alice, "/helpdesk/tickets/$refs[2]/comment",
                  csrf => $t->{actions}{'comment-csrf'}, body => ''), 400);
    is count_of($j->{'comment-form'}{errors}), 1, 'comment-form.errors: an array of 1';
    is $j->{'comment-form'}{errors}[0]{field}, 'body', 'about the comment';
};

subtest 'the new-ticket form, without an error, with one and with several' => sub {
    my $j = checked('the form', json_get($alice, '/helpdesk/tickets/new'), 200);
    my $f = $j->{'ticket-form'} // {};
    is count_of($f->{errors}), 0, 'errors: an empty array';
    ok count_of($f->{services}) > 1, 'services: an array';
    ok count_of($f->{teams}) > 1, 'teams: an array';
    ok count_of($f->{colleagues}) >= 1, 'colleagues: an array';
    is_deeply [grep { $_->{login} eq 'alice' } @{ $f->{colleagues} // [] }], [], 'of others';
    is scalar(grep { json_bool($_->{selected}) eq 'true' } @{ $f->{teams} // [] }), 1,
        'one team selected: the default';
    is $f->{values}{shared}, 'default', 'values.shared: the form as it stands ("default")';
    is json_type($f->{requester}), 'object', 'requester: an object';
    my ($payroll) = grep { $_->{name} eq 'Payroll' } @{ $f->{services} // [] };
    is $payroll && json_bool($payroll->{shared}), 'false', "Payroll's default: private";
    my $service = $f->{services}[0]{id};
    my ($team) = map { $_->{code} } grep { json_bool($_->{selected}) eq 'true' } @{ $f->{teams} // [] };

    $j = checked('one error', json_post($alice, '/helpdesk/tickets/new',
        csrf => $f->{csrf}, kind => 'incident', service => $service, team => $team,
        summary => '', details => "One error $tag", shared => 1), 400);
    $f = $j->{'ticket-form'} // {};
    is count_of($f->{errors}), 1, 'errors: an array of 1';
    is $f->{values}{shared}, 'true', 'values.shared echoes the form: the string "true"';
    is $f->{values}{service}, "$service", 'values.service too, as sent';

    $f = json_of(json_get($alice, '/helpdesk/tickets/new'))->{'ticket-form'} // {};
    $j = checked('several errors', json_post($alice, '/helpdesk/tickets/new',
        csrf => $f->{csrf}, kind => '', service => '', team => '', summary => '', details => ''), 400);
    ok count_of($j->{'ticket-form'}{errors}) > 1, 'errors: an array of them';
};

subtest 'a ticket logged through the API' => sub {
    my $f = json_of(json_get($alice, '/helpdesk/tickets/new'))->{'ticket-form'} // {};
    my ($team) = map { $_->{code} } grep { json_bool($_->{selected}) eq 'true' } @{ $f->{teams} // [] };
    my $j = checked('201', json_post($alice, '/helpdesk/tickets/new',
        csrf => $f->{csrf}, kind => 'request', service => $f->{services}[0]{id}, team => $team,
        summary => 'true', details => '42', shared => 0), 201);
    is count_of($j->{ticket}{activity}), 1, 'activity: an array of 1';
    is json_type($j->{ticket}{summary}), 'string', 'a summary of "true" is a string';
    is json_bool($j->{ticket}{shared}), 'false', 'shared: false';
    is json_type($j->{ticket}{priority}), 'number', 'priority: a number';
};

subtest 'a ticket logged through the API with a file: the attached entry carries it' => sub {
    my $f = json_of(json_get($alice, '/helpdesk/tickets/new'))->{'ticket-form'} // {};
    is json_type($f->{'max-size'}), 'number', 'ticket-form.max-size: a number';
    is json_type($f->{'max-files'}), 'number', 'ticket-form.max-files: a number';
    my ($team) = map { $_->{code} } grep { json_bool($_->{selected}) eq 'true' } @{ $f->{teams} // [] };
    my $res = no_redirects($alice, sub {
        $alice->request(POST portal('/helpdesk/tickets/new'), Accept => 'application/json',
            Content_Type => 'form-data',
            Content => [csrf => $f->{csrf}, kind => 'incident', service => $f->{services}[0]{id},
                        team => $team, summary => "JSON shape file $tag", details => 'With a file.',
                        description => 'A note',
                        file => [undef, "note-$tag.txt", Content => "a note\n",
                                 'Content-Type' => 'text/plain']]) });
    my $j = checked('201 with a file', $res, 201);
    my @a = grep { $_->{kind} eq 'attached' } @{ $j->{ticket}{activity} // [] };
    is scalar(@a), 1, 'one attached entry';
    is count_of($a[0]{attachments}), 1, 'its attachments: an array of 1';
    is json_type($a[0]{attachments}[0]{size}), 'number', 'size: a number';
};

subtest 'choosing columns' => sub {
    my $j = checked('the columns', json_get($alice, '/helpdesk/tickets/columns'), 200);
    my $f = $j->{'columns-form'} // {};
    is count_of($f->{column}), 14, 'column: an array of 14 (staff: all but Due)';
    is_deeply [map { $_->{position} } @{ $f->{column} // [] }[0 .. 2]], [1, 2, 3],
        'positions: numbers';
    $j = checked('none chosen', json_post($alice, '/helpdesk/tickets/columns', csrf => $f->{csrf}), 400);
    is count_of($j->{'columns-form'}{errors}), 1, 'errors: an array of 1';
    is count_of($j->{'columns-form'}{column}), 14, 'and the columns again';
};

subtest 'the account page and its API tokens' => sub {
    my $j = checked('account', json_get($alice, '/helpdesk/account'), 200);
    my $t = $j->{account}{'api-tokens'} // {};
    is json_type($t->{list}), 'array', 'list: an array, also when empty';
    $j = checked('a token without a name', json_post($alice, '/helpdesk/account/tokens',
                                                     csrf => $t->{csrf}, name => ''), 400);
    is count_of($j->{account}{'api-tokens'}{errors}), 1, 'errors: an array of 1';
    $j = checked('a token made', json_post($alice, '/helpdesk/account/tokens',
                                           csrf => $t->{csrf}, name => "JSON shape $tag"), 201);
    my $new = $j->{account}{'api-tokens'}{'new-token'} // {};
    is json_type($new->{id}), 'number', 'new-token.id: a number';
    like $new->{token} // '', qr/^hdt_\d+_/, 'new-token.token: the token';
    my ($row) = grep { $_->{name} eq "JSON shape $tag" } @{ $j->{account}{'api-tokens'}{list} // [] };
    is json_type($row && $row->{id}), 'number', 'list[].id: a number';
    # Revoked at once: a test has no use for it afterwards.
    is json_post($alice, $row->{revoke}, csrf => $row->{'revoke-csrf'})->code, 303, 'revoked';
};

subtest 'contact details, e-mail address, password' => sub {
    my $j = checked('account', json_get($alice, '/helpdesk/account'), 200);
    my $a = $j->{account} // {};
    is json_bool($a->{'mail-address'}{sending}), 'true', 'mail-address.sending: true';
    $j = checked('a bad phone', json_post($alice, $a->{contact}{action}, csrf => $a->{contact}{csrf},
                                          phone => 'no number', mobile => 'none either', room => ''), 400);
    is count_of($j->{account}{contact}{errors}), 2, 'contact.errors: an array of 2';
    $j = checked('a bad address', json_post($alice, $a->{'mail-address'}{action},
                                            csrf => $a->{'mail-address'}{csrf}, mail => 'nowhere'), 400);
    is count_of($j->{account}{'mail-address'}{errors}), 1, 'mail-address.errors: an array of 1';
    $j = checked('the password page', json_get($alice, '/helpdesk/account/password'), 200);
    my $p = $j->{'account-password'} // {};
    is json_bool($p->{'must-change'}), 'false', 'must-change: false';
    $j = checked('two different new passwords', json_post($alice, $p->{action}, csrf => $p->{csrf},
                                                          current => 'x', new => 'y1', again => 'y2'), 400);
    is count_of($j->{'account-password'}{errors}), 1, 'errors: an array of 1';
};

subtest 'mail: the choices, and the desk\'s undelivered mail' => sub {
    my $j = checked('alice\'s choices', json_get($alice, '/helpdesk/account/notifications'), 200);
    ok count_of($j->{notifications}{topics}) >= 5, 'topics: an array';
    ok !exists $j->{notifications}{teams}, 'no teams for staff';
    $j = checked('tina\'s choices', json_get($tina, '/helpdesk/account/notifications'), 200);
    ok count_of($j->{notifications}{teams}) >= 1, 'teams: an array, for agents';
    is json_bool($j->{notifications}{sending}), 'true', 'sending: true (this stack sends mail)';
    # One of alice's confirmations, given up, for the desk to see.
    my ($n) = $refs[0] =~ /(\d+)$/;
    my $row;
    for (1 .. 60) {   # the mail job makes it within a second or two
        ($row) = db_rows("SELECT id FROM mail_outbox WHERE ticket_id = $n ORDER BY id LIMIT 1");
        last if $row;
        select undef, undef, undef, 0.25;
    }
    ok $row, 'the confirmation of a JSON-shape ticket is in the outbox' or return;
    db_rows("UPDATE mail_outbox SET state = 'dead', attempts = 3, last_error = 'JSON shape' WHERE id = $row->[0]");
    $j = checked('undelivered mail', json_get($tina, '/helpdesk/desk/mail'), 200);
    my ($m) = grep { $_->{id} eq $row->[0] } @{ $j->{undelivered}{messages} // [] };
    ok $m, 'the message is listed' or return;
    is json_type($m->{attempts}), 'number', 'attempts: a number';
    is json_post($tina, $m->{retry}, csrf => $m->{'retry-csrf'})->code, 303, 'sent again';
    checked('undelivered mail for staff', json_get($alice, '/helpdesk/desk/mail'), 403);
};

subtest 'error pages' => sub {
    my $j = checked('404', json_get($alice, '/helpdesk/no-such-page'), 404);
    is $j->{error}{status}, 404, 'status: the number 404';
    is $j->{error}{title}, 'Page not found', 'with its title';
    $j = checked('405', json_post($alice, '/helpdesk/'), 405);
    is $j->{error}{status}, 405, 'status: the number 405';
};

subtest 'the login page' => sub {
    my $anon = browser();
    my $j = checked('login', json_get($anon, '/helpdesk/login'), 200);
    is json_type($j->{login}{problem}), 'string', 'problem: a string';
    is $j->{login}{problem}, 'none', 'problem: "none"';
    is json_bool($j->{login}{loggedout}), 'false', 'loggedout: false';
    $j = checked('login after logging out', json_get($anon, '/helpdesk/login?loggedout=1'), 200);
    is json_bool($j->{login}{loggedout}), 'true', 'loggedout: true';
};

subtest 'forgotten passwords, a supervisor\'s logins and dashboard' => sub {
    my $anon = browser();
    my $j = checked('forgot', json_get($anon, '/helpdesk/password/forgot'), 200);
    is json_bool($j->{forgot}{sent}), 'false', 'sent: false';
    is json_type($j->{forgot}{'valid-hours'}), 'number', 'valid-hours: a number';
    $j = checked('forgot, answered', json_get($anon, '/helpdesk/password/forgot?sent=1'), 200);
    is json_bool($j->{forgot}{sent}), 'true', 'sent: true';
    my $sam = browser();
    login($sam, 'sam');
    $j = checked('logins', json_get($sam, '/helpdesk/logins'), 200);
    ok count_of($j->{logins}{people}) >= 3, 'people: an array';
    $j = checked('logins, searched for nobody', json_get($sam, '/helpdesk/logins?q=zzzznobody'), 200);
    is count_of($j->{logins}{people}), 0, 'people: an empty array';
    $j = checked('one login', json_get($sam, '/helpdesk/logins/bob'), 200);
    is json_bool($j->{'login-detail'}{person}{'has-mail'}), 'true', 'has-mail: true';
    $j = checked('organisation view', json_get($sam, '/helpdesk/tickets?view=org'), 200);
    is json_type($j->{tickets}{dashboard}{open}), 'number', 'dashboard.open: a number';
    checked('logins for staff', json_get($alice, '/helpdesk/logins'), 403);
};

subtest 'every promised member was seen' => sub {
    is_deeply [grep { !$seen{$_} } sort keys %PROMISED], [],
        'no promise left untested (a renamed member would show here)';
};

done_testing();
