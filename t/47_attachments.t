# Attachments (issue 13): alice attaches files to her ticket and opens
# them again; the limits answer 413 with what she typed kept; broken,
# truncated and abandoned uploads leave nothing behind; hostile names and
# contents are downloaded, never rendered; identical content is stored
# once; ranges and ETags; and the rights are exactly the ticket's.
use strict;
use warnings;
use Test::More;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest;
use HDNode;
use HTTP::Request::Common qw(POST GET);
use Digest::SHA qw(sha256_hex);
use IO::Socket::INET;
use Time::HiRes qw(sleep time);


# Whether the stack runs the module built with the sanitizers.
sub stack_sanitized {
    open my $fh, '<', "$ENV{HD_VAR}/stack.env" or return 0;
    while (<$fh>) { return 1 if /^HD_SANITIZE=1\s*$/ }
    return 0;
}

my $t0 = time;
my %ua = map { $_ => browser() } qw(alice bob carol sam tina);
login($ua{$_}, $_) for keys %ua;
my $tag = new_tag();

my $private = log_ticket($ua{alice}, summary => "Attach private $tag", shared => 0,
                         details => 'A private ticket with files.');
my $shared = log_ticket($ua{alice}, summary => "Attach shared $tag",
                        details => 'A shared ticket with files.');

sub form_token {
    my ($ua, $ref) = @_;
    my $res = get_as($ua, 'xml', "/helpdesk/tickets/$ref");
    return '' unless $res->is_success;
    return xml_of($res)->findvalue('/helpdesk/attach-form/@csrf');
}

