# Scheduled work runs inside Apache by itself, once across all the
# processes of every node that shares the database, and moves to another
# node when the one running it stops -- but only after its lease ran out.
#
# The job watched is "heartbeat", which does nothing but be run: its row
# in job_leases and its runs in job_runs say who ran it and when.  The
# second node is a second Apache started from this stack's own generated
# httpd.conf with another port, pid file and logs, on the same database:
# two nodes as far as the jobs can tell (host:pid tells them apart).
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use IO::Socket::INET;
use HTTP::Tiny;
use Time::HiRes qw(sleep time);

my $var = $ENV{HD_VAR} or plan skip_all => 'HD_VAR is not set';
my $conf = "$var/apache/httpd.conf";

# What this stack was configured with (conf/helpdesk.conf.in).
sub directive {
    my ($file, $name) = @_;
    open my $fh, '<', $file or die "$file: $!\n";
    my $value;
    while (<$fh>) {
        $value = $1 if /^\s*\Q$name\E\s+"?([^"\s]+)"?/i;
    }
    return $value;
}
my $interval = directive("$var/apache/helpdesk.conf", 'HelpdeskJobInterval');
my $lease    = directive("$var/apache/helpdesk.conf", 'HelpdeskJobLease');
plan skip_all => "this stack looks for jobs every ${interval} s with a "
    . "${lease} s lease; the story needs 1 s and 3 s: make test, or a stack "
    . "started with HD_JOB_INTERVAL=1 HD_JOB_LEASE=3"
    unless defined $interval && $interval <= 2 && defined $lease && $lease <= 6;

# ---------------------------------------------------------------------
# Processes and rows
# ---------------------------------------------------------------------

sub pid_of_file {
    my ($file) = @_;
    open my $fh, '<', $file or return undef;
    my $pid = <$fh> // '';
    chomp $pid;
    return $pid =~ /^\d+$/ && -d "/proc/$pid" ? $pid : undef;
}

