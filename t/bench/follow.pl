#!/usr/bin/perl
# t/bench/follow.pl -- the address of page P of a ticket list, found the way a
# client finds it: page 1, then the keyset cursor each page gives for the
# next one (tickets/paging/@next-href of the list's XML).
#
#   follow.pl BASE-URL PATH COOKIE PAGE MAX-SECONDS
#
# Prints "<page reached> <path of that page> <last|more|time>": "last" when
# the list ended before PAGE (that page is its last), "time" when
# MAX-SECONDS ran out first.
use strict;
use warnings;
use HTTP::Tiny;
use Time::HiRes qw(time);

my ($base, $path, $cookie, $want, $max) = @ARGV;
die "usage: $0 BASE PATH COOKIE PAGE MAX-SECONDS\n" unless defined $max;
my $ua = HTTP::Tiny->new(max_redirect => 0, timeout => 60,
    default_headers => { Cookie => $cookie, Accept => 'application/xml' });
my $deadline = time + $max;
my ($page, $why) = (1, 'more');
while ($page < $want) {
    if (time > $deadline) { $why = 'time'; last }
    my $r = $ua->get($base . $path . ($path =~ /\?/ ? '&' : '?') . 'format=xml');
    die "GET $path: $r->{status}\n" unless $r->{status} == 200;
    my ($paging) = $r->{content} =~ /(<paging\b[^>]*>)/;
    my ($next) = ($paging // '') =~ /\snext-href="([^"]+)"/;
    if (!$next) { $why = 'last'; last }
    for ($next) { s/&amp;/&/g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'/g }
    $path = $next;
    $page++;
}
print "$page $path $why\n";
