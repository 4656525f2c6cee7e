# Who sees which ticket and who may act on it: the same answer in HTML,
# XML and JSON, in lists, search and filters; a ticket someone may not see
# does not exist for them (the very 404 of a ticket that never existed).
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);
use HTTP::Request::Common qw(POST);

my $tag = new_tag();
my $secret = new_tag();   # a word only in the details of alice's private ticket
my $MISSING = 'HD-999999';
my @ALL = qw(waiting_support in_review waiting_client escalated_t2 in_progress
             escalated_t3 pending_closure closed cancelled);
my %ACCEPT = (html => 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
              xml => 'application/xml', json => 'application/json');

my %ua;
for my $user (qw(alice bob carol dave sam tina)) {
    $ua{$user} = browser();
    login($ua{$user}, $user);
}

# The tickets of the story.
my %t;
$t{alice_shared}  = log_ticket($ua{alice}, summary => "Alice shared $tag", details => 'Shared with Psychiatry.');
$t{alice_private} = log_ticket($ua{alice}, summary => "Alice private $tag", shared => 0,
                               details => "Private to alice: $secret.");
$t{carol_shared}  = log_ticket($ua{carol}, summary => "Carol shared $tag", details => 'Shared with the Business Office.');
$t{carol_private} = log_ticket($ua{carol}, summary => "Carol private $tag", shared => 0,
                               details => 'Private to carol.');
$t{bob_for_alice} = log_ticket($ua{bob}, summary => "Bob for alice $tag", on_behalf => 'alice', shared => 0,
                               details => 'Logged by bob, private.');
my @TICKETS = qw(alice_shared alice_private carol_shared carol_private bob_for_alice);

# Who may see each ticket, and who may act on it.
my %sees = (
    alice => [qw(alice_shared alice_private bob_for_alice)],
    bob   => [qw(alice_shared bob_for_alice)],
    carol => [qw(carol_shared carol_private)],
    dave  => [qw(carol_shared)],
    sam   => [qw(alice_shared alice_private bob_for_alice)],
    tina  => [@TICKETS],
);
my %acts = (
    alice_shared  => [qw(alice)],
    alice_private => [qw(alice)],
    carol_shared  => [qw(carol)],
    carol_private => [qw(carol)],
    bob_for_alice => [qw(alice bob)],
);
sub sees { my ($u, $k) = @_; scalar grep { $_ eq $k } @{ $sees{$u} } }
sub acts { my ($u, $k) = @_; scalar grep { $_ eq $u } @{ $acts{$k} } }
sub refs_of { [sort map { $t{$_} } @_] }

# What a ticket that does not exist looks like, per user and format.
my %missing;
for my $user (keys %ua) {
    for my $f (qw(html xml json)) {
        $missing{$user}{$f} = $ua{$user}->get(portal("/helpdesk/tickets/$MISSING"), Accept => $ACCEPT{$f});
    }
}

subtest 'a ticket that does not exist is "Page not found"' => sub {
    my $m = $missing{carol};
    is $m->{html}->code, 404, 'HTML: 404';
    like text_of($m->{html}, '//main'), qr/Page not found/, 'Page not found';
    is $m->{xml}->code, 404, 'XML: 404';
    like $m->{xml}->content, qr{<error status="404"}, 'an XML error';
    is $m->{json}->code, 404, 'JSON: 404';
    is eval { json_of($m->{json})->{error}{title} }, 'Page not found', 'a JSON error';
};

