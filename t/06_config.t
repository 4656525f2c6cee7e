# An admin's typo stops Apache at start-up with a message that names the
# directive, instead of a portal that fails later.  Each case is checked
# with `apache2 -t` on a small configuration that loads the module (the
# stack's: under make test-asan the sanitizer build, run as the stack runs it).
use strict;
use warnings;
use Test::More;
use File::Temp qw(tempdir);
use IO::Socket::INET;
use FindBin;
use lib "$FindBin::Bin/lib";
use HDTest qw(stack_module apache2_command);

my $root = "$FindBin::Bin/..";
my $so = stack_module();
my $apache2 = apache2_command();
my $dir = tempdir(CLEANUP => 1);
# A free loopback port, for the one case that really starts Apache.
my $port = IO::Socket::INET->new(Listen => 1, LocalAddr => '127.0.0.1',
                                 LocalPort => 0)->sockport;

sub config_test {
    my ($directives, %opt) = @_;
    # The directory is required; a case may leave it out.
    my $ldap = $opt{no_ldap_url} ? ''
        : 'HelpdeskLDAPURL "ldap://127.0.0.1:1/ou=people,dc=example,dc=org?uid"';
    # Built into Debian's apache2; elsewhere a module of its own.
    my $watchdog = $opt{no_watchdog} ? ''
        : "<IfModule !watchdog_module>\n"
          . "LoadModule watchdog_module /usr/lib/apache2/modules/mod_watchdog.so\n"
          . "</IfModule>";
    my $conf = "$dir/httpd.conf";
    open my $fh, '>', $conf or die $!;
    print $fh <<"CONF";
ServerRoot "/etc/apache2"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$dir/httpd.pid"
DefaultRuntimeDir "$dir"
ErrorLog "$dir/error.log"
LoadModule mpm_event_module /usr/lib/apache2/modules/mod_mpm_event.so
LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so
LoadModule dbd_module /usr/lib/apache2/modules/mod_dbd.so
$watchdog
LoadModule helpdesk_module $so
HelpdeskStylesheetDir "$root/xslt"
$ldap
$directives
CONF
    close $fh;
    my $out = `$apache2 -t -f '$conf' 2>&1`;
    return ($? >> 8, $out);
}

my ($rc, $out) = config_test('');
is $rc, 0, 'the minimal configuration is accepted' or diag $out;
($rc, $out) = config_test(qq{HelpdeskContactPhone "+44 (0)20 7946-0000"\n}
                          . qq{HelpdeskContactMail "servicedesk\@example.org"\n}
                          . qq{HelpdeskContactHours "Mon\xe2\x80\x93Fri 08:00\xe2\x80\x9318:00"});
is $rc, 0, 'a service desk phone, e-mail address and hours are accepted' or diag $out;

