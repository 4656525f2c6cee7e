#!/usr/bin/perl
# t/bench/writes.pl -- how many writes per second, from N concurrent clients.
#
#   writes.pl create  --base URL --cookie C [--workers 10] [--seconds 5]
#   writes.pl comment --base URL --cookie C --tickets "HD-1 HD-2 ..."
#   writes.pl sql     --cnf client.cnf --db NAME --service ID --team CODE
#
# create/comment: each worker first draws forms the way a client must --
# GET /tickets/new?format=xml (ticket-form/@csrf) or GET /tickets/HD-n?format=xml
# (actions/@comment-csrf; actions/@csrf on older pages) -- one token per
# POST, since a token's nonce is good once and for its own form only.  Then,
# all workers together, it POSTs them for --seconds, as a browser does
# (303 See Other = acknowledged: the module answers only after COMMIT).
# Drawing the forms first keeps their cost out of the write rate; a worker
# that runs out of forms stops early (reported).
#
# sql: the same two INSERTs the module makes for a new ticket (the ticket
# row, then its "created" activity row) in one transaction, from --workers
# `mariadb` clients over TCP: what the database itself sustains.
#
# Prints one line: acknowledged=N seconds=S rate=R p50=MS p99=MS other=...
use strict;
use warnings;
use Getopt::Long;
use HTTP::Tiny;
use Time::HiRes qw(time sleep);
use File::Temp qw(tempdir);
use POSIX qw(_exit);
use Socket qw(IPPROTO_TCP TCP_NODELAY);

# HTTP::Tiny writes a POST's header and its body in two send()s.  With
# Nagle's algorithm on, the body then waits for the server to acknowledge
# the header, which Linux delays by up to 40 ms (delayed ACK): every POST
# would take 40 ms whatever the server does.  Browsers (and wrk) set
# TCP_NODELAY or send both at once; so does this.
{
    no warnings 'redefine';
    my $connect = \&HTTP::Tiny::Handle::connect;
    *HTTP::Tiny::Handle::connect = sub {
        my $handle = $connect->(@_);
        setsockopt($handle->{fh}, IPPROTO_TCP, TCP_NODELAY, 1)
            or die "setsockopt TCP_NODELAY: $!\n";
        return $handle;
    };
}

my $mode = shift // '';
my %o = (workers => 10, seconds => 5, tickets => '', db => 'helpdesk');
GetOptions(\%o, 'base=s', 'cookie=s', 'workers=i', 'seconds=f', 'tickets=s',
    'cnf=s', 'db=s', 'service=i', 'team=s', 'nonce-prefix=s')
    or die "bad options\n";
$mode =~ /^(create|comment|sql)$/ or die "usage: $0 create|comment|sql ...\n";

my $dir = tempdir(CLEANUP => 1);
# Drawing a form costs about what sending it does: twice the time, so
# that the forms last.
my $prep = $mode eq 'sql' ? 1 : 2 * $o{seconds};
my $t0 = time + $prep + 0.5;    # every worker starts writing at t0
my $t_end = $t0 + $o{seconds};
my @pids;
for my $w (1 .. $o{workers}) {
    my $pid = fork // die "fork: $!\n";
    if (!$pid) {
        my $ok = eval { worker($w); 1 };
        print STDERR "worker $w: $@" unless $ok;
        _exit($ok ? 0 : 1);
    }
    push @pids, $pid;
}
my $bad = 0;
for (@pids) { waitpid($_, 0); $bad++ if $? }