for my $user (qw(alice bob carol dave sam tina)) {
    my @seen = @{ $sees{$user} };
    subtest "$user opens each ticket: sees " . (@seen == @TICKETS ? 'all of them' : join(', ', @seen) || 'none')
            . ', the others do not exist for them' => sub {
        for my $k (@TICKETS) {
            my $ref = $t{$k};
            for my $f (qw(html xml json)) {
                my $res = $ua{$user}->get(portal("/helpdesk/tickets/$ref"), Accept => $ACCEPT{$f});
                if (sees($user, $k)) {
                    is $res->code, 200, "$f: $k ($ref) opens";
                    my $can = acts($user, $k) ? 'true' : 'false';
                    if ($f eq 'xml') {
                        my $x = eval { xml_of($res) };
                        is $x && $x->findvalue('/helpdesk/ticket/@ref'), $ref, "xml: it is $ref";
                        is $x && $x->findvalue("/helpdesk/ticket/\@can-$_"), $can, "xml: can-$_ $can"
                            for qw(comment resolve cancel);
                        is $x && $x->findvalue('count(/helpdesk/actions)'), acts($user, $k) ? 1 : 0,
                            'xml: actions ' . (acts($user, $k) ? 'offered' : 'not offered');
                    } elsif ($f eq 'json') {
                        my $j = eval { json_of($res) } // {};
                        is $j->{ticket}{ref}, $ref, "json: it is $ref";
                        is json_bool($j->{ticket}{"can-$_"}), $can, "json: can-$_ $can"
                            for qw(comment resolve cancel);
                    } else {
                        my $form = page_of($res)->findnodes(qq{//main//form[contains(\@action, "/$ref/comment")]});
                        is $form ? 1 : 0, acts($user, $k) ? 1 : 0,
                            'html: ' . (acts($user, $k) ? 'a comment box' : 'no comment box');
                    }
                } else {
                    is $res->code, 404, "$f: $k ($ref) is 404";
                    like text_of($res, '//main'), qr/Page not found/, 'html: Page not found' if $f eq 'html';
                    ok same_not_found($res, $missing{$user}{$f}, $ref, $MISSING),
                        "$f: the same page as for $MISSING"
                        or diag $res->decoded_content;
                    unlike $res->decoded_content, qr/\Q$tag\E/, "$f: nothing of it shows";
                }
            }
        }
    };
}

subtest 'a reference in the search box opens only a ticket one may see' => sub {
    for my $user (qw(alice bob carol dave sam tina)) {
        my $none = $ua{$user}->get(tickets_url(view => 'all', q => $MISSING));
        for my $k (@TICKETS) {
            my $ref = $t{$k};
            my $res = no_redirects($ua{$user}, sub { ticket_list($ua{$user}, view => 'all', q => $ref) });
            if (sees($user, $k)) {
                is $res->header('Location'), "/helpdesk/tickets/$ref", "$user: $k ($ref) opens (303)";
            } else {
                ok same_not_found($res, $none, $ref, $MISSING),
                    "$user: $k ($ref) is an ordinary search, as for $MISSING"
                    or diag $res->code . ' ' . ($res->header('Location') // '');
            }
        }
    }
};

subtest 'lists and search never show a ticket to someone who may not see it' => sub {
    my $list = sub {
        my ($user, @q) = @_;
        return [sort @{ list_refs(ticket_list($ua{$user}, @q)) }];
    };
    for my $view (qw(mine org all)) {
        for my $status ([], \@ALL, ['closed']) {
            my @s = @$status ? (status => $status) : ();
            my $what = "view=$view" . (@s ? ' status=' . join(',', @$status) : '');
            my $got = $list->('carol', view => $view, q => $tag, @s);
            is_deeply [grep { $_ ne $t{carol_shared} && $_ ne $t{carol_private} } @$got], [],
                "carol, $what: none of the Psychiatry tickets";
            is_deeply $list->('carol', view => $view, q => $secret, @s), [],
                "carol, $what, searching a word of alice's private details: nothing";
            is_deeply $list->('bob', view => $view, q => $secret, @s), [],
                "bob, $what, the same search: nothing";
        }
    }
    is_deeply $list->('carol', view => 'mine', q => $tag), refs_of(qw(carol_shared carol_private)),
        'carol\'s "Created by me": her two tickets';
    ok((grep { $_ eq $t{carol_shared} } @{ $list->('carol', view => 'org', q => $tag) }),
        'carol\'s organisation view: her shared ticket');
    is_deeply $list->('carol', view => 'all', q => $tag), refs_of(qw(carol_shared carol_private)),
        'carol\'s All: her two tickets';
    is_deeply $list->('dave', view => 'org', q => $tag), refs_of(qw(carol_shared)),
        'dave\'s organisation view: carol\'s shared ticket only';
    is_deeply $list->('dave', view => 'all', q => $tag), refs_of(qw(carol_shared)), 'dave\'s All: the same';
    is_deeply $list->('alice', view => 'all', q => $tag), refs_of(qw(alice_shared alice_private bob_for_alice)),
        'alice\'s All: her tickets and the one bob logged for her';
    is_deeply $list->('alice', view => 'all', q => $secret), refs_of(qw(alice_private)),
        'alice finds her private ticket by a word of its details';
    is_deeply $list->('bob', view => 'all', q => $tag), refs_of(qw(alice_shared bob_for_alice)),
        'bob\'s All: alice\'s shared ticket and the one he logged';
    my $bob_org = $list->('bob', view => 'org', q => $tag);
    ok((grep { $_ eq $t{alice_shared} } @$bob_org), 'bob\'s organisation view: alice\'s shared ticket');
    ok(!(grep { $_ eq $t{alice_private} } @$bob_org), 'but not her private one');
    is_deeply $list->('sam', view => 'org', q => $tag), refs_of(qw(alice_shared alice_private bob_for_alice)),
        'sam\'s organisation view: every Psychiatry ticket, private ones too';
    is_deeply $list->('sam', view => 'all', q => $tag), refs_of(qw(alice_shared alice_private bob_for_alice)),
        'sam\'s All: the same, nothing of the Business Office';
    is_deeply $list->('sam', view => 'all', q => $secret), refs_of(qw(alice_private)),
        'sam finds alice\'s private ticket by its details';
    my $res = ticket_list($ua{sam}, view => 'mine', q => $tag);
    is scalar @{ list_rows($res) }, 0, 'sam\'s "Created by me" is empty';
    like text_of($res, '//main'), qr/No tickets match\./, 'and says so';
    is_deeply $list->('tina', view => 'all', q => $tag), refs_of(@TICKETS), 'tina\'s All: all five';

    for my $f (qw(json xml)) {
        for my $view (qw(mine org all)) {
            my $r = $ua{carol}->get(tickets_url(view => $view, q => $tag, status => \@ALL),
                                    Accept => $ACCEPT{$f});
            is $r->code, 200, "carol's $view list as $f";
            my $body = $r->decoded_content;
            unlike $body, qr/\Q$_\E/, "$f $view: no $_"
                for map { $t{$_} } qw(alice_shared alice_private bob_for_alice);
        }
    }
    my $j = json_of($ua{sam}->get(tickets_url(view => 'org', q => $tag, format => 'json')));
    is_deeply [sort map { $_->{ref} } @{ $j->{tickets}{rows} // [] }],
        refs_of(qw(alice_shared alice_private bob_for_alice)), 'sam\'s organisation list as JSON';
};

# Activity of every ticket, as tina (who sees all) reads it.
sub state_of {
    my ($k) = @_;
    my $x = xml_of(get_as($ua{tina}, 'xml', "/helpdesk/tickets/$t{$k}"));
    return join ' ', $x->findvalue('/helpdesk/ticket/@status'),
        map { $_->value } $x->findnodes('/helpdesk/ticket/activity/entry/@kind');
}

subtest 'nobody but the requester and the logger may comment, resolve or cancel' => sub {
    my %before = map { $_ => state_of($_) } @TICKETS;
    my %missing_post;
    for my $user (qw(alice bob carol dave sam tina)) {
        for my $k (@TICKETS) {
            next if acts($user, $k);
            my $ref = $t{$k};
            my $want = sees($user, $k) ? 403 : 404;
            for my $action (qw(comment resolve cancel)) {
                if ($action ne 'comment') {    # the confirmation step
                    my $res = $ua{$user}->get(portal("/helpdesk/tickets/$ref/$action"));
                    is $res->code, $want, "$user: GET $k/$action: $want";
                }
                for my $f (qw(html xml json)) {
                    my @fields = (csrf => csrf_token($ua{$user}, $ref, $action),
                                  $action eq 'comment' ? (body => "By $user $tag")
                                  : $action eq 'resolve' ? (solution => "By $user") : ());
                    my $post = sub {
                        my ($r) = @_;
                        return no_redirects($ua{$user}, sub {
                            $ua{$user}->request(POST portal("/helpdesk/tickets/$r/$action"), \@fields,
                                                Accept => $ACCEPT{$f});
                        });
                    };
                    my $res = $post->($ref);
                    is $res->code, $want, "$user: POST $k/$action as $f: $want";
                    if ($want == 404) {
                        $missing_post{"$user $action $f"} //= $post->($MISSING);
                        ok same_not_found($res, $missing_post{"$user $action $f"}, $ref, $MISSING),
                            "$user: $f: the same as for $MISSING";
                    }
                }
            }
        }
    }
    is state_of($_), $before{$_}, "$_: nothing changed" for @TICKETS;
};

subtest 'the requester and the logger may act' => sub {
    my $act = sub {
        my ($user, $k, $action, $f, @fields) = @_;
        my $ref = $t{$k};
        my $res = no_redirects($ua{$user}, sub {
            $ua{$user}->request(POST portal("/helpdesk/tickets/$ref/$action"),
                [csrf => csrf_token($ua{$user}, $ref, $action), @fields], Accept => $ACCEPT{$f});
        });
        ok $res->code == 303 || $res->is_success, "$user: $action on $k as $f (" . $res->code . ')';
        return $res;
    };
    my $status = sub { xml_of(get_as($ua{tina}, 'xml', "/helpdesk/tickets/$t{$_[0]}"))->findvalue('/helpdesk/ticket/@status') };

    $act->('alice', 'alice_shared', 'comment', 'html', body => "alice on her shared ticket $tag");
    $act->('alice', 'alice_private', 'comment', 'json', body => "alice on her private ticket $tag");
    $act->('carol', 'carol_shared', 'comment', 'xml', body => "carol on her shared ticket $tag");
    $act->('carol', 'carol_private', 'resolve', 'html', solution => 'Sorted.');
    is $status->('carol_private'), 'closed', 'carol resolved her private ticket';
    $act->('bob', 'bob_for_alice', 'comment', 'html', body => "bob on the ticket he logged $tag");
    $act->('alice', 'bob_for_alice', 'resolve', 'json');
    is $status->('bob_for_alice'), 'closed', 'alice, the requester, resolved the ticket bob logged';
    $act->('bob', 'bob_for_alice', 'comment', 'xml', body => "bob reopens it $tag");
    is $status->('bob_for_alice'), 'waiting_support', 'bob\'s comment reopened it';
    $act->('bob', 'bob_for_alice', 'cancel', 'html');
    is $status->('bob_for_alice'), 'cancelled', 'bob, the logger, cancelled it';
    $act->('alice', 'alice_private', 'cancel', 'xml');
    is $status->('alice_private'), 'cancelled', 'alice cancelled her private ticket';
    my @authors = map { $_->value } xml_of(get_as($ua{tina}, 'xml', "/helpdesk/tickets/$t{bob_for_alice}"))
        ->findnodes('/helpdesk/ticket/activity/entry/@author-login');
    ok((grep { $_ eq 'alice' } @authors) && (grep { $_ eq 'bob' } @authors),
        'the activity shows both alice and bob acting');

    my $res = ticket_list($ua{carol}, view => 'all', q => $tag, status => \@ALL);
    is_deeply [sort @{ list_refs($res) }], refs_of(qw(carol_shared carol_private)),
        'afterwards carol still sees only her own in every status';
    is_deeply [sort @{ list_refs(ticket_list($ua{sam}, view => 'org', q => $tag, status => ['cancelled'])) }],
        refs_of(qw(alice_private bob_for_alice)), 'sam filters the cancelled Psychiatry tickets';
    is_deeply [sort @{ list_refs(ticket_list($ua{bob}, view => 'all', q => $tag, status => ['cancelled'])) }],
        refs_of(qw(bob_for_alice)), 'bob\'s cancelled filter: not alice\'s private ticket';
};

done_testing();
