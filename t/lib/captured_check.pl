#!/usr/bin/perl
# t/lib/captured_check.pl - render XML the module emitted with its page's
# stylesheet and check the HTML.  Run by t/xslt-captured.sh (see there).
#
#   perl t/lib/captured_check.pl XSLT-DIR CAPTURED-DIR
#   env: XSLTPROC (xsltproc), XMLLINT (xmllint), XSLT_CHECK_OUT (keep the HTML there)
#
# Per document: xsltproc with xslt/<page>.xsl must succeed with nothing on
# stderr; xmllint --html must find nothing but HTML5 element names it does
# not know; the invariants of every page (the same as t/xslt-check.sh's
# common, all_labelled, refs_resolve, logged_in/logged_out, but with the
# title and addresses taken from the document); and the data of the
# document must be on the page: names, references, messages, the columns
# chosen, the addresses and tokens of the forms offered -- escaped as the
# HTML serializer escapes them.  Not the wording of the stylesheets: the
# hand-written fixtures check that.
#
# Prints each failing document with its failures and where it was
# captured (index.tsv), a line per page, and "N passed, N failed"
# (single checks, as t/xslt-check.sh counts); exits 1 on any failure.
use strict;
use warnings;
use XML::LibXML;
use File::Basename qw(basename);
use File::Temp qw(tempdir);
use IPC::Open3 qw(open3);
use Symbol qw(gensym);

my ($xslt, $captured) = @ARGV;
die "usage: $0 XSLT-DIR CAPTURED-DIR\n" unless defined $captured;
my $xsltproc = $ENV{XSLTPROC} || 'xsltproc';
my $xmllint = $ENV{XMLLINT} || 'xmllint';
my $keep = $ENV{XSLT_CHECK_OUT};
my $tmp = tempdir(CLEANUP => 1);

binmode STDOUT, ':encoding(UTF-8)';

# Where each document came from: file => "test status method address how".
my %origin;
if (open my $ix, '<:encoding(UTF-8)', "$captured/index.tsv") {
    while (<$ix>) {
        chomp;
        my ($file, @rest) = split /\t/;
        $origin{$file} //= join ' ', @rest;
    }
}

my ($passed, $failed) = (0, 0);
my (@problems, $html, $flat, $text);

sub ok_if {
    my ($ok, $msg) = @_;
    if ($ok) { $passed++ } else { $failed++; push @problems, $msg }
}

sub squash {
    my ($s) = @_;
    $s //= '';
    $s =~ s/\s+/ /g;
    $s =~ s/^ | $//g;
    return $s;
}

# Text as the page source has it.
sub esc_text {
    my $s = squash(@_);
    $s =~ s/&/&amp;/g;
    $s =~ s/</&lt;/g;
    $s =~ s/>/&gt;/g;
    return $s;
}

