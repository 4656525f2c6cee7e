#!/usr/bin/perl
# t/bench/generate.pl -- prints the SQL that loads N benchmark tickets.
#
#   perl t/bench/generate.pl --tickets N --first-id ID --first-activity ID
#        [--batch 50000] | mariadb --defaults-file=$HD_VAR/mysql/my.cnf helpdesk
#
# Run through t/bench/generate.sh (make bench-data), which also drops and
# re-adds the FULLTEXT indexes around the load, times it and remembers
# what was loaded.  Everything is computed inside MariaDB from its Sequence
# engine (seq_1_to_N) with INSERT ... SELECT, so nothing but this text
# travels to the server.  Rows are a pure function of their number (CRC32
# of it), so the same N always gives the same data.
#
# Only the base columns of sql/002_tickets.sql are named; columns that later
# migrations derive from them (tickets.status_rank, ...) are filled by the
# "derived columns" step at the end, and only if they exist.
#
# The data, for N tickets:
#   10,000 requesters in 100 organisations (100 each; the demo logins among
#   them: alice, bob, sam in Psychiatry, carol, dave in Business Office,
#   tina in Service Desk).  alice is the requester of max(30, N/2000)
#   tickets (500 at a million), a fifth of them logged by bob on her behalf;
#   everyone else's come uniformly, so Psychiatry has about 1% of N.  3% are
#   logged by tina (a phone call to the desk), 7% by a colleague.  85% are
#   closed or cancelled; the newest tenth of the tickets are mostly open.
#   Created over the last 3 years in id order; 3-7 activity rows each (the
#   first "created"), and max(3, N/100000) of alice's tickets have 50.
#   COMMON_WORD is in ~10% of the details, RARE_WORD in 20 tickets.
use strict;
use warnings;
use Getopt::Long;

our $COMMON_WORD = 'spreadsheet';
our $RARE_WORD   = 'zeppelin';

my ($n, $first, $first_act, $batch) = (1_000_000, 10001, 100001, 50_000);
GetOptions(
    'tickets=i'        => \$n,
    'first-id=i'       => \$first,
    'first-activity=i' => \$first_act,
    'batch=i'          => \$batch,
    'words'            => sub { print "$COMMON_WORD $RARE_WORD\n"; exit 0 },
) or die "usage: $0 --tickets N --first-id ID --first-activity ID\n";
die "--tickets must be at least 100\n" if $n < 100;

# ---------------------------------------------------------------------------
# Word lists
# ---------------------------------------------------------------------------

my @orgs = (
    'Psychiatry', 'Business Office', 'Service Desk', 'Cardiology', 'Radiology',
    'Oncology', 'Haematology', 'Neurology', 'Paediatrics', 'Maternity',
    'Emergency Department', 'Intensive Care', 'Theatres', 'Anaesthetics',
    'Orthopaedics', 'General Surgery', 'Urology', 'Dermatology',
    'Ophthalmology', 'ENT', 'Gastroenterology', 'Respiratory Medicine',
    'Renal Medicine', 'Endocrinology', 'Rheumatology', 'Geriatric Medicine',
    'Stroke Unit', 'Palliative Care', 'Physiotherapy', 'Occupational Therapy',
    'Speech and Language Therapy', 'Dietetics', 'Pharmacy', 'Pathology',
    'Microbiology', 'Medical Records', 'Outpatients', 'Estates', 'Facilities',
    'Catering', 'Portering', 'Security', 'Human Resources', 'Payroll Office',
    'Finance', 'Procurement', 'Information Governance', 'Clinical Coding',
    'Medical Education', 'Research Office', 'Chaplaincy', 'Infection Control',
    'Sexual Health', 'Community Nursing', 'District Nursing',
    'Health Visiting', 'Child and Adolescent Mental Health',
    'Learning Disabilities', 'Neonatal Unit', 'Vascular Surgery',
    'Plastic Surgery', 'Maxillofacial Surgery', 'Cardiothoracic Surgery',
    'Nuclear Medicine', 'Audiology', 'Podiatry', 'Orthoptics',
    'Breast Surgery', 'Colorectal Surgery', 'Hepatology',
    'Infectious Diseases', 'Immunology', 'Clinical Genetics',
    'Diabetes Centre', 'Sleep Clinic', 'Pain Management', 'Day Surgery',
    'Endoscopy', 'Sterile Services', 'Blood Transfusion', 'Mortuary',
    'Switchboard', 'Communications', 'Patient Advice and Liaison',
    'Complaints Office', 'Legal Services', 'Executive Office',
    'Quality and Safety', 'Risk Management', 'Voluntary Services', 'Library',
    'Clinical Psychology', 'Forensic Psychiatry', 'Old Age Psychiatry',
    'Addictions Service', 'Eating Disorders', 'Perinatal Mental Health',
    'Crisis Team', 'Home Treatment Team', 'Bed Management',
);
die "need exactly 100 organisations, have " . @orgs . "\n" if @orgs != 100;