for my $case (
    ['HelpdeskStylesheetDir /no/such/dir', qr/HelpdeskStylesheetDir '\/no\/such\/dir' is not a directory/],
    ['HelpdeskLDAPURL "http://example.org/"', qr/HelpdeskLDAPURL .* is not an LDAP URL/],
    ['HelpdeskAgentGroup "not a dn"', qr/HelpdeskAgentGroup 'not a dn' is not a valid DN/],
    ['HelpdeskPageSize 0', qr/HelpdeskPageSize must be a whole number from 1 to 500, got '0'/],
    ['HelpdeskDirectoryCacheTTL soon', qr/HelpdeskDirectoryCacheTTL must be a whole number/],
    ['HelpdeskMaxFormBytes 10', qr/HelpdeskMaxFormBytes must be a whole number from 1024/],
    ['HelpdeskBaseURL helpdesk', qr/HelpdeskBaseURL must be a URL path starting with '\/'/],
    ['HelpdeskSecret short', qr/HelpdeskSecret must be at least 16 characters/],
    ['HelpdeskLDAPOrgAttribute "o)(x"', qr/HelpdeskLDAPOrgAttribute .* is not an attribute name/],
    ['HelpdeskContactPhone "call Tina"', qr/HelpdeskContactPhone 'call Tina' is not a phone number/],
    ['HelpdeskContactMail "servicedesk at example.org"', qr/HelpdeskContactMail .* is not an e-mail address/],
    ['HelpdeskContactMail "a\@b\@example.org"', qr/HelpdeskContactMail .* is not an e-mail address/],
    ["HelpdeskContactHours \"Mon\x01Fri\"", qr/HelpdeskContactHours must be one line of UTF-8 text without control characters/],
    ["HelpdeskContactHours \"Mon\xffFri\"", qr/HelpdeskContactHours must be one line of UTF-8 text/],
    ['HelpdeskJobs sometimes', qr/HelpdeskJobs must be On or Off/],
    ['HelpdeskJobInterval 0', qr/HelpdeskJobInterval must be a whole number from 1 to 86400, got '0'/],
    ['HelpdeskJobLease 60', qr/HelpdeskJobLease \(60 s\) must be longer than HelpdeskJobInterval \(60 s\)/],
    ["HelpdeskJobInterval 30\nHelpdeskJobLease 20", qr/HelpdeskJobLease \(20 s\) must be longer than HelpdeskJobInterval \(30 s\)/],
    ["<VirtualHost 127.0.0.1:$port>\nHelpdeskJobInterval 5\n</VirtualHost>", qr/HelpdeskJobInterval cannot occur within <VirtualHost> section/],
) {
    my ($line, $want) = @$case;
    ($rc, $out) = config_test($line);
    (my $name = $line) =~ s/\n/; /g;
    isnt $rc, 0, "refused: $name";
    like $out, $want, 'with a message naming the directive';
}

($rc, $out) = config_test("HelpdeskJobs Off\nHelpdeskJobInterval 5\nHelpdeskJobLease 20");
is $rc, 0, 'background jobs may be turned off, or run every 5 s with a 20 s lease' or diag $out;

subtest 'background jobs without mod_watchdog are refused at start-up' => sub {
    plan skip_all => 'mod_watchdog is built into this apache2 (apache2 -l)'
        if `apache2 -l` =~ /mod_watchdog\.c/;
    my ($rc, $out) = config_test('', no_watchdog => 1);
    isnt $rc, 0, 'apache2 -t refuses it';
    like $out, qr/HelpdeskJobs is On but mod_watchdog is not loaded/, 'and says what to load';
    ($rc, $out) = config_test('HelpdeskJobs Off', no_watchdog => 1);
    is $rc, 0, 'with HelpdeskJobs Off it is not needed' or diag $out;
};

subtest 'a portal without HelpdeskLDAPURL is refused at start-up, not with a 503 on every page' => sub {
    my ($rc, $out) = config_test('', no_ldap_url => 1);
    isnt $rc, 0, 'apache2 -t refuses it';
    like $out, qr/HelpdeskLDAPURL is not set/, 'and says which directive is missing';
};

subtest 'a stylesheet that does not compile stops Apache and is named' => sub {
    my $xslt = tempdir(CLEANUP => 1);
    open my $fh, '>', "$xslt/broken.xsl" or die $!;
    print $fh "<xsl:stylesheet version='1.0' xmlns:xsl='http://www.w3.org/1999/XSL/Transform'><xsl:template>\n";
    close $fh;
    config_test(qq{HelpdeskStylesheetDir "$xslt"});
    # apache2 -t only parses; post_config (where stylesheets compile) runs
    # on a real start, so start it and expect it to refuse.
    my $conf = "$dir/httpd.conf";
    my $start = `$apache2 -f '$conf' -k start 2>&1`;
    my $code = $? >> 8;
    sleep 1;
    my $log = '';
    if (open my $l, '<', "$dir/error.log") { local $/; $log = <$l> // ''; }
    system("$apache2 -f '$conf' -k stop >/dev/null 2>&1") if -f "$dir/httpd.pid";
    like "$start$log", qr/stylesheet \S*broken\.xsl does not compile/, 'the log names the stylesheet';
    ok !-f "$dir/httpd.pid" || $code != 0, 'and Apache did not start';
};

done_testing();