# An attribute value as libxml2's HTML serializer writes it, or undef when
# it would rewrite it in ways not worth predicting here (quotes, angle
# brackets, non-ASCII: URI attributes get %-escaped).
sub esc_attr {
    my ($s) = @_;
    return undef unless defined $s && length $s && $s =~ /^[\x20-\x7e]*$/ && $s !~ /["<>]/;
    $s =~ s/&/&amp;/g;
    return $s;
}

# ---- the checks, named and behaving as in t/xslt-check.sh
sub has       { ok_if(index($html, $_[0]) >= 0, "missing: $_[0]") }
sub lacks     { ok_if(index($html, $_[0]) < 0, "must not contain: $_[0]") }
sub has_re    { ok_if($html =~ $_[0], "no match for: $_[0]") }
sub lacks_re  { ok_if($html !~ $_[0], "must not match: $_[0]" . ($html =~ $_[0] ? " (found: $&)" : '')) }
sub count_is  {
    my ($n, $s) = @_;
    my $got = () = $html =~ /\Q$s\E/g;
    ok_if($got == $n, "expected $n x '$s', found $got");
}
sub has_text  {
    my ($s) = @_;
    return unless length $s;
    ok_if(index($text, $s) >= 0, "text missing: $s");
}
sub start_tags { my ($tag) = @_; return $flat =~ /(<(?:$tag)(?:\s[^>]*)?>)/g }
sub tag_has {
    my ($tag, @s) = @_;
    for my $t (start_tags($tag)) {
        return ok_if(1) unless grep { index($t, $_) < 0 } @s;
    }
    ok_if(0, "no <$tag> with: @s");
}
sub tag_lacks {
    my ($tag, @s) = @_;
    for my $t (start_tags($tag)) {
        return ok_if(0, "unexpected <$tag> with: @s") unless grep { index($t, $_) < 0 } @s;
    }
    ok_if(1);
}
sub col_headers {
    my $got = join '|', map { s/<[^>]*>//gr } $flat =~ /(<th scope="col"[^>]*>[^<]*<\/th>)/g;
    my $want = join '|', @_;
    ok_if($got eq $want, "column headers: got '$got', want '$want'");
}
sub all_labelled {
    my $bad = 0;
    for my $t (start_tags('input|select|textarea')) {
        next if $t =~ /type="hidden"/;
        my ($id) = $t =~ / id="([^"]+)"/;
        if (!defined $id) { ok_if(0, "control without id: $t"); $bad = 1; next }
        if ($flat !~ /<label[^>]* for="\Q$id\E"/) { ok_if(0, "no <label for=\"$id\">"); $bad = 1 }
    }
    ok_if(1) unless $bad;
    my %n;
    $n{$_}++ for $flat =~ / id="([^"]+)"/g;
    my @dups = sort grep { $n{$_} > 1 } keys %n;
    ok_if(!@dups, "duplicate ids: @dups");
}
sub refs_resolve {
    my %ids = map { $_ => 1 } $flat =~ / id="([^"]+)"/g;
    my @refs = ((map { split ' ' } $flat =~ / (?:for|aria-describedby|aria-labelledby)="([^"]+)"/g),
                $flat =~ / href="#([^"]+)"/g);
    my @missing = grep { !$ids{$_} } @refs;
    ok_if(!@missing, "ids referred to but missing: @missing");
}