# Collect: "status latency_ms" per write, "end <time>", "note <text>".
my (@lat, %status, %notes, $end);
$end = $t0;
for my $w (1 .. $o{workers}) {
    open my $fh, '<', "$dir/$w" or next;
    while (<$fh>) {
        chomp;
        if (/^end (\S+)/) { $end = $1 if $1 > $end; next }
        if (/^note (.*)/) { $notes{$1}++; next }
        my ($st, $ms) = split;
        $status{$st}++;
        push @lat, $ms if $st =~ /^(303|201|ok)$/;
    }
}
my $acked = @lat;
my $secs = $end - $t0;
@lat = sort { $a <=> $b } @lat;
my $pct = sub { @lat ? sprintf('%.1f', $lat[int($_[0] * $#lat + 0.5)]) : '-' };
my $other = join(',', map { "$_:$status{$_}" } grep { !/^(303|201|ok)$/ } sort keys %status);
printf "acknowledged=%d seconds=%.2f rate=%.1f p50=%s p99=%s other=%s notes=%s\n",
    $acked, $secs, $secs > 0 ? $acked / $secs : 0,
    $mode eq 'sql' ? '-' : $pct->(0.50), $mode eq 'sql' ? '-' : $pct->(0.99),
    $other || 'none',
    join(',', map { "$_ ($notes{$_} workers)" } sort keys %notes) || 'none';
exit($bad ? 1 : 0);

# ---------------------------------------------------------------------------

sub worker {
    my ($w) = @_;
    open my $out, '>', "$dir/$w" or die "$dir/$w: $!\n";
    $mode eq 'sql' ? sql_worker($w, $out) : http_worker($w, $out);
    close $out;
}

sub http_worker {
    my ($w, $out) = @_;
    my $ua = HTTP::Tiny->new(max_redirect => 0, timeout => 30, keep_alive => 1,
        default_headers => { Cookie => $o{cookie} });
    my @refs = split ' ', $o{tickets};
    die "comment needs --tickets\n" if $mode eq 'comment' && !@refs;
    my (@forms, $i);
    my ($service, $team);
    # Phase 1: draw forms until shortly before t0.
    while (time < $t0 - 0.2) {
        if ($mode eq 'create') {
            my $r = $ua->get("$o{base}/helpdesk/tickets/new?format=xml");
            die "GET new form: $r->{status}\n" unless $r->{status} == 200;
            my ($form) = $r->{content} =~ /(<ticket-form\b[^>]*>)/;
            my ($csrf) = ($form // '') =~ /\scsrf="([^"]+)"/;
            die "no ticket-form/\@csrf in the new-ticket form\n" unless $csrf;
            ($service) = $r->{content} =~ /<service\b[^>]*\sid="(\d+)"/ unless $service;
            ($team) = $r->{content} =~ /<team\b[^>]*\scode="([^"]+)"/ unless $team;
            push @forms, ["$o{base}/helpdesk/tickets/new", $csrf];
        }
        else {
            my $ref = $refs[($w + $i++) % @refs];
            my $r = $ua->get("$o{base}/helpdesk/tickets/$ref?format=xml");
            die "GET $ref: $r->{status}\n" unless $r->{status} == 200;
            my ($actions) = $r->{content} =~ /(<actions\b[^>]*>)/;
            $actions //= '';
            my ($csrf) = $actions =~ /\scomment-csrf="([^"]+)"/;
            ($csrf) = $actions =~ /\scsrf="([^"]+)"/ unless $csrf;
            my ($action) = $actions =~ /\scomment="([^"]+)"/;
            $action //= "/helpdesk/tickets/$ref/comment";
            die "no comment token on $ref\n" unless $csrf;
            push @forms, ["$o{base}$action", $csrf];
        }
    }
    sleep($t0 - time) if time < $t0;
    # Phase 2: send them.
    my $n = 0;
    while (@forms && time < $t_end) {
        my ($url, $csrf) = @{ shift @forms };
        $n++;
        my %form = $mode eq 'create'
            ? (csrf => $csrf, kind => 'incident', service => $service,
               team => $team, summary => "Benchmark ticket $w-$n",
               details => "Logged by t/bench/writes.pl, worker $w, number $n.")
            : (csrf => $csrf, body => "Benchmark comment $w-$n from t/bench/writes.pl.");
        my $s = time;
        my $r = $ua->post_form($url, \%form);
        my $ms = (time - $s) * 1000;
        my $st = $r->{status};
        $st = "$st-no-ticket" if $st == 303 && ($r->{headers}{location} // '') !~ m{/tickets/HD-\d+};
        printf $out "%s %.3f\n", $st, $ms;
    }
    print $out "note ran out of forms before the end\n" if !@forms && time < $t_end - 0.05;
    printf $out "end %.6f\n", time;
}

sub sql_quote { my ($s) = @_; $s =~ s/'/''/g; "'$s'" }

sub sql_worker {
    my ($w, $out) = @_;
    my $prefix = $o{'nonce-prefix'} // 'sqlbench';
    open my $db, '|-', 'mariadb', "--defaults-file=$o{cnf}", '-N', '-B', $o{db}
        or die "mariadb: $!\n";
    sleep($t0 - time) if time < $t0;
    my $n = 0;
    while (time < $t_end) {
        $n++;
        my $nonce = sql_quote("$prefix-$$-$n");
        print $db <<"EOF";
BEGIN;
INSERT INTO tickets (kind, summary, details, service_id, team_id, status, call_type, priority, requester_login, requester_name, requester_mail, requester_phone, requester_org, logged_by_login, logged_by_name, shared, form_nonce) SELECT 'incident', 'Benchmark ticket $w-$n', 'Logged by t/bench/writes.pl sql, worker $w, number $n.', sv.id, tm.id, st.code, sv.default_call_type, sv.default_priority, 'alice', 'Alice Archer', 'alice\@example.org', '+44 20 7946 0101', 'Psychiatry', 'alice', 'Alice Archer', IF('' = '', sv.default_shared, '' = '1'), $nonce FROM services sv, teams tm, ticket_statuses st WHERE sv.id = $o{service} AND sv.active = 1 AND tm.code = @{[ sql_quote($o{team}) ]} AND tm.active = 1 AND st.is_initial = 1 LIMIT 1;
INSERT INTO ticket_activity (ticket_id, kind, author_login, author_name, body, old_status, new_status, form_nonce) VALUES (LAST_INSERT_ID(), 'created', 'alice', 'Alice Archer', 'Ticket logged.', NULLIF('', ''), NULLIF('waiting_support', ''), NULLIF('', ''));
COMMIT;
EOF
    }
    # The client has the last statements still to run: the time ends when
    # it has.
    close $db or die "mariadb client failed (exit $?)\n";
    print $out "ok 0\n" for 1 .. $n;
    printf $out "end %.6f\n", time;
}
