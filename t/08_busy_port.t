# Someone whose port 8080 already has a web server runs `make run`: they
# are told at once which port is taken and how to choose another, instead
# of an Apache start-up failure -- and choosing another then works.
# Runs stack.sh on throw-away var directories; starts no server.
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use FindBin;

my $stack = "$FindBin::Bin/../conf/stack/stack.sh";

# A loopback port held by "another program" (this test).
sub taken_port {
    my $s = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => 0,
                                  Proto => 'tcp', Listen => 5, ReuseAddr => 1)
        or die "cannot bind a loopback port: $!\n";
    return $s;
}

sub free_port {
    my $s = taken_port();
    return $s->sockport;    # released when $s goes out of scope
}

# Runs stack.sh COMMAND with the environment given; returns (exit code,
# stdout and stderr together).
sub stack_sh {
    my ($env, $command) = @_;
    local %ENV = %ENV;
    delete @ENV{qw(HD_HTTP_PORT HD_DEFAULT_HTTP_PORT HELPDESK_PORT)};
    @ENV{ keys %$env } = values %$env;
    my $out = `bash '$stack' $command 2>&1`;
    return ($? >> 8, $out);
}

sub env_port {
    my ($var) = @_;
    open my $fh, '<', "$var/stack.env" or return undef;
    while (<$fh>) { return $1 if /^HD_HTTP_PORT=(\d+)$/ }
    return undef;
}

my $busy = taken_port();
my $port = $busy->sockport;

for my $how (['HD_DEFAULT_HTTP_PORT', 'make run, port 8080 by default'],
             ['HD_HTTP_PORT', 'make run HELPDESK_PORT=N']) {
    my ($name, $story) = @$how;
    subtest "$story: the port is taken" => sub {
        my $var = tempdir(CLEANUP => 1);
        my ($rc, $out) = stack_sh({ HD_VAR => $var, $name => $port }, 'ports');
        isnt $rc, 0, 'stack.sh stops';
        like $out, qr/cannot listen on 127\.0\.0\.1:$port\b/, 'names the port';
        like $out, qr/another program uses that port/, 'says why';
        like $out, qr/make run HELPDESK_PORT=(\d+)/, 'says what to type';
        my ($alt) = $out =~ /HELPDESK_PORT=(\d+)/;
        isnt $alt, $port, 'and suggests another port';
        unlike $out, qr/AH\d{5}|could not bind/, 'not an Apache failure';
        ok !-e "$var/stack.env", 'nothing recorded, so the next try may pick another port';
    };
}

subtest 'the port suggested works on the next try' => sub {
    my $var = tempdir(CLEANUP => 1);
    my $other = free_port();
    my ($rc, $out) = stack_sh({ HD_VAR => $var, HD_HTTP_PORT => $other,
                                HD_DEFAULT_HTTP_PORT => $port }, 'ports');
    is $rc, 0, 'accepted' or diag $out;
    is env_port($var), $other, 'the stack uses it';
};

subtest 'a stack whose port was taken later' => sub {
    my $var = tempdir(CLEANUP => 1);
    my $mine = taken_port();
    my $first = $mine->sockport;
    close $mine;
    my ($rc, $out) = stack_sh({ HD_VAR => $var, HD_HTTP_PORT => $first }, 'ports');
    is $rc, 0, 'a stack on a free port' or diag $out;

    my $squatter = IO::Socket::INET->new(LocalAddr => '127.0.0.1', LocalPort => $first,
                                         Proto => 'tcp', Listen => 5, ReuseAddr => 1)
        or return fail("cannot take port $first back: $!");
    ($rc, $out) = stack_sh({ HD_VAR => $var }, 'web-start');
    isnt $rc, 0, 'web-start stops';
    like $out, qr/cannot listen on 127\.0\.0\.1:$first\b.*HELPDESK_PORT=\d+/s,
        'with the port and what to do';
    ok !-e "$var/apache/httpd.conf", 'before Apache was configured or started';

    my $other = free_port();
    ($rc, $out) = stack_sh({ HD_VAR => $var, HD_HTTP_PORT => $other }, 'ports');
    is $rc, 0, 'asking for another port' or diag $out;
    is env_port($var), $other, 'moves the stack to it';
    like $out, qr/HTTP port changed from $first to $other/, 'and says so';

    ($rc, $out) = stack_sh({ HD_VAR => $var, HD_HTTP_PORT => $port }, 'ports');
    isnt $rc, 0, 'a taken port is refused for a move too';
    is env_port($var), $other, 'and the stack keeps its port';
};

done_testing();