# ---- every page
sub any_page {
    my ($x, $base, $static, $site) = @_;
    ok_if($html =~ /\A<!DOCTYPE html>/i, 'no <!DOCTYPE html> on line 1');
    has('<html lang="en">');
    count_is(1, 'charset=');
    has('<meta name="viewport" content="width=device-width, initial-scale=1">');
    count_is(1, '<title>');
    has_re(qr{<title>(?:[^<]+ — )?\Q${\ esc_text($site)}\E</title>});
    has(qq{<link rel="stylesheet" href="$static/css/helpdesk.css">});
    has('<a class="skip-link" href="#main">');
    has('<header');
    has_re(qr/<main id="main"/);
    has('<footer');
    has(qq{href="$base/"});
    count_is(1, '<h1');
    # CSP: no inline style or script of any kind; data never becomes markup.
    lacks_re(qr/<[a-zA-Z][^>]* style=/);
    lacks('<style');
    lacks('<script');
    lacks_re(qr/<[a-zA-Z][^>]* on[a-z]+=/);
    lacks_re(qr/<[a-zA-Z][^>]*="\s*javascript:/i);
    lacks(' json=');
    all_labelled();
    refs_resolve();
    if ($x->findnodes('/helpdesk/user')) {
        # A session that must replace its temporary password first has
        # nowhere to go but Log out.
        if ($x->findnodes('/helpdesk/account-password[@must-change="true"]')) {
            lacks('aria-label="Primary"');
        } else {
            has_re(qr/<nav[^>]* aria-label="Primary"/);
        }
        has_re(qr{<form[^>]* method="post" action="\Q$base\E/logout"});
        has_re(qr{<button type="submit"[^>]*>Log out</button>});
    } else {
        lacks('aria-label="Primary"');
        lacks("$base/logout");
    }
}

# ---- the data of each page
sub has_text_of { has_text(esc_text($_[0])) if defined $_[0] && length squash($_[0]) }
sub has_attr {
    my ($fmt, $v) = @_;
    my $a = esc_attr($v);
    has(sprintf $fmt, $a) if defined $a;
}
sub form_to {
    my $a = esc_attr($_[0]);
    tag_has('form', qq{action="$a"}) if defined $a;
}
sub hidden_csrf { has_attr('<input type="hidden" name="csrf" value="%s">', $_[0]) }
sub messages {
    my ($x, $path) = @_;
    has_text_of($_->value) for $x->findnodes("$path/errors/error/\@message");
}
sub missing { ok_if(0, "no <$_[0]> in the document") }

my %page = (
    error => sub {
        my ($x) = @_;
        my ($e) = $x->findnodes('/helpdesk/error') or return missing('error');
        has_text_of($e->getAttribute($_)) for qw(status title message);
        has_attr('href="%s"', $e->getAttribute('retry-href'));
    },
    login => sub {
        my ($x) = @_;
        my ($l) = $x->findnodes('/helpdesk/login') or return missing('login');
        form_to($l->getAttribute('action'));
        tag_has('input', 'name="username"');
        tag_has('input', 'name="password"', 'type="password"');
        has_attr('<input type="hidden" name="return" value="%s">', $l->getAttribute('return'));
        hidden_csrf($l->getAttribute('csrf'));
        my $typed = esc_attr($l->getAttribute('username'));
        tag_has('input', 'name="username"', qq{value="$typed"}) if defined $typed;
        my ($kept) = $l->findnodes('kept');
        has_attr('<input type="hidden" name="kept" value="%s">', $kept->textContent) if $kept;
        my $problem = $l->getAttribute('problem') // 'none';
        has('aria-invalid="true"') if $problem eq 'wrong';
        has_text_of('This login form has expired') if $problem eq 'expired';
        has_text_of('Too many failed logins') if $problem eq 'throttled';
        has_text_of('You have logged out.')
            if ($l->getAttribute('loggedout') // '') eq 'true' && $problem eq 'none';
    },
    today => sub {
        my ($x) = @_;
        has_text_of($_->value) for $x->findnodes('/helpdesk/today/services/service/@name'
                                                 . ' | /helpdesk/today/services/service/@note');
    },
    tickets => sub {
        my ($x) = @_;
        my ($t) = $x->findnodes('/helpdesk/tickets') or return missing('tickets');
        my %shown = map { $_->value => 1 } $t->findnodes('columns/column/@key');
        my @rows = $t->findnodes('rows/ticket');
        col_headers(map { esc_text($_->value) } $t->findnodes('columns/column/@label')) if @rows;
        for my $r (@rows) {
            has_attr('href="%s"', $r->getAttribute('href')) if $shown{reference} || $shown{summary};
            has_text_of($r->getAttribute('ref')) if $shown{reference};
            has_text_of($r->getAttribute('summary')) if $shown{summary};
            has_text_of($r->getAttribute('status-name')) if $shown{status};
        }
        for my $s ($t->findnodes('statuses/status')) {
            my $code = esc_attr($s->getAttribute('code')) // next;
            tag_has('input', 'name="status"', qq{value="$code"});
            (($s->getAttribute('selected') // '') eq 'true' ? \&tag_has : \&tag_lacks)
                ->('input', 'name="status"', qq{value="$code"}, 'checked');
        }
        has_attr('href="%s"', $_->value)
            for $t->findnodes('views/view/@href | paging/@next-href | paging/@first-href');
        my $q = esc_attr($t->getAttribute('q'));
        tag_has('input', 'name="q"', qq{value="$q"}) if defined $q;
    },
    'ticket-new' => sub {
        my ($x) = @_;
        my ($f) = $x->findnodes('/helpdesk/ticket-form') or return missing('ticket-form');
        form_to($f->getAttribute('action'));
        hidden_csrf($f->getAttribute('csrf'));
        has_text_of($_->value)
            for $f->findnodes('services/service/@name | teams/team/@name | colleagues/colleague/@name');
        messages($x, '/helpdesk/ticket-form');
        for my $name (qw(summary on_behalf)) {
            my $v = esc_attr($f->findvalue("values/\@$name"));
            tag_has('input', qq{name="$name"}, qq{value="$v"}) if defined $v;
        }
    },
    ticket => sub {
        my ($x) = @_;
        my ($t) = $x->findnodes('/helpdesk/ticket') or return missing('ticket');
        has_text_of($t->getAttribute($_)) for qw(ref summary);
        my ($confirm) = $x->findnodes('/helpdesk/confirm');
        my ($actions) = $x->findnodes('/helpdesk/actions');
        if ($confirm) {
            my $what = $confirm->getAttribute('action') // '';
            if ($actions && $actions->getAttribute("$what-csrf")) {
                form_to($actions->getAttribute($what));
                hidden_csrf($actions->getAttribute("$what-csrf"));
            }
        } else {
            has_text_of($t->getAttribute('status-name'));
            has_text_of($_->value) for $t->findnodes('activity/entry/@author');
            if ($actions && ($t->getAttribute('can-comment') // '') eq 'true') {
                form_to($actions->getAttribute('comment'));
                hidden_csrf($actions->getAttribute('comment-csrf'));
            }
        }
        has_text_of($_->value) for $x->findnodes('/helpdesk/notice/@ref');
        messages($x, '/helpdesk');
    },
    'ticket-columns' => sub {
        my ($x) = @_;
        my ($f) = $x->findnodes('/helpdesk/columns-form') or return missing('columns-form');
        form_to($f->getAttribute('action'));
        hidden_csrf($f->getAttribute('csrf'));
        for my $c ($f->findnodes('column')) {
            my $key = esc_attr($c->getAttribute('key')) // next;
            (($c->getAttribute('shown') // '') eq 'true' ? \&tag_has : \&tag_lacks)
                ->('input', qq{name="show_$key"}, 'checked');
            tag_has('select', qq{name="pos_$key"});
            has_text_of($c->getAttribute('label'));
        }
        messages($x, '/helpdesk/columns-form');
    },
    faq => sub {
        my ($x) = @_;
        my ($f) = $x->findnodes('/helpdesk/faq') or return missing('faq');
        has_text_of($_->value) for $f->findnodes('topics/topic/@name | categories/category/@name'
                                                 . ' | categories/category/entry/@question');
        has_attr('href="%s"', $_->value) for $f->findnodes('topics/topic/@href');
        my $q = esc_attr($f->getAttribute('q'));
        tag_has('input', 'name="q"', qq{value="$q"}) if defined $q;
    },
    'desk-news' => sub { desk_content(@_, 'news-form', 'items/item', 'title') },
    'desk-faq' => sub { desk_content(@_, 'faq-form', 'entries/entry', 'question') },
    'desk-maintenance' => sub {
        my ($x) = @_;
        desk_content($x, 'maintenance-form', 'maintenances/maintenance', 'title');
        for my $s ($x->findnodes('//maintenance-form/services/service')) {
            my $id = esc_attr($s->getAttribute('id')) // next;
            (($s->getAttribute('selected') // '') eq 'true' ? \&tag_has : \&tag_lacks)
                ->('input', 'name="service"', qq{value="$id"}, 'checked');
        }
        for my $m ($x->findnodes('//maintenances/maintenance[@cancel-action]')) {
            form_to($m->getAttribute('cancel-action'));
            hidden_csrf($m->getAttribute('cancel-csrf'));
        }
    },
);

# The desk's content pages (desk-news, desk-faq, desk-maintenance): the
# form with its token and the one-line values it holds (the text areas'
# line breaks are not worth predicting here), each row by its name, and
# each row's delete form.
sub desk_content {
    my ($x, $form, $rows, $name) = @_;
    my ($f) = $x->findnodes("/helpdesk/*/$form") or return missing($form);
    form_to($f->getAttribute('action'));
    hidden_csrf($f->getAttribute('csrf'));
    for my $v ($f->findnodes('values/@*')) {
        my $n = $v->nodeName;
        my $val = esc_attr($v->value);
        next if $n =~ /^(?:body|answer)$/ || !defined $val;
        tag_has('input', qq{name="$n"}, qq{value="$val"});
    }
    messages($x, "/helpdesk/*/$form");
    for my $r ($f->parentNode->findnodes($rows)) {
        has_text_of($r->getAttribute($name));
        if (my $del = $r->getAttribute('delete-action')) {
            form_to($del);
            hidden_csrf($r->getAttribute('delete-csrf'));
        }
    }
}

# Runs a command; (exit status, stdout, stderr).
sub run {
    my ($in, @cmd) = @_;
    my $err = gensym;
    my $pid = open3(my $w, my $r, $err, @cmd);
    binmode $_ for $w, $r, $err;
    print $w $in if defined $in;
    close $w;
    my $out = do { local $/; <$r> } // '';
    my $e = do { local $/; <$err> } // '';
    waitpid $pid, 0;
    return ($? >> 8, $out, $e);
}

# libxml2's HTML parser knows HTML 4 only.
my $HTML5 = qr/Tag (?:header|nav|main|section|article|aside|footer|time|details|summary|figure|figcaption|mark|datalist|template|dialog|picture|svg|path|output|meter|progress) invalid/;

my (%docs, %bad);
for my $file (sort glob "$captured/*.xml") {
    my $name = basename($file, '.xml');
    @problems = ();
    my $x = eval { XML::LibXML->load_xml(location => $file) };
    my $page = $x ? $x->documentElement->getAttribute('page') // '' : '?';
    $docs{$page}++;
    if (!$x) {
        ok_if(0, 'not well-formed XML: ' . squash($@));
    } elsif (!-f "$xslt/$page.xsl") {
        ok_if(0, "no stylesheet xslt/$page.xsl for page=\"$page\"");
    } else {
        my ($rc, $out, $err) = run(undef, $xsltproc, '--nonet', "$xslt/$page.xsl", $file);
        ok_if($rc == 0, "xsltproc failed ($rc): " . substr($err, 0, 600));
        ok_if($rc != 0 || $err eq '', 'xsltproc wrote to stderr: ' . substr($err, 0, 600));
        if ($rc == 0) {
            if ($keep) {
                open my $fh, '>:raw', "$keep/$name.html" or die "$keep/$name.html: $!\n";
                print $fh $out;
            }
            my (undef, undef, $lint) = run($out, $xmllint, '--html', '--noout', '-');
            my @errs;
            for my $group (split /(?=^\S.*?(?:parser )?error : )/m, $lint) {
                push @errs, $group if $group =~ /\S/ && $group !~ $HTML5;
            }
            ok_if(!@errs, "xmllint --html:\n" . join '', @errs[0 .. ($#errs < 2 ? $#errs : 2)]);
            utf8::decode($out);
            $html = $out;
            ($flat = $html) =~ s/\n//g;
            ($text = $flat) =~ s/<[^>]*>/ /g;
            $text =~ s/\s+/ /g;
            my $root = $x->documentElement;
            any_page($x, $root->getAttribute('base') // '', $root->getAttribute('static') // '',
                     squash($root->getAttribute('site')) || 'IT Helpdesk');
            if (my ($u) = $x->findnodes('/helpdesk/user')) {
                has_text_of(squash($u->getAttribute('name')) || $u->getAttribute('login'));
            }
            if (my ($c) = $x->findnodes('/helpdesk/contact[../error or ../login]')) {
                has_text_of($c->getAttribute($_)) for qw(phone hours);
                has_attr('href="mailto:%s"', $c->getAttribute('mail'));
            }
            $page{$page}->($x) if $page{$page};
        }
    }
    next unless @problems;
    $bad{$page}++;
    print "FAIL $name  (", $origin{"$name.xml"} // 'not in index.tsv', ")\n";
    print "  - $_\n" for map { s/\n/\n    /gr } @problems;
    print "  the document: $file\n";
}
for my $p (sort keys %docs) {
    printf "%s captured %s: %s\n", $bad{$p} ? 'FAIL' : 'ok  ', $p,
        $bad{$p} ? "$bad{$p} of $docs{$p} documents" : "$docs{$p} documents";
}
print "$passed passed, $failed failed\n";
exit($failed ? 1 : 0);
