-- Demo data for the service desk's side (issue 9): tickets worked by the
-- second agent, victor, as well as tina; some nobody has picked up yet;
-- clocks already breached and one due within the hour (in business hours);
-- internal notes between the agents; a call taken by phone; and a ticket
-- Pending Closure for two weeks less @auto_close_in seconds, which the job
-- 'auto-close' closes by itself that long after the first load (a minute
-- for `make run`, so a newcomer sees it happen; stack.sh sets the
-- variable, and the test suites push it out of their way).
--
-- Idempotent like 002_tickets.sql, and safe on a stack that has been used:
-- a ticket's history is added only by the run that added the ticket
-- (ROW_COUNT() of its INSERT), so an id the portal has given to someone's
-- own ticket since is left alone, history and all. History rows take the
-- next free ids, in the order things happened.
--
-- The stored service clocks (sql/012_sla_queues.sql) are the job
-- 'sla-clocks''s to fill in, as for any ticket put in by SQL.

SET @now = NOW();
SET @auto_close_in = COALESCE(@auto_close_in, 60);

-- Each ticket's history waits here until we know whether this run added
-- the ticket (demo_new); see the end.
CREATE TEMPORARY TABLE demo_activity LIKE ticket_activity;
CREATE TEMPORARY TABLE demo_new (id INT UNSIGNED NOT NULL PRIMARY KEY);

SET @svc_email = (SELECT id FROM services WHERE code = 'email');
SET @svc_network = (SELECT id FROM services WHERE code = 'network');
SET @svc_payroll = (SELECT id FROM services WHERE code = 'payroll');
SET @svc_rostering = (SELECT id FROM services WHERE code = 'rostering');
SET @svc_epr = (SELECT id FROM services WHERE code = 'epr');
SET @team_psyIT = (SELECT id FROM teams WHERE code = 'psyIT');
SET @team_CBO = (SELECT id FROM teams WHERE code = 'CBO');
SET @team_NET = (SELECT id FROM teams WHERE code = 'NET');
SET @team_APPS = (SELECT id FROM teams WHERE code = 'APPS');

-- HD-1034: dave, pending_closure, shared, assigned to victor: closes by itself
SET @solved = DATE_ADD(DATE_SUB(@now, INTERVAL 14 DAY), INTERVAL @auto_close_in SECOND);
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at, status_since)
VALUES (1034, 'incident', 'Invoices shared mailbox missing from Outlook',
'The "Business Office invoices" shared mailbox has disappeared from my Outlook folder list. I process supplier invoices from it every morning.',
    @svc_email, @team_CBO, 'pending_closure', '', 'Standard', 3,
    'dave', 'Dave Dawson', 'dave@example.org', '+44 20 7946 0202', 'Business Office',
    'dave', 'Dave Dawson', 1, 'victor', 'Victor Vance',
    'Your permission on the mailbox had been removed by the quarterly access review by mistake. It is restored: restart Outlook and the mailbox is back under your folders.',
    DATE_SUB(@solved, INTERVAL 3 HOUR), @solved, NULL, @solved)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1034 FROM DUAL WHERE @new;
INSERT INTO demo_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1034, 'created', 'dave', 'Dave Dawson', '', 0, NULL, NULL, DATE_SUB(@solved, INTERVAL 3 HOUR)),
    (1034, 'assigned', 'victor', 'Victor Vance', 'Assigned to Victor Vance.', 0, NULL, NULL, DATE_SUB(@solved, INTERVAL 150 MINUTE)),
    (1034, 'status', 'victor', 'Victor Vance', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@solved, INTERVAL 150 MINUTE)),
    (1034, 'internal_note', 'victor', 'Victor Vance', 'The access review script removed Full Access for three Business Office people. Raised with the identity team; restoring by hand meanwhile.', 1, NULL, NULL, DATE_SUB(@solved, INTERVAL 1 HOUR)),
    (1034, 'status', 'victor', 'Victor Vance', 'Your permission on the mailbox had been removed by the quarterly access review by mistake. It is restored: restart Outlook and the mailbox is back under your folders.', 0, 'in_progress', 'pending_closure', @solved);

