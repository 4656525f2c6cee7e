-- Demo tickets: a lived-in portal for the demo users of
-- conf/stack/directory.ldif.in (alice, bob, sam: Psychiatry; carol, dave:
-- Business Office; tina: service desk agent).
--
-- `stack.sh demo` runs this on every start, so it must be idempotent: rows
-- have fixed ids (tickets HD-1001 upwards, activity 1 upwards, both in the
-- order things happened) and an id that exists already is left as it is,
-- including any change made through the portal since. Tickets the portal
-- creates later continue from the highest id here.
--
-- Times are relative to the first load (@now), spread over the last four
-- weeks. Every ticket's history follows the workflow in ticket_transitions;
-- its created_at is its 'created' entry, updated_at its last entry.
--
-- Requester details are snapshots of the directory entries, as the portal
-- takes them when a ticket is logged.

-- What a new ticket for each service starts with (the migration gave every
-- service 'Standard' / 3 = Medium). Only services still at those defaults
-- are touched, so a value changed since is kept.
UPDATE services SET default_call_type = 'Clinical', default_priority = 2
 WHERE code IN ('epr', 'pathology')
   AND default_call_type = 'Standard' AND default_priority = 3;
UPDATE services SET default_priority = 2
 WHERE code IN ('network', 'telephony')
   AND default_call_type = 'Standard' AND default_priority = 3;
UPDATE services SET default_priority = 4
 WHERE code IN ('intranet')
   AND default_call_type = 'Standard' AND default_priority = 3;

SET @now = NOW();

-- Ids by code. A missing service or team leaves its variable NULL and the
-- ticket INSERT fails loudly (NOT NULL) instead of pointing nowhere.

SET @svc_email = (SELECT id FROM services WHERE code = 'email');
SET @svc_epr = (SELECT id FROM services WHERE code = 'epr');
SET @svc_fileshares = (SELECT id FROM services WHERE code = 'fileshares');
SET @svc_intranet = (SELECT id FROM services WHERE code = 'intranet');
SET @svc_network = (SELECT id FROM services WHERE code = 'network');
SET @svc_pathology = (SELECT id FROM services WHERE code = 'pathology');
SET @svc_payroll = (SELECT id FROM services WHERE code = 'payroll');
SET @svc_printing = (SELECT id FROM services WHERE code = 'printing');
SET @svc_rostering = (SELECT id FROM services WHERE code = 'rostering');
SET @svc_telephony = (SELECT id FROM services WHERE code = 'telephony');
SET @svc_video = (SELECT id FROM services WHERE code = 'video');
SET @svc_vpn = (SELECT id FROM services WHERE code = 'vpn');
SET @team_psyIT = (SELECT id FROM teams WHERE code = 'psyIT');
SET @team_CBO = (SELECT id FROM teams WHERE code = 'CBO');
SET @team_NET = (SELECT id FROM teams WHERE code = 'NET');
SET @team_APPS = (SELECT id FROM teams WHERE code = 'APPS');

-- HD-1001: dave, closed, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1001, 'request', 'VPN access for working from home on Fridays',
'I have agreed with my manager to work from home on Fridays. Please set up VPN access on my laptop.

