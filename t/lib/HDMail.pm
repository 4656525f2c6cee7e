package HDMail;
# The mail the portal sent, as the stack's SMTP sink received it: one file
# per message in the Maildir $HD_VAR/mail/inbox (conf/stack/stack.sh
# smtp-start).  Parsed just enough for the stories: headers, the decoded
# Subject, the text/plain and text/html parts decoded to Perl strings.
#
#   my @m = HDMail::wait_for(sub { $_->{subject} =~ /HD-1042/ }, 1);
#   $m[0]{text}, $m[0]{html}, $m[0]{header}{'message-id'}
use strict;
use warnings;
use Encode qw(decode);
use MIME::QuotedPrint qw(decode_qp);
use MIME::Base64 qw(decode_base64);
use Time::HiRes qw(sleep time);

sub dir { return "$ENV{HD_VAR}/mail/inbox" }

# Header block -> { lower-case name => value (last one), ... }, unfolded.
sub _headers {
    my ($block) = @_;
    $block =~ s/\r?\n[ \t]+/ /g;
    my %h;
    for my $line (split /\r?\n/, $block) {
        $h{lc $1} = $2 if $line =~ /^([^:\s]+):\s*(.*)$/;
    }
    return \%h;
}

sub _body {
    my ($h, $body) = @_;
    my $cte = lc($h->{'content-transfer-encoding'} // '7bit');
    $body = decode_qp($body) if $cte eq 'quoted-printable';
    $body = decode_base64($body) if $cte eq 'base64';
    my ($charset) = ($h->{'content-type'} // '') =~ /charset="?([^";\s]+)/i;
    $body = decode($charset // 'us-ascii', $body);
    $body =~ s/\r\n/\n/g;
    return $body;
}

# One message file -> hash.
sub parse {
    my ($file) = @_;
    open my $fh, '<:raw', $file or return;
    local $/;
    my $raw = <$fh>;
    close $fh;
    my ($head, $body) = split /\r?\n\r?\n/, $raw, 2;
    my $h = _headers($head);
    my %m = (file => $file, raw => $raw, header => $h,
             subject => decode('MIME-Header', $h->{subject} // ''),
             to => $h->{'x-rcptto'} // $h->{to} // '');
    my $type = $h->{'content-type'} // 'text/plain';
    if ($type =~ m{^multipart/}i && $type =~ /boundary="?([^";]+)"?/i) {
        my $b = $1;
        for my $part (split /\r?\n--\Q$b\E(?:--)?\r?\n?/, "\n$body") {
            my ($ph, $pb) = split /\r?\n\r?\n/, $part, 2;
            next unless defined $pb;
            my $hh = _headers($ph);
            my $pt = $hh->{'content-type'} // '';
            $m{text} = _body($hh, $pb) if $pt =~ m{^text/plain}i;
            $m{html} = _body($hh, $pb) if $pt =~ m{^text/html}i;
        }
    }
    else {
        $m{text} = _body($h, $body);
    }
    return \%m;
}

# Every message received so far, oldest first.
sub all {
    my @files;
    for my $sub (qw(new cur)) {
        opendir my $d, dir() . "/$sub" or next;
        push @files, map { dir() . "/$sub/$_" } grep { !/^\./ } readdir $d;
    }
    return map { parse($_) } sort { (stat $a)[9] <=> (stat $b)[9] || $a cmp $b } @files;
}

# The messages for which $match (called with $_ set) is true, once there
# are at least $n of them, or whatever there is after $timeout seconds.
sub wait_for {
    my ($match, $n, $timeout) = @_;
    $n //= 1;
    my $deadline = time + ($timeout // 20);
    my @got;
    while (1) {
        @got = grep { my $m = $_; local $_ = $m; $match->($m) } all();
        return @got if @got >= $n || time > $deadline;
        sleep 0.25;
    }
}

# The messages matching now, without waiting.
sub matching {
    my ($match) = @_;
    return grep { my $m = $_; local $_ = $m; $match->($m) } all();
}

1;