# Live child processes of a parent.
sub children_of {
    my ($parent) = @_;
    my @kids;
    for my $dir (glob '/proc/[0-9]*') {
        open my $fh, '<', "$dir/stat" or next;
        my ($state, $ppid) = ((<$fh> // '') =~ /\)\s+(\S)\s+(\d+)/) or next;
        push @kids, $dir =~ m{(\d+)$} if $ppid == $parent && $state ne 'Z';
    }
    return @kids;
}

sub heartbeat {
    my ($row) = db_rows("SELECT holder, runs, last_outcome, expires_at "
                        . "FROM job_leases WHERE job = 'heartbeat'");
    return $row ? { holder => $row->[0], runs => $row->[1],
                    outcome => $row->[2], expires_at => $row->[3] } : {};
}

sub holder_pid { ($_[0] // '') =~ /:(\d+)$/ ? $1 : 0 }

sub db_now { (db_rows('SELECT NOW(6)'))[0][0] }

# Runs of the heartbeat that started at or after a database time.
sub runs_since {
    my ($since) = @_;
    return db_rows("SELECT holder, started_at, "
                   . "TIMESTAMPDIFF(MICROSECOND, '$since', started_at) / 1e6 "
                   . "FROM job_runs WHERE job = 'heartbeat' "
                   . "AND started_at >= '$since' ORDER BY started_at, id");
}

# Polls $check every 0.2 s for up to $seconds; its last answer.
sub within {
    my ($seconds, $check) = @_;
    my $until = time + $seconds;
    my $v;
    until (($v = $check->()) || time > $until) {
        sleep 0.2;
    }
    return $v;
}

# ---------------------------------------------------------------------
# Node 2: the same httpd.conf, its own port, pid file and logs
# ---------------------------------------------------------------------

my $node2_dir = "$var/node2";
my $node2_conf = "$node2_dir/httpd.conf";
my $node2_port;
my $node1_stopped = 0;

sub node1_pid { pid_of_file(directive($conf, 'PidFile')) }
sub node2_pid { pid_of_file("$node2_dir/run/httpd.pid") }

sub start_node2 {
    system('rm', '-rf', $node2_dir) == 0 or die "rm $node2_dir\n";
    mkdir $_ or die "mkdir $_: $!\n" for $node2_dir, "$node2_dir/run", "$node2_dir/logs";
    # Apache's children write as the configured user, like node 1's.
    if ($> == 0) {
        my ($user, $group) = (directive($conf, 'User'), directive($conf, 'Group'));
        system('chown', "$user:$group", "$node2_dir/run", "$node2_dir/logs") == 0
            or die "chown\n";
    }
    $node2_port = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                        LocalPort => 0)->sockport;
    open my $in, '<', $conf or die "$conf: $!\n";
    open my $out, '>', $node2_conf or die "$node2_conf: $!\n";
    while (my $line = <$in>) {
        $line =~ s/^Listen\s.*/Listen 127.0.0.1:$node2_port/;
        $line =~ s/^PidFile\s.*/PidFile "$node2_dir\/run\/httpd.pid"/;
        $line =~ s/^DefaultRuntimeDir\s.*/DefaultRuntimeDir "$node2_dir\/run"/;
        $line =~ s/^ErrorLog\s.*/ErrorLog "$node2_dir\/logs\/error.log"/;
        $line =~ s/^CustomLog\s+\S+/CustomLog "$node2_dir\/logs\/access.log"/;
        print $out $line;
    }
    close $out or die "$node2_conf: $!\n";
    system(apache2_command() . " -f '$node2_conf' -k start >'$node2_dir/start.log' 2>&1") == 0
        or die "node 2 did not start: " . `cat '$node2_dir/start.log'` . "\n";
    my $http = HTTP::Tiny->new(timeout => 2, max_redirect => 0);
    within(15, sub {
        $http->get("http://127.0.0.1:$node2_port/helpdesk/login")->{status} < 500
    }) or die "node 2 does not serve its login page\n";
}

# Stops an Apache by its configuration and waits until all its
# processes are gone.
sub stop_apache {
    my ($conf_file, $parent) = @_;
    return unless $parent;
    my @all = ($parent, children_of($parent));
    system(apache2_command() . " -f '$conf_file' -k stop >/dev/null 2>&1");
    within(30, sub { !grep { -d "/proc/$_" } @all })
        or die "Apache $parent did not stop\n";
}

END {
    my $rc = $?;
    stop_apache($node2_conf, node2_pid()) if -f $node2_conf;
    eval { stack('web-start') } if $node1_stopped;
    system('rm', '-rf', $node2_dir) if -d $node2_dir;
    $? = $rc;
}

# ---------------------------------------------------------------------
# The stories
# ---------------------------------------------------------------------

my $node1 = node1_pid() or BAIL_OUT("the stack's Apache is not running");

subtest 'the heartbeat runs by itself, in one of the node\'s child processes' => sub {
    my $first = within(5, sub { heartbeat()->{runs} ? heartbeat() : undef })
        or return fail('no heartbeat row appeared within 5 s');
    my $grown = within(10, sub {
        my $now = heartbeat();
        $now->{runs} >= $first->{runs} + 2 ? $now : undef;
    });
    ok $grown, "job_leases.runs grows by itself (from $first->{runs})"
        or return;
    is $grown->{outcome}, 'ok', 'and each run ends ok';
    my @kids = children_of($node1);
    cmp_ok scalar(@kids), '>=', 2, 'the node has several child processes';
    my $pid = holder_pid($grown->{holder});
    ok((grep { $_ == $pid } @kids), "the holder ($grown->{holder}) is one of them");
    like $grown->{holder}, qr/^[^:\s]+:\d+$/, 'named host:pid';
};

start_node2();
my $node2 = node2_pid() or BAIL_OUT('node 2 has no pid');

subtest 'two nodes, several processes each: one process runs it, once per look' => sub {
    cmp_ok scalar(children_of($node2)), '>=', 2, 'node 2 runs several child processes too';
    my $since = db_now();
    my $t0 = time;
    sleep 2 * $lease;
    my @runs = runs_since($since);
    my $elapsed = time - $t0;
    cmp_ok scalar(@runs), '>=', 2,
        scalar(@runs) . ' runs in ' . sprintf('%.1f', $elapsed) . ' s';
    cmp_ok scalar(@runs), '<=', int($elapsed / $interval) + 1,
        'never more than one per look';
    my %holders = map { $_->[0] => 1 } @runs;
    is scalar(keys %holders), 1, 'all by one holder: ' . join(', ', sort keys %holders);
    my @gaps = map { $runs[$_][2] - $runs[$_ - 1][2] } 1 .. $#runs;
    my ($shortest) = sort { $a <=> $b } @gaps;
    cmp_ok $shortest // $interval, '>=', 0.5 * $interval,
        'no two runs within one interval';
};

subtest 'when the node holding it stops, the other takes over once the lease ran out' => sub {
    my $before = heartbeat();
    my $pid = holder_pid($before->{holder});
    my %node_of = map { $_ => 1 } children_of($node1);
    $node_of{$_} = 2 for children_of($node2);
    my $holding = $node_of{$pid} or return fail("holder $before->{holder} belongs to neither node");
    my $other = $holding == 1 ? 2 : 1;
    note "node $holding holds the heartbeat ($before->{holder}); stopping it";

    if ($holding == 1) {
        $node1_stopped = 1;
        stack('web-stop');
    }
    else {
        stop_apache($node2_conf, $node2);
    }
    my $stopped_at = db_now();
    my $last = heartbeat();
    is $last->{holder}, $before->{holder}, 'the stopped holder still has the lease';

    my $taken = within($lease + 4, sub {
        my $h = heartbeat();
        $h->{holder} ne $last->{holder} ? $h : undef;
    });
    ok $taken, 'another process has it within the lease and a few looks'
        or return;
    my $new_pid = holder_pid($taken->{holder});
    my $other_parent = $other == 1 ? node1_pid() : $node2;
    ok((grep { $_ == $new_pid } children_of($other_parent // 0)),
       "a child of node $other ($taken->{holder})");
    my ($early) = db_rows("SELECT COUNT(*) FROM job_runs WHERE job = 'heartbeat' "
                          . "AND started_at > '$stopped_at' "
                          . "AND started_at < '$last->{expires_at}'");
    is $early->[0], 0, "nobody ran it before the lease ran out ($last->{expires_at})";
    ok within(3 * $interval + 2, sub {
        my @mine = grep { $_->[0] eq $taken->{holder} } runs_since($stopped_at);
        @mine >= 2;
    }), 'and the new holder keeps running it';
};

done_testing();