my @first_names = qw(
    James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth
    William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen
    Amir Priya Kwame Aisha Wei Mei Olu Fatima Tomasz Agnieszka Sean Niamh
    Rhys Ffion Callum Isla Ravi Anjali Emeka Chloe);
my @last_names = qw(
    Smith Jones Taylor Brown Williams Wilson Johnson Davies Patel Wright
    Robinson Wood Thompson Evans Walker White Roberts Green Hall Thomas
    Clarke Jackson Wood Harris Edwards Turner Martin Cooper Hill Ward
    Hughes Moore Clark King Harrison Lewis Baker Lee Allen Morris Khan
    Scott Watson Davis Parker James Bennett Young Phillips Richardson);

# The service desk: who tickets are assigned to (tina first).
my @agents = (
    [tina => 'Tina Tran'], [oosei => 'Omar Osei'], [lnguyen => 'Linh Nguyen'],
    [pmurphy => 'Paul Murphy'], [skaur => 'Simran Kaur'],
    [jfraser => 'Jamie Fraser'], [adaniel => 'Ade Daniel'],
    [cwalsh => 'Ciara Walsh'], [mrossi => 'Marco Rossi'],
    [hbell => 'Hannah Bell']);

my @objects = (
    'Printer', 'Laptop', 'Desktop PC', 'Second monitor', 'Keyboard',
    'Outlook', 'Shared mailbox', 'Staff Wi-Fi', 'VPN client', 'Desk phone',
    'Bleep', 'Label printer', 'Badge reader', 'Scanner', 'EPR login',
    'Patient record screen', 'Pathology results viewer', 'Roster app',
    'Payslip portal', 'Home drive', 'Shared drive', 'Teams meeting room',
    'Webcam', 'Headset', 'Docking station', 'Smartcard', 'Network password',
    'Intranet page', 'Mobile phone', 'Projector', 'Ward tablet',
    'Dictation software', 'Barcode scanner', 'Fax to GP surgeries');
my @problems = (
    'not working', 'keeps crashing', 'very slow', 'will not start',
    'shows an error', 'cannot connect', 'stopped syncing', 'is missing',
    'needs replacing', 'access needed', 'asks for the password every time',
    'freezes after login', 'prints blank pages', 'has no sound',
    'locked out', 'disconnects every few minutes', 'shows the wrong details',
    'cannot be found', 'not updating', 'needed for a new starter',
    'to be moved to another desk', 'makes a loud noise', 'screen flickers',
    'battery does not charge', 'certificate warning');
my @places = (
    ' on Ward 1', ' on Ward 3', ' on Ward 7', ' on Ward 12',
    ' in the day hospital', ' in clinic room 4', ' at main reception',
    " in the nurses' office", ' in the seminar room', ' on the night shift',
    ' at the North site', ' at the community base', ' when working from home',
    ' in the discharge lounge', '', '', '', '', '', '');
