#!/usr/bin/perl
# t/lib/fixture_drift.pl - do the hand-written XML fixtures use only what
# the module really emits?  Run by t/xslt-captured.sh.
#
#   perl t/lib/fixture_drift.pl CAPTURED-DIR ALLOW-FILE DOCUMENT...
#
# CAPTURED-DIR holds documents the module emitted during the integration
# tests (HD_CAPTURE_XML, see t/lib/HDTest.pm).  Each DOCUMENT (a fixture,
# or a variant t/xslt-check.sh made of one) must use only names -- element
# paths from <helpdesk> down, and attribute names on them -- that occur in
# some captured document of the same page (<helpdesk page="...">).
# The values of the attributes that pick a state (kind, status, category,
# role, shared, true/false ...: see %STATE_ATTR) count too: a fixture may
# not show a ticket in a status or an activity of a kind the module never
# sent.
# Inside <text> (formatted text: hd_text.c, the same for details, comments
# and solutions) elements nest freely, so there only the element names
# count, wherever the text is: "text//strong", "text//a/@href".
#
# ALLOW-FILE lines: DOCUMENT-GLOB NAME-GLOB, # comments (the list is in
# t/xslt-captured.sh): a name -- or "path/@attr=value" -- a document may
# use although no captured document has it.  An entry that none of the
# documents it names needs any more is reported, so the list shrinks when
# the module or the tests catch up.
#
# Prints one "ok/FAIL drift <document>" line per document with the names
# the module never emitted; exits 1 on any drift.
use strict;
use warnings;
use XML::LibXML;
use File::Basename qw(basename);

my ($captured, $allow_file, @docs) = @ARGV;
die "usage: $0 CAPTURED-DIR ALLOW-FILE DOCUMENT...\n" unless defined $allow_file && @docs;

# Attributes whose values pick a state (as in t/lib/HDTest.pm): a
# document's value must be one the module sent, when it is a word.
my %STATE_ATTR = map { $_ => 1 }
    qw(status category kind role view status-scope shared dir sort key field action problem);
sub state_value {
    my ($name, $v) = @_;
    return $v =~ /^(true|false)$/ || ($STATE_ATTR{$name} && $v =~ /^[a-z0-9_-]{1,24}$/);
}

# The names of one document: { name => 1, "name=value" => 1 for the
# state attributes }, and its page.
sub names_of {
    my ($file) = @_;
    my $doc = eval { XML::LibXML->load_xml(location => $file) }
        or return (undef, undef, "not well-formed: $@");
    my $root = $doc->documentElement;
    my %names;
    my $walk;
    $walk = sub {
        my ($el, $path) = @_;
        my $name = $el->nodeName;
        my $here = $path eq ''                 ? $name
                 : $path =~ m{(^|/)text($|//)} ? "text//$name"
                 :                               "$path/$name";
        $names{$here} = 1;
        for my $a ($el->attributes) {
            next unless $a->nodeType == XML_ATTRIBUTE_NODE;
            my ($n, $v) = ($a->nodeName, $a->value);
            $names{"$here/\@$n"} = 1;
            $names{"$here/\@$n=$v"} = 1 if state_value($n, $v);
        }
        $walk->($_, $here) for grep { $_->nodeType == XML_ELEMENT_NODE } $el->childNodes;
    };
    $walk->($root, '');
    return (\%names, $root->getAttribute('page') // '', undef);
}

# Glob (* and ?) to regex.
sub glob_re {
    my ($g) = @_;
    my $re = join '', map { $_ eq '*' ? '.*' : $_ eq '?' ? '.' : quotemeta $_ } split /([*?])/, $g;
    return qr/^$re$/;
}

my @allow;
open my $af, '<', $allow_file or die "$allow_file: $!\n";
while (<$af>) {
    s/#.*//;
    my ($d, $n) = split ' ';
    next unless defined $n;
    push @allow, { doc => $d, name => $n, dre => glob_re($d), nre => glob_re($n), used => 0 };
}

my (%seen, %count);
for my $file (glob "$captured/*.xml") {
    my ($names, $page, $err) = names_of($file);
    next unless $names;
    $count{$page}++;
    $seen{$page}{$_} = 1 for keys %$names;
}

my $failed = 0;
my %done;
for my $file (@docs) {
    my $label = basename($file, '.xml');
    my ($names, $page, $err) = names_of($file);
    if (!$names) {
        print "FAIL drift $label\n  $file: $err\n";
        $failed++;
        next;
    }
    # The same document twice (a fixture rendered as it is) is checked once.
    my $key = join "\n", $page, sort keys %$names;
    next if $done{$key}++;
    my @drift;
    $_->{matched}++ for grep { $label =~ $_->{dre} } @allow;
    for my $n (sort keys %$names) {
        next if $seen{$page}{$n};
        # A state value counts where the module sent that attribute with
        # state values at all (not an id or a free text there).
        if ($n =~ /^(.*)=/) {
            my $attr = $1;
            next unless $seen{$page}{$attr} && grep { /^\Q$attr\E=/ } keys %{ $seen{$page} };
        }
        my @ok = grep { $label =~ $_->{dre} && $n =~ $_->{nre} } @allow;
        $_->{used}++ for @ok;
        push @drift, $n unless @ok;
    }
    if (!$count{$page}) {
        print "FAIL drift $label\n  no captured document has page=\"$page\": no integration test opened that page"
            . " (or HD_CAPTURE_XML was not set)\n";
        $failed++;
    } elsif (@drift) {
        print "FAIL drift $label\n";
        print "  $file uses what the module never emitted on page \"$page\""
            . " (in $count{$page} captured documents):\n";
        for my $n (@drift) {
            my ($el, $at, $v) = $n =~ m{^(.*?)(?:/\@([^=]*)(?:=(.*))?)?$};
            my $on = '<' . (split m{/+}, $el)[-1] . '>';
            my $what = defined $v  ? "value $at=\"$v\" on $on"
                     : defined $at ? "attribute $at on $on"
                     :               "element $on";
            my $sent = defined $v
                ? '; it sent ' . join(', ', map { s/^.*=//r } sort grep { /^\Q$el\E\/\@\Q$at\E=/ } keys %{ $seen{$page} })
                : '';
            print "    $what   ($n$sent)\n";
        }
        print "  Make the fixture say what the module says (see $captured for real documents),"
            . " or, for a state the tests never reach, allow it in t/xslt-captured.sh.\n";
        $failed++;
    } else {
        print "ok   drift $label\n";
    }
}
# An entry for documents that were checked but needed it for none.
for my $a (grep { $_->{matched} && !$_->{used} } @allow) {
    print "FAIL drift allow-list\n  allowed but no longer needed (remove it): $a->{doc} $a->{name}\n";
    $failed++;
}
exit($failed ? 1 : 0);
