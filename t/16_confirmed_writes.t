# What the portal says was done, was done: a ticket, a comment or a
# resolve is acknowledged only once its COMMIT succeeded, changes to one
# ticket cannot overtake each other, and a form sent again does nothing
# new.  The database is real: COMMITs are held back with MariaDB's
# BACKUP STAGE BLOCK_COMMIT and the portal's connection is killed while
# it waits, as a crash or a lost node would do.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request::Common qw(POST);
use Time::HiRes qw(sleep time);
use Encode qw(encode_utf8);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $alice = browser();
login($alice, 'alice');
my $bob = browser();
login($bob, 'bob');

my $FORM = '//form[.//*[@name="summary"]]';

sub status_of {
    my ($ref) = @_;
    return xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"))->findvalue('/helpdesk/ticket/@status');
}
sub kinds_of {
    my ($ref) = @_;
    return [ map { $_->value } xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"))
             ->findnodes('/helpdesk/ticket/activity/entry/@kind') ];
}
sub tickets_with {
    my ($word) = @_;
    return scalar db_rows("SELECT id FROM tickets WHERE summary LIKE '%$word%'");
}

# Waits until the portal's connection runs a statement like $like, and
# returns its connection id (or undef after 10 s).
sub portal_connection_at {
    my ($db, $like) = @_;
    my $until = time + 10;
    while (time < $until) {
        my ($row) = $db->rows("SELECT id FROM information_schema.processlist "
            . "WHERE user = 'helpdesk' AND info LIKE '$like' LIMIT 1");
        return $row->[0] if $row;
        sleep 0.1;
    }
    return undef;
}

# Runs $request in the background while COMMITs are blocked, kills the
# portal's connection as it waits in COMMIT, and returns the response.
sub with_commit_lost {
    my ($request) = @_;
    # The background jobs commit too (the mail jobs every second): hold
    # their leases meanwhile, so that the connection waiting in COMMIT is
    # the portal's request and nothing else.
    db_rows("UPDATE job_leases SET holder = 't16-pause', expires_at = NOW(6) + INTERVAL 60 SECOND");
    sleep 1.5;   # a run already going ends
    my $db = db_session();
    $db->rows('BACKUP STAGE START');
    $db->rows('BACKUP STAGE BLOCK_COMMIT');
    my $wait = in_background(sub {
        my $res = $request->();
        return join "\n", $res->code, $res->header('Location') // '', $res->decoded_content;
    });
    my $id = portal_connection_at($db, 'commit%');
    ok $id, 'the portal is waiting in COMMIT';
    if ($id) {
        $db->rows("KILL CONNECTION $id");
        # KILL only asks; let the connection be gone before COMMITs flow
        # again, or it could still commit on its way out (a real outcome,
        # but not the one this story is about).
        my $until = time + 10;
        sleep 0.05 while time < $until
            && ($db->rows("SELECT COUNT(*) FROM information_schema.processlist WHERE id = $id"))[0][0];
    }
    $db->rows('BACKUP STAGE END');
    $db->close;
    db_rows("UPDATE job_leases SET expires_at = NOW(6) WHERE holder = 't16-pause'");
    my ($code, $location, $body) = split /\n/, $wait->(), 3;
    return ($code, $location, $body);
}

