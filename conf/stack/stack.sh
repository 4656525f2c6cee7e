#!/usr/bin/env bash
# shellcheck disable=SC2016 # perl and SQL inside single quotes are literal
# stack.sh - the private services one mod_helpdesk stack runs on.
#
# A stack is a MariaDB, a slapd and an Apache that belong to one var
# directory ($HD_VAR, default <repo>/var) and listen on 127.0.0.1 only. Ports
# and secrets are chosen once and kept in $HD_VAR/stack.env, so several stacks
# (var/ for `make run`, var/test for the tests) run side by side and every
# subcommand may be repeated safely. Nothing here touches the system
# instances of those servers or their configuration in /etc.
#
# Usage: stack.sh COMMAND      (see usage() below)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
STACK_DIR=$ROOT/conf/stack

# Every path below hangs off HD_VAR; made absolute and normalised so that the
# command lines we later search /proc for are always spelt the same way.
HD_VAR=$(realpath -ms -- "${HD_VAR:-$ROOT/var}")
ENV_FILE=$HD_VAR/stack.env
DB_DIR=$HD_VAR/mysql
LDAP_DIR=$HD_VAR/ldap
WEB_DIR=$HD_VAR/apache
MAIL_DIR=$HD_VAR/mail

# Command-line fragments that identify this stack's daemons (and no other
# stack's: var/ and var/test/ differ in these exact strings).
DB_MARK="--defaults-file=$DB_DIR/my.cnf"
LDAP_MARK="-F $LDAP_DIR/slapd.d"
WEB_MARK="-f $WEB_DIR/httpd.conf"
MAIL_MARK="$MAIL_DIR/inbox"

# Our LDAP client calls must not pick up anyone's ~/.ldaprc or
# /etc/ldap/ldap.conf.
export LDAPNOINIT=1
IS_ROOT=0
[[ $EUID -eq 0 ]] && IS_ROOT=1

# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