# POST files: [name, bytes, type] each; fields as extra pairs.
sub attach {
    my ($ua, $ref, $files, %f) = @_;
    my $csrf = exists $f{csrf} ? delete $f{csrf} : form_token($ua, $ref);
    my @content = (csrf => $csrf, description => delete $f{description} // '', %f);
    push @content, file => [undef, $_->[0], Content => $_->[1],
                            'Content-Type' => $_->[2] // 'application/octet-stream']
        for @$files;
    my $req = POST(portal("/helpdesk/tickets/$ref/attachments"),
                   Content_Type => 'form-data', Content => \@content);
    return no_redirects($ua, sub { $ua->request($req) });
}

sub attachments {
    my ($ua, $ref) = @_;
    my $res = get_as($ua, 'xml', "/helpdesk/tickets/$ref");
    return () unless $res->is_success;
    return map { { map { $_->nodeName => $_->value } $_->attributes } }
           xml_of($res)->findnodes('/helpdesk/ticket/attachments/attachment');
}

sub find_file {
    my ($ua, $ref, $name) = @_;
    my ($a) = grep { $_->{filename} eq $name } attachments($ua, $ref);
    return $a;
}

sub fetch { my ($ua, $href, @h) = @_; return $ua->get(portal($href), @h) }

sub chunk_rows { (db_rows('SELECT COUNT(*) FROM attachment_chunks'))[0][0] }
sub staged_rows {
    (db_rows('SELECT COUNT(*) FROM attachment_chunks c LEFT JOIN attachment_blobs b '
             . 'ON b.chunk_key = c.chunk_key WHERE b.chunk_key IS NULL'))[0][0]
}

# ---------------------------------------------------------------- sizes
subtest 'alice attaches files of 0 bytes, 1 byte and 2 MB and gets the same bytes back' => sub {
    my $big = join '', map { chr(($_ * 7 + 3) % 256) } 0 .. 2 * 1024 * 1024 - 1;
    my $res = attach($ua{alice}, $private, [["empty-$tag.txt", '', 'text/plain']],
                     description => 'Nothing in it');
    is $res->code, 303, 'an empty file: 303';
    like $res->header('Location'), qr{/tickets/$private\?done=attached}, 'back to the ticket';
    $res = attach($ua{alice}, $private, [["one-$tag.txt", 'x', 'text/plain']]);
    is $res->code, 303, 'one byte: 303';
    $res = attach($ua{alice}, $private, [["big-$tag.bin", $big, 'application/octet-stream']],
                  description => 'Two megabytes');
    is $res->code, 303, '2 MB: 303';
    for my $case (["empty-$tag.txt", ''], ["one-$tag.txt", 'x'], ["big-$tag.bin", $big]) {
        my $a = find_file($ua{alice}, $private, $case->[0]);
        ok $a, "$case->[0] is listed" or next;
        is $a->{size}, length $case->[1], 'its size';
        is $a->{sha256}, sha256_hex($case->[1]), 'its SHA-256 (recorded at upload)';
        is $a->{author}, 'Alice Archer', 'who added it';
        like $a->{time}, qr/^\d{4}-\d\d-\d\d \d\d:\d\d/, 'when';
        my $got = fetch($ua{alice}, $a->{href});
        is $got->code, 200, 'opens';
        ok $got->content eq $case->[1], 'the same bytes back (checksum round-trip)';
        is $got->header('X-Content-Type-Options'), 'nosniff', 'nosniff';
        like $got->header('Content-Disposition'), qr/^attachment; /, 'a download';
        like $got->header('Content-Security-Policy'), qr/sandbox/, 'a sandboxing CSP';
        is $got->header('ETag'), qq("$a->{sha256}"), 'ETag is the SHA-256';
    }
    my $page = $ua{alice}->get(portal("/helpdesk/tickets/$private"));
    like text_of($page, '//main'), qr/big-$tag\.bin/, 'the ticket page lists the file';
    like text_of($page, '//main'), qr/Two megabytes/, 'with its description';
    ok page_of($page)->findnodes('//form[@enctype="multipart/form-data"]//input[@type="file"][@multiple]'),
        'and has a multipart form with a file chooser for several files';
};

subtest 'several files at once, and identical content stored once' => sub {
    my $content = "same content $tag\n" x 1000;
    my $blobs = (db_rows('SELECT COUNT(*) FROM attachment_blobs'))[0][0];
    my $res = attach($ua{alice}, $shared, [["a-$tag.txt", $content, 'text/plain'],
                                           ["b-$tag.txt", $content, 'text/plain'],
                                           ["c-$tag.txt", "other $tag", 'text/plain']],
                     description => 'Three files');
    is $res->code, 303, 'three files: 303';
    my @a = grep { $_->{filename} =~ /-$tag\.txt$/ } attachments($ua{alice}, $shared);
    is scalar(@a), 3, 'three attachments listed';
    is((db_rows('SELECT COUNT(*) FROM attachment_blobs'))[0][0], $blobs + 2,
       'two blobs: the identical two are stored once');
    is staged_rows(), 0, 'no chunk left that no blob names';
    my $sha = sha256_hex($content);
    is((db_rows("SELECT COUNT(*) FROM attachments WHERE sha256 = '$sha'"))[0][0], 2,
       'both attachments name the one blob');
    is fetch($ua{alice}, $a[1]{href})->content, $content, 'and both open';
};

subtest 'limits: exactly the limit is taken, one byte more is a 413 that keeps the text' => sub {
    my $node = HDNode->start('limits', '+HelpdeskMaxAttachmentSize' => 100000,
                             '+HelpdeskMaxAttachments' => 2);
    local $HDTest::PORTAL = $node->base;
    my $ua = browser();
    login($ua, 'alice');
    my $res = attach($ua, $private, [["limit-$tag.bin", 'L' x 100000]]);
    is $res->code, 303, 'exactly HelpdeskMaxAttachmentSize: 303';
    my $before = chunk_rows();
    $res = attach($ua, $private, [["over-$tag.bin", 'O' x 100001]],
                  description => "Typed text $tag kept");
    is $res->code, 413, 'one byte more: 413';
    like text_of($res, '//main'), qr/larger than the 100000 bytes/, 'a clear message';
    ok page_of($res)->findnodes(qq{//form[\@enctype="multipart/form-data"]//input[\@name="description"][\@value="Typed text $tag kept"]}),
        'the description typed is in the form again';
    is chunk_rows(), $before, 'nothing of it stored';
    ok !find_file($ua, $private, "over-$tag.bin"), 'not listed';
    $res = attach($ua, $private, [map { ["n$_-$tag.txt", "n$_"] } 1 .. 3]);
    is $res->code, 413, 'three files over HelpdeskMaxAttachments 2: 413';
    ok !find_file($ua, $private, "n1-$tag.txt"), 'none of them attached';
    is staged_rows(), 0, 'nothing staged left';
};

# ------------------------------------------------------- hostile names
subtest 'hostile and non-ASCII file names are stored safely and sent back encoded' => sub {
    my @names = (
        ['../../etc/passwd', 'passwd'],
        [qq{say "hi".txt}, qq{say "hi".txt}],
        ["two\r\nSet-Cookie: x=1.txt", 'twoSet-Cookie: x=1.txt'],
        ["evil\x{202E}gnp.exe", 'evilgnp.exe'],
        ["r\x{e9}sum\x{e9} \x{65e5}\x{672c}.txt", "r\x{e9}sum\x{e9} \x{65e5}\x{672c}.txt"],
        [('n' x 1000) . '.txt', ('n' x 251) . '.txt'],
    );
    for my $n (@names) {
        my ($sent, $want) = @$n;
        my $sent_b = $sent =~ m{/} ? $sent : "$tag-$sent";
        utf8::encode($sent_b);
        my $body = "content of $want";
        utf8::encode($body);
        my $res = attach($ua{alice}, $shared, [[$sent_b, $body]]);
        is $res->code, 303, 'attached: ' . substr($want, 0, 30);
        my $want_name = $sent =~ m{/} ? $want : "$tag-$want";
        my @all = attachments($ua{alice}, $shared);
        my @hits = grep { $_->{filename} eq $want_name } @all;
        if ($want =~ /^n{251}/) {
            @hits = grep { length($_->{filename}) == 255 && $_->{filename} =~ /^\Q$tag\E-n+\.txt$/ } @all;
        }
        if ($sent =~ /\r/) {
            # A raw CR LF ends the part's header line: whatever the name
            # became, it holds no line break and smuggles nothing.
            @hits = grep { $_->{filename} =~ /^\Q$tag\E-two/ } @all;
            ok !(grep { $_->{filename} =~ /[\r\n]/ } @all), 'no stored name holds a line break';
        }
        ok @hits, 'listed as ' . substr($want_name, 0, 40) or next;
        my $got = fetch($ua{alice}, $hits[-1]{href});
        my $cd = $got->header('Content-Disposition');
        unlike $cd, qr/[\r\n]/, 'no line break in the header';
        like $cd, qr/^attachment; filename="[^"\\]*"; filename\*=UTF-8''[A-Za-z0-9!#\$&+\-.^_`|~%]+$/,
            'ASCII fallback and RFC 5987 filename*';
        is $got->header('Set-Cookie'), undef, 'no header smuggled in';
    }
};

# ------------------------------------------------------ hostile content
subtest 'HTML, SVG with a script and a PNG that is HTML are downloaded, never rendered' => sub {
    my $png = "\x89PNG\r\n\x1a\n" . "\0" x 32;
    my $res = attach($ua{alice}, $shared, [
        ["page-$tag.html", '<html><script>alert(1)</script></html>', 'text/html'],
        ["pic-$tag.svg", '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml'],
        ["fake-$tag.png", '<html><script>alert(1)</script></html>', 'image/png'],
        ["real-$tag.png", $png, 'image/png'],
        ["doc-$tag.pdf", '%PDF-1.7 ...', 'application/pdf'],
    ]);
    is $res->code, 303, 'five files: 303';
    for my $name ("page-$tag.html", "pic-$tag.svg", "fake-$tag.png", "doc-$tag.pdf") {
        my $a = find_file($ua{alice}, $shared, $name);
        my $got = fetch($ua{alice}, $a->{href});
        like $got->header('Content-Disposition'), qr/^attachment;/, "$name: attachment";
        is $got->header('X-Content-Type-Options'), 'nosniff', "$name: nosniff";
        like $got->header('Content-Security-Policy'), qr/^sandbox; default-src 'none'/, "$name: sandbox CSP";
        is $a->{image}, 'false', "$name: not an image";
    }
    my $real = find_file($ua{alice}, $shared, "real-$tag.png");
    is $real->{image}, 'true', 'a real PNG is an image';
    my $got = fetch($ua{alice}, $real->{href});
    like $got->header('Content-Disposition'), qr/^inline;/, 'shown inline';
    is $got->header('Content-Type'), 'image/png', 'as the type its bytes say';
    like fetch($ua{alice}, "$real->{href}?download=1")->header('Content-Disposition'),
        qr/^attachment;/, '?download=1 downloads it';
    my $page = $ua{alice}->get(portal("/helpdesk/tickets/$shared"));
    ok page_of($page)->findnodes(qq{//img[contains(\@src, "$real->{href}")]}),
        'the page shows the real image inline';
    ok !page_of($page)->findnodes(qq{//img[contains(\@src, "/attachments/")][contains(\@alt, "fake-$tag")]}),
        'but not the fake one';
};

subtest 'JSON: each file\'s members have their promised types' => sub {
    my $json = json_of(get_as($ua{alice}, 'json', "/helpdesk/tickets/$shared"));
    my ($a) = grep { $_->{filename} eq "real-$tag.png" } @{ $json->{ticket}{attachments} };
    ok $a, 'the PNG is in ticket.attachments' or return;
    is json_type($a->{id}), 'number', 'id: number';
    is json_type($a->{size}), 'number', 'size: number';
    is json_bool($a->{image}), 'true', 'image: true';
    is json_bool($a->{internal}), 'false', 'internal: false';
    is json_type($json->{'attach-form'}{'max-size'}), 'number', 'attach-form.max-size: number';
    is json_bool($json->{'attach-form'}{'internal-allowed'}), 'false', 'internal-allowed: false for alice';
};

# ------------------------------------------------------ ranges and etag
subtest 'Range and ETag' => sub {
    my $a = find_file($ua{alice}, $private, "big-$tag.bin");
    my $len = $a->{size};
    my $all = fetch($ua{alice}, $a->{href})->content;
    my $r = fetch($ua{alice}, $a->{href}, Range => 'bytes=786430-786441');
    is $r->code, 206, 'a range across a chunk boundary: 206';
    is $r->header('Content-Range'), "bytes 786430-786441/$len", 'Content-Range';
    is $r->content, substr($all, 786430, 12), 'the right bytes';
    $r = fetch($ua{alice}, $a->{href}, Range => 'bytes=-10');
    is $r->content, substr($all, -10), 'a suffix range';
    $r = fetch($ua{alice}, $a->{href}, Range => "bytes=$len-");
    is $r->code, 416, 'beyond the end: 416';
    is $r->header('Content-Range'), "bytes */$len", 'with the size';
    is fetch($ua{alice}, $a->{href}, 'If-None-Match' => qq("$a->{sha256}"))->code, 304,
        'If-None-Match with the ETag: 304';
    is fetch($ua{alice}, $a->{href}, Range => 'bytes=0-1', 'If-Range' => '"other"')->code, 200,
        'If-Range with another ETag: the whole file';
};

# ------------------------------------------------------ broken uploads
sub raw_post {
    my ($ua, $ref, $body, %opt) = @_;
    my $req = HTTP::Request->new(POST => portal("/helpdesk/tickets/$ref/attachments"));
    $req->header('Content-Type' => $opt{type} // 'multipart/form-data; boundary=XyZ');
    $req->content($body);
    return no_redirects($ua, sub { $ua->request($req) });
}

subtest 'truncated and malformed bodies: a clear 400, nothing half-stored' => sub {
    my $csrf = form_token($ua{alice}, $private);
    my $head = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n$csrf\r\n"
             . "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"t-$tag.bin\"\r\n"
             . "Content-Type: application/octet-stream\r\n\r\n";
    my $before = chunk_rows();
    my $res = raw_post($ua{alice}, $private, $head . ('T' x 1_000_000));
    is $res->code, 400, 'no closing boundary: 400';
    like text_of($res, '//main'), qr/did not arrive whole|could not be read/, 'says why';
    is chunk_rows(), $before, 'the chunk already staged is gone';
    $res = raw_post($ua{alice}, $private, $head . "x\r\n--XyZ junk\r\n");
    is $res->code, 400, 'junk after a boundary: 400';
    $res = raw_post($ua{alice}, $private, "--XyZ\r\nno colon\r\n\r\nx\r\n--XyZ--\r\n");
    is $res->code, 400, 'a header without a colon: 400';
    $res = raw_post($ua{alice}, $private, 'csrf=x', type => 'application/x-www-form-urlencoded');
    is $res->code, 400, 'not multipart: 400';
    $res = raw_post($ua{alice}, $private, "--XyZ--\r\n", type => 'multipart/form-data');
    is $res->code, 400, 'no boundary parameter: 400';
    ok !find_file($ua{alice}, $private, "t-$tag.bin"), 'nothing listed';
    is staged_rows(), 0, 'nothing staged left';
};

subtest 'a client that disconnects mid-upload leaves nothing behind' => sub {
    my $csrf = form_token($ua{alice}, $private);
    my $cookie = session_cookie($ua{alice});
    my $body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n$csrf\r\n"
             . "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"gone-$tag.bin\"\r\n\r\n"
             . ('G' x 3_000_000);
    my ($port) = portal('/') =~ m{:(\d+)/};
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or die $!;
    print $s "POST /helpdesk/tickets/$private/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           . "Cookie: hdsession=$cookie\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
           . "Content-Length: " . (length($body) + 5_000_000) . "\r\n\r\n" . $body;
    sleep 1;
    close $s;
    my $left = -1;
    for (1 .. 40) { $left = staged_rows(); last if $left == 0; sleep 0.25 }
    is $left, 0, 'the staged chunks were deleted when the client went away';
    ok !find_file($ua{alice}, $private, "gone-$tag.bin"), 'nothing attached';
};

# -------------------------------------------------------------- rights
subtest 'rights: the ticket\'s own; a guessed id is the same 404 as a missing one' => sub {
    my $a = find_file($ua{alice}, $private, "one-$tag.txt");
    my ($id) = $a->{href} =~ m{/attachments/(\d+)$};
    my $missing = "/helpdesk/tickets/$private/attachments/999999999";
    my %sees = (alice => 1, bob => 0, carol => 0, sam => 1, tina => 1);
    for my $who (sort keys %sees) {
        my $res = fetch($ua{$who}, $a->{href});
        is $res->code, $sees{$who} ? 200 : 404, "$who opens alice's private file: " . ($sees{$who} ? 200 : 404);
        if (!$sees{$who}) {
            my $miss = fetch($ua{$who}, $missing);
            # The same page but for the address it names and the form tokens.
            my ($x, $y) = map { my $c = $_->content; $c =~ s{/attachments/\d+}{/attachments/N}g;
                                $c =~ s/value="\d+\.[0-9a-f.]+"/value="T"/g; $c } $res, $miss;
            is $x, $y, "$who: the same page as a missing one";
        }
    }
    # The id with another ticket's reference: 404, even for alice.
    is fetch($ua{alice}, "/helpdesk/tickets/$shared/attachments/$id")->code, 404,
        'an id under another ticket: 404';
    is attach($ua{carol}, $private, [["c-$tag.txt", 'c']], csrf => 'x')->code, 404,
        'carol cannot attach to a ticket she cannot see: 404';
    is attach($ua{bob}, $shared, [["b-$tag.txt", 'b']], csrf => form_token($ua{alice}, $shared))->code, 403,
        'bob sees the shared ticket but may not attach (not his): 403';
    is attach($ua{alice}, $shared, [["f-$tag.txt", 'f']], csrf => 'forged')->code, 403,
        'a forged token: 403';
    is attach($ua{alice}, $shared, [["i-$tag.txt", 'i']], internal => 1)->code, 403,
        'alice cannot make an internal file';
};

subtest 'files on an internal note reach agents only' => sub {
    my $res = attach($ua{tina}, $private, [["note-$tag.txt", 'for the desk only']],
                     description => 'Desk only', internal => 1);
    is $res->code, 303, 'tina attaches to an internal note: 303';
    my $a = find_file($ua{tina}, $private, "note-$tag.txt");
    ok $a, 'tina sees it' or return;
    is $a->{internal}, 'true', 'marked internal';
    is fetch($ua{tina}, $a->{href})->code, 200, 'tina opens it';
    is fetch($ua{victor} // do { my $u = browser(); login($u, 'victor'); $u }, $a->{href})->code, 200,
        'victor (agent) opens it';
    for my $who (qw(alice sam)) {
        is fetch($ua{$who}, $a->{href})->code, 404, "$who: 404";
        ok !find_file($ua{$who}, $private, "note-$tag.txt"), "$who: not listed in XML";
        my $json = get_as($ua{$who}, 'json', "/helpdesk/tickets/$private");
        unlike $json->content, qr/note-$tag/, "$who: not in JSON";
        unlike $ua{$who}->get(portal("/helpdesk/tickets/$private"))->content, qr/note-$tag|Desk only/,
            "$who: not in HTML";
    }
};


# ------------------------------------------------- the new-ticket form
# The form as a browser sends it (multipart), with the files chosen:
# [field, filename, bytes, type] each.  $form: a page drawn before (to
# send the same form twice).
sub new_ticket {
    my ($ua, $fields, $files, $form) = @_;
    $form //= $ua->get(portal('/helpdesk/tickets/new'));
    my ($service) = page_of($form)->findnodes(
        '//form[.//*[@name="summary"]]//select[@name="service"]/option[normalize-space(@value) != ""]/@value');
    return no_redirects($ua, sub {
        submit_form($ua, $form, '//form[.//*[@name="summary"]]',
                    { service => $service->value, %$fields }, files => $files) });
}

sub tickets_named { (db_rows("SELECT COUNT(*) FROM tickets WHERE summary = '$_[0]'"))[0][0] }

subtest 'alice logs a ticket with a screenshot and a PDF: the PNG inline in the activity, the PDF a link' => sub {
    my $png = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR" . ("\0" x 40) . $tag;
    my $pdf = "%PDF-1.4\n% $tag\n" . ('p' x 5000);
    my $form = $ua{alice}->get(portal('/helpdesk/tickets/new'));
    ok page_of($form)->findnodes('//form[@id="ticket-form"][@enctype="multipart/form-data"]'
                                 . '//input[@type="file"][@name="file"][@multiple]'),
        'the new-ticket form is multipart, with a chooser for several files';
    ok page_of($form)->findnodes('//form[@id="ticket-form"]//input[@name="description"]'),
        'and a description';
    my @files = ([file => "screen-$tag.png", $png, 'image/png'],
                 [file => "report-$tag.pdf", $pdf, 'application/pdf']);
    my %typed = (summary => "Form files $tag", details => 'The screen shows an error.',
                 description => "Error screen $tag");
    my $res = new_ticket($ua{alice}, \%typed, \@files, $form);
    is $res->code, 303, '303 to the new ticket';
    my ($ref) = ($res->header('Location') // '') =~ m{/tickets/(HD-\d+)\?created=1};
    ok $ref, 'a new ticket' or return;
    my $img_a = find_file($ua{alice}, $ref, "screen-$tag.png");
    my $pdf_a = find_file($ua{alice}, $ref, "report-$tag.pdf");
    ok $img_a && $pdf_a, 'the ticket lists both files' or return;
    is $img_a->{image}, 'true', 'the PNG is a checked image';
    is $pdf_a->{image}, 'false', 'the PDF is not';
    is $img_a->{description}, "Error screen $tag", 'with the description typed';
    is $img_a->{sha256}, sha256_hex($png), 'the PNG\'s SHA-256';
    is $img_a->{author}, 'Alice Archer', 'added by alice';

    my $page = $ua{alice}->get(portal("/helpdesk/tickets/$ref"));
    my ($entry) = page_of($page)->findnodes(
        '//*[@id="activity"]//li[contains(@class, "timeline__item--attached")]');
    ok $entry, 'the activity has the "attached" entry' or return;
    like $entry->textContent, qr/attached files/, 'saying alice attached files';
    my @img = $entry->findnodes('.//img');
    is scalar(@img), 1, 'one image inline: the PNG, not the PDF';
    is $img[0]->getAttribute('alt'), "Error screen $tag", 'its description as alt text';
    is $img[0]->getAttribute('loading'), 'lazy', 'loaded lazily';
    is $img[0]->getAttribute('src'), $img_a->{href}, 'its src is the attachment';
    my $got = fetch($ua{alice}, $img[0]->getAttribute('src'));
    is $got->code, 200, 'which opens';
    ok $got->content eq $png, 'the same bytes';
    is $got->header('Content-Type'), 'image/png', 'as a PNG';
    my ($link) = $entry->findnodes(qq{.//a[normalize-space(.) = "report-$tag.pdf"]});
    ok $link, 'the PDF is a link with its name' or return;
    like $link->parentNode->textContent, qr/\(4\.9 KB\)|\(5 KB\)/, 'and its size';
    $got = fetch($ua{alice}, $link->getAttribute('href'));
    ok $got->content eq $pdf, 'the link downloads the PDF';
    like $got->header('Content-Disposition'), qr/^attachment; /, 'as a download';

    my $json = json_of(get_as($ua{alice}, 'json', "/helpdesk/tickets/$ref"));
    my ($je) = grep { $_->{kind} eq 'attached' } @{ $json->{ticket}{activity} };
    ok $je && ref $je->{attachments} eq 'ARRAY', 'JSON: the entry\'s attachments are an array' or return;
    is scalar(@{ $je->{attachments} }), 2, 'of both files';
    is json_type($je->{attachments}[0]{id}), 'number', 'ids are numbers';

    $res = new_ticket($ua{alice}, \%typed, \@files, $form);
    is $res->code, 303, 'the same form sent again: 303';
    like $res->header('Location') // '', qr{/tickets/$ref\?}, 'to the same ticket';
    is scalar(grep { $_->{filename} =~ /-$tag\.(png|pdf)$/ } attachments($ua{alice}, $ref)), 2,
        'the files attached once';
    is staged_rows(), 0, 'the second copy is not left staged';
};

subtest 'a file over the limit on the new-ticket form: 413, what she typed kept, no ticket' => sub {
    my $node = HDNode->start('formlimit', '+HelpdeskMaxAttachmentSize' => 100000);
    local $HDTest::PORTAL = $node->base;
    my $ua = browser();
    login($ua, 'alice');
    my %typed = (summary => "Too big $tag", details => "Details typed $tag, all of them",
                 description => "Big scan $tag");
    my $res = new_ticket($ua, \%typed, [[file => "scan-$tag.pdf", 'S' x 100001, 'application/pdf']]);
    is $res->code, 413, 'answered 413';
    my $doc = page_of($res);
    like text_of($res, '//main'), qr/larger than the 100000 bytes/, 'says which limit';
    like text_of($res, '//main'), qr/choose the files again/, 'and what to do';
    is $doc->findvalue('//form[@id="ticket-form"]//input[@name="summary"]/@value'), $typed{summary},
        'the summary she typed is in the form again';
    like $doc->findvalue('//form[@id="ticket-form"]//textarea[@name="details"]'), qr/\Q$typed{details}\E/,
        'the details too';
    is $doc->findvalue('//form[@id="ticket-form"]//input[@name="description"]/@value'),
        $typed{description}, 'and the description';
    is tickets_named($typed{summary}), 0, 'no ticket logged';
    is staged_rows(), 0, 'nothing staged left';

    $res = new_ticket($ua, { %typed, summary => '' }, [[file => "ok-$tag.txt", 'fine', 'text/plain']]);
    is $res->code, 400, 'a summary left out with a file: 400';
    like text_of($res, '//main'), qr/Enter a summary/, 'says what is wrong';
    like text_of($res, '//main'), qr/choose the files again/, 'and that the files must be chosen again';
    is staged_rows(), 0, 'the file is not left staged';
};

subtest 'the urlencoded form still logs a ticket (scripts, the API)' => sub {
    my $form = $ua{alice}->get(portal('/helpdesk/tickets/new'));
    my ($service) = page_of($form)->findnodes(
        '//select[@name="service"]/option[normalize-space(@value) != ""]/@value');
    my %f = ((map { @$_ } form_pairs(form_node($form, '//form[@id="ticket-form"]'))),
             service => $service->value, summary => "Urlencoded $tag", details => 'No files.');
    my $res = no_redirects($ua{alice}, sub {
        $ua{alice}->request(POST portal('/helpdesk/tickets/new'), [%f]) });
    is $res->code, 303, 'answered 303';
    is tickets_named("Urlencoded $tag"), 1, 'one ticket';
};

# ------------------------------------------------------- memory, 200 MB
subtest 'a 200 MB upload to an admin limit of 250 MB keeps the child\'s memory flat' => sub {
    my $node = HDNode->start('big', '+HelpdeskMaxAttachmentSize' => 250 * 1024 * 1024,
                             '+HelpdeskMaxUploadSize' => 260 * 1024 * 1024);
    local $HDTest::PORTAL = $node->base;
    my $ua = browser();
    login($ua, 'alice');
    my $csrf = form_token($ua, $private);
    my $cookie = session_cookie($ua);
    my $size = 200 * 1024 * 1024;
    my $block = join '', map { chr(($_ * 31 + 7) % 256) } 0 .. 1024 * 1024 - 1;
    my $head = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n$csrf\r\n"
             . "--XyZ\r\nContent-Disposition: form-data; name=\"description\"\r\n\r\nTwo hundred MB\r\n"
             . "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge-$tag.bin\"\r\n"
             . "Content-Type: application/octet-stream\r\n\r\n";
    my $tail = "\r\n--XyZ--\r\n";
    my $ppid = HDNode::_pid($node->dir . '/run/httpd.pid') // $node->{pid};
    my $rss = sub { my %r; for my $k (HDNode::_children($ppid)) {
                        open my $fh, '<', "/proc/$k/status" or next;
                        while (<$fh>) { $r{$k} = $1 if /^VmRSS:\s+(\d+)/ } } \%r };
    my $before = $rss->();
    my ($port) = $node->base =~ /:(\d+)$/;
    my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port) or die $!;
    print $s "POST /helpdesk/tickets/$private/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
           . "Cookie: hdsession=$cookie\r\nConnection: close\r\n"
           . "Content-Type: multipart/form-data; boundary=XyZ\r\n"
           . "Content-Length: " . (length($head) + $size + length($tail)) . "\r\n\r\n" . $head;
    my %peak = %$before;
    my $sha = Digest::SHA->new(256);
    my $t = time;
    for my $i (1 .. 200) {
        print $s $block;
        $sha->add($block);
        if ($i % 20 == 0) {
            my $now = $rss->();
            $peak{$_} = $now->{$_} for grep { ($now->{$_} // 0) > ($peak{$_} // 0) } keys %$now;
        }
    }
    print $s $tail;
    my $answer = join '', <$s>;
    my $secs = time - $t;
    like $answer, qr{^HTTP/1\.1 303}, '200 MB: 303 after COMMIT';
    my ($grew) = sort { $b <=> $a } map { ($peak{$_} // 0) - ($before->{$_} // $peak{$_}) } keys %peak;
    SKIP: {
        # AddressSanitizer keeps freed memory in quarantine (256 MB by
        # default): a sanitizer build's RSS says nothing about the module.
        skip 'memory is measured on the plain build, not under AddressSanitizer', 1
            if stack_sanitized();
        cmp_ok $grew, '<', 20 * 1024, 'no child grew by 20 MB or more while taking 200 MB';
    }
    diag sprintf '200 MB upload: %.1f s (%.0f MB/s); children VmRSS before %s kB, peak %s kB; largest growth %d kB',
        $secs, 200 / $secs, join('/', map { $before->{$_} } sort keys %$before),
        join('/', map { $peak{$_} } sort keys %peak), $grew;
    my $a = find_file($ua, $private, "huge-$tag.bin");
    ok $a, 'listed' or return;
    is $a->{size}, $size, 'its size';
    is $a->{sha256}, $sha->hexdigest, 'its SHA-256';
    my $r = $ua->get(portal($a->{href}), Range => 'bytes=104857600-104857615');
    is $r->content, substr($block, 0, 16), 'a range in the middle of it';
};

done_testing();
diag sprintf 'attachments: %.1f s', time - $t0;