subtest 'a ticket whose COMMIT fails is not acknowledged, and the form comes back whole' => sub {
    my $word = new_tag();
    my $form = $alice->get(portal('/helpdesk/tickets/new'));
    my ($service) = map { $_->[0] } db_rows("SELECT id FROM services WHERE code = 'email'");
    my %typed = (summary => "Commit lost $word $tag", details => "Details kept $word",
                 kind => 'incident', service => $service);
    my ($code, $location, $body) = with_commit_lost(sub {
        no_redirects($alice, sub { submit_form($alice, $form, $FORM, \%typed) });
    });
    is $code, 503, 'answered 503, not 303 to a ticket';
    unlike $location, qr/HD-\d+/, 'no ticket reference is given';
    is tickets_with($word), 0, 'and indeed there is no such ticket';
    my $page = HTTP::Response->new(200, 'OK', ['Content-Type' => 'text/html; charset=utf-8'], encode_utf8($body));
    $page->request(HTTP::Request->new(GET => portal('/helpdesk/tickets/new')));
    like text_of($page, '//main'), qr/did not confirm your ticket/, 'the page says it was not confirmed';
    my $f = form_fields($page, $FORM) // {};
    is $f->{summary}, $typed{summary}, 'the summary is kept';
    (my $details = $f->{details} // '') =~ s/\r\n/\n/g;
    $details =~ s/^\n//;
    is $details, $typed{details}, 'the details are kept';

    # Sending the kept form again logs it once.
    my $res = no_redirects($alice, sub { submit_form($alice, $page, $FORM, {}) });
    is $res->code, 303, 'sent again, it is logged';
    like $res->header('Location') // '', qr{/tickets/HD-\d+\?created=1$}, 'and the ticket shown';
    is tickets_with($word), 1, 'exactly once';
};

subtest 'a comment whose COMMIT fails is not acknowledged and stays in the box' => sub {
    my $ref = log_ticket($alice, summary => "Comment commit $tag", details => 'Test.');
    my $before = kinds_of($ref);
    my $word = new_tag();
    my $page = $alice->get(portal("/helpdesk/tickets/$ref"));
    my ($code, $location, $body) = with_commit_lost(sub {
        no_redirects($alice, sub {
            submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/comment")]},
                        { body => "Lost comment $word" });
        });
    });
    is $code, 503, 'answered 503, not 303';
    is_deeply kinds_of($ref), $before, 'no comment was stored';
    like $body, qr/Lost comment \Q$word\E/, 'the comment is kept in the box';
    my $again = HTTP::Response->new(200, 'OK', ['Content-Type' => 'text/html; charset=utf-8'], encode_utf8($body));
    $again->request(HTTP::Request->new(GET => portal("/helpdesk/tickets/$ref")));
    my $res = no_redirects($alice, sub {
        submit_form($alice, $again, qq{//main//form[contains(\@action, "/$ref/comment")]}, {});
    });
    is $res->code, 303, 'sent again, it is added';
    $res = no_redirects($alice, sub {
        submit_form($alice, $again, qq{//main//form[contains(\@action, "/$ref/comment")]}, {});
    });
    is $res->code, 303, 'and a third time';
    is scalar(grep { $_ eq 'comment' } @{ kinds_of($ref) }), 1, 'but stored once';
};

subtest 'a resolve whose COMMIT fails is not acknowledged and the ticket stays open' => sub {
    my $ref = log_ticket($alice, summary => "Resolve commit $tag", details => 'Test.');
    my $page = $alice->get(portal("/helpdesk/tickets/$ref/resolve"));
    my ($code) = with_commit_lost(sub {
        no_redirects($alice, sub {
            submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/resolve")]},
                        { solution => 'Gone' }, button => 'Yes, resolve it');
        });
    });
    is $code, 503, 'answered 503, not 303';
    is status_of($ref), 'waiting_support', 'still waiting for support';
    ok !(grep { $_ eq 'resolved' } @{ kinds_of($ref) }), 'no resolved entry';
};

subtest 'a comment does not land on a ticket cancelled while it was being sent' => sub {
    my $ref = log_ticket($bob, on_behalf => 'alice', summary => "Race $tag", details => 'Test.');
    my ($id) = $ref =~ /(\d+)/;
    my $page = $alice->get(portal("/helpdesk/tickets/$ref"));
    my $before = kinds_of($ref);
    # Someone else holds the ticket (as a cancel in flight would) ...
    my $db = db_session();
    $db->rows('START TRANSACTION');
    $db->rows("SELECT id FROM tickets WHERE id = $id FOR UPDATE");
    my $wait = in_background(sub {
        my $res = no_redirects($alice, sub {
            submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/comment")]},
                        { body => "Too late $tag" });
        });
        return $res->code;
    });
    # ... while alice's comment, already past its checks, waits for it.
    my $waiting = portal_connection_at($db, '%FOR UPDATE%')
        // portal_connection_at($db, 'INSERT INTO ticket_activity%');
    ok $waiting, "alice's comment waits for the ticket";
    $db->rows("UPDATE tickets SET status = 'cancelled', closed_at = NOW() WHERE id = $id");
    $db->rows('COMMIT');
    $db->close;
    is $wait->(), 409, 'her comment is refused: the ticket was cancelled';
    is_deeply kinds_of($ref), $before, 'and nothing was added to it';
};

subtest 'a resolve form sent again after the ticket was reopened does not close it' => sub {
    my $ref = log_ticket($alice, summary => "Replay $tag", details => 'Test.');
    my $page = $alice->get(portal("/helpdesk/tickets/$ref/resolve"));
    my $send = sub {
        no_redirects($alice, sub {
            submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/resolve")]},
                        { solution => 'Done' }, button => 'Yes, resolve it');
        });
    };
    is $send->()->code, 303, 'resolved';
    is status_of($ref), 'closed', 'closed';
    comment_ticket($alice, $ref, "It is back $tag");
    is status_of($ref), 'waiting_support', 'a comment reopened it';
    my $res = $send->();
    is $res->code, 303, 'the old resolve form, sent again, just shows the ticket';
    is status_of($ref), 'waiting_support', 'which stays open';
    is scalar(grep { $_ eq 'resolved' } @{ kinds_of($ref) }), 1, 'resolved once, not twice';
};

subtest "a token from one ticket's form does not pass on another ticket" => sub {
    my $one = log_ticket($alice, summary => "Token one $tag", details => 'Test.');
    my $two = log_ticket($alice, summary => "Token two $tag", details => 'Test.');
    my $token = xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$one"))->findvalue('/helpdesk/actions/@comment-csrf');
    comment_ticket($alice, $one, "Used on one $tag");
    my $before = kinds_of($two);
    my $page = $alice->get(portal("/helpdesk/tickets/$two"));
    my $res = no_redirects($alice, sub {
        submit_form($alice, $page, qq{//main//form[contains(\@action, "/$two/comment")]},
                    { body => "Meant for two $tag", csrf => $token });
    });
    is $res->code, 403, "refused: 403, not a silent 303";
    like text_of($res, '//main'), qr/This form has expired/, 'the person is told';
    like $res->decoded_content, qr/Meant for two \Q$tag\E/, 'and the comment is kept';
    is_deeply kinds_of($two), $before, 'nothing was stored';
    $res = no_redirects($alice, sub {
        $alice->request(POST portal("/helpdesk/tickets/$one/resolve"), [csrf => $token]);
    });
    is $res->code, 403, "the comment form's token cannot resolve either";
    is status_of($one), 'waiting_support', 'the ticket is untouched';
};

subtest 'a statement that runs too long is stopped by the database and answered 503' => sub {
    my $ref = log_ticket($alice, summary => "Slow $tag", details => 'Test.');
    my ($id) = $ref =~ /(\d+)/;
    my $page = $alice->get(portal("/helpdesk/tickets/$ref"));
    my $log = "$ENV{HD_VAR}/apache/logs/error.log";
    my $log_size = -s $log;
    # Somebody holds the ticket far longer than HelpdeskDBStatementTimeout
    # (5 s) allows a statement to wait.
    my $db = db_session();
    $db->rows('START TRANSACTION');
    $db->rows("SELECT id FROM tickets WHERE id = $id FOR UPDATE");
    my $t0 = time;
    my $res = no_redirects($alice, sub {
        submit_form($alice, $page, qq{//main//form[contains(\@action, "/$ref/comment")]},
                    { body => "Waited $tag" });
    });
    my $took = time - $t0;
    $db->rows('ROLLBACK');
    $db->close;
    is $res->code, 503, 'a 503, not a hang';
    ok $took >= 4 && $took < 15, sprintf('after the time limit (%.1f s), not the 50 s lock wait', $took);
    like $res->decoded_content, qr/Waited \Q$tag\E/, 'the comment is kept to send again';
    open my $fh, '<', $log or die "$log: $!";
    seek $fh, $log_size, 0;
    my $logged = join '', <$fh>;
    like $logged, qr/statement ticket_lock: timeout/, "the log names the statement that was stopped";
};

subtest "the first activity records the workflow's initial status, whatever it is" => sub {
    my $db = db_session();
    $db->rows("UPDATE ticket_statuses SET is_initial = (code = 'in_review')");
    my $ref = eval { log_ticket($alice, summary => "Initial $tag", details => 'Test.') };
    $db->rows("UPDATE ticket_statuses SET is_initial = (code = 'waiting_support')");
    $db->close;
    ok $ref, 'logged';
    my $x = xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"));
    is $x->findvalue('/helpdesk/ticket/@status'), 'in_review', 'the ticket starts In Review';
    is $x->findvalue('/helpdesk/ticket/activity/entry[1]/@status-name'), 'In Review',
        'and its first activity says so';
};

done_testing();