my @openings = (
    'Since this morning', 'Since yesterday afternoon', 'For about a week',
    'Since the update last night', 'Every Monday morning',
    'Since I moved office', 'After the power cut on Tuesday',
    'On and off for a few days', 'Since the new starter joined',
    'Since the ward was refurbished', 'Ever since the password change',
    'Today at handover', 'Twice in the last hour');
my @middles = (
    'I have already restarted it twice.',
    'Colleagues on the same ward have the same problem.',
    'It only happens on the shared PC by the nurses station.',
    'The message says access denied and gives a long code.',
    'This is holding up discharge letters.',
    'Patients are waiting at the desk while this happens.',
    'I tried another network point and it is the same.',
    'The asset tag number is on a sticker on the back.',
    'It worked fine until last week.',
    'The locum doctors cannot log in at all.',
    'We have a clinic starting at nine so it is quite urgent.',
    'I rang the service desk earlier and was asked to log it here.',
    'Turning it off and on again made no difference.',
    'It seems to be worse in the afternoons.',
    'Our team secretary is off so I am logging this for the team.',
    'The supplier says it is a local configuration problem.');
my @closings = (
    'Please call me on my extension.', 'I am in all day until 17:00.',
    'Thank you.', 'Many thanks for your help.', 'Any time this week is fine.',
    'I work nights, so the evening is best.', 'Please advise.',
    'Happy to bring it to the IT office.');
my @updates = (
    'Thank you for logging this. We are looking into it.',
    'Could you tell us the asset number of the device?',
    'We have reset your account; please try again and let us know.',
    'An engineer will visit the ward tomorrow morning.',
    'This is a known issue with the latest update; a fix is being tested.',
    'We have ordered a replacement, delivery is expected within 3 days.',
    'We have passed this to the supplier and are waiting for their answer.',
    'Please restart the device once more and check again.');
my @comments = (
    'Thanks, that helped for a while but it is back again.',
    'The asset number is on the sticker: HOSP-0042-17.',
    'I will be in the office from 8 tomorrow.',
    'Still the same this morning, I am afraid.',
    'A colleague says it works on her PC.',
    'Any news on this? We are struggling without it.',
    'That seems to have fixed it, thank you.');
my @notes = (
    'Checked the logs: repeated authentication failures from the ward PC.',
    'Same fault as on Ward 3 last month, likely the switch port.',
    'Awaiting change approval before we can apply the fix.',
    'Spoke to the supplier, reference SUP-88121.',
    'User confirmed by phone, closing after the weekend if quiet.');
my @solutions = (
    'Account unlocked and password reset; the user can log in again.',
    'Replaced the faulty cable and tested the connection.',
    'Reinstalled the client software and cleared the local cache.',
    'Added the user to the correct access group.',
    'Device replaced with a spare from stock.',
    'Updated the driver; printing works again.',
    'Explained the new sign-in steps; works as intended.');

# ---------------------------------------------------------------------------
# SQL helpers
# ---------------------------------------------------------------------------

sub q_sql {
    my ($s) = @_;
    $s =~ s/\\/\\\\/g;
    $s =~ s/'/''/g;
    return "'$s'";
}

# ELT(1 + expr % count, ...): one of the list, chosen by expr.
sub pick {
    my ($expr, @list) = @_;
    return 'ELT(1 + (' . $expr . ') MOD ' . scalar(@list) . ', '
        . join(', ', map { q_sql($_) } @list) . ')';
}

