package HDNode;
# Another Apache node of the running stack: the stack's own generated
# httpd.conf and helpdesk.conf, with its own port, pid file and logs, on
# the same database and directory -- and, where a story needs them, other
# values for some directives (short session times, a lower login limit).
#
#   my $node = HDNode->start('short', HelpdeskSessionIdleTimeout => 2);
#   { local $HDTest::PORTAL = $node->base; login($ua, 'alice'); }
#   $node->stop;            # also done when the test ends
#
# A directive named must already be in the generated conf (the stack
# writes every one the stories change); its lines are replaced, keeping
# their indentation, so the scope stays what conf/helpdesk.conf.in says.
# A name with a leading '+' ('+HelpdeskSMTPUser' => 'desk') is a
# server-wide directive the stack leaves unset: appended to helpdesk.conf.
use strict;
use warnings;
use HDTest ();
use IO::Socket::INET;
use HTTP::Tiny;
use Time::HiRes qw(sleep time);
use File::Basename qw(basename);

my @started;

sub start {
    my ($class, $name, %set) = @_;
    my $var = $ENV{HD_VAR} or die "HD_VAR is not set\n";
    my $web = "$var/apache";
    (my $test = basename($0)) =~ s/\.t$//;
    my $dir = "$var/node-$test-$name";
    system('rm', '-rf', $dir) == 0 or die "rm $dir\n";
    mkdir $_ or die "mkdir $_: $!\n" for $dir, "$dir/run", "$dir/logs";
    my %conf = _read("$web/httpd.conf");
    if ($> == 0) {
        my ($user, $group) = ($conf{User}, $conf{Group});
        system('chown', "$user:$group", "$dir/run", "$dir/logs") == 0 or die "chown\n"
            if $user && $group;
    }
    my $port = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                     LocalPort => 0)->sockport;
    my %added = map { (substr($_, 1) => delete $set{$_}) } grep { /^\+/ } keys %set;
    my %left = %set;
    _rewrite("$web/helpdesk.conf", "$dir/helpdesk.conf", \%set, \%left, sub { $_[0] });
    if (%added) {
        open my $conf, '>>', "$dir/helpdesk.conf" or die "$dir/helpdesk.conf: $!\n";
        print $conf "$_ $added{$_}\n" for sort keys %added;
        close $conf or die "$dir/helpdesk.conf: $!\n";
    }
    _rewrite("$web/httpd.conf", "$dir/httpd.conf", \%set, \%left, sub {
        my ($line) = @_;
        $line =~ s/^Listen\s.*/Listen 127.0.0.1:$port/;
        $line =~ s/^PidFile\s.*/PidFile "$dir\/run\/httpd.pid"/;
        $line =~ s/^DefaultRuntimeDir\s.*/DefaultRuntimeDir "$dir\/run"/;
        $line =~ s/^ErrorLog\s.*/ErrorLog "$dir\/logs\/error.log"/;
        $line =~ s/^CustomLog\s+\S+/CustomLog "$dir\/logs\/access.log"/;
        $line =~ s/^Include\s+"?\Q$web\E\/helpdesk\.conf"?/Include "$dir\/helpdesk.conf"/;
        return $line;
    });
    if (%left) {
        system('rm', '-rf', $dir);
        die "not in the stack's generated conf, so node $name cannot change it: "
            . join(', ', sort keys %left) . "\n";
    }
    my $self = bless { name => $name, dir => $dir, port => $port,
                       conf => "$dir/httpd.conf" }, $class;
    system(HDTest::apache2_command() . " -f '$self->{conf}' -k start >'$dir/start.log' 2>&1") == 0
        or do {
            my $why = `cat '$dir/start.log' '$dir/logs/error.log' 2>/dev/null`;
            system('rm', '-rf', $dir);
            die "node $name did not start: $why\n";
        };
    push @started, $self;
    my $http = HTTP::Tiny->new(timeout => 2, max_redirect => 0);
    my $until = time + 15;
    until (($http->get($self->base . '/helpdesk/login')->{status} // 599) < 500) {
        die "node $name does not serve its login page\n" if time > $until;
        sleep 0.2;
    }
    return $self;
}

sub base { "http://127.0.0.1:$_[0]{port}" }
sub url  { $_[0]->base . ($_[1] // '/') }
sub dir  { $_[0]{dir} }
sub logs { glob "$_[0]{dir}/logs/*" }

sub stop {
    my ($self) = @_;
    return if $self->{stopped}++;
    my $pid = _pid("$self->{dir}/run/httpd.pid");
    my @all = $pid ? ($pid, _children($pid)) : ();
    system(HDTest::apache2_command() . " -f '$self->{conf}' -k stop >/dev/null 2>&1");
    my $until = time + 30;
    sleep 0.1 while time < $until && grep { -d "/proc/$_" } @all;
    system('rm', '-rf', $self->{dir});
}

END {
    my $rc = $?;
    $_->stop for reverse @started;
    $? = $rc;
}

# Lines of a conf, copied with the directives in %$set replaced.
sub _rewrite {
    my ($from, $to, $set, $left, $edit) = @_;
    open my $in, '<', $from or die "$from: $!\n";
    open my $out, '>', $to or die "$to: $!\n";
    while (my $line = <$in>) {
        for my $name (keys %$set) {
            if ($line =~ s/^(\s*)\Q$name\E\s.*$/$1$name $set->{$name}/i) {
                delete $left->{$name};
            }
        }
        print $out $edit->($line);
    }
    close $out or die "$to: $!\n";
}

sub _read {
    my ($file) = @_;
    open my $fh, '<', $file or die "$file: $!\n";
    my %v;
    while (<$fh>) { $v{$1} = $2 if /^\s*(\w+)\s+"?([^"\s]+)"?/ }
    return %v;
}

sub _pid {
    my ($file) = @_;
    open my $fh, '<', $file or return undef;
    my $pid = <$fh> // '';
    chomp $pid;
    return $pid =~ /^\d+$/ && -d "/proc/$pid" ? $pid : undef;
}

sub _children {
    my ($parent) = @_;
    my @kids;
    for my $d (glob '/proc/[0-9]*') {
        open my $fh, '<', "$d/stat" or next;
        my ($ppid) = ((<$fh> // '') =~ /\)\s+\S\s+(\d+)/) or next;
        push @kids, $d =~ m{(\d+)$} if $ppid == $parent;
    }
    return @kids;
}

1;