-- HD-1035: bob, in_progress, shared, High, assigned to victor (breached)
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at, status_since)
VALUES (1035, 'incident', 'Wi-Fi drops every few minutes in the Cedar Ward day room',
'Laptops and the ward tablets lose the Wi-Fi in the day room every few minutes, then reconnect. The rest of the ward is fine.

It started on Monday; the observations app loses what we were typing when it happens.',
    @svc_network, @team_NET, 'in_progress', '', 'Standard', 2,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, 'victor', 'Victor Vance', NULL,
    DATE_SUB(@now, INTERVAL '3 02:40' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 05:10' DAY_MINUTE), NULL,
    DATE_SUB(@now, INTERVAL '3 01:55' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1035 FROM DUAL WHERE @new;
INSERT INTO demo_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1035, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 02:40' DAY_MINUTE)),
    (1035, 'assigned', 'tina', 'Tina Tran', 'Assigned to Victor Vance.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 01:55' DAY_MINUTE)),
    (1035, 'status', 'victor', 'Victor Vance', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '3 01:55' DAY_MINUTE)),
    (1035, 'update', 'victor', 'Victor Vance', 'We can see the drops on the wireless controller. An engineer will look at the access point in the day room.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 01:30' DAY_MINUTE)),
    (1035, 'internal_note', 'victor', 'Victor Vance', 'Heavy interference on channel 6 in the day room only, from about 12:00 daily. Estates installed a new microwave next door on Monday. Asked them to move it before we replace anything.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '1 05:10' DAY_MINUTE)),
    (1035, 'internal_note', 'tina', 'Tina Tran', 'Cedar Ward rang again: still dropping at lunchtime. Estates say Thursday at the earliest.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '0 04:20' DAY_MINUTE));

-- HD-1036: carol, logged by tina by phone, waiting_support, PRIVATE, Critical, unassigned
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at, status_since, channel)
VALUES (1036, 'incident', 'Payroll export to the bank rejected',
'Carol rang the service desk: this month''s payroll file was rejected by the bank''s upload page with "Invalid file header". Pay day is Friday; the bank''s cut-off is 16:00 tomorrow.',
    @svc_payroll, @team_APPS, 'waiting_support', '', 'Standard', 1,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'tina', 'Tina Tran', 0, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL 25 MINUTE), DATE_SUB(@now, INTERVAL 25 MINUTE), NULL,
    DATE_SUB(@now, INTERVAL 25 MINUTE), 'phone')
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1036 FROM DUAL WHERE @new;
INSERT INTO demo_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1036, 'created', 'tina', 'Tina Tran', 'Logged by the service desk during a phone call.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL 25 MINUTE)),
    (1036, 'internal_note', 'tina', 'Tina Tran', 'Apps on-call is Priya this week. The export format changed in last week''s payroll update; I suspect that.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL 20 MINUTE));

-- HD-1037: sam, escalated_t2, shared, assigned to victor
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at, status_since)
VALUES (1037, 'request', 'Rostering shows last month''s shifts for the Birch team',
'Since Tuesday the Birch team''s roster view opens on last month, and "Next" skips straight to January. The other teams are fine.',
    @svc_rostering, @team_APPS, 'escalated_t2', 'With the rostering supplier''s second-line support.', 'Standard', 3,
    'sam', 'Sam Shaw', 'sam@example.org', '+44 20 7946 0100', 'Psychiatry',
    'sam', 'Sam Shaw', 1, 'victor', 'Victor Vance', NULL,
    DATE_SUB(@now, INTERVAL '5 03:00' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 01:00' DAY_MINUTE), NULL,
    DATE_SUB(@now, INTERVAL '4 22:00' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1037 FROM DUAL WHERE @new;
INSERT INTO demo_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1037, 'created', 'sam', 'Sam Shaw', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '5 03:00' DAY_MINUTE)),
    (1037, 'assigned', 'victor', 'Victor Vance', 'Assigned to Victor Vance.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '5 00:30' DAY_MINUTE)),
    (1037, 'status', 'victor', 'Victor Vance', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '5 00:30' DAY_MINUTE)),
    (1037, 'status', 'victor', 'Victor Vance', 'With the rostering supplier''s second-line support.', 0, 'in_progress', 'escalated_t2', DATE_SUB(@now, INTERVAL '4 22:00' DAY_MINUTE)),
    (1037, 'internal_note', 'victor', 'Victor Vance', 'Supplier case RS-20931. They think the Birch team''s rota pattern has an end date of last month; a data fix, not a bug.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '2 01:00' DAY_MINUTE));

-- HD-1038: alice, waiting_support, shared, High, unassigned (breached: nobody has answered)
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at, status_since)
VALUES (1038, 'incident', 'Dictation does not start in the patient record since the update',
'Clicking "Dictate" in a clinic letter does nothing since the patient record was updated at the weekend. Typing still works, but my clinic letters are now taking twice as long.',
    @svc_epr, @team_APPS, 'waiting_support', '', 'Clinical', 2,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '2 04:00' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 04:00' DAY_MINUTE), NULL,
    DATE_SUB(@now, INTERVAL '2 04:00' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1038 FROM DUAL WHERE @new;
INSERT INTO demo_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1038, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 04:00' DAY_MINUTE));

-- The histories of the tickets this run added, in the order written above
-- (the temporary table numbered them), with the next free ids.
INSERT INTO ticket_activity (ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
SELECT a.ticket_id, a.kind, a.author_login, a.author_name, a.body, a.internal,
    a.old_status, a.new_status, a.created_at
FROM demo_activity a JOIN demo_new n ON n.id = a.ticket_id
ORDER BY a.id;

DROP TEMPORARY TABLE demo_activity;
DROP TEMPORARY TABLE demo_new;
