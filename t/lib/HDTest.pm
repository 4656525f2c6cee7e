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
use XML::LibXML;
use FindBin;

our @EXPORT = qw(portal browser login page_of text_of xpath_text json_of
                 stack demo_password);

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
sub portal {
    my ($path) = @_;
    return "http://127.0.0.1:" . _env()->{HD_HTTP_PORT} . ($path // '/');
}

sub demo_password { 'helpdesk' }

# A fresh browser: its own cookie jar, redirects followed like a browser
# (also after a POST, as browsers do for 302), and a browser's Accept.
sub browser {
    my $ua = LWP::UserAgent->new(
        cookie_jar   => HTTP::Cookies->new,
        max_redirect => 7,
        timeout      => 20,
        agent        => 'mod_helpdesk-tests',
    );
    push @{ $ua->requests_redirectable }, 'POST';
    $ua->default_header(Accept =>
        'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    return $ua;
}

# Log in through the login form as a person would: open a portal page,
# get sent to the login page, fill in Login and Password, submit.
# Returns the final response (the page they were going to, or the login
# page again when the password was wrong).
sub login {
    my ($ua, $user, $password, $path) = @_;
    my $res = $ua->get(portal($path // '/helpdesk/'));
    my $doc = page_of($res);
    my ($form) = $doc->findnodes('//form[.//input[@name="httpd_password"]]')
        or die "no login form at " . $res->request->uri . "\n";
    my %fields = map { $_->getAttribute('name') => $_->getAttribute('value') // '' }
                 $form->findnodes('.//input[@type="hidden"]');
    $fields{httpd_username} = $user;
    $fields{httpd_password} = $password // demo_password();
    my $action = URI->new_abs($form->getAttribute('action'),
                              $res->request->uri);
    return $ua->request(POST $action, [%fields]);
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

sub xpath_text { text_of(@_) }

sub json_of {
    my ($res) = @_;
    return JSON::PP->new->utf8->decode($res->content);
}

# Drive the private stack (db-stop, db-start, ldap-stop ...).
sub stack {
    my ($cmd) = @_;
    system('bash', "$ROOT/conf/stack/stack.sh", $cmd) == 0
        or die "stack.sh $cmd failed\n";
}

1;
