# Logging a ticket: the form a member of staff fills in, what happens when
# something is missing or wrong, the reference they are given, and the
# same through the API.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);
use HTTP::Request::Common qw(POST);

my $FORM = '//form[.//*[@name="summary"]]';
my $tag = new_tag();    # in every summary this file creates

# The id and name of a service, by code, and its defaults.
my %service;
for my $row (db_rows('SELECT id, code, name, default_call_type, default_priority FROM services WHERE active = 1')) {
    my ($id, $code, $name, $call, $prio) = @$row;
    $service{$code} = { id => $id, name => $name, call_type => $call, priority => $prio };
}
my %priority_name = (1 => 'Critical', 2 => 'High', 3 => 'Medium', 4 => 'Low', 5 => 'Planning');

# Tickets carrying a word, seen by a user in every view and status.
my @ALL_STATUSES = qw(waiting_support in_review waiting_client escalated_t2
                      in_progress escalated_t3 pending_closure closed cancelled);
sub refs_with {
    my ($ua, $word) = @_;
    return list_refs(ticket_list($ua, view => 'all', status => \@ALL_STATUSES, q => $word));
}

my $alice = browser();
login($alice, 'alice');

subtest 'alice opens the new-ticket form and sees her own contact details' => sub {
    my $res = $alice->get(portal('/helpdesk/tickets/new'));
    is $res->code, 200, 'the form opens';
    my $doc = page_of($res);
    my $main = text_of($res, '//main');
    like $main, qr/Alice Archer/, 'her name as the requester';
    like $main, qr/\+44 20 7946 0101/, 'her phone number from the directory';
    like $main, qr/alice\@example\.org/, 'her e-mail address from the directory';

    my ($form) = $doc->findnodes($FORM);
    ok $form, 'a form with a summary';
    is lc($form->getAttribute('method') // ''), 'post', 'which posts';
    like $form->getAttribute('action') // '', qr{^(/helpdesk)?/tickets/new$|/helpdesk/tickets/new$},
        'to /helpdesk/tickets/new';

    my %radio = map { $_->getAttribute('value') => $_ }
                $form->findnodes('.//input[@type="radio"][@name="kind"]');
    is_deeply [sort keys %radio], [qw(incident request)], 'kind: Incident or Request';
    is label_of($radio{incident}), 'Incident — something is broken', 'the Incident label';
    is label_of($radio{request}), 'Request — something is wanted', 'the Request label';

    my %want = (
        on_behalf  => ['input[@type="text"]', "On behalf of (colleague's login)"],
        service    => ['select', 'Service / Asset'],
        team       => ['select', 'Service type / team'],
        summary    => ['input[@type="text"]', 'Summary'],
        details    => ['textarea', 'Details'],
        first_note => ['textarea', 'First note (optional)'],
    );
    for my $name (sort keys %want) {
        my ($what, $label) = @{ $want{$name} };
        my ($c) = $form->findnodes(".//$what\[\@name=\"$name\"]");
        ok $c, "a field $name ($what)" or next;
        is label_of($c), $label, "labelled \"$label\"";
    }
    my ($max) = $form->findnodes('.//input[@name="summary"]/@maxlength');
    is $max && $max->value, 200, 'the summary takes at most 200 characters';

    my @shared = $form->findnodes('.//input[@name="shared"]');
    is_deeply [map { $_->getAttribute('type') } @shared], [qw(radio radio radio)],
        'who can see it: three choices';
    is_deeply [map { $_->getAttribute('value') } @shared], ['', '1', '0'],
        "the service's default, shared, private";
    is_deeply [map { label_of($_) } @shared],
        ['As usual for the service', 'Share with colleagues in Psychiatry',
         'Private: only the people on the ticket and the service desk'], 'labelled';
    ok $shared[0] && $shared[0]->hasAttribute('checked'), "the service's default is chosen";
    like text_of($res, $FORM), qr/\QUnless you choose otherwise, tickets about Payroll are private; all others are shared with colleagues in Psychiatry.\E/,
        'and the form says plainly what that means';

    ok length(form_fields($res, $FORM)->{csrf} // ''), 'a hidden form token';
    my @opts = map { $_->textContent } $form->findnodes('.//select[@name="service"]/option');
    ok((grep { $_ eq 'E-mail' } @opts), 'services to choose from, e.g. E-mail');
    ok((grep { $_ eq 'Printing' } @opts), 'and Printing');
    is $form->findvalue('.//select[@name="team"]/option[@selected]/@value'), 'psyIT',
        'the default team is chosen: psyIT';
    my @teams = map { $_->textContent } $form->findnodes('.//select[@name="team"]/option');
    ok((grep { $_ eq 'psyIT — Psychiatry IT' } @teams), 'teams by name');
    ok $form->findnodes('.//button[normalize-space()="Log ticket"] | .//input[@type="submit"][@value="Log ticket"]'),
        'a "Log ticket" button';

    is scalar(() = $form->findnodes('.//*[@name][contains(translate(@name, "PRIOTYCAL", "priotycal"), "priority") or contains(translate(@name, "PRIOTYCAL", "priotycal"), "call")]')),
        0, 'no call type or priority field';
    unlike text_of($res, $FORM), qr/priority|call type/i, 'nor any mention of them';
};

subtest 'the form as XML names alice as the requester' => sub {
    my $res = get_as($alice, 'xml', '/helpdesk/tickets/new');
    is $res->code, 200, 'status 200';
    my $x = xml_of($res);
    is $x->findvalue('/helpdesk/@page'), 'ticket-new', 'the ticket-new page';
    is $x->findvalue('/helpdesk/ticket-form/@action'), '/helpdesk/tickets/new', 'the action';
    ok length $x->findvalue('/helpdesk/ticket-form/@csrf'), 'a token';
    is $x->findvalue('/helpdesk/ticket-form/requester/@login'), 'alice', 'requester alice';
    is $x->findvalue('/helpdesk/ticket-form/requester/@phone'), '+44 20 7946 0101', 'her phone';
    is $x->findvalue('/helpdesk/ticket-form/teams/team[@selected="true"]/@code'), 'psyIT',
        'psyIT preselected';
};

my ($incident, $incident_summary, $incident_details, $first_note);
subtest 'alice logs an incident and is given its reference to quote' => sub {
    my $svc = $service{printing};
    $incident_summary = "Ward printer jams $tag";
    $incident_details = "The printer on Ward 3 jams on every second page.\nIt shows error 13.";
    $first_note = "I can be reached on the ward until 17:00 $tag";
    my $form = $alice->get(portal('/helpdesk/tickets/new'));
    my $res = no_redirects($alice, sub {
        submit_form($alice, $form, $FORM, {
            kind => 'incident', service => $svc->{id}, summary => $incident_summary,
            details => $incident_details, first_note => $first_note });
    });
    is $res->code, 303, 'the form answers 303 See Other';
    my ($ref) = ($res->header('Location') // '') =~ m{/helpdesk/tickets/(HD-\d+)\?created=1$};
    ok $ref, 'to the new ticket, marked as just created' or diag $res->header('Location');
    $incident = $ref;

    $res = $alice->get(URI->new_abs($res->header('Location'), $res->request->uri));
    is $res->code, 200, 'the ticket page opens';
    my $main = text_of($res, '//main');
    like $main, qr/Ticket \Q$ref\E has been logged\.\s*Please quote this number if you contact the service desk\./,
        '"Ticket HD-NNNN has been logged. Please quote this number if you contact the service desk."';
    my $notice_at = index($main, 'Please quote this number');
    my $details_at = index($main, 'jams on every second page');
    ok $notice_at >= 0 && $details_at > $notice_at, 'the notice comes first, above the ticket';
    my $doc = page_of($res);
    ok $doc->findnodes(qq{//main//*[self::strong or self::h1 or self::h2 or self::em or self::b][contains(., "$ref")]}),
        'the reference itself stands out';
    like $main, qr/\Q$incident_summary\E/, 'the summary';
    like $main, qr/jams on every second page/, 'the details';
    like text_of($res, '//*[@id="activity"]'), qr/\Q$first_note\E/,
        'the first note is in the activity';
};

subtest 'the ticket is really stored: alice opens it again from a new browser' => sub {
    my $ua = browser();
    login($ua, 'alice');
    my $res = $ua->get(portal("/helpdesk/tickets/$incident"));
    is $res->code, 200, 'it opens';
    my $main = text_of($res, '//main');
    like $main, qr/\Q$incident_summary\E/, 'same summary';
    like $main, qr/It shows error 13\./, 'same details';
    unlike $main, qr/Please quote this number/, 'no "just logged" notice without ?created=1';
    like text_of($res, '//*[@id="activity"]'), qr/\Q$first_note\E/, 'the first note is still there';

    my $j = json_of(get_as($ua, 'json', "/helpdesk/tickets/$incident"));
    is $j->{page}, 'ticket', 'JSON: the ticket page';
    my $t = $j->{ticket} // {};
    is $t->{ref}, $incident, 'its reference';
    is $t->{kind}, 'incident', 'an incident';
    is $t->{summary}, $incident_summary, 'the summary';
    is $t->{service}, 'Printing', 'on Printing';
    is $t->{'requester-login'}, 'alice', 'for alice';
    is $t->{'logged-by-login'}, 'alice', 'logged by alice';
    is $t->{status}, 'waiting_support', 'waiting for support';
    is json_bool($t->{shared}), 'true', 'shared with her organisation (the default)';
    is $t->{priority}, $service{printing}{priority}, "priority from the service's default";
    is $t->{'priority-name'}, $priority_name{ $service{printing}{priority} // '' }, 'named';
    is $t->{'call-type'}, $service{printing}{call_type}, "call type from the service's default";

    my $x = xml_of(get_as($ua, 'xml', "/helpdesk/tickets/$incident"));
    my @notes = grep { index($_->textContent, $first_note) >= 0 }
                $x->findnodes('/helpdesk/ticket/activity/entry');
    is scalar @notes, 1, 'XML: the first note is one activity entry';
    is $notes[0] && $notes[0]->getAttribute('author-login'), 'alice', 'by alice';
};

subtest 'call type and priority follow the service chosen, not the person' => sub {
    # Two services whose defaults differ, when the catalogue has them.
    my @codes = sort { $service{$a}{id} <=> $service{$b}{id} } keys %service;
    my ($one) = @codes;
    my ($two) = grep { ($service{$_}{priority} // '') ne ($service{$one}{priority} // '')
                  || ($service{$_}{call_type} // '') ne ($service{$one}{call_type} // '') } @codes;
    $two //= $codes[-1];
    for my $code ($one, $two) {
        my $ref = log_ticket($alice, service => $service{$code}{id},
            summary => "Defaults of $code $tag", details => 'Checking the defaults.');
        my $t = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket};
        is $t->{service}, $service{$code}{name}, "$ref is on $service{$code}{name}";
        is $t->{priority}, $service{$code}{priority}, "priority $service{$code}{priority}";
        is $t->{'call-type'}, $service{$code}{call_type}, "call type $service{$code}{call_type}";
    }
};

subtest 'alice logs a request that is not shared' => sub {
    my ($ref, $res) = log_ticket($alice, kind => 'request', service => $service{intranet}{id},
        summary => "New intranet page for the ward $tag", details => 'We want a page for Ward 3.',
        shared => 0);
    is $res->code, 200, 'created';
    my $t = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket};
    is $t->{kind}, 'request', 'a request';
    is json_bool($t->{shared}), 'false', 'not shared';
    is $t->{team}, 'psyIT — Psychiatry IT', 'the default team';
    like text_of($res, '//main'), qr/Request/, 'the page says it is a request';
};

subtest "who can see a new ticket is the service's default unless the person chooses" => sub {
    my %case = (
        'Payroll, as usual' => [payroll => undef, 'false'],
        'E-mail, as usual'  => [email   => undef, 'true'],
        'Payroll, shared on purpose' => [payroll => 1, 'true'],
        'E-mail, kept private'       => [email   => 0, 'false'],
    );
    for my $what (sort keys %case) {
        my ($code, $choice, $want) = @{ $case{$what} };
        my $ref = log_ticket($alice, service => $service{$code}{id},
            summary => "$what $tag", details => 'Test.', defined $choice ? (shared => $choice) : ());
        my $t = json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket};
        is json_bool($t->{shared}), $want, "$what: shared is $want";
        my $bob = browser();
        login($bob, 'bob');
        is $bob->get(portal("/helpdesk/tickets/$ref"))->code, $want eq 'true' ? 200 : 404,
            "$what: bob, her colleague, " . ($want eq 'true' ? 'sees it' : 'does not');
    }
};

subtest 'bob logs a ticket on behalf of alice' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $summary = "Alice cannot open payslips $tag";
    my ($ref, $res) = log_ticket($bob, on_behalf => 'alice', service => $service{payroll}{id},
        summary => $summary, details => 'She asked me to log this while she is on the ward.');
    my $main = text_of($res, '//main');
    like $main, qr/Alice Archer/, 'the page names alice (the requester)';
    like $main, qr/Bob Baker/, 'and bob (who logged it)';
    like $main, qr/alice\@example\.org/, "with alice's e-mail";
    like $main, qr/\+44 20 7946 0101/, "and alice's phone";
    my $t = json_of(get_as($bob, 'json', "/helpdesk/tickets/$ref"))->{ticket};
    is $t->{'requester-login'}, 'alice', 'JSON: requester alice';
    is $t->{requester}, 'Alice Archer', 'by name';
    is $t->{'requester-mail'}, 'alice@example.org', 'her mail';
    is $t->{'logged-by-login'}, 'bob', 'logged by bob';
    is $t->{'logged-by'}, 'Bob Baker', 'by name';

    my $rows = list_rows(ticket_list($alice, view => 'mine', q => $tag));
    ok((grep { ($_->{ref} // '') eq $ref } @$rows), 'alice finds it under "Created by me"');
    my $row = (grep { ($_->{ref} // '') eq $ref } @$rows)[0];
    like join(' ', @{ $row ? $row->{cells} : [] }), qr/Alice Archer/, 'her name as requester in the row';
    $rows = list_rows(ticket_list($bob, view => 'mine', q => $tag));
    ok((grep { ($_->{ref} // '') eq $ref } @$rows), 'and so does bob, who logged it');
    is alice_sees($ref), 200, 'alice can open it';
};

sub alice_sees { $alice->get(portal("/helpdesk/tickets/$_[0]"))->code }

subtest 'bob can pick a colleague of his organisation for "on behalf of"' => sub {
    my $bob = browser();
    login($bob, 'bob');
    my $doc = page_of($bob->get(portal('/helpdesk/tickets/new')));
    my ($input) = $doc->findnodes('//input[@name="on_behalf"]');
    my $list = $input->getAttribute('list');
    ok $list, 'the field offers a list of colleagues';
    my @offered = map { $_->getAttribute('value') }
                  $doc->findnodes(qq{//datalist[\@id="$list"]/option});
    is_deeply [sort @offered], [qw(alice sam)],
        'alice and sam of Psychiatry, not bob himself, not carol of the Business Office';
    my ($alice_opt) = $doc->findnodes(qq{//datalist[\@id="$list"]/option[\@value="alice"]});
    is $alice_opt->textContent, 'Alice Archer', 'shown by name';
};

subtest 'an unknown colleague: the form comes back with everything kept' => sub {
    my $word = new_tag();
    my $form = $alice->get(portal('/helpdesk/tickets/new'));
    my %typed = (kind => 'request', on_behalf => 'xyz', service => $service{email}{id},
                 team => 'NET', summary => "Shared mailbox for $word $tag",
                 details => "Please create a shared mailbox.\nFor the ward team.",
                 first_note => "Urgent before Monday $word", shared => 0);
    my $res = submit_form($alice, $form, $FORM, \%typed);
    is $res->code, 400, 'refused: 400 Bad Request';
    like field_message($res, 'on_behalf'), qr/\QThere is no one with the login “xyz” in your organisation.\E/,
        'next to the field: There is no one with the login “xyz” in your organisation.';
    my $f = form_fields($res, $FORM);
    for my $k (sort keys %typed) {
        (my $got = $f->{$k} // '') =~ s/\r\n/\n/g;
        is $got, $typed{$k}, "$k kept";
    }
    ok length($f->{csrf} // ''), 'with a form token to submit again';
    is_deeply refs_with($alice, $word), [], 'nothing was logged';
};

for my $case (
    ['no summary',  { summary => '' },        'summary', 'Enter a summary.'],
    ['a summary of 201 characters', { summary => [201] }, 'summary',
        'The summary must be 200 characters or fewer.'],
    ['no details',  { details => '' },        'details', 'Enter the details.'],
    ['details of 20001 characters', { details => [20001] }, 'details',
        'must be 20000 characters or fewer.'],
    ['a first note of 20001 characters', { first_note => [20001] }, 'first_note',
        'must be 20000 characters or fewer.'],
    ['an unknown service', { service => '999999' }, 'service', 'Choose a service from the list.'],
    ['an unknown team', { team => 'NOPE' }, 'team', 'Choose a service type from the list.'],
    ['a kind that is neither', { kind => 'complaint' }, 'kind', 'Choose Incident or Request.'],
) {
    my ($what, $change, $field, $message) = @$case;
    subtest "alice sends the form with $what: 400, \"$message\", values kept" => sub {
        my $word = new_tag();
        my %typed = (kind => 'incident', service => $service{telephony}{id}, team => 'psyIT',
                     summary => "Desk phone dead $word $tag",
                     details => "The phone at bed 4 has no dial tone.\nSince this morning $word.",
                     first_note => "Extension 4410 $word", shared => 1);
        for my $k (keys %$change) {
            my $v = $change->{$k};
            # [N]: a text of exactly N characters holding the marker word
            $v = "$word " . ('x' x ($v->[0] - length($word) - 1)) if ref $v;
            $typed{$k} = $v;
        }
        my $form = $alice->get(portal('/helpdesk/tickets/new'));
        my $res = submit_form($alice, $form, $FORM, \%typed);
        is $res->code, 400, 'refused: 400 Bad Request';
        like field_message($res, $field), qr/\Q$message\E/, "next to $field: $message";
        my $f = form_fields($res, $FORM);
        for my $k (grep { $_ ne $field || $field !~ /^(service|team|kind)$/ } sort keys %typed) {
            (my $got = $f->{$k} // '') =~ s/\r\n/\n/g;
            is $got, $typed{$k}, "$k kept";
        }
        is_deeply refs_with($alice, $word), [], 'nothing was logged';
    };
}

subtest 'a summary of exactly 200 characters is fine' => sub {
    my $summary = "Exactly two hundred $tag ";
    $summary .= 'z' x (200 - length $summary);
    is length $summary, 200, '200 characters';
    my $ref = log_ticket($alice, summary => $summary, details => 'Boundary.');
    is json_of(get_as($alice, 'json', "/helpdesk/tickets/$ref"))->{ticket}{summary}, $summary,
        'stored in full';
};

subtest 'alice clicks "Log ticket" twice: one ticket' => sub {
    my $word = new_tag();
    my $form = $alice->get(portal('/helpdesk/tickets/new'));
    my %typed = (service => $service{network}{id}, summary => "Wi-Fi drops in clinic $word $tag",
                 details => 'The staff Wi-Fi drops every few minutes in clinic room 2.');
    my ($first, $second) = no_redirects($alice, sub {
        (submit_form($alice, $form, $FORM, \%typed), submit_form($alice, $form, $FORM, \%typed));
    });
    is $first->code, 303, 'the first submit logs it';
    my ($ref) = ($first->header('Location') // '') =~ m{/tickets/(HD-\d+)};
    ok $ref, "as $ref";
    is $second->code, 303, 'the second submit (same form token) also answers 303';
    my ($ref2) = ($second->header('Location') // '') =~ m{/tickets/(HD-\d+)};
    is $ref2, $ref, 'to the same ticket';
    is_deeply refs_with($alice, $word), [$ref], 'there is exactly one such ticket';
};

subtest 'a form without a valid token logs nothing' => sub {
    for my $case (['no token', undef], ['a forged token', 'forged' . ('0' x 30)]) {
        my ($what, $token) = @$case;
        my $word = new_tag();
        my $form = $alice->get(portal('/helpdesk/tickets/new'));
        my %typed = (summary => "Token test $word $tag", details => "Details kept $word");
        my $res = no_redirects($alice, sub {
            submit_form($alice, $form, $FORM, { %typed, csrf => $token });
        });
        is $res->code, 403, "$what: refused with 403, not logged";
        like text_of($res, '//main'), qr/This form has expired\. Check it and submit again\./,
            "$what: the form comes back: This form has expired. Check it and submit again.";
        my $f = form_fields($res, $FORM) // {};
        is $f->{summary}, $typed{summary}, "$what: the summary is kept";
        (my $details = $f->{details} // '') =~ s/\r\n/\n/g;
        is $details, $typed{details}, "$what: the details are kept";
        ok length($f->{csrf} // ''), "$what: with a fresh token to submit again";
        is_deeply refs_with($alice, $word), [], "$what: no ticket";
    }
};

subtest 'a script logs a ticket through the JSON API' => sub {
    my $word = new_tag();
    my $j = json_of(get_as($alice, 'json', '/helpdesk/tickets/new'));
    is $j->{page}, 'ticket-new', 'the form as JSON';
    my $csrf = $j->{'ticket-form'}{csrf};
    ok length($csrf // ''), 'with a token';
    is ref $j->{'ticket-form'}{services}, 'ARRAY', 'services are a list';
    my $res = no_redirects($alice, sub {
        $alice->request(POST portal('/helpdesk/tickets/new'),
            [csrf => $csrf, kind => 'incident', service => $service{email}{id}, team => 'psyIT',
             summary => "API ticket $word $tag", details => 'Sent by a script.', shared => 1],
            Accept => 'application/json');
    });
    is $res->code, 201, '201 Created';
    my ($ref) = ($res->header('Location') // '') =~ m{/helpdesk/tickets/(HD-\d+)$};
    ok $ref, 'Location names the ticket' or diag $res->header('Location');
    like $res->header('Content-Type') // '', qr{^application/json}, 'JSON';
    my $t = eval { json_of($res) } // {};
    is $t->{page}, 'ticket', 'the ticket document';
    is $t->{ticket}{ref}, $ref, 'of the new ticket';
    is $t->{ticket}{summary}, "API ticket $word $tag", 'with its summary';
    is_deeply refs_with($alice, $word), [$ref // '-'], 'it is stored';

    $csrf = json_of(get_as($alice, 'json', '/helpdesk/tickets/new'))->{'ticket-form'}{csrf};
    $res = no_redirects($alice, sub {
        $alice->request(POST portal('/helpdesk/tickets/new'),
            [csrf => $csrf, kind => 'incident', service => $service{email}{id}, team => 'psyIT',
             summary => '', details => "No summary $word"],
            Accept => 'application/json');
    });
    is $res->code, 400, 'a missing summary via the API: 400';
    my $e = eval { json_of($res) } // {};
    my $errors = $e->{'ticket-form'}{errors};
    is ref $errors, 'ARRAY', 'errors as a list';
    is_deeply [map { [$_->{field}, $_->{message}] } @{ $errors // [] }],
        [['summary', 'Enter a summary.']], 'the summary error';
    is $e->{'ticket-form'}{values}{details}, "No summary $word", 'the values come back';
    is_deeply refs_with($alice, $word), [$ref // '-'], 'nothing more stored';
};

done_testing();
