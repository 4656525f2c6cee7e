package HDTest;
# What every integration test needs: the running stack's address, a
# browser that keeps cookies, logging in as a demo user, and reading the
# page a person would see.  The stack itself is started by t/run-all.sh
# (real Apache, MariaDB and slapd on loopback ports); HD_VAR names it.
use strict;
use warnings;
use Exporter 'import';
use LWP::UserAgent;
use HTTP::Cookies;
use HTTP::Request::Common qw(GET POST);
use JSON::PP;
use B ();
use XML::LibXML;
use FindBin;

our @EXPORT = qw(portal browser login submit_login logout session_cookie
                 set_session_cookie page_of text_of json_of
                 json_type json_bool
                 stack demo_password stack_module apache2_command
                 xml_of get_as new_tag db_rows
                 form_node form_pairs form_fields submit_form csrf_token
                 log_ticket ticket_ref_of tickets_url ticket_list
                 list_rows list_refs table_headers
                 label_of field_message activity_entry same_not_found
                 no_redirects comment_ticket resolve_ticket cancel_ticket
                 db_session in_background);

my $ROOT = "$FindBin::Bin/..";
my %env;

sub _env {
    return \%env if %env;
    my $var = $ENV{HD_VAR} or die "HD_VAR is not set: run tests through "
                                 . "'make test' or t/run-all.sh\n";
    open my $fh, '<', "$var/stack.env" or die "no $var/stack.env: $!\n";
    while (<$fh>) {
        chomp;
        next unless /^(\w+)=(.*)$/;
        (my $v = $2) =~ s/^['"]|['"]$//g;
        $env{$1} = $v;
    }
    return \%env;
}

# The portal's absolute URL for a path such as "/helpdesk/".
# Another node of the same stack (t/lib/HDNode.pm) is addressed with
# "local $HDTest::PORTAL = $node->base;": then portal(), login() and
# every helper built on them talk to that node.
our $PORTAL;

sub portal {
    my ($path) = @_;
    return ($PORTAL // "http://127.0.0.1:" . _env()->{HD_HTTP_PORT})
        . ($path // '/');
}

sub demo_password { 'helpdesk' }

# A fresh browser: its own cookie jar, redirects followed like a browser
# (also after a POST, as browsers do for 302), and a browser's Accept.
# browser(capture => 0): one whose pages are never asked again as XML in
# the capture mode (HD_CAPTURE_XML), for stories that count requests,
# such as failed logins.
sub browser {
    my (%opt) = @_;
    my $ua = LWP::UserAgent->new(
        cookie_jar   => HTTP::Cookies->new,
        max_redirect => 7,
        timeout      => 20,
        agent        => 'mod_helpdesk-tests',
    );
    push @{ $ua->requests_redirectable }, 'POST';
    $ua->default_header(Accept =>
        'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    capture_xml($ua) if $ENV{HD_CAPTURE_XML} && ($opt{capture} // 1);
    return $ua;
}

# Log in through the login form as a person would: open a portal page,
# get sent to the login page, fill in Login and Password, submit (the
# form's hidden csrf and return go with it, as a browser sends them).
# Returns the final response: after the 303 the page they were going to,
# or the login page again (401) when the password was wrong.
sub login {
    my ($ua, $user, $password, $path) = @_;
    my $res = $ua->get(portal($path // '/helpdesk/'));
    return submit_login($ua, $res, $user, $password);
}

# Fills in the login form of a page a person has in front of them (a
# response holding the form: the login page, or a 401 that met an
# expired session) and submits it.  The final response.
sub submit_login {
    my ($ua, $res, $user, $password) = @_;
    my $doc = page_of($res);
    my ($form) = $doc->findnodes('//form[.//input[@name="password"]]')
        or die "no login form at " . $res->request->uri . " ("
               . $res->status_line . ")\n";
    my @fields = map { ($_->getAttribute('name') => $_->getAttribute('value') // '') }
                 grep { defined $_->getAttribute('name') }
                 $form->findnodes('.//input[@type="hidden"]');
    push @fields, username => $user, password => $password // demo_password();
    my $action = URI->new_abs($form->getAttribute('action'),
                              $res->request->uri);
    return $ua->request(POST $action, \@fields);
}

# Logs out with the button a person presses: "Log out" in the header of
# any page, or (everywhere => 1) "Log out everywhere" on the log-out
# page.  The final response (the login page, "You have logged out.").
sub logout {
    my ($ua, %opt) = @_;
    if ($opt{everywhere}) {
        my $page = $ua->get(portal('/helpdesk/logout'));
        return submit_form($ua, $page,
                           '//form[contains(@action, "/logout")][.//button[@name="everywhere"]]',
                           {}, button => 'Log out everywhere');
    }
    my $page = $ua->get(portal('/helpdesk/'));
    return submit_form($ua, $page, '//form[contains(@action, "/logout")]', {},
                       button => 'Log out');
}

# The value of the session cookie this browser holds (undef if none).
sub session_cookie {
    my ($ua) = @_;
    my $value;
    $ua->cookie_jar->scan(sub { $value = $_[2] if $_[1] eq 'hdsession' });
    return $value;
}

# Puts a session cookie (a copy taken earlier, or a made-up one) into a
# browser's jar, as a person replaying a cookie would.
sub set_session_cookie {
    my ($ua, $value) = @_;
    # Any port: a browser sends a host's cookies to all its ports, so
    # every node of a test on 127.0.0.1 gets it.
    $ua->cookie_jar->set_cookie(0, 'hdsession', $value, '/helpdesk',
                                '127.0.0.1', undef, 1, 0, 3600, 0, {});
}

# The HTML of a response as a DOM, for XPath questions.
sub page_of {
    my ($res) = @_;
    return XML::LibXML->load_html(string => $res->decoded_content,
                                  recover => 2, suppress_errors => 1);
}

# The visible text of a page (or of the nodes an XPath picks), with
# whitespace collapsed: what a person reads.
sub text_of {
    my ($res, $xpath) = @_;
    my $doc = page_of($res);
    my $text = join ' ', map { $_->textContent }
                         $doc->findnodes($xpath // '//body');
    $text =~ s/\s+/ /g;
    return $text;
}


sub json_of {
    my ($res) = @_;
    return JSON::PP->new->utf8->decode($res->content);
}

# The JSON type of a value json_of gave, as an API client's language sees
# it: 'boolean', 'number', 'string', 'array', 'object', or 'missing' (not
# there, or null).  JSON::PP decodes true and false as JSON::PP::Boolean
# objects, and a number as a scalar with numeric flags only (Perl 5.36
# keeps it so when it is later used as a string).
sub json_type {
    my ($v) = @_;
    return 'missing' unless defined $v;
    return 'boolean' if JSON::PP::is_bool($v);
    return 'array'   if ref $v eq 'ARRAY';
    return 'object'  if ref $v eq 'HASH';
    return 'other'   if ref $v;
    my $flags = B::svref_2object(\$v)->FLAGS;
    return ($flags & (B::SVp_IOK | B::SVp_NOK)) && !($flags & B::SVp_POK)
        ? 'number' : 'string';
}

# A JSON boolean as 'true' or 'false'; anything else says what it is, so
# that the string "true" never passes for the boolean.
sub json_bool {
    my ($v) = @_;
    return $v ? 'true' : 'false' if json_type($v) eq 'boolean';
    return 'not a boolean: ' . json_type($v) . (defined $v && !ref $v ? " \"$v\"" : '');
}

# Drive the private stack (db-stop, db-start, ldap-stop ...).
sub stack {
    my ($cmd) = @_;
    system("bash '$ROOT/conf/stack/stack.sh' $cmd >/dev/null") == 0
        or die "stack.sh $cmd failed\n";
}

# The module file the stack's Apache loads, from its generated httpd.conf
# (build/asan/mod_helpdesk.so on a make test-asan stack); the normal build
# when there is no stack.
sub stack_module {
    my $conf = ($ENV{HD_VAR} // "$ROOT/var") . '/apache/httpd.conf';
    if (open my $fh, '<', $conf) {
        while (<$fh>) {
            return $1 if /^\s*LoadModule\s+helpdesk_module\s+"?([^"\s]+)/;
        }
    }
    return "$ROOT/modules/mod_helpdesk.so";
}

# The shell command that runs apache2 the way the stack does: with the
# sanitizer runtime preloaded on a make test-asan stack.
sub apache2_command {
    return "bash '$ROOT/conf/stack/stack.sh' apache2";
}

# ---------------------------------------------------------------------
# Tickets: forms, lists and the API, as a person (or a script) uses them.
# ---------------------------------------------------------------------

# The XML of a response as a DOM.
sub xml_of {
    my ($res) = @_;
    return XML::LibXML->load_xml(string => $res->content);
}

# GET a portal path asking for a format: get_as($ua, 'json', '/helpdesk/..').
sub get_as {
    my ($ua, $format, $path) = @_;
    my %accept = (json => 'application/json', xml => 'application/xml',
                  html => 'text/html');
    return $ua->get(portal($path), Accept => $accept{$format} // $format);
}

# A marker word no other ticket has: put it in every summary a test
# creates and search for it, so lists can be checked row for row.
sub new_tag {
    return 'qx' . join('', map { ('a' .. 'z')[rand 26] } 1 .. 8);
}

# Rows of a read-only SQL query against the stack's database (reference
# data only, e.g. a service's defaults), as arrays of strings.
sub db_rows {
    my ($sql) = @_;
    my $cnf = "$ENV{HD_VAR}/mysql/client.cnf";
    open my $fh, '-|', 'mariadb', "--defaults-file=$cnf", '-N', '-B',
        '-e', $sql or die "mariadb: $!\n";
    my @rows = map { chomp; [split /\t/, $_, -1] } <$fh>;
    close $fh or die "mariadb failed on: $sql\n";
    return @rows;
}

# Runs code with redirects not followed, to see a 303 itself.
sub no_redirects {
    my ($ua, $code) = @_;
    my $old = $ua->max_redirect;
    $ua->max_redirect(0);
    my @r = eval { $code->() };
    my $err = $@;
    $ua->max_redirect($old);
    die $err if $err;
    return wantarray ? @r : $r[0];
}

# The first form an XPath picks on a page (a response or a DOM).
sub form_node {
    my ($page, $xpath) = @_;
    my $doc = ref $page && $page->isa('HTTP::Response') ? page_of($page) : $page;
    my ($form) = $doc->findnodes($xpath // '//main//form');
    return $form;
}

# What a browser would send for a form, in order: [name, value] pairs.
# Checked boxes and radios only; a select sends its selected option (the
# first when none is marked); buttons only when named in $button (its
# visible text or value).
sub form_pairs {
    my ($form, $button) = @_;
    my @pairs;
    for my $c ($form->findnodes('.//input | .//select | .//textarea | .//button')) {
        my $name = $c->getAttribute('name');
        next if $c->hasAttribute('disabled');
        my $tag = lc $c->nodeName;
        if ($tag eq 'button' || ($tag eq 'input'
                && ($c->getAttribute('type') // '') =~ /^(submit|image|reset|button)$/i)) {
            next unless defined $button && defined $name;
            my $label = $tag eq 'button' ? $c->textContent : ($c->getAttribute('value') // '');
            $label =~ s/^\s+|\s+$//g;
            $label =~ s/\s+/ /g;
            next unless $label eq $button || ($c->getAttribute('value') // '') eq $button;
            push @pairs, [$name, $c->getAttribute('value') // ''];
            next;
        }
        next unless defined $name && length $name;
        if ($tag eq 'input') {
            my $type = lc($c->getAttribute('type') // 'text');
            next if $type eq 'file';
            if ($type eq 'checkbox' || $type eq 'radio') {
                next unless $c->hasAttribute('checked');
                push @pairs, [$name, $c->getAttribute('value') // 'on'];
                next;
            }
            push @pairs, [$name, $c->getAttribute('value') // ''];
        } elsif ($tag eq 'textarea') {
            # As in browsers: one newline right after <textarea> is markup.
            (my $text = $c->textContent) =~ s/^\r?\n//;
            push @pairs, [$name, $text];
        } elsif ($tag eq 'select') {
            my @opts = $c->findnodes('.//option');
            my $val = sub { $_[0]->hasAttribute('value') ? $_[0]->getAttribute('value')
                                                         : $_[0]->textContent };
            my @sel = grep { $_->hasAttribute('selected') } @opts;
            @sel = ($opts[0]) if !@sel && @opts && !$c->hasAttribute('multiple');
            @sel = ($sel[-1]) if @sel > 1 && !$c->hasAttribute('multiple');
            push @pairs, map { [$name, $val->($_)] } @sel;
        }
    }
    return @pairs;
}

# The values a form holds, as a hash: name => value (the last one when a
# name repeats, as for the hidden shared=0 before the checkbox), or an
# array of values for a multiple select or a group of checkboxes sharing
# a name.  With the hidden csrf.
sub form_fields {
    my ($page, $xpath) = @_;
    my $form = form_node($page, $xpath) or return undef;
    my %f;
    my %boxes;
    $boxes{ $_->getAttribute('name') }++
        for $form->findnodes('.//input[@type="checkbox"][@name]');
    my %multi = map { $_->getAttribute('name') => 1 }
                $form->findnodes('.//select[@multiple][@name]');
    $multi{$_} = 1 for grep { $boxes{$_} > 1 } keys %boxes;
    for my $p (form_pairs($form)) {
        if ($multi{ $p->[0] }) { push @{ $f{ $p->[0] } }, $p->[1] }
        else                   { $f{ $p->[0] } = $p->[1] }
    }
    $f{$_} //= [] for keys %multi;
    return \%f;
}

# Fills in and submits a form of a page the way a person would.
# $set: name => value, [values] or undef (leave out); names the form does
# not have are added.  %opt: button => the button's text, accept => the
# Accept header, files => the files chosen (a multipart form).  Returns
# the response (redirects followed as the browser
# does unless the caller turned that off).
sub submit_form {
    my ($ua, $res, $xpath, $set, %opt) = @_;
    my $form = form_node($res, $xpath)
        or die "no form " . ($xpath // '') . " on " . $res->request->uri . "\n";
    my @pairs = form_pairs($form, $opt{button});
    my %done;
    for my $name (sort keys %{ $set // {} }) {
        my $v = $set->{$name};
        my @vals = !defined $v ? () : ref $v ? @$v : ($v);
        my $at = 0;
        my @keep;
        for my $i (0 .. $#pairs) {
            if ($pairs[$i][0] eq $name) { $at ||= @keep + 1 }
            else                        { push @keep, $pairs[$i] }
        }
        my @new = map { [$name, $_] } @vals;
        if ($at) { splice @keep, $at - 1, 0, @new } else { push @keep, @new }
        @pairs = @keep;
    }
    my $action = URI->new_abs($form->getAttribute('action') // '',
                              $res->request->uri);
    my @accept = $opt{accept} ? (Accept => $opt{accept}) : ();
    my @flat = map { @$_ } @pairs;
    if (lc($form->getAttribute('method') // 'get') eq 'post'
            && lc($form->getAttribute('enctype') // '') eq 'multipart/form-data') {
        # As a browser sends such a form: a part per field (UTF-8), then
        # the files chosen, files => [[field, filename, bytes, type], ...].
        my @parts = map { my $v = $_; utf8::encode($v) if utf8::is_utf8($v); $v } @flat;
        push @parts, map { ($_->[0], [undef, $_->[1], Content => $_->[2],
                                      'Content-Type' => $_->[3] // 'application/octet-stream']) }
            @{ $opt{files} // [] };
        return $ua->request(POST $action, @accept, Content_Type => 'form-data',
                            Content => \@parts);
    }
    if (lc($form->getAttribute('method') // 'get') eq 'post') {
        return $ua->request(POST $action, \@flat, @accept);
    }
    $action->query_form(\@flat);
    return $ua->request(GET $action, @accept);
}

# A fresh, valid form token of this user's session, for POSTs made
# without going through the page: csrf_token($ua) is the new-ticket
# form's; csrf_token($ua, $ref, $action) the one the ticket's page drew
# for that action (a token is good only for the form it came with), or
# the new-ticket form's when the page offers no such action.
sub csrf_token {
    my ($ua, $ref, $action) = @_;
    if ($ref) {
        my $res = get_as($ua, 'xml', "/helpdesk/tickets/$ref");
        if ($res->is_success) {
            my $tok = xml_of($res)->findvalue("/helpdesk/actions/\@$action-csrf");
            return $tok if length $tok;
        }
    }
    my $res = get_as($ua, 'xml', '/helpdesk/tickets/new');
    die "GET /helpdesk/tickets/new as XML: " . $res->status_line . "\n"
        unless $res->is_success;
    my $tok = xml_of($res)->findvalue('/helpdesk/ticket-form/@csrf');
    die "no csrf on /helpdesk/tickets/new\n" unless length $tok;
    return $tok;
}

# The reference (HD-NNNN) a response is about, from its final address.
sub ticket_ref_of {
    my ($res) = @_;
    my $uri = $res->request->uri;
    return $uri->path =~ m{/tickets/(HD-\d+)$} ? $1 : undef;
}

# Logs a ticket through the form, as the person in $ua.  %fields are
# form fields (summary, details, kind, service, team, on_behalf,
# first_note, shared); a summary and details are required; without a
# service the first one offered is chosen.  Returns the
# reference, or (reference, ticket page response) in list context; dies
# when no ticket page came back.
sub log_ticket {
    my ($ua, %fields) = @_;
    my $form = $ua->get(portal('/helpdesk/tickets/new'));
    die "GET /helpdesk/tickets/new: " . $form->status_line . "\n"
        unless $form->is_success;
    unless (exists $fields{service}) {
        my ($first) = page_of($form)->findnodes(
            '//form[.//*[@name="summary"]]//select[@name="service"]/option[normalize-space(@value) != ""]/@value');
        $fields{service} = $first->value if $first;
    }
    my $res = submit_form($ua, $form, '//form[.//*[@name="summary"]]', \%fields);
    my $ref = ticket_ref_of($res);
    die "logging a ticket failed: " . $res->status_line . " at "
        . $res->request->uri . ": " . substr(text_of($res, '//main'), 0, 300) . "\n"
        unless $res->is_success && $ref;
    return wantarray ? ($ref, $res) : $ref;
}

# /helpdesk/tickets?... from pairs: tickets_url(view => 'all', status =>
# [qw(closed cancelled)], q => $tag).
sub tickets_url {
    my (@q) = @_;
    my @flat;
    while (my ($k, $v) = splice @q, 0, 2) {
        push @flat, map { ($k, $_) } ref $v ? @$v : ($v);
    }
    my $uri = URI->new(portal('/helpdesk/tickets'));
    $uri->query_form(\@flat) if @flat;
    return $uri;
}

sub ticket_list {
    my ($ua, @q) = @_;
    return $ua->get(tickets_url(@q));
}

# The list table's column headers, as read.
sub table_headers {
    my ($page) = @_;
    my $doc = ref $page && $page->isa('HTTP::Response') ? page_of($page) : $page;
    return [ map { my $t = $_->textContent; $t =~ s/\s+/ /g; $t =~ s/^ | $//g; $t }
             $doc->findnodes('(//main//table)[1]//thead//th') ];
}

# The rows of the list table: { ref, href, cells => [texts], node }.
# A response that is not a 200 page gives one row whose ref says so, so
# that "no rows" is never mistaken for a failed request.
sub list_rows {
    my ($page) = @_;
    return [ { ref => 'HTTP ' . $page->code, cells => [], node => undef } ]
        if ref $page && $page->isa('HTTP::Response') && $page->code != 200;
    my $doc = ref $page && $page->isa('HTTP::Response') ? page_of($page) : $page;
    my @rows;
    for my $tr ($doc->findnodes('(//main//table)[1]//tr[td]')) {
        my ($a) = grep { ($_->getAttribute('href') // '') =~ m{/tickets/HD-\d+$} }
                  $tr->findnodes('.//a[@href]');
        my $href = $a ? $a->getAttribute('href') : undef;
        my ($ref) = ($href // '') =~ m{/tickets/(HD-\d+)$};
        push @rows, {
            ref   => $ref,
            href  => $href,
            node  => $tr,
            cells => [ map { my $t = $_->textContent; $t =~ s/\s+/ /g; $t =~ s/^ | $//g; $t }
                       $tr->findnodes('./td | ./th') ],
        };
    }
    return \@rows;
}

sub list_refs {
    my ($page) = @_;
    return [ map { $_->{ref} // '?' } @{ list_rows($page) } ];
}

# The text of the label of a form control (a DOM node): label[for=id], or
# the label around it.
sub label_of {
    my ($control) = @_;
    my $doc = $control->ownerDocument;
    my $id = $control->getAttribute('id');
    my ($label) = defined $id ? $doc->findnodes(qq{//label[\@for="$id"]}) : ();
    ($label) = $control->findnodes('ancestor::label[1]') unless $label;
    return undef unless $label;
    my $t = $label->textContent;
    $t =~ s/\s+/ /g;
    $t =~ s/^ | $//g;
    return $t;
}

# What a person reads next to a form control: the text of what its
# aria-describedby names, plus the text of the smallest block around it
# that holds no other field (for radios: the group).
sub field_message {
    my ($page, $name) = @_;
    my $doc = ref $page && $page->isa('HTTP::Response') ? page_of($page) : $page;
    my ($c) = $doc->findnodes(qq{//main//*[self::input or self::select or self::textarea][\@name="$name"][not(\@type="hidden")]})
        or return '';
    my @text;
    for my $id (split ' ', $c->getAttribute('aria-describedby') // '') {
        push @text, map { $_->textContent } $doc->findnodes(qq{//*[\@id="$id"]});
    }
    my $box;
    for (my $p = $c->parentNode; $p && $p->nodeType == 1 && lc $p->nodeName ne 'form';
         $p = $p->parentNode) {
        my @others = grep { ($_->getAttribute('name') // '') ne $name
                            && ($_->getAttribute('type') // '') ne 'hidden' }
                     $p->findnodes('.//input[@name] | .//select[@name] | .//textarea[@name]');
        last if @others;
        $box = $p;
    }
    push @text, $box->textContent if $box;
    my $t = join ' ', @text;
    $t =~ s/\s+/ /g;
    return $t;
}

# The entry of a ticket's activity (HTML, id="activity") that holds this
# text: the smallest element with both the text and a time.
sub activity_entry {
    my ($page, $text) = @_;
    my $doc = ref $page && $page->isa('HTTP::Response') ? page_of($page) : $page;
    for my $e ($doc->findnodes('//*[@id="activity"]//*[.//time]')) {
        next unless index($e->textContent, $text) >= 0;
        next if grep { index($_->textContent, $text) >= 0 }
                $e->findnodes('.//*[.//time]');
        return $e;
    }
    return undef;
}

# A hidden ticket's 404 must be the very page a missing one gets: same
# status and same body once each address is replaced by the other (and
# the clock time an error document carries and form tokens are left
# aside).
sub same_not_found {
    my ($got, $missing, $ref, $missing_ref) = @_;
    my @bodies = map { $_->decoded_content } $got, $missing;
    $bodies[0] =~ s/\Q$ref\E/$missing_ref/g;
    # Form tokens (the header's Log out form has one on every page) are
    # new in every answer.
    s/(name="csrf" value="|[\w-]*csrf="|"[\w-]*csrf":")[^"]*/${1}TOKEN/g for @bodies;
    s/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?: GMT)?/TIME/g for @bodies;
    return $got->code == $missing->code && $bodies[0] eq $bodies[1];
}

# Adds a comment through the form on the ticket page; the response after
# the redirect (or the refusal).
sub comment_ticket {
    my ($ua, $ref, $body) = @_;
    my $page = $ua->get(portal("/helpdesk/tickets/$ref"));
    return submit_form($ua, $page, qq{//main//form[contains(\@action, "/$ref/comment")]},
                       { body => $body });
}

# Resolve / cancel as a person does: open the confirmation page, press yes.
sub resolve_ticket {
    my ($ua, $ref, $solution) = @_;
    my $page = $ua->get(portal("/helpdesk/tickets/$ref/resolve"));
    return submit_form($ua, $page, qq{//main//form[contains(\@action, "/$ref/resolve")]},
                       { defined $solution ? (solution => $solution) : () },
                       button => 'Yes, resolve it');
}

sub cancel_ticket {
    my ($ua, $ref) = @_;
    my $page = $ua->get(portal("/helpdesk/tickets/$ref/cancel"));
    return submit_form($ua, $page, qq{//main//form[contains(\@action, "/$ref/cancel")]},
                       {}, button => 'Yes, cancel it');
}

# A database session of the administrator's own, kept open, for the
# stories that need to hold a lock (a row, or COMMITs) while the portal
# works: my $db = db_session(); $db->rows($sql); $db->close.
sub db_session {
    require IPC::Open2;
    my $cnf = "$ENV{HD_VAR}/mysql/my.cnf";
    my ($out, $in);
    my $pid = IPC::Open2::open2($out, $in, 'mariadb', "--defaults-file=$cnf",
                                '-N', '-B', '-n', '--unbuffered', 'helpdesk');
    binmode $_, ':encoding(UTF-8)' for $in, $out;
    return bless { pid => $pid, out => $out, in => $in, n => 0 }, 'HDTest::DBSession';
}

# Runs $code in a child process (e.g. a request that will block) and
# returns a function that waits for it and gives back what $code
# returned (a string).
sub in_background {
    my ($code) = @_;
    pipe(my $r, my $w) or die "pipe: $!\n";
    my $pid = fork() // die "fork: $!\n";
    if (!$pid) {
        close $r;
        binmode $w, ':encoding(UTF-8)';
        my $v = eval { $code->() } // "died: $@";
        print $w $v;
        close $w;
        require POSIX;
        POSIX::_exit(0);
    }
    close $w;
    binmode $r, ':encoding(UTF-8)';
    return sub {
        local $/;
        my $v = <$r>;
        waitpid $pid, 0;
        return $v;
    };
}

# ---------------------------------------------------------------------
# Capturing the XML behind the pages (HD_CAPTURE_XML=dir).  t/run-all.sh
# sets it for the integration run, and t/xslt-captured.sh then runs the
# stylesheets on documents the module really emitted, and checks that the
# hand-written fixtures use no names the module never emits.  Every
# browser() keeps, in dir:
#   <page>-<hash>.xml  one document per distinct shape (element paths,
#                      attribute names, empty or not, and the values of
#                      the few attributes that pick a state): every one
#                      that has a name or state the kept ones lack, and
#                      others until the page has HD_CAPTURE_MAX (8);
#   index.tsv          file, test, status, method, address, how it came:
#                      "xml" (the test asked for XML) or "again" (the
#                      test got HTML and the same request was sent once
#                      more asking for XML);
#   capture.log        anything that went wrong (never fails a test).
# A page seen as HTML is asked for again as XML only when its shape (tags
# and classes, the address without numbers and values) is new, so a run
# costs a few hundred extra requests.  Other methods than GET are only
# repeated when they were refused (4xx: nothing was done).
# ---------------------------------------------------------------------

our $capturing = 0;

sub capture_xml {
    my ($ua) = @_;
    my %state;   # this browser's: where its last redirect of a non-GET led
    $ua->add_handler(response_done => sub {
        my ($res, $agent) = @_;
        return if $capturing;
        local $capturing = 1;
        eval { _capture($res, $agent, \%state); 1 } or _capture_log("$@");
        return;
    });
    return $ua;
}

sub _capture_dir {
    my $dir = $ENV{HD_CAPTURE_XML};
    -d "$dir/.seen" or do { require File::Path; File::Path::make_path("$dir/.seen") };
    return $dir;
}

sub _capture_log {
    my ($msg) = @_;
    chomp $msg;
    open my $fh, '>>', _capture_dir() . '/capture.log' or return;
    print $fh "$0: $msg\n";
}

# True the first time any test process asks for this name.
sub _capture_first {
    my ($name) = @_;
    require Fcntl;
    return sysopen(my $fh, _capture_dir() . "/.seen/$name",
                   Fcntl::O_CREAT() | Fcntl::O_EXCL() | Fcntl::O_WRONLY());
}

sub _capture {
    my ($res, $ua, $state) = @_;
    my $req = $res->request or return;
    my $redirected = delete $state->{to};
    if ($res->is_redirect && $req->method ne 'GET' && $res->header('Location')) {
        $state->{to} = URI->new_abs($res->header('Location'), $req->uri)->as_string;
    }
    return if $res->code < 200 || $res->is_redirect;
    my $type = lc($res->header('Content-Type') // '');
    if ($type =~ m{^(?:application|text)/xml\b}) {
        _capture_save($res, 'xml');
        return;
    }
    return unless $type =~ m{^text/html\b};
    # Asked again: a GET; a request that was refused (4xx: nothing was
    # done); or, as a GET, the address another request was sent on to
    # (a 307 keeps the method: POST /logout -> POST /login?loggedout=1).
    my $method = $req->method eq 'GET' || $res->is_client_error    ? $req->method
               : ($redirected // '') eq $req->uri->as_string       ? 'GET'
               :                                                      return;
    require Digest::MD5;
    my $uri = $req->uri;
    (my $path = $uri->path) =~ s/\d+/N/g;
    my %q = $uri->query ? map { $_ => 1 } $uri->query_form : ();
    my $body = $res->decoded_content // '';
    my %tags;
    while ($body =~ /<([a-zA-Z][a-zA-Z0-9]*)((?:\s[^>]*)?)>/g) {
        my ($tag, $attrs) = (lc $1, $2);
        my @a = $attrs =~ /\s(class|name|type|aria-current|checked|selected|role)(?:="([^"]*)")?/g;
        $tags{ join ' ', $tag, map { $_ // '' } @a } = 1;
    }
    my $key = Digest::MD5::md5_hex(join "\n", $method, $res->code, $path,
                                   sort(keys %q), '', sort keys %tags);
    return unless _capture_first("html-$key");
    my $again = $method eq $req->method ? $req->clone : HTTP::Request->new(GET => $uri);
    $again->remove_header('Cookie', 'Cookie2');   # the jar adds them again
    $again->header(Accept => 'application/xml');
    my $xml = $ua->simple_request($again);
    my $xtype = lc($xml->header('Content-Type') // '');
    return _capture_log("no XML for " . $req->method . " $uri: " . $xml->status_line)
        unless $xtype =~ m{^(?:application|text)/xml\b};
    _capture_save($xml, 'again');
}

# What makes two documents of one page different for the stylesheets.
# (t/lib/fixture_drift.pl checks the fixtures' values of the same ones.)
my %STATE_ATTR = map { $_ => 1 }
    qw(status category kind role view status-scope shared dir sort key field action problem);

sub _capture_shape {
    my ($el, $path, $shape) = @_;
    my $name = $el->nodeName;
    # Formatted text (hd_text.c, the same wherever it is) nests freely:
    # its element names only.
    my $here = $path eq ''                     ? $name
             : $path =~ m{(^|/)text($|//)}     ? "text//$name"
             :                                   "$path/$name";
    $shape->{$here} = 1;
    for my $a ($el->attributes) {
        next unless $a->nodeType == XML_ATTRIBUTE_NODE;
        my ($n, $v) = ($a->nodeName, $a->value);
        $shape->{"$here/\@$n"} = 1;
        $shape->{"$here/\@$n="} = 1 if $v eq '';
        $shape->{"$here/\@$n=$v"} = 1
            if $v =~ /^(true|false)$/ || ($STATE_ATTR{$n} && $v =~ /^[a-z0-9_-]{1,24}$/);
    }
    _capture_shape($_, $here, $shape) for $el->childNodes->grep(sub { $_->nodeType == XML_ELEMENT_NODE });
}

sub _capture_save {
    my ($res, $how) = @_;
    my $bytes = $res->content;
    my $doc = eval { XML::LibXML->load_xml(string => $bytes) };
    return _capture_log("not well-formed XML from " . $res->request->uri . ": $@") unless $doc;
    my $root = $doc->documentElement;
    return unless $root->nodeName eq 'helpdesk';
    my $page = $root->getAttribute('page') // '';
    return _capture_log("page=\"$page\" from " . $res->request->uri)
        unless $page =~ /^[a-z][a-z0-9-]*$/;
    my %shape = ("http=" . $res->code => 1);
    _capture_shape($root, '', \%shape);
    require Digest::MD5;
    my $hash = substr(Digest::MD5::md5_hex(join "\n", sort keys %shape), 0, 12);
    return unless _capture_first("xml-$page-$hash");
    # A document with a name or a state no kept one of its page has is
    # always kept (the fixture drift check wants them all); one that only
    # combines them anew is kept while the page has fewer than its share.
    my $new = grep { _capture_first("tok-" . Digest::MD5::md5_hex("$page $_")) } keys %shape;
    my $dir = _capture_dir();
    my $max = $ENV{HD_CAPTURE_MAX} // 8;
    opendir my $dh, $dir or return _capture_log("$dir: $!");
    my $kept = grep { /^\Q$page\E-[0-9a-f]{12}\.xml$/ } readdir $dh;
    return if $kept >= $max && !$new;
    my $file = "$page-$hash.xml";
    open my $fh, '>', "$dir/.$file.$$" or return _capture_log("$dir/.$file.$$: $!");
    binmode $fh;
    print $fh $bytes;
    close $fh or return _capture_log("$dir/$file: $!");
    rename "$dir/.$file.$$", "$dir/$file" or return _capture_log("$dir/$file: $!");
    my $req = $res->request;
    (my $test = $0) =~ s{^.*/(?=t/)}{};
    open my $ix, '>>', "$dir/index.tsv" or return;
    print $ix join("\t", $file, $test, $res->code, $req->method, $req->uri->path_query, $how), "\n";
}

package HDTest::DBSession;

# Rows of one statement (or none), as arrays of strings.
sub rows {
    my ($self, $sql) = @_;
    my $mark = 'hd-end-' . ++$self->{n};
    my $in = $self->{in};
    print $in "$sql;\nSELECT '$mark';\n";
    my @rows;
    while (defined(my $line = readline $self->{out})) {
        chomp $line;
        last if $line eq $mark;
        push @rows, [split /\t/, $line, -1];
    }
    return @rows;
}

sub close {
    my ($self) = @_;
    close $self->{in};
    waitpid $self->{pid}, 0;
}

1;
