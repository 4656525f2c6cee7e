# The server the portal runs on gives nothing away and stays up for
# everyone while a few clients send their requests very slowly.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request;
use HTTP::Tiny;
use IO::Select;
use IO::Socket::INET;
use Time::HiRes qw(time sleep);

my $ua = browser();

subtest 'TRACE is refused and never echoes the session cookie' => sub {
    login($ua, 'alice');
    my $cookie = session_cookie($ua);
    like $cookie // '', qr/^[A-Za-z0-9_-]{43}$/, 'logged in: a session cookie';
    for my $path ('/helpdesk/', '/helpdesk/static/css/helpdesk.css', '/no-such-place') {
        my $res = $ua->request(HTTP::Request->new(TRACE => portal($path)));
        is $res->code, 405, "TRACE $path: 405";
        unlike $res->content_type, qr{^message/http}, 'no echo of the request';
        unlike $res->content, qr/\Q$cookie\E/, 'the cookie is not in the body'
            if $cookie;
        unlike $res->content, qr/^Cookie:/mi, 'no Cookie header in the body';
    }
};

subtest 'the server does not tell its version' => sub {
    my $res = $ua->get(portal('/helpdesk/login'));
    is $res->header('Server'), 'Apache', 'Server: Apache, nothing more';
    # Apache's own error pages (outside the portal) carry no signature.
    $res = $ua->get(portal('/no-such-place'));
    ok $res->is_error, 'outside the portal: an error';
    unlike $res->content, qr{Apache/\d|Server at}, 'no server signature';
};

# ---------------------------------------------------------------------
# Slow clients ("slowloris"): many connections that send a request one
# byte at a time.  Each holds a worker while Apache waits for the rest of
# its headers; without a limit on that wait they take every worker and
# ordinary requests time out.  mod_reqtimeout closes them after the
# header timeout of RequestReadTimeout.
# ---------------------------------------------------------------------

# The header timeout the stack runs with: RequestReadTimeout header=N[-M].
sub header_timeout {
    my $timeout;
    for my $file (map { "$ENV{HD_VAR}/apache/$_.conf" } qw(httpd helpdesk)) {
        open my $fh, '<', $file or next;
        while (<$fh>) {
            $timeout = $1 if /^\s*RequestReadTimeout\b.*\bheader=(\d+)/i;
        }
    }
    return $timeout;
}

subtest 'slow clients neither lock others out nor stay for ever' => sub {
    my $limit = header_timeout();
    ok $limit, 'a header timeout is configured (RequestReadTimeout header=...)';
    $limit //= 20;
    my $slow = 150;
    my $drip = 2;    # seconds between two bytes of one slow client
    my ($port) = portal('/') =~ m{:(\d+)/};
    my $start = time;

    my @socks;
    for (1 .. $slow) {
        my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port,
                                      Proto => 'tcp', Timeout => 5) or last;
        $s->autoflush(1);
        syswrite $s, "GET /helpdesk/login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";
        push @socks, $s;
    }
    is scalar @socks, $slow, "$slow slow connections open";
    my %opened = map { fileno($_) => $_ } @socks;
    my %closed_at;    # fileno => seconds after the start

    # Sends one more byte on every slow connection still open, and notes
    # those the server has closed (EOF, an error, or its 408 answer).
    my $sel = IO::Select->new(@socks);
    my $tick = sub {
        for my $s ($sel->can_read(0)) {
            my $n = sysread $s, my $buf, 4096;
            next if $n;    # an answer: the close follows
            $closed_at{ fileno $s } = time - $start;
            $sel->remove($s);
        }
        for my $s ($sel->handles) {
            local $SIG{PIPE} = 'IGNORE';
            next if syswrite($s, 'a');
            $closed_at{ fileno $s } = time - $start;
            $sel->remove($s);
        }
    };

    sleep 1;
    $tick->();
    my $http = HTTP::Tiny->new(timeout => 5, max_redirect => 0);
    for my $try (1, 2) {
        my $t0 = time;
        my $res = $http->get(portal('/helpdesk/login'));
        my $took = time - $t0;
        is $res->{status}, 200, "an ordinary request meanwhile answers 200 ($try)";
        cmp_ok $took, '<', 3, sprintf('within 3 s (took %.1f s)', $took);
        sleep $drip;
        $tick->();
    }

    # Keep dripping until the server has closed them all, or well past
    # the timeout.
    my $deadline = $start + $limit + 2 * $drip + 2;
    while ($sel->count && time < $deadline) {
        $sel->can_read($drip);
        $tick->();
    }
    my $open = $sel->count;
    is $open, 0, "the server closed every slow connection within ${limit} s + slack"
        or diag "$open of $slow still open after ", int(time - $start), ' s';
    my ($last) = sort { $b <=> $a } values %closed_at;
    diag sprintf 'last slow connection closed after %.1f s', $last // 0;
    close $_ for values %opened;
};

done_testing();