say() { printf 'stack: %s\n' "$*" >&2; }
die() { printf 'stack: error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root, through sudo only when we are not root already.
as_root() {
    if ((IS_ROOT)); then "$@"; else sudo "$@"; fi
}

# Prints N random bytes as hex: no quoting problems in shell, Makefiles,
# Apache directives or DBDParams.
random_hex() {
    od -An -vtx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# Refuses var paths that would break the unquoted KEY=value lines of
# stack.env, Apache directives or the 107-byte limit on socket paths.
check_var_path() {
    [[ $HD_VAR =~ ^/[A-Za-z0-9._/+-]+$ ]] ||
        die "HD_VAR=$HD_VAR: use only letters, digits and ._/+- in the path"
    ((${#HD_VAR} <= 90)) ||
        die "HD_VAR=$HD_VAR is too long for the sockets inside it (90 characters at most)"
}

# One command at a time per stack: parallel starts (make -j, test runners)
# would otherwise race to create the same data directories. Daemons are
# started with the lock's descriptor closed (9>&-), or they would hold it
# for ever. lock_stack 0 does not create a missing var directory.
lock_stack() {
    if [[ ! -d $HD_VAR ]]; then
        (($1)) || return 0
        mkdir -p "$HD_VAR"
    fi
    exec 9>"$HD_VAR/.lock"
    flock -w 300 9 || die "another stack.sh kept $HD_VAR/.lock for 5 minutes"
}

# render TEMPLATE OUTPUT NAME=VALUE...: replaces @NAME@ in TEMPLATE. Unknown
# placeholders are left alone with a warning, so a new one in a template is
# noticed rather than silently emptied. Output is private (umask 077);
# callers widen it where a server needs more.
render() {
    local template=$1 out=$2
    shift 2
    [[ -f $template ]] || die "template $template is missing"
    (
        umask 077
        env "${@/#/HDT_}" perl -pe '
            s{\@([A-Z][A-Z0-9_]*)\@}{
                exists $ENV{"HDT_$1"} ? $ENV{"HDT_$1"}
                : do { warn "stack: $ARGV:$.: unknown placeholder \@$1\@ left as is\n"; $& }
            }ge' "$template" >"$out.tmp"
        mv -f "$out.tmp" "$out"
    )
}

# ---------------------------------------------------------------------------
# Processes. Daemons are found by their command line in /proc, not only by
# pidfile: pidfiles vanish before the process exits, and a stale one may name
# somebody else's process. Only /proc is used: bare images lack procps.
# ---------------------------------------------------------------------------

# find_pids COMM MARK [roots]: live processes named COMM whose command line
# contains MARK as whole words; with "roots", only those whose parent is not
# one of them (Apache's parent rather than its children).
find_pids() {
    perl -e '
        my ($comm, $mark, $roots) = @ARGV;
        my %parent;
        opendir my $proc, "/proc" or die "stack: /proc: $!\n";
        for my $pid (grep { /^\d+$/ } readdir $proc) {
            open my $c, "<", "/proc/$pid/comm" or next;
            chomp(my $name = <$c> // "");
            next unless $name eq $comm;
            open my $s, "<", "/proc/$pid/stat" or next;
            my ($state, $ppid) = ((<$s> // "") =~ /\)\s+(\S)\s+(\d+)/) or next;
            next if $state eq "Z";    # a zombie has already exited
            open my $a, "<", "/proc/$pid/cmdline" or next;
            local $/;
            my $cmd = <$a> // "";
            $cmd =~ tr/\0/ /;
            $parent{$pid} = $ppid if index(" $cmd ", " $mark ") >= 0;
        }
        for my $pid (sort { $a <=> $b } keys %parent) {
            print "$pid\n" unless $roots && exists $parent{$parent{$pid}};
        }' "$1" "$2" "${3:-}"
}

# main_pid PIDFILE COMM MARK: the daemon's main process: the pidfile's if
# it names one of the daemon's processes, else the first root process.
main_pid() {
    local pidfile=$1 comm=$2 mark=$3 pid=""
    local pids
    pids=$(find_pids "$comm" "$mark" roots)
    [[ -n $pids ]] || return 1
    if [[ -r $pidfile ]]; then read -r pid <"$pidfile" || true; fi
    if [[ -n $pid ]] && grep -qx -- "$pid" <<<"$pids"; then
        echo "$pid"
    else
        head -n1 <<<"$pids"
    fi
}

# wait_gone COMM MARK SECONDS: true once no matching process is left.
wait_gone() {
    local comm=$1 mark=$2 deadline=$((SECONDS + $3))
    while [[ -n $(find_pids "$comm" "$mark") ]]; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# stop_daemon NAME PIDFILE COMM MARK [STOP-COMMAND...]: asks the daemon to
# stop (SIGTERM unless a command is given), waits for every process of it to
# exit, and kills what is left after a minute.
stop_daemon() {
    local name=$1 pidfile=$2 comm=$3 mark=$4 pid
    shift 4
    if ! pid=$(main_pid "$pidfile" "$comm" "$mark"); then
        say "$name is not running"
        return 0
    fi
    say "stopping $name (pid $pid)"
    if (($# == 0)) || ! "$@" >/dev/null 2>&1; then
        kill -TERM "$pid" 2>/dev/null || true
    fi
    if ! wait_gone "$comm" "$mark" 60; then
        say "$name did not stop within 60 s; killing it"
        find_pids "$comm" "$mark" | xargs -r kill -KILL 2>/dev/null || true
        wait_gone "$comm" "$mark" 10 || die "$name (pid $pid) survived SIGKILL"
    fi
    rm -f "$pidfile"
}

# wait_until NAME SECONDS LOG WATCH-PID CHECK...: polls CHECK until it
# succeeds. On a timeout, or when WATCH-PID (0: none) dies first, it shows
# LOG's tail, says what went wrong and returns 1 for the caller to clean up.
wait_until() {
    local name=$1 timeout=$2 log=$3 watch=$4
    local deadline=$((SECONDS + timeout))
    shift 4
    until "$@" >/dev/null 2>&1; do
        if ((watch)) && ! kill -0 "$watch" 2>/dev/null; then
            show_log_tail "$log"
            say "error: $name exited during start-up"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            show_log_tail "$log"
            say "error: $name was not ready within $timeout s"
            return 1
        fi
        sleep 0.2
    done
}

show_log_tail() {
    local log
    for log in "$@"; do
        [[ -s $log ]] || continue
        printf 'stack: ---- last lines of %s ----\n' "$log" >&2
        tail -n 25 "$log" >&2
    done
}

# ---------------------------------------------------------------------------
# deps
# ---------------------------------------------------------------------------

# Everything the build, make run, make test and make bench use that a bare
# (minbase) Debian 12 lacks.  pkg-config is not in the dependency chains of
# the -dev packages, but the build asks it for libldap's flags.  perl runs
# this script's helpers and the tests (prove), which read pages with
# libxml-libxml-perl; xsltproc checks the stylesheets, xmllint
# (libxml2-utils) the HTML they make of captured pages; libasan8 and
# libubsan1 (gcc's own sanitizer runtimes) serve make test-asan; curl and
# wrk drive make bench; libssl-dev gives the module SHA-256 for session
# tokens; tzdata the time zones of the desk's business hours (Priority:
# required, so normally there); clang-format checks the C style; ca-certificates
# let npm reach its registry.  E-mail (issue 11): libcurl4-openssl-dev for
# the SMTP sender and helpdesk-mailgate, libgmime-3.0-dev to read incoming
# mail, python3-aiosmtpd as the test suites' SMTP server; libcmark-dev
# renders what people type (CommonMark, issue 13).  Chromium is installed by t/browser/run.sh;
# node and npm below.
DEB_PACKAGES=(apache2 apache2-dev apache2-utils libaprutil1-dbd-mysql
    mariadb-server mariadb-client libxml2-dev libxslt1-dev libldap-dev slapd
    ldap-utils libapache2-mod-perl2 libjansson-dev libssl-dev tzdata libwww-perl make gcc
    pkg-config perl libxml-libxml-perl xsltproc libxml2-utils libasan8 libubsan1
    curl wrk libcurl4-openssl-dev libgmime-3.0-dev python3-aiosmtpd libcmark-dev
    clang-format ca-certificates)

# The browser stories need node and npm.  Debian's come as the packages
# nodejs and npm -- but a machine may have another build of node (e.g.
# nodesource's nodejs, which brings its own npm and conflicts with Debian's
# npm package), so the commands are what counts, not the packages.
node_packages() {
    command -v node >/dev/null && command -v npm >/dev/null && return 0
    echo nodejs
    echo npm
}

# Prints the packages in "$@" that are not fully installed.
missing_packages() {
    local installed
    installed=$(dpkg-query -W -f='${Package} ${Status}\n' "$@" 2>/dev/null |
        awk '/ ok installed$/ { print $1 }' || true)
    local pkg
    for pkg in "$@"; do
        grep -qx -- "$pkg" <<<"$installed" || echo "$pkg"
    done
}

# While packages install, deny every service start: their maintainer scripts
# would otherwise launch the system apache2, mariadb and slapd.
POLICY_RC=/usr/sbin/policy-rc.d
block_service_starts() {
    [[ -e $POLICY_RC ]] && return 0
    printf '#!/bin/sh\n# created by mod_helpdesk stack.sh deps\nexit 101\n' |
        as_root tee "$POLICY_RC" >/dev/null
    as_root chmod 755 "$POLICY_RC"
    trap 'as_root rm -f "$POLICY_RC"' EXIT
}

apt_get() {
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get -o DPkg::Lock::Timeout=600 -y "$@"
}

cmd_deps() {
    local missing
    mapfile -t missing < <(missing_packages "${DEB_PACKAGES[@]}"; node_packages)
    # JSON::PP ships with perl itself; its own package is only a newer copy,
    # so it is wanted only when perl somehow lacks the module.
    local want_json_pp=0
    perl -MJSON::PP -e1 2>/dev/null || want_json_pp=1
    if ((${#missing[@]} == 0 && !want_json_pp)); then
        say "all packages are installed"
        return 0
    fi
    block_service_starts
    say "installing: ${missing[*]}"
    apt_get update
    ((${#missing[@]} == 0)) || apt_get install "${missing[@]}"
    if ! perl -MJSON::PP -e1 2>/dev/null &&
        apt-cache policy libjson-pp-perl | grep -q 'Candidate: [0-9]'; then
        apt_get install libjson-pp-perl
    fi
}

# ---------------------------------------------------------------------------
# ports and stack.env
# ---------------------------------------------------------------------------

# Prints N distinct free loopback ports: all sockets are held open together
# so the kernel cannot hand out the same port twice.
free_ports() {
    perl -MIO::Socket::INET -e '
        my @socks = map {
            IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => 0,
                                  Proto => "tcp", Listen => 1)
                or die "stack: cannot bind a loopback port: $!\n"
        } 1 .. $ARGV[0];
        print join(" ", map { $_->sockport } @socks), "\n";' "$1"
}

# port_problem PORT: true when Apache could listen on 127.0.0.1:PORT, else
# prints why not. Bound the way Apache binds (SO_REUSEADDR), so a port
# whose last connections linger in TIME_WAIT counts as free.
port_problem() {
    perl -MIO::Socket::INET -e '
        IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $ARGV[0],
                              Proto => "tcp", ReuseAddr => 1, Listen => 1)
            and exit 0;
        print "$!\n";
        exit 1;' "$1"
}

# require_http_port PORT: dies, saying what to do instead, when Apache could
# not listen on PORT -- typically another web server has it -- rather than
# letting Apache fail later with "could not bind to address".
require_http_port() {
    local port=$1 why alt
    if [[ ! $port =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then
        die "HTTP port '$port' is not a port number (1-65535)"
    fi
    why=$(port_problem "$port") && return 0
    alt=$(perl -MIO::Socket::INET -e '
        for my $p ($ARGV[0] + 1 .. $ARGV[0] + 100) {
            last if $p > 65535;
            IO::Socket::INET->new(LocalAddr => "127.0.0.1", LocalPort => $p,
                Proto => "tcp", ReuseAddr => 1, Listen => 1) and print($p), exit 0;
        }
        print 8081;' "$port")
    die "the portal cannot listen on 127.0.0.1:$port ($why): another program uses that port.
  Choose another port for it, e.g. $alt:
      make run HELPDESK_PORT=$alt        (or: HELPDESK_PORT=$alt make run)
      HD_VAR=$HD_VAR HD_HTTP_PORT=$alt bash $ROOT/conf/stack/stack.sh start
  or stop the program that has port $port."
}

# Moves an existing stack to the HTTP port asked for (HD_HTTP_PORT, which
# make run sets from HELPDESK_PORT), unless its Apache is running on the
# old one.  Only Apache and the tests use the HTTP port; the database and
# the directory keep theirs.
change_http_port() {
    local new=$1 pid
    if pid=$(web_pid); then
        say "keeping HTTP port $HD_HTTP_PORT: this stack's Apache (pid $pid) runs on it; stop it first to move to $new"
        return 0
    fi
    require_http_port "$new"
    (
        umask 077
        sed "s/^HD_HTTP_PORT=.*/HD_HTTP_PORT=$new/" "$ENV_FILE" >"$ENV_FILE.tmp"
        mv -f "$ENV_FILE.tmp" "$ENV_FILE"
    )
    say "HTTP port changed from $HD_HTTP_PORT to $new in $ENV_FILE"
    HD_HTTP_PORT=$new
}

cmd_ports() {
    if [[ -f $ENV_FILE ]]; then
        load_env
        if [[ -n ${REQUESTED_HTTP_PORT:-} && $REQUESTED_HTTP_PORT != "$HD_HTTP_PORT" ]]; then
            change_http_port "$REQUESTED_HTTP_PORT"
        fi
        if [[ -n ${REQUESTED_SANITIZE:-} && $REQUESTED_SANITIZE != "$HD_SANITIZE" ]]; then
            say "keeping HD_SANITIZE=$HD_SANITIZE from $ENV_FILE (HD_SANITIZE=$REQUESTED_SANITIZE ignored; wipe to change)"
        fi
        return 0
    fi
    mkdir -p "$HD_VAR"
    # www-data must be able to walk through to var/apache.
    chmod 755 "$HD_VAR"
    # A port asked for (or make run's default, 8080) must be free before
    # anything is written: a stack.env holding a busy port would make the
    # next try with another port keep this one.
    local http=${REQUESTED_HTTP_PORT:-${DEFAULT_HTTP_PORT:-}} ports=() p
    [[ -z $http ]] || require_http_port "$http"
    for p in $(free_ports 5); do
        [[ $p == "$http" ]] || ports+=("$p")
    done
    [[ -n $http ]] || { http=${ports[0]}; ports=("${ports[@]:1}"); }
    # Background jobs: a stack for development and tests looks every second
    # with a 3-second lease, so job tests see runs and take-overs within
    # seconds; make run asks for production's minute (see Makefile).
    local job_interval=${REQUESTED_JOB_INTERVAL:-1} job_lease=${REQUESTED_JOB_LEASE:-3}
    [[ $job_interval =~ ^[0-9]+$ && $job_lease =~ ^[0-9]+$ ]] && ((job_lease > job_interval)) ||
        die "HD_JOB_INTERVAL=$job_interval, HD_JOB_LEASE=$job_lease: whole seconds, the lease longer"
    (
        umask 077
        cat >"$ENV_FILE.tmp" <<EOF
# mod_helpdesk stack: written once by conf/stack/stack.sh ports; wipe to renew.
HD_VAR=$HD_VAR
HD_HTTP_PORT=$http
HD_DB_PORT=${ports[0]}
HD_LDAP_PORT=${ports[1]}
HD_SMTP_PORT=${ports[2]}
HD_DB_NAME=helpdesk
HD_DB_USER=helpdesk
HD_DB_PASS=$(random_hex 12)
HD_LDAP_BASE=dc=example,dc=org
HD_LDAP_ADMIN_DN=cn=admin,dc=example,dc=org
HD_LDAP_ADMIN_PW=$(random_hex 12)
HD_LDAP_PORTAL_DN=cn=helpdesk-portal,ou=services,dc=example,dc=org
HD_LDAP_PORTAL_PW=$(random_hex 12)
HD_SESSION_SECRET=$(random_hex 32)
HD_SANITIZE=${REQUESTED_SANITIZE:-0}
HD_JOB_INTERVAL=$job_interval
HD_JOB_LEASE=$job_lease
EOF
        mv -f "$ENV_FILE.tmp" "$ENV_FILE"
    )
    say "wrote $ENV_FILE (http $http, mariadb ${ports[0]}, ldap ${ports[1]}, smtp ${ports[2]})"
    load_env
}

# Reads stack.env, creating it first if needed. HD_VAR stays the directory we
# were pointed at even if the stack was moved since.
load_env() {
    [[ -f $ENV_FILE ]] || cmd_ports
    local var=$HD_VAR key
    # Older stack.env files have no HD_SANITIZE: those stacks are plain.
    unset HD_SANITIZE
    # shellcheck source=/dev/null
    . "$ENV_FILE"
    HD_VAR=$var
    HD_SANITIZE=${HD_SANITIZE:-0}
    # Stacks made before background jobs existed lack these two.
    HD_JOB_INTERVAL=${HD_JOB_INTERVAL:-1}
    HD_JOB_LEASE=${HD_JOB_LEASE:-3}
    # Stacks made before mail existed get their SMTP sink's port now.
    if [[ -z ${HD_SMTP_PORT:-} ]]; then
        HD_SMTP_PORT=$(free_ports 1)
        echo "HD_SMTP_PORT=$HD_SMTP_PORT" >>"$ENV_FILE"
    fi
    for key in HD_HTTP_PORT HD_DB_PORT HD_LDAP_PORT HD_DB_NAME HD_DB_USER \
        HD_DB_PASS HD_LDAP_BASE HD_LDAP_ADMIN_DN HD_LDAP_ADMIN_PW \
        HD_LDAP_PORTAL_DN HD_LDAP_PORTAL_PW HD_SESSION_SECRET; do
        [[ -n ${!key:-} ]] || die "$ENV_FILE lacks $key; wipe the stack to regenerate it"
    done
}

cmd_env() {
    [[ -f $ENV_FILE ]] || die "no $ENV_FILE yet; run: stack.sh ports"
    cat "$ENV_FILE"
}

# ---------------------------------------------------------------------------
# MariaDB
# ---------------------------------------------------------------------------

db_pid() { main_pid "$DB_DIR/mysqld.pid" mariadbd "$DB_MARK"; }

db_admin() { mariadb --defaults-file="$DB_DIR/my.cnf" "$@"; }

db_app() { mariadb --defaults-file="$DB_DIR/client.cnf" "$HD_DB_NAME" "$@"; }

db_ping() { mariadb-admin --defaults-file="$DB_DIR/my.cnf" --connect-timeout=2 ping; }

write_db_config() {
    local run_user="user = root"
    ((IS_ROOT)) || run_user="# not root: mariadbd runs as $(id -un)"
    render "$STACK_DIR/my.cnf.in" "$DB_DIR/my.cnf" \
        DB_DIR="$DB_DIR" DB_PORT="$HD_DB_PORT" DB_RUN_USER="$run_user"
    # The app user's own client file, so scripts and tests need neither root
    # nor the password on their command line.
    (
        umask 077
        cat >"$DB_DIR/client.cnf.tmp" <<EOF
[client]
user = $HD_DB_USER
password = $HD_DB_PASS
host = 127.0.0.1
port = $HD_DB_PORT
protocol = tcp
default-character-set = utf8mb4

[mysql]
database = $HD_DB_NAME
EOF
        mv -f "$DB_DIR/client.cnf.tmp" "$DB_DIR/client.cnf"
    )
}

# The system tables, created once per data directory. Built aside and moved
# into place so an interrupted run never leaves a half-made datadir behind
# (no file in it records its own path).
init_db_datadir() {
    [[ -d $DB_DIR/data ]] && return 0
    say "creating MariaDB data directory"
    rm -rf "$DB_DIR/data.new"
    mariadb-install-db --defaults-file="$DB_DIR/my.cnf" --datadir="$DB_DIR/data.new" \
        --auth-root-authentication-method=normal --skip-test-db \
        >"$DB_DIR/install.log" 2>&1 ||
        { show_log_tail "$DB_DIR/install.log"; die "mariadb-install-db failed"; }
    mv "$DB_DIR/data.new" "$DB_DIR/data"
}

# Creates the database and the app user, and drops the password-less root
# accounts that answer on TCP (root@127.0.0.1, root@<hostname>...): root
# keeps only the socket, which sits in a directory no other local user can
# enter. Idempotent, so it runs on every start. The password travels on
# stdin, never on a command line.
bootstrap_db() {
    db_admin --batch --skip-column-names -e "
        SELECT CONCAT('DROP USER ', QUOTE(user), '@', QUOTE(host), ';')
        FROM mysql.user WHERE (user = 'root' AND host <> 'localhost') OR user = ''" |
        db_admin --batch
    db_admin --batch <<EOF
CREATE DATABASE IF NOT EXISTS \`$HD_DB_NAME\`
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$HD_DB_USER'@'127.0.0.1' IDENTIFIED BY '$HD_DB_PASS';
CREATE USER IF NOT EXISTS '$HD_DB_USER'@'localhost' IDENTIFIED BY '$HD_DB_PASS';
ALTER USER '$HD_DB_USER'@'127.0.0.1' IDENTIFIED BY '$HD_DB_PASS';
ALTER USER '$HD_DB_USER'@'localhost' IDENTIFIED BY '$HD_DB_PASS';
GRANT ALL PRIVILEGES ON \`$HD_DB_NAME\`.* TO '$HD_DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$HD_DB_NAME\`.* TO '$HD_DB_USER'@'localhost';
EOF
}

cmd_db_start() {
    load_env
    local pid
    if pid=$(db_pid); then
        say "MariaDB already running (pid $pid, port $HD_DB_PORT)"
        return 0
    fi
    mkdir -p "$DB_DIR/tmp"
    chmod 700 "$DB_DIR"
    write_db_config
    init_db_datadir
    say "starting MariaDB on 127.0.0.1:$HD_DB_PORT"
    rm -f "$DB_DIR/mysqld.pid"
    # Own session, no terminal and no inherited pipes: the server outlives
    # this script and never holds a caller's output open.
    setsid -w mariadbd --defaults-file="$DB_DIR/my.cnf" \
        </dev/null >>"$DB_DIR/mariadbd.out" 2>&1 9>&- &
    wait_until MariaDB 60 "$DB_DIR/error.log" $! db_ping ||
        { cmd_db_stop; exit 1; }
    bootstrap_db || die "could not create database $HD_DB_NAME and its user"
    say "MariaDB ready (pid $(db_pid))"
}

cmd_db_stop() {
    stop_daemon MariaDB "$DB_DIR/mysqld.pid" mariadbd "$DB_MARK"
}

# ---------------------------------------------------------------------------
# slapd
# ---------------------------------------------------------------------------

ldap_pid() { main_pid "$LDAP_DIR/slapd.pid" slapd "$LDAP_MARK"; }

# ldapi://%2F...: the socket path, percent-encoded as the URL needs.
ldapi_url() {
    perl -e '(my $p = shift) =~ s{([^A-Za-z0-9._~-])}{sprintf "%%%02X", ord $1}ge;
             print "ldapi://$p/"' "$LDAP_DIR/ldapi"
}

# Hashes a password with slappasswd; the secret goes through a pipe, not argv.
ldap_hash() {
    slappasswd -n -T <(printf '%s' "$1")
}

# The stack owner's identity over ldapi (SASL EXTERNAL), granted manage.
ldap_peer_dn() {
    echo "gidNumber=$(id -g)+uidNumber=$(id -u),cn=peercred,cn=external,cn=auth"
}

# slapd.d and the demo directory, built once. Both go into a scratch
# slapd.d that is renamed only when everything loaded, so a failure leaves
# nothing half-made for the next run to trip over.
init_ldap() {
    [[ -d $LDAP_DIR/slapd.d ]] && return 0
    say "creating slapd configuration and demo directory"
    local new=$LDAP_DIR/slapd.d.new base_dc=${HD_LDAP_BASE%%,*}
    local policy_dn="cn=default,ou=policies,$HD_LDAP_BASE"
    rm -rf "$new" "$LDAP_DIR/data"
    mkdir -p "$new" "$LDAP_DIR/data"
    chmod 700 "$new" "$LDAP_DIR/data"
    local schemas="" schema
    for schema in core cosine inetorgperson; do
        [[ -r /etc/ldap/schema/$schema.ldif ]] ||
            die "/etc/ldap/schema/$schema.ldif is missing (run: stack.sh deps)"
        # A blank line ends each file's last entry.
        schemas+=$(cat "/etc/ldap/schema/$schema.ldif")$'\n\n'
    done
    # Hashed one by one so that a failing slappasswd stops the script.
    local admin_hash portal_hash user_hash
    admin_hash=$(ldap_hash "$HD_LDAP_ADMIN_PW")
    portal_hash=$(ldap_hash "$HD_LDAP_PORTAL_PW")
    user_hash=$(ldap_hash helpdesk)
    render "$STACK_DIR/slapd-config.ldif.in" "$LDAP_DIR/config.ldif" \
        LDAP_DIR="$LDAP_DIR" LDAP_BASE="$HD_LDAP_BASE" \
        LDAP_ADMIN_DN="$HD_LDAP_ADMIN_DN" LDAP_ADMIN_PW_HASH="$admin_hash" \
        LDAP_PORTAL_DN="$HD_LDAP_PORTAL_DN" LDAP_POLICY_DN="$policy_dn" \
        PEER_DN="$(ldap_peer_dn)" SCHEMA_LDIF="$schemas"
    render "$STACK_DIR/directory.ldif.in" "$LDAP_DIR/directory.ldif" \
        LDAP_BASE="$HD_LDAP_BASE" LDAP_DC="${base_dc#dc=}" \
        LDAP_PORTAL_DN="$HD_LDAP_PORTAL_DN" LDAP_PORTAL_PW_HASH="$portal_hash" \
        LDAP_POLICY_DN="$policy_dn" USER_PW_HASH="$user_hash"
    if ! slapadd -q -n0 -F "$new" -l "$LDAP_DIR/config.ldif" >"$LDAP_DIR/slapadd.log" 2>&1 ||
        ! slapadd -q -n1 -F "$new" -l "$LDAP_DIR/directory.ldif" >>"$LDAP_DIR/slapadd.log" 2>&1; then
        show_log_tail "$LDAP_DIR/slapadd.log"
        die "slapadd failed (the rendered LDIF files are kept in $LDAP_DIR)"
    fi
    mv "$new" "$LDAP_DIR/slapd.d"
    # Loaded for good: stale copies would only invite edits that do nothing.
    rm -f "$LDAP_DIR/config.ldif" "$LDAP_DIR/directory.ldif"
}

# Ready means the portal account can bind and find alice, i.e. the database,
# the ACLs and the demo data are all in place.
ldap_ready() {
    ldapsearch -x -LLL -o nettimeout=2 \
        -H "ldap://127.0.0.1:$HD_LDAP_PORT" \
        -D "$HD_LDAP_PORTAL_DN" -y "$LDAP_DIR/portal.pw" \
        -b "$HD_LDAP_BASE" '(uid=alice)' dn | grep -q '^dn: uid=alice,'
}

cmd_ldap_start() {
    load_env
    local pid
    if pid=$(ldap_pid); then
        say "slapd already running (pid $pid, port $HD_LDAP_PORT)"
        return 0
    fi
    mkdir -p "$LDAP_DIR"
    chmod 700 "$LDAP_DIR"
    init_ldap
    (umask 077 && printf '%s' "$HD_LDAP_PORTAL_PW" >"$LDAP_DIR/portal.pw")
    say "starting slapd on 127.0.0.1:$HD_LDAP_PORT"
    rm -f "$LDAP_DIR/slapd.pid"
    # "-d none" keeps slapd in the foreground and sends only its errors
    # (bad config, port taken) to stderr: without it they go to a syslog
    # that test machines do not have. Detached like MariaDB.
    setsid -w slapd -d none -h "ldap://127.0.0.1:$HD_LDAP_PORT/ $(ldapi_url)" \
        -F "$LDAP_DIR/slapd.d" </dev/null >>"$LDAP_DIR/slapd.log" 2>&1 9>&- &
    wait_until slapd 20 "$LDAP_DIR/slapd.log" $! ldap_ready ||
        { cmd_ldap_stop; exit 1; }
    ldap_sync_acl
    say "slapd ready (pid $(ldap_pid))"
}

# The access rules of conf/stack/slapd-config.ldif.in on a running slapd
# whose slapd.d was made before they changed (over ldapi, as the stack's
# owner): replaced whole, so repeating it changes nothing.
ldap_sync_acl() {
    local rules
    rules=$(awk '/^dn: olcDatabase=\{1\}mdb,cn=config/ { mdb = 1 } /^dn: / && !/mdb/ { mdb = 0 }
                 mdb && /^olcAccess: / { print }' "$STACK_DIR/slapd-config.ldif.in" |
        PEER_DN="$(ldap_peer_dn)" LDAP_PORTAL_DN="$HD_LDAP_PORTAL_DN" \
            perl -pe 's{\@(PEER_DN|LDAP_PORTAL_DN)\@}{$ENV{$1}}g')
    [[ -n $rules ]] || die "no olcAccess rules found in slapd-config.ldif.in"
    printf 'dn: olcDatabase={1}mdb,cn=config\nchangetype: modify\nreplace: olcAccess\n%s\n' "$rules" |
        ldapmodify -Q -Y EXTERNAL -H "$(ldapi_url)" >>"$LDAP_DIR/slapd.log" 2>&1 ||
        die "could not bring slapd's access rules up to date (see $LDAP_DIR/slapd.log)"
}

cmd_ldap_stop() {
    stop_daemon slapd "$LDAP_DIR/slapd.pid" slapd "$LDAP_MARK"
}

# ---------------------------------------------------------------------------
# The SMTP sink: where the portal's mail goes on a development or test stack
# (Debian's python3-aiosmtpd, one file per message in the Maildir
# $MAIL_DIR/inbox/new).  A real site points HelpdeskSMTPServer at its own
# mail server instead.
# ---------------------------------------------------------------------------

smtp_pid() { main_pid "$MAIL_DIR/sink.pid" python3 "$MAIL_MARK"; }

smtp_ready() {
    perl -MIO::Socket::INET -e 'IO::Socket::INET->new(PeerAddr => "127.0.0.1",
        PeerPort => $ARGV[0], Timeout => 1) or exit 1' "$HD_SMTP_PORT"
}

cmd_smtp_start() {
    load_env
    local pid
    if pid=$(smtp_pid); then
        say "SMTP sink already running (pid $pid, port $HD_SMTP_PORT)"
        return 0
    fi
    mkdir -p "$MAIL_DIR"
    say "starting the SMTP sink on 127.0.0.1:$HD_SMTP_PORT (mail in $MAIL_DIR/inbox/new)"
    # Debian's python3 by path: the first python3 on PATH may be another
    # build that cannot see Debian's packages.
    setsid /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$HD_SMTP_PORT" \
        -c aiosmtpd.handlers.Mailbox "$MAIL_MARK" \
        </dev/null >>"$MAIL_DIR/sink.log" 2>&1 9>&- &
    echo $! >"$MAIL_DIR/sink.pid"
    wait_until "SMTP sink" 20 "$MAIL_DIR/sink.log" "$(cat "$MAIL_DIR/sink.pid")" smtp_ready ||
        { cmd_smtp_stop; exit 1; }
    say "SMTP sink ready (pid $(smtp_pid))"
}

cmd_smtp_stop() {
    [[ -f $ENV_FILE ]] && load_env
    stop_daemon "SMTP sink" "$MAIL_DIR/sink.pid" python3 "$MAIL_MARK"
}

# ---------------------------------------------------------------------------
# Migrations and demo data
# ---------------------------------------------------------------------------

# sql_files PATTERN: matching files in byte order, whatever the locale.
sql_files() {
    compgen -G "$1" | LC_ALL=C sort || true
}

require_db() {
    db_pid >/dev/null || die "MariaDB of $HD_VAR is not running (run: stack.sh db-start)"
}

# Migration files are sql/NNN_name.sql; NNN is the version recorded in
# schema_migrations. Each file goes to the server in one client call together
# with its own bookkeeping row, so the row exists only if every statement
# before it succeeded (the client stops at the first error).
cmd_migrate() {
    load_env
    require_db
    db_app <<'EOF'
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INT          NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL,
    applied_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
EOF
    local applied file name version seen=" " count=0 files
    applied=" $(db_app -N -B -e 'SELECT version FROM schema_migrations' | tr '\n' ' ') "
    mapfile -t files < <(sql_files "$ROOT/sql/[0-9][0-9][0-9]_*.sql")
    for file in "${files[@]}"; do
        name=${file##*/}
        [[ $name =~ ^[0-9]{3}_[A-Za-z0-9_.-]+\.sql$ ]] ||
            die "sql/$name: migration names are NNN_words.sql (letters, digits, _ . -)"
        version=$((10#${name:0:3}))
        [[ $seen != *" $version "* ]] || die "sql/$name: version $version is used by two files"
        seen+="$version "
        [[ $applied == *" $version "* ]] && continue
        say "applying sql/$name"
        {
            cat "$file"
            # DELIMITER: the file may have left a custom one in force.
            printf '\nDELIMITER ;\nINSERT INTO schema_migrations (version, name) VALUES (%d, '"'"'%s'"'"');\n' \
                "$version" "$name"
        } | db_app ||
            die "migration sql/$name failed; it is not recorded and later ones were not applied (statements before the failing one may have taken effect)"
        count=$((count + 1))
    done
    say "migrations: $count applied, schema at version $(db_app -N -B -e 'SELECT COALESCE(MAX(version), 0) FROM schema_migrations')"
}

cmd_demo() {
    load_env
    require_db
    local file files
    # The demo ticket that closes by itself does so this many seconds after
    # the first load (sql/demo/003_desk.sql): a minute, so that a newcomer
    # sees it; the test suites set a day, so that it never changes under them.
    local auto_close_in=${HD_DEMO_AUTO_CLOSE_IN:-60}
    [[ $auto_close_in =~ ^[0-9]{1,7}$ ]] || die "HD_DEMO_AUTO_CLOSE_IN=$auto_close_in: whole seconds"
    mapfile -t files < <(sql_files "$ROOT/sql/demo/*.sql")
    for file in "${files[@]}"; do
        # @hd_no_mail: the demo's history is loaded, not lived; nobody is
        # mailed about it (sql/017_mail.sql).
        { echo "SET @auto_close_in = $auto_close_in; SET @hd_no_mail = 1;"; cat "$file"; } | db_app ||
            die "demo data sql/demo/${file##*/} failed"
    done
    say "demo data loaded"
}

# ---------------------------------------------------------------------------
# Apache
# ---------------------------------------------------------------------------

# The account Apache's children run as: root must hand them over to
# www-data, anyone else keeps their own.
web_run_user() { if ((IS_ROOT)); then echo www-data; else id -un; fi; }
web_run_group() { if ((IS_ROOT)); then echo www-data; else id -gn; fi; }

# The module this stack's Apache loads: the normal build, or for a stack
# made with HD_SANITIZE=1 (make test-asan) the one built with AddressSanitizer
# and UndefinedBehaviorSanitizer (make asan).
web_module() {
    if ((${HD_SANITIZE:-0})); then
        echo "$ROOT/build/asan/mod_helpdesk.so"
    else
        echo "$ROOT/modules/mod_helpdesk.so"
    fi
}

# apache2 ARGS, as this stack runs it.  apache2 itself is not built with the
# sanitizers, so for the sanitizer module their runtime has to be the first
# library the process loads: LD_PRELOAD, given to apache2 alone.
# AddressSanitizer reports go to logs/asan.PID -- or, where the children
# cannot reach that directory (a checkout under /root), to their stderr,
# the error log, like UndefinedBehaviorSanitizer's (beside ASan it ignores a
# log_path).  t/run-all.sh fails make test-asan on any of them.  Leak
# checking is off: Apache leaves memory to process exit on purpose.
run_apache2() {
    if ! ((${HD_SANITIZE:-0})); then
        apache2 "$@"
        return
    fi
    local runtime log_path=""
    runtime=$(gcc -print-file-name=libasan.so 2>/dev/null) || true
    [[ $runtime == /* && -e $runtime ]] ||
        die "the AddressSanitizer runtime (gcc -print-file-name=libasan.so) is missing: run make deps"
    if ! ((IS_ROOT)) || ! command -v runuser >/dev/null ||
        runuser -u "$(web_run_user)" -- test -w "$WEB_DIR/logs" 2>/dev/null; then
        log_path=":log_path=$WEB_DIR/logs/asan"
    fi
    env LD_PRELOAD="$(realpath "$runtime")" \
        ASAN_OPTIONS="detect_leaks=0:abort_on_error=0:halt_on_error=1:disable_coredump=1$log_path" \
        UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
        apache2 "$@"
}

# web_conf_path DIRECTIVE DEFAULT: the absolute file a directive such as
# PidFile names in the generated httpd.conf, else $WEB_DIR/DEFAULT. The
# template belongs to the module's author; this only has to find the files.
web_conf_path() {
    local f=""
    [[ -r $WEB_DIR/httpd.conf ]] &&
        f=$(awk -v d="$1" 'tolower($1) == tolower(d) { gsub(/"/, "", $2); print $2 }' \
            "$WEB_DIR/httpd.conf" | tail -n1)
    [[ $f == /* ]] || f=$WEB_DIR/$2
    echo "$f"
}

web_pidfile() { web_conf_path PidFile run/httpd.pid; }

web_pid() { main_pid "$(web_pidfile)" apache2 "$WEB_MARK"; }

# Where Apache's children read the stylesheets, CSS and bench file from:
# the checkout itself, or -- when its user cannot read the checkout (a
# clone under /root, say) -- a world-readable copy in /tmp, refreshed on
# every start.  (The root parent loads the module and compiles the
# stylesheets, but static files are served by the children.)
web_share_dir() {
    local user stage
    user=$(web_run_user)
    if ! ((IS_ROOT)) || ! command -v runuser >/dev/null ||
        runuser -u "$user" -- test -r "$ROOT/htdocs/css/helpdesk.css"; then
        printf '%s\n' "$ROOT"
        return 0
    fi
    stage="${TMPDIR:-/tmp}/mod_helpdesk-share-$(printf '%s' "$HD_VAR" | cksum | cut -d' ' -f1)"
    rm -rf "$stage"
    mkdir -p "$stage/t"
    cp -R "$ROOT/htdocs" "$ROOT/xslt" "$stage/"
    cp -R "$ROOT/t/bench" "$stage/t/"
    chmod -R a+rX "$stage"
    printf '%s\n' "$stage"
}

write_web_config() {
    local user group t share module
    user=$(web_run_user)
    group=$(web_run_group)
    share=$(web_share_dir)
    module=$(web_module)
    [[ -f $module ]] || die "$module is not built yet (make$( ((HD_SANITIZE)) && echo ' asan'))"
    mkdir -p "$WEB_DIR/logs" "$WEB_DIR/run"
    chmod 755 "$WEB_DIR"
    if ((IS_ROOT)); then chown "$user:$group" "$WEB_DIR/logs" "$WEB_DIR/run"; fi
    for t in httpd helpdesk; do
        [[ -f $ROOT/conf/$t.conf.in ]] || die "conf/$t.conf.in does not exist yet"
        render "$ROOT/conf/$t.conf.in" "$WEB_DIR/$t.conf" \
            ROOT="$ROOT" SHARE="$share" VAR="$HD_VAR" HTTP_PORT="$HD_HTTP_PORT" MODULE="$module" \
            DB_PORT="$HD_DB_PORT" DB_NAME="$HD_DB_NAME" DB_USER="$HD_DB_USER" \
            DB_PASS="$HD_DB_PASS" LDAP_PORT="$HD_LDAP_PORT" \
            LDAP_BASE="$HD_LDAP_BASE" LDAP_PORTAL_DN="$HD_LDAP_PORTAL_DN" \
            LDAP_PORTAL_PW="$HD_LDAP_PORTAL_PW" \
            SESSION_SECRET="$HD_SESSION_SECRET" RUN_USER="$user" RUN_GROUP="$group" \
            JOB_INTERVAL="$HD_JOB_INTERVAL" JOB_LEASE="$HD_JOB_LEASE" \
            SMTP_PORT="$HD_SMTP_PORT" MAIL_INTERVAL=$((HD_JOB_INTERVAL < 5 ? HD_JOB_INTERVAL : 5))
        # Read by the root parent; the group lets www-data see them too,
        # nobody else sees the secrets inside.
        chgrp "$group" "$WEB_DIR/$t.conf"
        chmod 640 "$WEB_DIR/$t.conf"
    done
    # What the MTA's helpdesk-mailgate reads (--secret-file): the
    # HelpdeskMailGateSecret that helpdesk.conf.in derives the same way.
    (umask 077 && printf 'mailgate-%s\n' "$HD_SESSION_SECRET" >"$HD_VAR/mailgate.secret")
}

# Warns when Apache's children could not read the checkout (e.g. a clone in
# /root): pages would then fail with 403s that look like module bugs.
check_web_user_access() {
    ((IS_ROOT)) || return 0
    command -v runuser >/dev/null || return 0
    runuser -u "$(web_run_user)" -- test -r "$ROOT/conf" -a -x "$ROOT/conf" ||
        say "note: $(web_run_user) cannot read $ROOT; Apache serves a copy of htdocs/ from /tmp"
}

# Prints the HTTP status of the login page (599: no connection).
web_login_status() {
    perl -MHTTP::Tiny -e '
        print HTTP::Tiny->new(timeout => 2, max_redirect => 0)->get($ARGV[0])->{status}, "\n";' \
        "http://127.0.0.1:$HD_HTTP_PORT/helpdesk/login"
}

# Ready means the login page answers with anything but a server error.
web_ready() {
    (($(web_login_status) < 500))
}

cmd_web_start() {
    load_env
    local pid
    if pid=$(web_pid); then
        # Already up: pick up a rebuilt module or changed templates with a
        # graceful restart (requests in flight finish first).
        write_web_config
        if run_apache2 -t -f "$WEB_DIR/httpd.conf" >/dev/null 2>&1 &&
            run_apache2 -f "$WEB_DIR/httpd.conf" -k graceful </dev/null >>"$WEB_DIR/logs/start.log" 2>&1 9>&-; then
            say "Apache already running (pid $pid, port $HD_HTTP_PORT); reloaded"
        else
            say "Apache already running (pid $pid, port $HD_HTTP_PORT); the new configuration is refused, kept the old one"
        fi
        return 0
    fi
    require_http_port "$HD_HTTP_PORT"
    write_web_config
    check_web_user_access
    # None of this stack's Apache runs: a pid file left by a crash (kill -9)
    # may name a pid that lives on as a zombie or was reused, and
    # "apache2 -k start" would then answer "already running".
    rm -f "$(web_pidfile)"
    local out
    out=$(run_apache2 -t -f "$WEB_DIR/httpd.conf" 2>&1) ||
        { printf '%s\n' "$out" >&2; die "Apache rejects $WEB_DIR/httpd.conf"; }
    say "starting Apache on http://127.0.0.1:$HD_HTTP_PORT/helpdesk/"
    run_apache2 -f "$WEB_DIR/httpd.conf" -k start </dev/null >>"$WEB_DIR/logs/start.log" 2>&1 9>&- ||
        { show_log_tail "$WEB_DIR/logs/start.log" "$(web_conf_path ErrorLog logs/error_log)"; die "Apache failed to start"; }
    # A server that started but cannot serve the login page is stopped
    # again, so that the next web-start tries afresh instead of a no-op.
    if ! wait_until Apache 20 "$(web_conf_path ErrorLog logs/error_log)" 0 web_ready; then
        say "last answer from /helpdesk/login: HTTP $(web_login_status) (599: no connection)"
        cmd_web_stop
        exit 1
    fi
    say "Apache ready (pid $(web_pid))"
}

cmd_web_stop() {
    local -a stop_cmd=()
    # apache2 -k stop reads the configuration, module included: it needs
    # the stack's sanitizer setting.
    [[ -f $ENV_FILE ]] && load_env
    [[ -r $WEB_DIR/httpd.conf ]] && stop_cmd=(run_apache2 -f "$WEB_DIR/httpd.conf" -k stop)
    stop_daemon Apache "$(web_pidfile)" apache2 "$WEB_MARK" "${stop_cmd[@]}"
}

# ---------------------------------------------------------------------------
# The whole stack
# ---------------------------------------------------------------------------

cmd_start() {
    cmd_ports
    cmd_db_start
    cmd_ldap_start
    cmd_smtp_start
    cmd_migrate
    cmd_demo
    cmd_web_start
}

cmd_stop() {
    cmd_web_stop
    cmd_smtp_stop
    cmd_ldap_stop
    cmd_db_stop
}

# One line per service; exit status 0 when all three run, 3 otherwise (as
# LSB init scripts report "not running").
cmd_status() {
    local all=0 pid name probe port
    if [[ -f $ENV_FILE ]]; then
        load_env
    else
        say "no $ENV_FILE: this stack was never started"
    fi
    while read -r name probe port; do
        if pid=$($probe); then
            printf '%-8s running  pid %-8s 127.0.0.1:%s\n' "$name" "$pid" "$port"
        else
            printf '%-8s stopped\n' "$name"
            all=3
        fi
    done <<EOF
MariaDB db_pid ${HD_DB_PORT:-?}
slapd ldap_pid ${HD_LDAP_PORT:-?}
Apache web_pid ${HD_HTTP_PORT:-?}
SMTP smtp_pid ${HD_SMTP_PORT:-?}
EOF
    return "$all"
}

# Runs apache2 with ARGS as this stack runs it -- for tests that start an
# Apache of their own with the stack's module (t/06_config.t).
cmd_apache2() {
    if [[ -f $ENV_FILE ]]; then
        load_env
    else
        HD_SANITIZE=${REQUESTED_SANITIZE:-0}
    fi
    run_apache2 "$@"
}

# What `make run` ends with: where the portal is and who can log in.
cmd_welcome() {
    [[ -f $ENV_FILE ]] || die "no $ENV_FILE yet; run: stack.sh start"
    load_env
    cat <<EOF

  mod_helpdesk is running: http://127.0.0.1:$HD_HTTP_PORT/helpdesk/

  Demo accounts (password "helpdesk" for all):
    alice, bob   Psychiatry          staff
    carol, dave  Business Office     staff
    sam          Psychiatry          supervisor
    tina         Service Desk        agent, portal admin (ends sessions)
    victor       Service Desk        agent

  The desk (tina, victor: Desk in the menu) has breached and unassigned
  tickets waiting; HD-1034 closes by itself about a minute after the
  first start (it has been Pending Closure for two weeks).

  Mail the portal sends goes to a local SMTP sink, one file per message:
             $MAIL_DIR/inbox/new/

  Database:  mariadb --defaults-file=$DB_DIR/client.cnf
  Logs:      $WEB_DIR/logs/
  Stop:      make stop   (or: HD_VAR=$HD_VAR $0 stop)

EOF
}

# Stops the stack and deletes its var directory, after making sure the
# directory really is a stack's (a mistyped HD_VAR must not cost a home).
# Stacks nested inside (var/test inside var/) are stopped first, so that no
# daemon is left running on deleted files.
cmd_wipe() {
    cmd_stop
    [[ -e $HD_VAR ]] || return 0
    [[ $HD_VAR != / && $HD_VAR != "$ROOT" && $HD_VAR != "${HOME:-}" ]] ||
        die "refusing to delete $HD_VAR"
    if [[ ! -f $ENV_FILE && ! -d $DB_DIR && ! -d $LDAP_DIR && ! -d $WEB_DIR ]] &&
        [[ -n $(find "$HD_VAR" -mindepth 1 -maxdepth 1 ! -name .lock) ]]; then
        die "$HD_VAR does not look like a stack directory; not deleting it"
    fi
    local nested
    while read -r nested; do
        HD_VAR=${nested%/stack.env} bash "${BASH_SOURCE[0]}" stop </dev/null
    done < <(find "$HD_VAR" -mindepth 2 -maxdepth 3 -name stack.env)
    rm -rf -- "$HD_VAR"
    say "removed $HD_VAR"
}

usage() {
    cat <<EOF
usage: [HD_VAR=dir] [HD_HTTP_PORT=port] [HD_JOB_INTERVAL=s HD_JOB_LEASE=s] $0 COMMAND

  deps                install missing Debian packages (apt-get; sudo if not root)
  ports               choose ports and secrets once, into \$HD_VAR/stack.env
  start | stop        the whole stack: ports, db, ldap, migrate, demo, web
  db-start | db-stop  private MariaDB in \$HD_VAR/mysql
  ldap-start | ldap-stop  private slapd in \$HD_VAR/ldap
  smtp-start | smtp-stop  SMTP sink (aiosmtpd) in \$HD_VAR/mail, for the portal's mail
  migrate             apply new sql/NNN_*.sql, recorded in schema_migrations
  demo                load sql/demo/*.sql (idempotent)
  web-start | web-stop | web-restart  Apache with conf/httpd.conf.in
  apache2 ARGS...     run apache2 as this stack does (tests use it)
  status              what runs (exit 3 if anything is stopped)
  env                 print stack.env
  welcome             the portal's URL and the demo accounts
  wipe                stop everything and delete \$HD_VAR

HD_SANITIZE=1 makes a new stack load build/asan/mod_helpdesk.so (make asan)
with the sanitizer runtime preloaded into apache2 (make test-asan).
HD_JOB_INTERVAL / HD_JOB_LEASE: the background jobs' interval and lease
(default 1 s and 3 s), fixed when stack.env is first written.
HD_VAR defaults to $ROOT/var. HD_HTTP_PORT is the portal's port: a new stack
takes it (else HD_DEFAULT_HTTP_PORT, else any free port), start and ports move
a stopped stack to it; a port another program has is refused with advice.
EOF
}

main() {
    REQUESTED_HTTP_PORT=${HD_HTTP_PORT:-}
    REQUESTED_SANITIZE=${HD_SANITIZE:-}
    [[ $REQUESTED_SANITIZE =~ ^[01]?$ ]] || die "HD_SANITIZE=$REQUESTED_SANITIZE: use 1 (sanitizer build) or 0"
    DEFAULT_HTTP_PORT=${HD_DEFAULT_HTTP_PORT:-}
    REQUESTED_JOB_INTERVAL=${HD_JOB_INTERVAL:-}
    REQUESTED_JOB_LEASE=${HD_JOB_LEASE:-}
    case ${1:-} in
    deps | help | -h | --help | "") ;;
    *) check_var_path ;;
    esac
    case ${1:-} in
    ports | start | db-start | ldap-start | migrate | demo | web-start | web-restart)
        lock_stack 1 ;;
    stop | db-stop | ldap-stop | web-stop | wipe) lock_stack 0 ;;
    esac
    case ${1:-} in
    deps) cmd_deps ;;
    ports) cmd_ports ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    db-start) cmd_db_start ;;
    db-stop) cmd_db_stop ;;
    ldap-start) cmd_ldap_start ;;
    ldap-stop) cmd_ldap_stop ;;
    smtp-start) cmd_smtp_start ;;
    smtp-stop) cmd_smtp_stop ;;
    migrate) cmd_migrate ;;
    demo) cmd_demo ;;
    web-start) cmd_web_start ;;
    web-stop) cmd_web_stop ;;
    web-restart) cmd_web_stop; cmd_web_start ;;
    apache2) shift; cmd_apache2 "$@" ;;
    status) cmd_status ;;
    env) cmd_env ;;
    welcome) cmd_welcome ;;
    wipe) cmd_wipe ;;
    -h | --help | help) usage ;;
    *) usage >&2; exit 2 ;;
    esac
}

main "$@"
