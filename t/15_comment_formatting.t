# Comments are CommonMark.  alice's formatting shows as she meant it
# (lists, emphasis, code, links), what she types that looks like HTML
# stays text, and comments that stretch the formatting -- list markers
# with nothing after them, stars and backticks that never close,
# blank-looking lines, Windows line ends, thousands of lines, the largest
# comment allowed -- still open as a page, as XML and as JSON; the JSON
# gives her text back as typed, and no Apache child dies.
use strict;
use warnings;
use utf8;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HTTP::Request;
use URI;
use Time::HiRes qw(time);
binmode Test::More->builder->$_, ':encoding(UTF-8)' for qw(output failure_output todo_output);

my $tag = new_tag();
my $error_log = "$ENV{HD_VAR}/apache/logs/error.log";

my $alice = browser();
login($alice, 'alice');

# What the JSON gives back for a typed text: exactly what was sent
# (hd_text.c keeps the source beside the formatted tree) -- by a browser,
# whose forms send every line end as CR LF; by a script, as it is.
sub as_returned {
    my ($typed, $raw) = @_;
    (my $sent = $typed) =~ s/\r?\n/\r\n/g unless $raw;
    return $raw ? $typed : $sent;
}

# Where the Apache error log ends now; what it gained since then about a
# child that crashed ("exit signal Segmentation fault").
sub log_mark { return -s $error_log // 0 }
sub crashes_logged {
    my ($since) = @_;
    open my $fh, '<', $error_log or return "cannot read $error_log: $!";
    seek $fh, $since, 0;
    return join '', grep { /Segmentation fault|exit signal/ } <$fh>;
}

# The newest comment of a ticket, as JSON.
sub last_comment_json {
    my ($ref) = @_;
    my $res = get_as($alice, 'json', "/helpdesk/tickets/$ref");
    return ($res, undef) unless $res->code == 200;
    my $j = eval { json_of($res) } or return ($res, undef);
    my @c = grep { ($_->{kind} // '') eq 'comment' } @{ $j->{ticket}{activity} // [] };
    return ($res, @c ? $c[-1] : undef);
}

# A comment posted the way a script might: the text sent as it is, with
# bare LF line ends (a browser, and comment_ticket, send CR LF).
sub comment_raw {
    my ($ref, $typed) = @_;
    my $csrf = xml_of(get_as($alice, 'xml', "/helpdesk/tickets/$ref"))
               ->findvalue('/helpdesk/actions/@comment-csrf');
    my $form = URI->new;
    $form->query_form(csrf => $csrf, body => $typed);
    return $alice->request(HTTP::Request->new(
        POST => portal("/helpdesk/tickets/$ref/comment"),
        [Content_Type => 'application/x-www-form-urlencoded'], $form->query));
}

# alice comments on a ticket of her own, then opens it every way.
sub comment_and_view {
    my ($name, $typed, %opt) = @_;
    subtest $name => sub {
        my $mark = log_mark();
        my $ref = log_ticket($alice, kind => 'request',
            summary => "Formatting check $tag", details => "A ticket for an awkward comment $tag.");
        my $res = $opt{raw} ? comment_raw($ref, $typed) : comment_ticket($alice, $ref, $typed);
        is $res->code, 200, 'the comment is taken and the ticket comes back';
        is ticket_ref_of($res), $ref, 'on the ticket page';

        $res = get_as($alice, 'html', "/helpdesk/tickets/$ref");
        is $res->code, 200, 'the page opens';
        $res = get_as($alice, 'xml', "/helpdesk/tickets/$ref");
        is $res->code, 200, 'the XML opens';
        my $x = eval { xml_of($res) };
        ok $x, 'and is well-formed' or diag $@;
        is scalar(() = $x ? $x->findnodes('/helpdesk/ticket/activity/entry[@kind="comment"]/text') : ()), 1,
            'with the comment as formatted text';

        my ($jres, $comment) = last_comment_json($ref);
        is $jres->code, 200, 'the JSON opens';
        is $comment && $comment->{text}, as_returned($typed, $opt{raw}),
            'and gives the text back as typed';
        is crashes_logged($mark), '', 'no Apache child crashed';
    };
}

subtest 'CommonMark shows as meant; HTML and unsafe links stay text' => sub {
    my $ref = log_ticket($alice, kind => 'request',
        summary => "CommonMark $tag", details => "Steps:\n\n1. open *Outlook*\n2. press `F9`\n\n"
        . "> it said **no**\n\nSee [the guide](https://wiki.example/outlook) or "
        . "[this](javascript:alert(1)).\n\n<script>alert(2)</script>\n\n```\nerror 0x80040115\n```");
    my $page = page_of(get_as($alice, 'html', "/helpdesk/tickets/$ref"));
    my ($prose) = $page->findnodes('//*[contains(@class, "prose")][.//ol]');
    ok $prose, 'the details show a numbered list' or return;
    is $prose->findvalue('.//ol/li[1]/em'), 'Outlook', 'emphasis';
    is $prose->findvalue('.//ol/li[2]/code'), 'F9', 'code';
    is $prose->findvalue('.//blockquote//strong'), 'no', 'a quote with bold in it';
    is $prose->findvalue('.//a[. = "the guide"]/@href'), 'https://wiki.example/outlook', 'a link';
    ok !$prose->findnodes('.//a[contains(@href, "javascript")]'), 'no javascript: link';
    like $prose->textContent, qr/\bthis\b/, '(its text stays)';
    ok !$page->findnodes('//script[contains(., "alert(2)")]'), 'no script element from the text';
    like $prose->textContent, qr/<script>alert\(2\)<\/script>/, 'the HTML shows as typed';
    is $prose->findvalue('.//pre'), "error 0x80040115\n", 'a code block';
};

comment_and_view('a "- " line: a list marker and a space', "- ");
comment_and_view('a "* " line', "* ");
comment_and_view('markers with trailing blanks between other lines',
    "Before\n-   \n* \t\n- real item\nAfter");
comment_and_view('a lone "-"', "-");
comment_and_view('a lone "*"', "*");
comment_and_view('a lone "**"', "**");
comment_and_view('"****"', "****");
comment_and_view('an unclosed "**x"', "**x and more");
comment_and_view('"**" opened on one line and closed on the next',
    "Open **here\nclosed** there");
comment_and_view('an unclosed backtick', "run `lpstat -p and see");
comment_and_view('a lone backtick', "`");
comment_and_view('a "- **" item', "- **");
comment_and_view('lines of only spaces and tabs', "First\n   \n \t \nSecond\n     ");
comment_and_view('Windows line ends', "One\r\nTwo **bold**\r\n\r\n- item\r\n* item two\r\n\r\nEnd\r\n");
comment_and_view('text ending without a newline after a list', "Steps:\n- unplug\n- replug `now`");

# Ten thousand lines, most of them one character: every awkward shape at
# once, and just under the size limit -- with LF line ends, as only a
# script can send so many (CR LF would take 20,000 characters alone).
my @shapes = ('-', '*', 'x', '`', '', 'y', '- ', '**', '', 'z');
comment_and_view('10,000 short lines, sent by a script',
    join("\n", map { $shapes[$_ % @shapes] } 0 .. 9999), raw => 1);

# The median of three timings of a view of a ticket, in seconds.
sub median_time {
    my ($format, $ref) = @_;
    my @took;
    for (1 .. 3) {
        my $t0 = time;
        my $res = get_as($alice, $format, "/helpdesk/tickets/$ref");
        push @took, time - $t0;
        return -1 unless $res->code == 200;
    }
    return (sort { $a <=> $b } @took)[1];
}

subtest 'the largest comment allowed comes back whole and quickly as JSON' => sub {
    my $mark = log_mark();
    # Short lines, many of them formatted, sent by a script with LF line
    # ends: about as many pieces of text (each line, mark and line break)
    # as one comment can hold.
    my @lines = ('x', 'y', '`c`', 'z', 'w', '**b**', 'v', '- d', '* `e`', 'u',
                 't', '`');
    my $typed = '';
    for (my $i = 0; length $typed < 20000; $i++) {
        $typed .= $lines[$i % @lines] . "\n";
    }
    $typed = substr($typed, 0, 19999) . '.';
    is length $typed, 20000, 'HelpdeskMaxTextChars characters';

    my $ref = log_ticket($alice, kind => 'request',
        summary => "A long comment $tag", details => "A ticket for the longest comment $tag.");
    my $res = comment_raw($ref, $typed);
    is $res->code, 200, 'the comment is taken';
    my ($jres, $comment) = last_comment_json($ref);
    is $jres->code, 200, 'the JSON opens';
    ok $comment && $comment->{text} eq as_returned($typed, 1), 'with the text intact';

    # Absolute time depends on the machine; next to the XML view of the
    # same ticket (same database work, no JSON) it does not.
    my $json = median_time('json', $ref);
    my $xml = median_time('xml', $ref);
    ok $json >= 0 && $xml >= 0, 'every view answers 200';
    cmp_ok $json, '<', 0.3, sprintf 'the JSON view takes well under 0.3 s (median %.3f s)', $json;
    cmp_ok $json, '<', 3 * $xml + 0.02,
        sprintf 'and about as long as the XML view (median %.3f s)', $xml;

    is get_as($alice, 'html', "/helpdesk/tickets/$ref")->code, 200, 'the page opens too';
    is crashes_logged($mark), '', 'no Apache child crashed';
};

done_testing();