Manager: Carol Clarke',
    @svc_vpn, @team_NET, 'closed', '', 'Standard', 3,
    'dave', 'Dave Dawson', 'dave@example.org', '+44 20 7946 0202', 'Business Office',
    'dave', 'Dave Dawson', 1, 'tina', 'Tina Tran', 'VPN access granted and the VPN client installed on your laptop. The sign-in guide is on the intranet under IT > Working from home.',
    DATE_SUB(@now, INTERVAL '27 03:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '25 02:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '25 02:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (1, 1001, 'created', 'dave', 'Dave Dawson', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '27 03:15' DAY_MINUTE)),
    (2, 1001, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '26 22:30' DAY_MINUTE)),
    (3, 1001, 'update', 'tina', 'Tina Tran', 'Please bring the laptop to the IT office on Wednesday between 10 and 12 so that we can install the VPN client.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '26 21:55' DAY_MINUTE)),
    (4, 1001, 'comment', 'dave', 'Dave Dawson', 'Will do, thanks.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '26 06:20' DAY_MINUTE)),
    (5, 1001, 'resolved', 'tina', 'Tina Tran', 'VPN access granted and the VPN client installed on your laptop. The sign-in guide is on the intranet under IT > Working from home.', 0, 'in_progress', 'closed', DATE_SUB(@now, INTERVAL '25 02:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1002: carol, closed, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1002, 'request', 'Password reset for the payroll self-service portal',
'I have forgotten my password for the payroll self-service portal and the "forgotten password" link says my account is locked.',
    @svc_payroll, @team_CBO, 'closed', '', 'Standard', 3,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, 'The reset link worked and I can log in again.',
    DATE_SUB(@now, INTERVAL '24 02:20' DAY_MINUTE), DATE_SUB(@now, INTERVAL '23 22:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '23 22:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (6, 1002, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '24 02:20' DAY_MINUTE)),
    (7, 1002, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '24 00:35' DAY_MINUTE)),
    (8, 1002, 'update', 'tina', 'Tina Tran', 'We have unlocked the account and sent a reset link to your work e-mail. The link works for one hour.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '23 23:50' DAY_MINUTE)),
    (9, 1002, 'resolved', 'carol', 'Carol Clarke', 'The reset link worked and I can log in again.', 0, 'in_progress', 'closed', DATE_SUB(@now, INTERVAL '23 22:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1003: bob, closed, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1003, 'incident', 'Password expired while on annual leave: cannot log in',
'I came back from leave and my password has expired. The login screen offers to change it, but then says "The password does not meet the requirements" whatever I type.',
    @svc_email, @team_psyIT, 'closed', '', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, NULL, NULL, 'Rang the desk: the new password must not contain my name. It works now.',
    DATE_SUB(@now, INTERVAL '22 01:35' DAY_MINUTE), DATE_SUB(@now, INTERVAL '21 23:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '21 23:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (10, 1003, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '22 01:35' DAY_MINUTE)),
    (11, 1003, 'resolved', 'bob', 'Bob Baker', 'Rang the desk: the new password must not contain my name. It works now.', 0, 'waiting_support', 'closed', DATE_SUB(@now, INTERVAL '21 23:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1004: alice, closed, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1004, 'incident', 'Clinic room printer prints blank pages',
'The small printer in clinic room 2 feeds the paper through, but the pages come out blank.

I have already tried turning it off and on again.',
    @svc_printing, @team_psyIT, 'closed', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, 'tina', 'Tina Tran', 'The new toner cartridge still had its protective tape on. Removed the tape and printed a page of a discharge letter, which came out fine.',
    DATE_SUB(@now, INTERVAL '20 04:40' DAY_MINUTE), DATE_SUB(@now, INTERVAL '19 22:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '19 22:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (12, 1004, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '20 04:40' DAY_MINUTE)),
    (13, 1004, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '20 01:15' DAY_MINUTE)),
    (14, 1004, 'resolved', 'tina', 'Tina Tran', 'The new toner cartridge still had its protective tape on. Removed the tape and printed a page of a discharge letter, which came out fine.', 0, 'in_progress', 'closed', DATE_SUB(@now, INTERVAL '19 22:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1005: carol, cancelled, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1005, 'request', 'Business Office intranet page shows the old opening hours',
'The Business Office page on the intranet still shows our old opening hours (9 to 5). We now open 8:30 to 4:30.

Could someone update it, or give me editing rights?',
    @svc_intranet, @team_CBO, 'cancelled', '', 'Standard', 4,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '19 05:30' DAY_MINUTE), DATE_SUB(@now, INTERVAL '18 06:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '18 06:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (15, 1005, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '19 05:30' DAY_MINUTE)),
    (16, 1005, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '19 01:45' DAY_MINUTE)),
    (18, 1005, 'cancelled', 'carol', 'Carol Clarke', 'It turns out I already have editing rights, so I changed it myself.', 0, 'in_review', 'cancelled', DATE_SUB(@now, INTERVAL '18 06:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1006: bob, escalated_t3, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1006, 'incident', 'Pathology results arrive without the requesting clinician',
'Blood results for our ward arrive in the EPR without the name of the requesting clinician, so nobody gets the task to review them.

- Started on the 3rd
- Only results requested from the Psychiatry wards
- Microbiology results look fine',
    @svc_pathology, @team_APPS, 'escalated_t3', '', 'Clinical', 1,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '18 06:20' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 02:05' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (17, 1006, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '18 06:20' DAY_MINUTE)),
    (19, 1006, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '18 04:35' DAY_MINUTE)),
    (20, 1006, 'status', 'tina', 'Tina Tran', 'Passed to the Clinical Applications team to check the results interface.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '18 02:10' DAY_MINUTE)),
    (26, 1006, 'status', 'tina', 'Tina Tran', 'The interface supplier is investigating a mapping error for the Psychiatry wards.', 0, 'escalated_t2', 'escalated_t3', DATE_SUB(@now, INTERVAL '15 01:25' DAY_MINUTE)),
    (96, 1006, 'update', 'tina', 'Tina Tran', 'The supplier has found the cause and plans a fix for next Tuesday evening. Until then the lab is phoning abnormal results to the ward.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 02:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1007: sam, pending_closure, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1007, 'request', 'Shared on-call calendar missing for new Psychiatry staff',
'New staff on the Psychiatry wards cannot see the shared Psychiatry on-call calendar in Outlook.

This affects everyone who started this month.',
    @svc_email, @team_psyIT, 'pending_closure', '', 'Standard', 4,
    'sam', 'Sam Shaw', 'sam@example.org', '+44 20 7946 0100', 'Psychiatry',
    'sam', 'Sam Shaw', 1, NULL, NULL, 'New starters were not being added to the calendar''s permission group. We have added this month''s starters, including the Ward 3 ward clerk, and fixed the starter checklist.',
    DATE_SUB(@now, INTERVAL '17 02:45' DAY_MINUTE), DATE_SUB(@now, INTERVAL '5 01:40' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (21, 1007, 'created', 'sam', 'Sam Shaw', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '17 02:45' DAY_MINUTE)),
    (22, 1007, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '16 23:55' DAY_MINUTE)),
    (24, 1007, 'status', 'tina', 'Tina Tran', '', 0, 'in_review', 'in_progress', DATE_SUB(@now, INTERVAL '16 04:20' DAY_MINUTE)),
    (44, 1007, 'update', 'tina', 'Tina Tran', 'Fixed for the new starters we know about. Please let us know if anyone is still missing.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '10 02:35' DAY_MINUTE)),
    (48, 1007, 'comment', 'sam', 'Sam Shaw', 'One more: the new ward clerk on Ward 3 still cannot see it.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '9 05:15' DAY_MINUTE)),
    (70, 1007, 'status', 'tina', 'Tina Tran', 'New starters were not being added to the calendar''s permission group. We have added this month''s starters, including the Ward 3 ward clerk, and fixed the starter checklist.', 0, 'in_progress', 'pending_closure', DATE_SUB(@now, INTERVAL '5 01:40' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1008: alice, cancelled, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1008, 'request', 'Camera for the Thursday MDT meetings in the Willow Unit office',
'We would like a Teams camera and speaker in the Willow Unit office for the Thursday multidisciplinary team meeting.

- About 8 people in the room
- 3 to 4 colleagues join from the community teams',
    @svc_video, @team_psyIT, 'cancelled', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '16 05:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '15 02:30' DAY_MINUTE), DATE_SUB(@now, INTERVAL '15 02:30' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (23, 1008, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '16 05:05' DAY_MINUTE)),
    (25, 1008, 'cancelled', 'alice', 'Alice Archer', 'The MDT has moved to the seminar room, which already has a camera. No longer needed.', 0, 'waiting_support', 'cancelled', DATE_SUB(@now, INTERVAL '15 02:30' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1009: alice, escalated_t3, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1009, 'incident', 'EPR freezes when printing discharge letters',
'When I print a discharge letter from the EPR, the whole window freezes for about two minutes.

Steps:
- Open a patient''s discharge summary
- Click "Print letter"
- Choose the ward printer

The letter prints in the end, but the EPR cannot be used in the meantime. Colleagues on Ward 3 see the same.',
    @svc_epr, @team_APPS, 'escalated_t3', '', 'Clinical', 2,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '14 02:50' DAY_MINUTE), DATE_SUB(@now, INTERVAL '4 01:30' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (27, 1009, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '14 02:50' DAY_MINUTE)),
    (28, 1009, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '13 23:35' DAY_MINUTE)),
    (29, 1009, 'update', 'tina', 'Tina Tran', 'We can reproduce this on a PC in the IT office. Thank you for the clear steps.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '13 20:10' DAY_MINUTE)),
    (30, 1009, 'status', 'tina', 'Tina Tran', 'Passed to the Clinical Applications team.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '13 19:45' DAY_MINUTE)),
    (39, 1009, 'internal_note', 'tina', 'Tina Tran', 'Apps found print spooler timeouts in the EPR client log; not our configuration. Supplier case 77812 raised.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '11 03:00' DAY_MINUTE)),
    (40, 1009, 'status', 'tina', 'Tina Tran', 'The Clinical Applications team has passed this to the EPR supplier, who is working on a fix.', 0, 'escalated_t2', 'escalated_t3', DATE_SUB(@now, INTERVAL '11 02:55' DAY_MINUTE)),
    (77, 1009, 'update', 'tina', 'Tina Tran', 'The supplier has a fix that is being checked. We expect it in next week''s EPR update.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '4 01:30' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1010: carol, pending_closure, PRIVATE
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1010, 'incident', 'Expenses claims stuck at "awaiting approval"',
'Three of my mileage claims have been "awaiting approval" for over a month. My manager says she cannot see them.',
    @svc_payroll, @team_CBO, 'pending_closure', '', 'Standard', 3,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 0, NULL, NULL, 'The claims were routed to your previous manager. We have moved them to your current manager, who can now approve them.',
    DATE_SUB(@now, INTERVAL '13 03:10' DAY_MINUTE), DATE_SUB(@now, INTERVAL '3 00:40' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (31, 1010, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '13 03:10' DAY_MINUTE)),
    (32, 1010, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '12 04:25' DAY_MINUTE)),
    (89, 1010, 'status', 'tina', 'Tina Tran', 'The claims were routed to your previous manager. We have moved them to your current manager, who can now approve them.', 0, 'in_progress', 'pending_closure', DATE_SUB(@now, INTERVAL '3 00:40' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1011: bob, waiting_support, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1011, 'incident', 'Outlook keeps asking for my password',
'Outlook pops up a password box every 10 to 15 minutes. Typing my password makes it go away for a while, then it comes back.

Web mail works without any problem.',
    @svc_email, @team_psyIT, 'waiting_support', '', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, 'tina', 'Tina Tran', NULL,
    DATE_SUB(@now, INTERVAL '12 03:25' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 03:15' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (33, 1011, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '12 03:25' DAY_MINUTE)),
    (34, 1011, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '12 01:10' DAY_MINUTE)),
    (35, 1011, 'update', 'tina', 'Tina Tran', 'Please try Outlook again now: we have cleared the old saved passwords on your PC remotely.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '11 23:20' DAY_MINUTE)),
    (36, 1011, 'comment', 'bob', 'Bob Baker', 'Seems fine for now, thanks.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '11 22:05' DAY_MINUTE)),
    (37, 1011, 'resolved', 'tina', 'Tina Tran', 'Cleared the saved credentials in Windows Credential Manager; Outlook has stopped asking.', 0, 'in_progress', 'closed', DATE_SUB(@now, INTERVAL '11 20:00' DAY_MINUTE)),
    (103, 1011, 'comment', 'bob', 'Bob Baker', 'It started again this morning: the same password box, every few minutes.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '1 03:15' DAY_MINUTE)),
    (104, 1011, 'reopened', 'bob', 'Bob Baker', '', 0, 'closed', 'waiting_support', DATE_SUB(@now, INTERVAL '1 03:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1012: carol, escalated_t3, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1012, 'incident', 'VPN certificate rejected on the finance laptop',
'The finance laptop (FIN-LT-04) has not connected to the VPN since yesterday. The error is "The certificate for this connection has expired".

We use this laptop for the bank visits.',
    @svc_vpn, @team_NET, 'escalated_t3', '', 'Standard', 2,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '11 04:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 01:10' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (38, 1012, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '11 04:05' DAY_MINUTE)),
    (41, 1012, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '11 01:20' DAY_MINUTE)),
    (42, 1012, 'status', 'tina', 'Tina Tran', 'Passed to the Networks team.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '10 23:15' DAY_MINUTE)),
    (50, 1012, 'status', 'tina', 'Tina Tran', 'The VPN supplier is replacing the expired certificate chain; this also affects other remote users.', 0, 'escalated_t2', 'escalated_t3', DATE_SUB(@now, INTERVAL '9 02:40' DAY_MINUTE)),
    (106, 1012, 'update', 'tina', 'Tina Tran', 'The supplier has issued new certificates. We are installing them on all laptops this week.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '1 01:10' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1013: bob, escalated_t2, PRIVATE
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1013, 'incident', 'Rostering shows my annual leave twice',
'My annual leave for 12 to 16 May appears twice in the rostering system, so my remaining balance is 5 days too low.

I booked it once, in January.',
    @svc_rostering, @team_CBO, 'escalated_t2', '', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 0, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '10 05:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '9 23:45' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (43, 1013, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '10 05:15' DAY_MINUTE)),
    (45, 1013, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '10 02:30' DAY_MINUTE)),
    (46, 1013, 'status', 'tina', 'Tina Tran', 'Passed to the rostering administrators in the Business Office, who can correct leave records.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '9 23:50' DAY_MINUTE)),
    (47, 1013, 'internal_note', 'tina', 'Tina Tran', 'Same duplication seen for two other Psychiatry staff; possibly the import from the old rostering system.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '9 23:45' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1014: alice, escalated_t2, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1014, 'incident', 'Wi-Fi drops in the Willow Unit day room',
'Staff Wi-Fi (HOSP-STAFF) drops every few minutes in the Willow Unit day room and in the two interview rooms next to it.

- Laptops reconnect after about a minute
- The EPR session times out while we are writing notes
- Guest Wi-Fi seems fine

It has been like this since the decorators were in last week.',
    @svc_network, @team_NET, 'escalated_t2', '', 'Standard', 2,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '9 03:30' DAY_MINUTE), DATE_SUB(@now, INTERVAL '6 02:10' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (49, 1014, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '9 03:30' DAY_MINUTE)),
    (51, 1014, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '9 01:05' DAY_MINUTE)),
    (52, 1014, 'update', 'tina', 'Tina Tran', 'Thanks, Alice. Is it the same in the corridor outside the day room?', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '8 22:40' DAY_MINUTE)),
    (53, 1014, 'comment', 'alice', 'Alice Archer', 'The corridor is fine. It is only the day room and interview rooms 1 and 2.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '8 20:55' DAY_MINUTE)),
    (54, 1014, 'internal_note', 'tina', 'Tina Tran', 'Access point WU-AP-07 has been missing from the controller since the 14th. Probably unplugged by the decorators.', 1, NULL, NULL, DATE_SUB(@now, INTERVAL '8 19:30' DAY_MINUTE)),
    (55, 1014, 'status', 'tina', 'Tina Tran', 'Passed to the Networks team to check the access point in the day room ceiling.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '8 19:20' DAY_MINUTE)),
    (65, 1014, 'update', 'tina', 'Tina Tran', 'Networks have ordered a replacement access point and will fit it as soon as it arrives.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '6 02:10' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1015: bob, in_progress, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1015, 'request', 'Set up a Teams video clinic room for outpatient reviews',
'We would like to run follow-up reviews as video clinics from next month.

What we need:
- A Teams video clinic room for the Psychiatry outpatient team
- Access for 4 consultants and 2 secretaries
- A waiting room message in plain English

Happy to try it out with you first.',
    @svc_video, @team_psyIT, 'in_progress', '', 'Standard', 4,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, 'tina', 'Tina Tran', NULL,
    DATE_SUB(@now, INTERVAL '8 02:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 05:30' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (56, 1015, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '8 02:15' DAY_MINUTE)),
    (57, 1015, 'status', 'tina', 'Tina Tran', 'We have started setting up the clinic room.', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '7 03:40' DAY_MINUTE)),
    (88, 1015, 'update', 'tina', 'Tina Tran', 'The room is ready. Could you send the names of the two secretaries so we can give them access?', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 01:50' DAY_MINUTE)),
    (92, 1015, 'comment', 'bob', 'Bob Baker', 'Thanks! The secretaries are Jo Hill and Priya Nair.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 05:30' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1016: alice, pending_closure, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1016, 'incident', 'Cannot open the Psychiatry shared drive (P:)',
'Since I moved to the Willow Unit team, the P: drive says "Access denied". My home drive still works.

I need the rota templates and the audit spreadsheets that are on P:.',
    @svc_fileshares, @team_psyIT, 'pending_closure', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, 'tina', 'Tina Tran', 'Your account was taken out of the Psychiatry staff group when your team changed. It is back in the group now: log off and on again and P: will open.',
    DATE_SUB(@now, INTERVAL '7 01:20' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 02:35' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (58, 1016, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '7 01:20' DAY_MINUTE)),
    (60, 1016, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '6 22:50' DAY_MINUTE)),
    (105, 1016, 'status', 'tina', 'Tina Tran', 'Your account was taken out of the Psychiatry staff group when your team changed. It is back in the group now: log off and on again and P: will open.', 0, 'in_progress', 'pending_closure', DATE_SUB(@now, INTERVAL '1 02:35' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1017: bob, pending_closure, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1017, 'incident', 'Ward 5 printer asks for a PIN nobody knows',
'The printer on Ward 5 now asks for a PIN before it releases a print job. None of us was given a PIN.

We print the observation charts on it every shift.',
    @svc_printing, @team_psyIT, 'pending_closure', '', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, 'tina', 'Tina Tran', 'Follow-me printing had been switched on for Ward 5 by mistake. It is off again: jobs print straight away, no PIN needed.',
    DATE_SUB(@now, INTERVAL '6 23:10' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 03:20' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (59, 1017, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '6 23:10' DAY_MINUTE)),
    (61, 1017, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '6 21:40' DAY_MINUTE)),
    (94, 1017, 'status', 'tina', 'Tina Tran', 'Follow-me printing had been switched on for Ward 5 by mistake. It is off again: jobs print straight away, no PIN needed.', 0, 'in_progress', 'pending_closure', DATE_SUB(@now, INTERVAL '2 03:20' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1018: bob, cancelled, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1018, 'incident', 'Printer on Ward 5 wants a PIN',
'Logging this again because I could not find my first ticket.

The Ward 5 printer wants a PIN before it prints anything.',
    @svc_printing, @team_psyIT, 'cancelled', '', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '6 20:40' DAY_MINUTE), DATE_SUB(@now, INTERVAL '6 19:55' DAY_MINUTE), DATE_SUB(@now, INTERVAL '6 19:55' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (62, 1018, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '6 20:40' DAY_MINUTE)),
    (63, 1018, 'cancelled', 'tina', 'Tina Tran', 'This is the same problem as HD-1017, which we are already working on. Cancelled so that you get one set of updates.', 0, 'waiting_support', 'cancelled', DATE_SUB(@now, INTERVAL '6 19:55' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1019: alice, in_progress, PRIVATE, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1019, 'incident', 'Payslip shows the wrong night-shift allowance',
'My payslip this month pays the night-shift allowance at the old rate, and for too few nights.

I worked 6 nights last month; the payslip shows 4. I can send my roster printout if that helps.',
    @svc_payroll, @team_CBO, 'in_progress', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 0, 'tina', 'Tina Tran', NULL,
    DATE_SUB(@now, INTERVAL '6 04:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '3 02:25' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (64, 1019, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '6 04:15' DAY_MINUTE)),
    (66, 1019, 'status', 'tina', 'Tina Tran', 'Passed to the payroll officers, who will check last month''s roster against the payment.', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '5 23:30' DAY_MINUTE)),
    (87, 1019, 'update', 'tina', 'Tina Tran', 'Payroll have confirmed that two nights were missed. The difference will be paid with this month''s salary; we will keep the ticket open until then.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 02:25' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1020: dave, logged by carol, in_progress, PRIVATE, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1020, 'incident', 'Reception PC loses its network connection several times a day',
'Logging this for Dave, who covers the Business Office reception.

The reception PC drops off the network several times a day for a minute or two. When it happens:
- The card machine loses its connection too
- A yellow triangle appears on the network icon',
    @svc_network, @team_NET, 'in_progress', '', 'Standard', 2,
    'dave', 'Dave Dawson', 'dave@example.org', '+44 20 7946 0202', 'Business Office',
    'carol', 'Carol Clarke', 0, 'tina', 'Tina Tran', NULL,
    DATE_SUB(@now, INTERVAL '5 06:35' DAY_MINUTE), DATE_SUB(@now, INTERVAL '3 05:10' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (67, 1020, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '5 06:35' DAY_MINUTE)),
    (69, 1020, 'status', 'tina', 'Tina Tran', 'We will replace the network cable and check the switch port.', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '5 02:15' DAY_MINUTE)),
    (81, 1020, 'comment', 'dave', 'Dave Dawson', 'It happened twice again this morning, at about 9:10 and 11:40.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 05:10' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1021: bob, waiting_client, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1021, 'incident', 'VPN connects but the EPR will not load from home',
'From home the VPN connects (green tick), but the EPR stays on its loading screen. E-mail works over the VPN.

I am using my hospital laptop on my own broadband.',
    @svc_vpn, @team_NET, 'waiting_client', 'Please send the exact error message and the time you tried, or a screenshot of the loading screen.', 'Standard', 3,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'bob', 'Bob Baker', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '5 02:30' DAY_MINUTE), DATE_SUB(@now, INTERVAL '4 22:10' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (68, 1021, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '5 02:30' DAY_MINUTE)),
    (71, 1021, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '5 00:45' DAY_MINUTE)),
    (73, 1021, 'status', 'tina', 'Tina Tran', 'Could you send the exact error message and the time you tried? A screenshot of the loading screen would help too.', 0, 'in_review', 'waiting_client', DATE_SUB(@now, INTERVAL '4 22:10' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1022: sam, in_review, PRIVATE
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1022, 'request', 'Audit report of EPR access for the Psychiatry wards',
'For the quarterly information governance audit I need a report of who opened EPR records on the Psychiatry wards.

- Period: the last three months
- Wards: Willow Unit, Ward 3, Ward 5
- Format: spreadsheet',
    @svc_epr, @team_APPS, 'in_review', '', 'Clinical', 3,
    'sam', 'Sam Shaw', 'sam@example.org', '+44 20 7946 0100', 'Psychiatry',
    'sam', 'Sam Shaw', 0, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '4 23:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '4 03:40' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (72, 1022, 'created', 'sam', 'Sam Shaw', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '4 23:15' DAY_MINUTE)),
    (75, 1022, 'status', 'tina', 'Tina Tran', 'The Clinical Applications team will run the report once the Caldicott Guardian has approved it.', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '4 03:40' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1023: alice, logged by bob, waiting_client, PRIVATE
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1023, 'request', 'Password reset for EPR prescribing',
'Logging this for Alice, who is on a home visit today.

Her EPR account locks as soon as she opens the prescribing module. She needs it back before Thursday''s clinic:
- EPR username: aarcher
- Ward: Willow Unit
- Last worked: Friday',
    @svc_epr, @team_APPS, 'waiting_client', 'Please reply with your staff number so that we can confirm your identity before resetting the password.', 'Clinical', 2,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'bob', 'Bob Baker', 0, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '4 05:20' DAY_MINUTE), DATE_SUB(@now, INTERVAL '3 22:45' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (74, 1023, 'created', 'bob', 'Bob Baker', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '4 05:20' DAY_MINUTE)),
    (78, 1023, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '4 01:10' DAY_MINUTE)),
    (79, 1023, 'status', 'tina', 'Tina Tran', 'Before we reset an EPR password we have to confirm who the account belongs to. Alice, please reply with your staff number.', 0, 'in_review', 'waiting_client', DATE_SUB(@now, INTERVAL '3 22:45' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1024: carol, in_progress, shared, assigned to tina
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1024, 'incident', 'Business Office printer prints everything double-sided',
'Every job on the Business Office printer comes out double-sided, even when I choose single-sided.

The bank''s paying-in forms have to be single-sided.',
    @svc_printing, @team_CBO, 'in_progress', '', 'Standard', 4,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, 'tina', 'Tina Tran', NULL,
    DATE_SUB(@now, INTERVAL '4 01:55' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 01:20' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (76, 1024, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '4 01:55' DAY_MINUTE)),
    (82, 1024, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_progress', DATE_SUB(@now, INTERVAL '3 04:10' DAY_MINUTE)),
    (83, 1024, 'update', 'tina', 'Tina Tran', 'The printer''s default was changed centrally; we are correcting the driver settings for the office.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 03:35' DAY_MINUTE)),
    (98, 1024, 'comment', 'carol', 'Carol Clarke', 'Still double-sided from my PC this morning.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 01:20' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1025: carol, waiting_client, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1025, 'request', 'New starter in Accounts needs e-mail and a shared drive',
'We have a new accounts assistant starting soon. Please set up:
- An e-mail account
- Access to the Business Office shared drive
- A desk phone extension if possible',
    @svc_email, @team_CBO, 'waiting_client', 'Please send the new starter''s full name, start date and line manager so we can create the account.', 'Standard', 3,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '3 05:45' DAY_MINUTE), DATE_SUB(@now, INTERVAL '3 03:25' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (80, 1025, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 05:45' DAY_MINUTE)),
    (84, 1025, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '3 03:30' DAY_MINUTE)),
    (85, 1025, 'status', 'tina', 'Tina Tran', 'Happy to set this up. Please send us the new starter''s full name, start date and line manager.', 0, 'in_review', 'waiting_client', DATE_SUB(@now, INTERVAL '3 03:25' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1026: alice, in_review, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1026, 'incident', 'VPN token app asks for a new PIN every morning',
'Since last week''s update, the VPN token app on my work phone asks me to set a new PIN every morning, and then the VPN says the PIN is wrong.

I work from home on Tuesdays and Thursdays to type clinic letters, so this stops me working on those days.',
    @svc_vpn, @team_NET, 'in_review', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '3 02:40' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 20:15' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (86, 1026, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '3 02:40' DAY_MINUTE)),
    (90, 1026, 'status', 'tina', 'Tina Tran', 'We are looking into this together with other reports about the token app since the update.', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '2 20:15' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1027: bob, logged by sam, in_review, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1027, 'incident', 'Bleep 4471 has shown no messages since Monday',
'Bob''s bleep (4471) has shown no messages since Monday, although switchboard says the pages are being sent.

- The battery is new
- Other bleeps on the ward work

Bob is on call this weekend, so this is urgent for us.',
    @svc_telephony, @team_psyIT, 'in_review', '', 'Standard', 2,
    'bob', 'Bob Baker', 'bob@example.org', '+44 20 7946 0102', 'Psychiatry',
    'sam', 'Sam Shaw', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '2 06:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '2 04:20' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (91, 1027, 'created', 'sam', 'Sam Shaw', 'Bob is on nights this week; please ring the ward (ext. 3410) rather than his mobile.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 06:05' DAY_MINUTE)),
    (93, 1027, 'status', 'tina', 'Tina Tran', 'Switchboard are checking whether the bleep is still registered with the paging system.', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '2 04:20' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1028: carol, escalated_t2, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1028, 'incident', 'Desk phone in the cash office has no dial tone',
'The desk phone in the cash office (ext. 2210) has had no dial tone since this morning. The screen shows "Network not available".

We take card payments over this line.',
    @svc_telephony, @team_NET, 'escalated_t2', '', 'Standard', 2,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '2 02:15' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 23:40' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (95, 1028, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '2 02:15' DAY_MINUTE)),
    (97, 1028, 'status', 'tina', 'Tina Tran', '', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '2 01:30' DAY_MINUTE)),
    (99, 1028, 'status', 'tina', 'Tina Tran', 'The Networks team will check the wall socket and the switch port this afternoon.', 0, 'in_review', 'escalated_t2', DATE_SUB(@now, INTERVAL '1 23:40' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1029: carol, in_review, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1029, 'incident', 'Payroll export to the bank fails with a certificate error',
'The monthly payroll export to the bank fails at the upload step with "certificate not trusted".

The payment run is due on the 25th, so we need this working by the 23rd at the latest.',
    @svc_payroll, @team_CBO, 'in_review', '', 'Standard', 2,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '1 22:35' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 20:50' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (100, 1029, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '1 22:35' DAY_MINUTE)),
    (101, 1029, 'status', 'tina', 'Tina Tran', 'We are checking the bank''s new certificate with the Networks team.', 0, 'waiting_support', 'in_review', DATE_SUB(@now, INTERVAL '1 20:50' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1030: carol, waiting_support, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1030, 'incident', 'Invoice scanner saves PDFs to the wrong folder',
'The scanner in the Business Office now saves invoices to the general Scans folder instead of Business Office > Invoices > Incoming.

- Started after the scanner was serviced on Tuesday
- About 40 invoices a day go through it',
    @svc_fileshares, @team_CBO, 'waiting_support', '', 'Standard', 3,
    'carol', 'Carol Clarke', 'carol@example.org', '+44 20 7946 0201', 'Business Office',
    'carol', 'Carol Clarke', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '1 04:25' DAY_MINUTE), DATE_SUB(@now, INTERVAL '1 04:25' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (102, 1030, 'created', 'carol', 'Carol Clarke', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '1 04:25' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1031: sam, waiting_support, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1031, 'incident', 'Projector in the Psychiatry seminar room shows no picture',
'The projector in the seminar room shows "No signal" with both the wall laptop and my own laptop.

The junior doctors'' teaching is in there on Wednesday at 13:00.',
    @svc_video, @team_psyIT, 'waiting_support', '', 'Standard', 3,
    'sam', 'Sam Shaw', 'sam@example.org', '+44 20 7946 0100', 'Psychiatry',
    'sam', 'Sam Shaw', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '0 20:30' DAY_MINUTE), DATE_SUB(@now, INTERVAL '0 20:30' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (107, 1031, 'created', 'sam', 'Sam Shaw', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '0 20:30' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1032: alice, waiting_support, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1032, 'incident', 'Ward 3 printer jams on every second page',
'The printer by the nurses'' station on Ward 3 (asset tag PR-0331) has jammed on almost every second page since this morning.

- It happens with both paper trays
- The display still says "Paper jam, tray 2" after we clear it
- Medication charts come out half-printed

We are using the printer in the ward office for now, but it is a long walk during the drug round.',
    @svc_printing, @team_psyIT, 'waiting_support', '', 'Standard', 3,
    'alice', 'Alice Archer', 'alice@example.org', '+44 20 7946 0101', 'Psychiatry',
    'alice', 'Alice Archer', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '0 06:10' DAY_MINUTE), DATE_SUB(@now, INTERVAL '0 04:05' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (108, 1032, 'created', 'alice', 'Alice Archer', '', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '0 06:10' DAY_MINUTE)),
    (109, 1032, 'comment', 'alice', 'Alice Archer', 'Still jamming after we loaded a fresh ream of paper.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '0 04:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;

-- HD-1033: dave, logged by tina, waiting_support, shared
INSERT INTO tickets (id, kind, summary, details, service_id, team_id, status, status_reason, call_type, priority,
    requester_login, requester_name, requester_mail, requester_phone, requester_org,
    logged_by_login, logged_by_name, shared, assignee_login, assignee_name, solution,
    created_at, updated_at, closed_at)
VALUES (1033, 'incident', 'Cannot print payslips to the secure printer',
'Dave rang the service desk: print jobs sent to the Business Office secure printer disappear from the queue without printing.

- Other printers work from his PC
- Colleagues can print to the secure printer',
    @svc_printing, @team_CBO, 'waiting_support', '', 'Standard', 3,
    'dave', 'Dave Dawson', 'dave@example.org', '+44 20 7946 0202', 'Business Office',
    'tina', 'Tina Tran', 1, NULL, NULL, NULL,
    DATE_SUB(@now, INTERVAL '0 03:05' DAY_MINUTE), DATE_SUB(@now, INTERVAL '0 03:05' DAY_MINUTE), NULL)
ON DUPLICATE KEY UPDATE id = id;
INSERT INTO ticket_activity (id, ticket_id, kind, author_login, author_name, body, internal,
    old_status, new_status, created_at)
VALUES
    (110, 1033, 'created', 'tina', 'Tina Tran', 'Logged by the service desk during a phone call.', 0, NULL, NULL, DATE_SUB(@now, INTERVAL '0 03:05' DAY_MINUTE))
ON DUPLICATE KEY UPDATE id = id;