# An independent 32-bit hash of the row number s.seq (or of another
# expression) per salt.
sub h {
    my ($salt, $what) = @_;
    return 'CRC32(CONCAT(' . ($what // 's.seq') . ", '$salt'))";
}

my $alice_n = $n / 2000 < 30 ? 30 : int($n / 2000 + 0.5);
$alice_n = int($n / 2) if $alice_n > $n / 2;
my $alice_stride = int($n / $alice_n);
my $fifty_n = $n / 100_000 < 3 ? 3 : int($n / 100_000);
my $fifty_every = int($alice_n / $fifty_n) || 1;
my $rare_stride = int($n / 20);
my $last = $first + $n - 1;

print <<"EOF";
-- Generated by t/bench/generate.pl for $n tickets (HD-$first .. HD-$last).
SET SESSION foreign_key_checks = 0, unique_checks = 0;
SET \@n = $n, \@first = $first, \@now = NOW();
SET \@start = \@now - INTERVAL 3 YEAR;
SET \@span = TIMESTAMPDIFF(SECOND, \@start, \@now) - 3600;

-- Reference data as it is in this database (the demo catalogue): numbered
-- 0.. so that a row number picks one.
CREATE OR REPLACE TEMPORARY TABLE bench_svc (k INT PRIMARY KEY, id INT UNSIGNED,
    call_type VARCHAR(40), priority TINYINT UNSIGNED, shared TINYINT)
  SELECT ROW_NUMBER() OVER (ORDER BY id) - 1 AS k, id,
         default_call_type AS call_type, default_priority AS priority,
         default_shared AS shared
    FROM services WHERE active = 1;
CREATE OR REPLACE TEMPORARY TABLE bench_team (k INT PRIMARY KEY, id INT UNSIGNED)
  SELECT ROW_NUMBER() OVER (ORDER BY sort_order, id) - 1 AS k, id
    FROM teams WHERE active = 1;
-- Open and pending statuses 0..; 100 closed, 101 cancelled.
CREATE OR REPLACE TEMPORARY TABLE bench_status (k INT PRIMARY KEY,
    code VARCHAR(40), category VARCHAR(20))
  SELECT ROW_NUMBER() OVER (ORDER BY sort_order) - 1 AS k, code, category
    FROM ticket_statuses WHERE category IN ('open', 'pending');
INSERT INTO bench_status
  SELECT 100, MIN(code), 'closed' FROM ticket_statuses WHERE category = 'closed'
  UNION ALL
  SELECT 101, MIN(code), 'cancelled' FROM ticket_statuses WHERE category = 'cancelled';
SET \@n_svc = (SELECT COUNT(*) FROM bench_svc),
    \@n_team = (SELECT COUNT(*) FROM bench_team),
    \@n_open = (SELECT COUNT(*) FROM bench_status WHERE k < 100),
    \@initial = (SELECT code FROM ticket_statuses WHERE is_initial = 1
                 ORDER BY sort_order LIMIT 1),
    \@p_min = (SELECT MIN(level) FROM priorities),
    \@p_max = (SELECT MAX(level) FROM priorities);

-- 100 organisations and 10,000 people, person k in organisation k % 100.
CREATE OR REPLACE TEMPORARY TABLE bench_org (k INT PRIMARY KEY, name VARCHAR(120));
INSERT INTO bench_org VALUES
EOF
print join(",\n", map { "  ($_, " . q_sql($orgs[$_]) . ")" } 0 .. $#orgs), ";\n";

my $fname = pick('s.seq', @first_names);
my $lname = pick('s.seq DIV ' . scalar(@first_names), @last_names);
print <<"EOF";
CREATE OR REPLACE TEMPORARY TABLE bench_people (k INT PRIMARY KEY,
    login VARCHAR(64), name VARCHAR(200), mail VARCHAR(200),
    phone VARCHAR(64), org VARCHAR(120))
  SELECT s.seq AS k,
         LOWER(CONCAT(LEFT($fname, 1), $lname, s.seq)) AS login,
         CONCAT($fname, ' ', $lname) AS name,
         '' AS mail,
         CONCAT('+44 20 7946 ', LPAD(s.seq, 4, '0')) AS phone,
         o.name AS org
    FROM seq_0_to_9999 s JOIN bench_org o ON o.k = s.seq MOD 100;
UPDATE bench_people SET mail = CONCAT(login, '\@example.org');
-- The demo logins, as the directory describes them.
REPLACE INTO bench_people VALUES
  (0,   'alice', 'Alice Archer', 'alice\@example.org', '+44 20 7946 0101', 'Psychiatry'),
  (100, 'bob',   'Bob Baker',    'bob\@example.org',   '+44 20 7946 0102', 'Psychiatry'),
  (200, 'sam',   'Sam Shaw',     'sam\@example.org',   '+44 20 7946 0100', 'Psychiatry'),
  (1,   'carol', 'Carol Clarke', 'carol\@example.org', '+44 20 7946 0201', 'Business Office'),
  (101, 'dave',  'Dave Dawson',  'dave\@example.org',  '+44 20 7946 0202', 'Business Office'),
  (2,   'tina',  'Tina Tran',    'tina\@example.org',  '+44 20 7946 0300', 'Service Desk');
CREATE OR REPLACE TEMPORARY TABLE bench_agent (k INT PRIMARY KEY,
    login VARCHAR(64), name VARCHAR(200));
INSERT INTO bench_agent VALUES
EOF
print join(",\n", map { "  ($_, " . q_sql($agents[$_][0]) . ', ' . q_sql($agents[$_][1]) . ')' } 0 .. $#agents), ";\n";

# ---------------------------------------------------------------------------
# Tickets
# ---------------------------------------------------------------------------

# Per ticket number s.seq: g.* are the raw choices, computed once in a
# derived table; the outer SELECT turns them into the row.
my $is_alice = "(s.seq MOD $alice_stride = 1 AND s.seq DIV $alice_stride < $alice_n)";
my $fifty = "($is_alice AND (s.seq DIV $alice_stride) MOD $fifty_every = 0"
    . " AND (s.seq DIV $alice_stride) DIV $fifty_every < $fifty_n)";
my $rare = "(s.seq MOD $rare_stride = 7)";
my $hs = h('s');    # status
my $hp = h('p');    # person
my $hl = h('l');    # logger
my $ht = h('t');    # text
my $hx = h('x');    # service, team, priority, sharing
my $hd = h('d');    # durations
my $n_agents = @agents;

my $status_k = "CASE WHEN (s.seq > $n * 0.9 AND $hs MOD 100 < 70)"
    . " OR (s.seq <= $n * 0.9 AND $hs MOD 1000 < 89)"
    . " THEN ($hs DIV 1000) MOD \@n_open"
    . " WHEN ($hs DIV 1000) MOD 100 < 12 THEN 101 ELSE 100 END";
my $logger_k = "CASE WHEN $is_alice THEN IF($hl MOD 5 = 0, 100, 0)"
    . " WHEN $hl MOD 100 < 3 THEN 2"
    . " WHEN $hl MOD 100 < 10 THEN (pk + 100 * (1 + ($hl DIV 100) MOD 99)) MOD 10000"
    . " ELSE pk END";

my $summary = 'CONCAT(' . pick('g.ht', @objects) . ", ' ', "
    . pick('g.ht DIV 64', @problems) . ', ' . pick('g.ht DIV 4096', @places) . ')';
my $details = 'CONCAT(' . pick('g.ht DIV 131072', @openings) . ", ', the ', "
    . 'LOWER(' . pick('g.ht', @objects) . "), ' ', "
    . pick('g.ht DIV 64', @problems) . ', ' . pick('g.ht DIV 4096', @places)
    . ", '. ', "
    . pick('g.hd', @middles) . ", ' ', "
    . "IF(g.hd DIV 32 MOD 10 = 0, 'I keep the list in a $COMMON_WORD on the shared drive and it will not open. ', ''), "
    . "IF(g.rare, 'The $RARE_WORD clinic list is affected as well. ', ''), "
    . pick('g.hd MOD ' . scalar(@middles) . ' + 1 + (g.hd DIV 512) MOD ' . (@middles - 1), @middles)
    . ", ' ', "
    . pick('g.hd DIV 65536', @closings) . ')';
my $duration = "IF(st.k >= 100, 600 + (g.hd DIV 7) MOD 1728000, (g.hd DIV 7) MOD 432000)";

my @base = qw(id kind summary details service_id team_id status status_reason
    call_type priority requester_login requester_name requester_mail
    requester_phone requester_org logged_by_login logged_by_name shared
    assignee_login assignee_name solution form_nonce created_at updated_at
    closed_at);

for (my $lo = 1; $lo <= $n; $lo += $batch) {
    my $hi = $lo + $batch - 1;
    $hi = $n if $hi > $n;
    print <<"EOF";
INSERT INTO tickets (@{[ join(', ', @base) ]})
SELECT \@first + g.i - 1,
       IF(g.hx MOD 10 < 6, 'incident', 'request'),
       $summary,
       $details,
       sv.id, tm.id, st.code,
       IF(st.code = 'waiting_client', 'Could you tell us the asset number of the device?', ''),
       sv.call_type,
       GREATEST(\@p_min, LEAST(\@p_max, sv.priority + CASE (g.hx DIV 1024) MOD 10
           WHEN 0 THEN 1 WHEN 1 THEN -1 ELSE 0 END)),
       rp.login, rp.name, rp.mail, rp.phone, rp.org,
       lp.login, lp.name,
       IF((g.hx DIV 65536) MOD 10 = 0, 1 - sv.shared, sv.shared),
       IF(st.code = \@initial, NULL, ag.login), IF(st.code = \@initial, NULL, ag.name),
       IF(st.k = 100, @{[ pick('g.hd DIV 3', @solutions) ]}, NULL),
       NULL,
       \@start + INTERVAL g.created SECOND,
       LEAST(\@now, \@start + INTERVAL (g.created + $duration) SECOND),
       IF(st.k >= 100, LEAST(\@now, \@start + INTERVAL (g.created + $duration) SECOND), NULL)
  FROM (SELECT s.seq AS i, pk, $logger_k AS lk,
               $status_k AS sk,
               $ht AS ht, $hx AS hx, $hd AS hd,
               $rare AS rare,
               FLOOR((s.seq - 1) * \@span / $n) AS created
          FROM (SELECT seq, IF($is_alice, 0, 1 + $hp MOD 9999) AS pk
                  FROM seq_${lo}_to_$hi s) s) g
  JOIN bench_people rp ON rp.k = g.pk
  JOIN bench_people lp ON lp.k = g.lk
  JOIN bench_svc sv ON sv.k = g.hx MOD \@n_svc
  JOIN bench_team tm ON tm.k = (g.hx DIV 16) MOD \@n_team
  JOIN bench_status st ON st.k = g.sk
  JOIN bench_agent ag ON ag.k = IF((g.hd DIV 97) MOD 10 < 3, 0, 1 + (g.hd DIV 97) MOD ${\($n_agents - 1)})
 ORDER BY g.i;
EOF
}

# ---------------------------------------------------------------------------
# Activity: row 1 "created"; the last one the status the ticket is in now
# (resolved, cancelled, or the move out of the initial status); between
# them updates, comments and internal notes, times spread evenly from
# created_at to updated_at.
# ---------------------------------------------------------------------------

my $ah = 'CRC32(CONCAT(t.id, a.seq))';
my $act_select = sub {
    my ($cnt) = @_;
    return <<"EOF";
SELECT t.id,
       CASE WHEN a.seq = 1 THEN 'created'
            WHEN a.seq = $cnt AND t.status = 'closed' THEN 'resolved'
            WHEN a.seq = $cnt AND t.status = 'cancelled' THEN 'cancelled'
            WHEN a.seq = $cnt AND t.status <> \@initial THEN 'status'
            ELSE ELT(1 + $ah MOD 3, 'update', 'comment', 'internal_note') END AS kind,
       a.seq, t.requester_login, t.requester_name, t.logged_by_login,
       t.logged_by_name, COALESCE(t.assignee_login, 'tina') AS agent_login,
       COALESCE(t.assignee_name, 'Tina Tran') AS agent_name,
       t.status, t.solution, $ah AS h,
       t.created_at + INTERVAL FLOOR(TIMESTAMPDIFF(SECOND, t.created_at, t.updated_at)
           * (a.seq - 1) / ($cnt - 1)) SECOND AS at
EOF
};
my $act_insert = <<"EOF";
INSERT INTO ticket_activity (ticket_id, kind, author_login, author_name, body,
    internal, old_status, new_status, form_nonce, created_at)
SELECT x.id, x.kind,
       CASE WHEN x.kind = 'created' THEN x.logged_by_login
            WHEN x.kind IN ('comment', 'cancelled') THEN x.requester_login
            ELSE x.agent_login END,
       CASE WHEN x.kind = 'created' THEN x.logged_by_name
            WHEN x.kind IN ('comment', 'cancelled') THEN x.requester_name
            ELSE x.agent_name END,
       CASE x.kind
            WHEN 'created' THEN IF(x.logged_by_login = x.requester_login, 'Ticket logged.',
                CONCAT('Logged by ', x.logged_by_name, ' on behalf of ', x.requester_name, '.'))
            WHEN 'resolved' THEN x.solution
            WHEN 'update' THEN @{[ pick('x.h DIV 3', @updates) ]}
            WHEN 'comment' THEN @{[ pick('x.h DIV 3', @comments) ]}
            WHEN 'internal_note' THEN @{[ pick('x.h DIV 3', @notes) ]}
            ELSE '' END,
       x.kind = 'internal_note',
       CASE WHEN x.kind = 'created' THEN NULL
            WHEN x.kind = 'resolved' THEN 'in_progress'
            WHEN x.kind IN ('status', 'cancelled') THEN \@initial END,
       CASE WHEN x.kind = 'created' THEN \@initial
            WHEN x.kind IN ('resolved', 'status', 'cancelled') THEN x.status END,
       NULL, x.at
EOF

print "ALTER TABLE ticket_activity AUTO_INCREMENT = $first_act;\n";
my $fifty_set = "SELECT \@first + s.seq - 1 AS id FROM seq_1_to_$n s WHERE $fifty";
print "CREATE OR REPLACE TEMPORARY TABLE bench_fifty (id INT UNSIGNED PRIMARY KEY) $fifty_set;\n";
for (my $lo = 1; $lo <= $n; $lo += $batch) {
    my $hi = $lo + $batch - 1;
    $hi = $n if $hi > $n;
    my ($from, $to) = ($first + $lo - 1, $first + $hi - 1);
    my $cnt = '(3 + CRC32(t.id) MOD 5)';
    print $act_insert, 'FROM (', $act_select->($cnt), <<"EOF";
  FROM tickets t STRAIGHT_JOIN seq_1_to_7 a ON a.seq <= $cnt
 WHERE t.id BETWEEN $from AND $to AND t.id NOT IN (SELECT id FROM bench_fifty)
) x ORDER BY x.id, x.seq;
EOF
}
print $act_insert, 'FROM (', $act_select->(50), <<"EOF";
  FROM bench_fifty f STRAIGHT_JOIN tickets t ON t.id = f.id STRAIGHT_JOIN seq_1_to_50 a
) x ORDER BY x.id, x.seq;
EOF

print <<"EOF";
SELECT CONCAT('alice ', $alice_n, ' fifty ', $fifty_n, ' fifty_id ',
              (SELECT MIN(id) FROM bench_fifty)) AS `generated`;
EOF
