-- Demo data for Service Updates (issue 10): 90 days of traffic lights
-- behind the status board, the incidents that explain them (seven
-- resolved, one open for each light that is amber or red today), planned
-- maintenance (done, coming, cancelled), news from the desk and the FAQ.
--
-- Idempotent like 003_desk.sql, and safe on a stack that has been used:
-- every main row has a fixed id (incidents 1-9, maintenances 1-3, news 1-4,
-- faq 1-12, each in the order things happened) and an id that exists
-- already is left as it is; an incident's or a maintenance window's own
-- rows are added only by the run that added it (ROW_COUNT() of its INSERT).
-- The portal's ids continue after these.
--
-- The lights' history and the incidents belong together, so they go in
-- only while the stack has no incident at all, and only for a service
-- whose light is still as 001_services.sql loaded it: one row in
-- service_status_changes (the triggers' of sql/014 when the service was
-- added), matching services.status and status_since. For such a service
-- that row becomes the start of its history (green, 95 days ago), the
-- incidents' changes follow it with the next free ids, and status_since
-- moves back to its last change; an incident is added only if all of its
-- services are as loaded. A light anyone has changed since is left alone,
-- history, incidents and all. No service events are written: these
-- changes are history, not news for subscribers.
--
-- Times are relative to the load (@now); the resolved incidents and the
-- maintenance windows fall on whole days before or after it at the clock
-- times given, one incident running past midnight.

SET @now = NOW();

SET @svc_email = (SELECT id FROM services WHERE code = 'email');
SET @svc_epr = (SELECT id FROM services WHERE code = 'epr');
SET @svc_fileshares = (SELECT id FROM services WHERE code = 'fileshares');
SET @svc_intranet = (SELECT id FROM services WHERE code = 'intranet');
SET @svc_network = (SELECT id FROM services WHERE code = 'network');
SET @svc_pathology = (SELECT id FROM services WHERE code = 'pathology');
SET @svc_printing = (SELECT id FROM services WHERE code = 'printing');
SET @svc_telephony = (SELECT id FROM services WHERE code = 'telephony');
SET @svc_video = (SELECT id FROM services WHERE code = 'video');
SET @svc_vpn = (SELECT id FROM services WHERE code = 'vpn');

-- Where every demo light's history starts.
SET @history_start = DATE_SUB(@now, INTERVAL 95 DAY);

-- The demo services whose light is still as loaded (see above), with the
-- one history row they have and their status_since; empty once the stack
-- has an incident. The lights today are 001_services.sql's: the open
-- incidents below are written for those.
CREATE TEMPORARY TABLE demo_fresh (
    service_id   INT UNSIGNED NOT NULL PRIMARY KEY,
    change_id    INT UNSIGNED NOT NULL,
    loaded_since DATETIME     NOT NULL,
    last_change  DATETIME     NULL
);
INSERT INTO demo_fresh (service_id, change_id, loaded_since)
SELECT s.id, MIN(c.id), s.status_since
FROM services s JOIN service_status_changes c ON c.service_id = s.id
WHERE NOT EXISTS (SELECT 1 FROM incidents)
  AND s.code IN ('email', 'epr', 'network', 'printing', 'telephony', 'vpn', 'payroll',
                 'intranet', 'pathology', 'rostering', 'fileshares', 'video')
  AND s.status = CASE s.code WHEN 'epr' THEN 'amber' WHEN 'vpn' THEN 'red' ELSE 'green' END
GROUP BY s.id, s.status, s.status_since
HAVING COUNT(*) = 1 AND MIN(c.status) = s.status AND MIN(c.changed_at) = s.status_since;

-- Each incident's services and updates wait here until we know whether
-- this run added the incident (demo_new); see the end. The lights'
-- changes are read off the updates: a service affected by an incident
-- changes light whenever an update's light differs from the one before.
CREATE TEMPORARY TABLE demo_services (
    incident_id INT UNSIGNED NOT NULL,
    service_id  INT UNSIGNED NULL
);
CREATE TEMPORARY TABLE demo_updates LIKE incident_updates;
CREATE TEMPORARY TABLE demo_new (id INT UNSIGNED NOT NULL PRIMARY KEY);

-- All or nothing: a failure leaves no incident without its history.
START TRANSACTION;

-- Incident 1: network and telephony, red then amber, 78 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 78 DAY), '09:05:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 78 DAY), '11:20:00');
INSERT INTO demo_services VALUES (1, @svc_network), (1, @svc_telephony);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 1, 'Network and desk phones down in the Cedar wing', 'resolved', 'major',
    @start, @end, @end, 'tina'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 1 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 1 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (1, 'investigating', 'red', 'Wired network points, Wi-Fi and desk phones are down on every floor of the Cedar wing. Engineers are on their way. Bleeps are not affected: use them for urgent calls.', 'tina', 'Tina Tran', @start),
    (1, 'identified', 'red', 'A core switch in the Cedar wing''s communications room has failed. We are moving its connections to the standby switch.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '09:40:00')),
    (1, 'monitoring', 'amber', 'Most of the wing is connected again through the standby switch. We are checking each ward before we call it fixed; if your phone is still dead, use the one at the nurses'' station.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '10:35:00')),
    (1, 'resolved', 'green', 'Every ward in the Cedar wing has its network and desk phones back. The failed switch will be replaced out of hours; we will announce the window here. If something still does not work, please log a ticket.', 'tina', 'Tina Tran', @end);

-- Incident 2: e-mail, amber, 64 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 64 DAY), '08:40:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 64 DAY), '12:15:00');
INSERT INTO demo_services VALUES (2, @svc_email);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 2, 'E-mail to and from outside the trust delayed', 'resolved', 'minor',
    @start, @end, @end, 'victor'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 2 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 2 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (2, 'investigating', 'amber', 'E-mail to and from addresses outside the trust is arriving up to an hour late. E-mail within the trust is not affected.', 'victor', 'Victor Vance', @start),
    (2, 'identified', 'amber', 'The e-mail filtering service is holding messages after an update by its supplier, who is rolling the update back.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '09:30:00')),
    (2, 'monitoring', 'amber', 'The update has been rolled back and the held messages are being delivered. Some may still arrive late over the next hour.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '11:10:00')),
    (2, 'resolved', 'green', 'All held messages have been delivered and new e-mail arrives normally.', 'victor', 'Victor Vance', @end);

-- Incident 3: pathology results, red, 47 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 47 DAY), '14:10:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 47 DAY), '15:05:00');
INSERT INTO demo_services VALUES (3, @svc_pathology);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 3, 'New pathology results not reaching the wards', 'resolved', 'major',
    @start, @end, @end, 'tina'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 3 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 3 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (3, 'investigating', 'red', 'New blood and microbiology results are not appearing in Pathology results or the patient record. The laboratory is phoning urgent results to the wards meanwhile.', 'tina', 'Tina Tran', @start),
    (3, 'identified', 'red', 'The interface that sends results from the laboratory system stopped when its disk filled up. Space has been freed and the interface is restarting.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '14:30:00')),
    (3, 'resolved', 'green', 'Results are flowing again and the backlog since 14:00 has been delivered. Please check for any results you were waiting for this afternoon.', 'victor', 'Victor Vance', @end);

-- Incident 4: file shares, red then amber, overnight 33 days ago (23:10 to 01:40)
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 33 DAY), '23:10:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 32 DAY), '01:40:00');
INSERT INTO demo_services VALUES (4, @svc_fileshares);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 4, 'Shared and home drives unavailable overnight', 'resolved', 'major',
    @start, @end, @end, 'victor'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 4 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 4 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (4, 'investigating', 'red', 'Department shared drives and home drives cannot be opened. Clinical systems are not affected; please save documents to your desktop until further notice.', 'victor', 'Victor Vance', @start),
    (4, 'identified', 'red', 'The storage cluster did not fail over cleanly during planned patching. The supplier''s engineer is working on it with us.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '23:45:00')),
    (4, 'monitoring', 'amber', 'The drives are back online and being checked. Opening large folders may be slow for a while.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@end), '00:50:00')),
    (4, 'resolved', 'green', 'All shared and home drives work normally. Nothing was lost: files saved before 23:00 are as you left them.', 'victor', 'Victor Vance', @end);

-- Incident 5: printing, amber, 21 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 21 DAY), '10:30:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 21 DAY), '13:45:00');
INSERT INTO demo_services VALUES (5, @svc_printing);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 5, 'Follow-me printing does not recognise new ID badges', 'resolved', 'minor',
    @start, @end, @end, 'tina'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 5 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 5 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (5, 'investigating', 'amber', 'Some printers do not release your print jobs when you tap your badge. You can still release them by signing in at the printer with your network login.', 'tina', 'Tina Tran', @start),
    (5, 'identified', 'amber', 'Badges issued since Monday were not copied to the printing system overnight. We are adding them by hand.', 'tina', 'Tina Tran', TIMESTAMP(DATE(@start), '11:15:00')),
    (5, 'resolved', 'green', 'Every badge works again at every printer. Jobs you sent this morning wait for you for 24 hours as usual.', 'tina', 'Tina Tran', @end);

-- Incident 6: video conferencing, amber, 12 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 12 DAY), '13:55:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 12 DAY), '15:10:00');
INSERT INTO demo_services VALUES (6, @svc_video);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 6, 'Patients cannot join video clinics from their invitation', 'resolved', 'minor',
    @start, @end, @end, 'victor'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 6 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 6 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (6, 'investigating', 'amber', 'Some patients are told "This link has expired" when they join a video clinic. Clinicians can send a new invitation from the clinic''s calendar meanwhile.', 'victor', 'Victor Vance', @start),
    (6, 'identified', 'amber', 'A change to the meeting policy last night shortened how long invitation links stay valid. We are reversing it.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '14:25:00')),
    (6, 'monitoring', 'amber', 'The change is reversed and older invitations work again. We are watching this afternoon''s clinics.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '14:50:00')),
    (6, 'resolved', 'green', 'Video clinics run normally. Invitations that failed earlier today do not need to be sent again.', 'victor', 'Victor Vance', @end);

-- Incident 7: intranet, amber, 5 days ago
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 5 DAY), '16:00:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 5 DAY), '17:20:00');
INSERT INTO demo_services VALUES (7, @svc_intranet);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 7, 'Intranet slow and search returning nothing', 'resolved', 'minor',
    @start, @end, @end, 'tina'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 7 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 7 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (7, 'investigating', 'amber', 'Intranet pages are slow to load and search finds nothing. Policies can still be opened from the links on the home page.', 'tina', 'Tina Tran', @start),
    (7, 'identified', 'amber', 'The search index is being rebuilt after last night''s upgrade and is slowing the whole site down. The rebuild will finish within the hour.', 'victor', 'Victor Vance', TIMESTAMP(DATE(@start), '16:40:00')),
    (7, 'resolved', 'green', 'The rebuild has finished: search works and pages load normally again.', 'victor', 'Victor Vance', @end);

-- Incident 8: the patient record, amber since three hours ago (open)
SET @start = DATE_SUB(@now, INTERVAL 3 HOUR);
INSERT INTO demo_services VALUES (8, @svc_epr);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 8, 'Patient summaries slow to open in the Electronic Patient Record', 'investigating', 'minor',
    @start, DATE_SUB(@now, INTERVAL 80 MINUTE), NULL, 'tina'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 8 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 8 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (8, 'investigating', 'amber', 'Patient summaries take up to a minute to open on every ward. Notes, observations and prescribing work normally. We have raised it with the supplier.', 'tina', 'Tina Tran', @start),
    (8, 'investigating', 'amber', 'The supplier is investigating slow database queries behind the summary page. Allow extra time at handover; the rest of the record is not affected.', 'victor', 'Victor Vance', DATE_SUB(@now, INTERVAL 80 MINUTE));

-- Incident 9: VPN, red since two hours ago (open)
SET @start = DATE_SUB(@now, INTERVAL 2 HOUR);
INSERT INTO demo_services VALUES (9, @svc_vpn);
INSERT INTO incidents (id, title, status, impact, started_at, updated_at, resolved_at, created_by)
SELECT 9, 'Remote access unavailable after a failed certificate renewal', 'identified', 'major',
    @start, DATE_SUB(@now, INTERVAL 35 MINUTE), NULL, 'victor'
FROM DUAL
WHERE NOT EXISTS (SELECT 1 FROM demo_services d LEFT JOIN demo_fresh f ON f.service_id = d.service_id
                  WHERE d.incident_id = 9 AND f.service_id IS NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO demo_new SELECT 9 FROM DUAL WHERE @new;
INSERT INTO demo_updates (incident_id, status, light, body, author_login, author_name, created_at)
VALUES
    (9, 'investigating', 'red', 'Nobody can connect to the VPN from home or another site: the connection fails with a certificate error. Staff on the hospital network are not affected.', 'victor', 'Victor Vance', @start),
    (9, 'identified', 'red', 'Last night''s renewal of the VPN gateways'' certificate failed and the old certificate has expired. Engineers are on site installing a new one.', 'victor', 'Victor Vance', DATE_SUB(@now, INTERVAL 85 MINUTE)),
    (9, 'identified', 'red', 'The new certificate is issued and going onto the first gateway. If you need urgent access from home, call the service desk. Next update within the hour.', 'tina', 'Tina Tran', DATE_SUB(@now, INTERVAL 35 MINUTE));

-- The incidents this run added: their services and updates, the updates
-- with the next free ids in the order they were written.
INSERT INTO incident_services (incident_id, service_id)
SELECT d.incident_id, d.service_id
FROM demo_services d JOIN demo_new n ON n.id = d.incident_id;

INSERT INTO incident_updates (incident_id, status, light, body, author_login, author_name, created_at)
SELECT u.incident_id, u.status, u.light, u.body, u.author_login, u.author_name, u.created_at
FROM demo_updates u JOIN demo_new n ON n.id = u.incident_id
ORDER BY u.created_at, u.id;

-- The lights' history of the services as loaded: their one row becomes
-- the start (green, 95 days ago), then every change of light in the
-- incidents this run added, oldest first, and status_since is the last
-- of them (the trigger keeps a status_since set alone; updated_at stays).
UPDATE service_status_changes c JOIN demo_fresh f ON f.change_id = c.id
SET c.status = 'green', c.changed_at = @history_start;

INSERT INTO service_status_changes (service_id, status, changed_at)
SELECT d.service_id, u.light, u.created_at
FROM (SELECT incident_id, light, created_at, id,
             LAG(light) OVER (PARTITION BY incident_id ORDER BY created_at, id) AS light_before
      FROM incident_updates) u
JOIN demo_new n ON n.id = u.incident_id
JOIN incident_services d ON d.incident_id = u.incident_id
JOIN demo_fresh f ON f.service_id = d.service_id
WHERE u.light_before IS NULL OR u.light_before <> u.light
ORDER BY u.created_at, u.id, d.service_id;

-- (Read first: a statement on services may not read the table its
-- triggers write.)
UPDATE demo_fresh f
SET f.last_change = (SELECT MAX(c.changed_at) FROM service_status_changes c WHERE c.service_id = f.service_id);
UPDATE services s JOIN demo_fresh f ON f.service_id = s.id
SET s.status_since = f.last_change, s.updated_at = s.updated_at
WHERE s.status_since = f.loaded_since;

-- Planned maintenance: one done (its start and end already recorded, so
-- the job 'maintenance-events' does not announce it now), one cancelled,
-- one coming. Services only with the run that added the window.

-- Maintenance 1: network, 10 days ago, done
SET @start = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 10 DAY), '19:00:00');
SET @end = TIMESTAMP(DATE_SUB(DATE(@now), INTERVAL 10 DAY), '21:00:00');
INSERT INTO maintenances (id, title, body, starts_at, ends_at, created_by, created_at, updated_at,
    cancelled_at, started_event_at, ended_event_at)
VALUES (1, 'Replacing the core switch in the Cedar wing',
'We are replacing the Cedar wing''s core switch, which failed and has run on its standby since.

- Wired network points and Wi-Fi in the Cedar wing will drop for up to 20 minutes at a time.
- Desk phones in the wing will not work while their network is down; bleeps are not affected.

Wards have been told which 20 minutes are theirs.',
    @start, @end, 'tina', DATE_SUB(@start, INTERVAL 7 DAY), DATE_SUB(@start, INTERVAL 7 DAY),
    NULL, @start, @end)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO maintenance_services (maintenance_id, service_id)
SELECT 1, @svc_network FROM DUAL WHERE @new
UNION ALL SELECT 1, @svc_telephony FROM DUAL WHERE @new;

-- Maintenance 2: e-mail, was to be in four days, cancelled yesterday
SET @start = TIMESTAMP(DATE_ADD(DATE(@now), INTERVAL 4 DAY), '20:00:00');
SET @end = TIMESTAMP(DATE_ADD(DATE(@now), INTERVAL 4 DAY), '23:00:00');
SET @cancelled = DATE_SUB(@now, INTERVAL 1 DAY);
INSERT INTO maintenances (id, title, body, starts_at, ends_at, created_by, created_at, updated_at,
    cancelled_at, started_event_at, ended_event_at)
VALUES (2, 'E-mail server updates',
'Monthly security updates to the e-mail servers. Outlook may ask you to sign in again, and web mail may be unavailable for a few minutes.

Cancelled: the supplier has withdrawn this month''s update. We will announce a new date.',
    @start, @end, 'tina', DATE_SUB(@now, INTERVAL 8 DAY), @cancelled,
    @cancelled, NULL, NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO maintenance_services (maintenance_id, service_id)
SELECT 2, @svc_email FROM DUAL WHERE @new;

-- Maintenance 3: telephony, in two days, 19:00 to 21:00
SET @start = TIMESTAMP(DATE_ADD(DATE(@now), INTERVAL 2 DAY), '19:00:00');
SET @end = TIMESTAMP(DATE_ADD(DATE(@now), INTERVAL 2 DAY), '21:00:00');
INSERT INTO maintenances (id, title, body, starts_at, ends_at, created_by, created_at, updated_at,
    cancelled_at, started_event_at, ended_event_at)
VALUES (3, 'Telephone system upgrade',
'The telephone system is being upgraded to its supplier''s new version.

- Desk phones restart once during the evening and are out of use for about 10 minutes.
- Switchboard takes calls throughout; bleeps and hospital mobile phones are not affected.

If your desk phone shows "No service" the next morning, unplug it for ten seconds and plug it back in.',
    @start, @end, 'tina', DATE_SUB(@now, INTERVAL 1 DAY), DATE_SUB(@now, INTERVAL 1 DAY),
    NULL, NULL, NULL)
ON DUPLICATE KEY UPDATE id = id;
SET @new = ROW_COUNT() = 1;
INSERT INTO maintenance_services (maintenance_id, service_id)
SELECT 3, @svc_telephony FROM DUAL WHERE @new;

-- News from the desk: one expired, two showing, one published tomorrow
-- morning.
INSERT INTO news (id, title, body, publish_at, expires_at, author_login, author_name, updated_at)
VALUES
    (1, 'Service desk hours over the bank holiday weekend',
'The service desk is open 08:00 to 16:00 on the bank holiday Monday. Outside those hours call the on-call engineer through switchboard for anything that stops patient care; everything else can be logged here and we will pick it up on Tuesday.',
     DATE_SUB(@now, INTERVAL 20 DAY), DATE_SUB(@now, INTERVAL 13 DAY), 'tina', 'Tina Tran',
     DATE_SUB(@now, INTERVAL 20 DAY)),
    (2, 'Follow-me printing now on every ward',
'Every ward printer now releases your print jobs when you tap your ID badge, so confidential letters no longer sit in the tray.

- Print as usual and choose "Follow-me".
- Tap your badge at any printer in the trust within 24 hours.

Badge not recognised? Log a ticket under Printing.',
     DATE_SUB(@now, INTERVAL 9 DAY), NULL, 'victor', 'Victor Vance',
     DATE_SUB(@now, INTERVAL 9 DAY)),
    (3, 'Beware of e-mails asking you to "confirm your payslip"',
'Several staff have received e-mails that look like they come from Payroll and ask you to sign in to "confirm your payslip". They are not from us. Do not click the link; report the message with the "Report phishing" button in Outlook. Payroll never asks for your password.',
     DATE_SUB(@now, INTERVAL 2 DAY), DATE_ADD(@now, INTERVAL 12 DAY), 'tina', 'Tina Tran',
     DATE_SUB(@now, INTERVAL 2 DAY)),
    (4, 'Desk phones restart tomorrow evening',
'The telephone system is upgraded tomorrow between 19:00 and 21:00. Desk phones restart once and are out of use for about 10 minutes; bleeps, hospital mobiles and switchboard are not affected. See Planned maintenance on the status page for the details.',
     TIMESTAMP(DATE_ADD(DATE(@now), INTERVAL 1 DAY), '08:00:00'), DATE_ADD(DATE(@now), INTERVAL 3 DAY),
     'victor', 'Victor Vance', DATE_SUB(@now, INTERVAL 1 HOUR))
ON DUPLICATE KEY UPDATE id = id;

-- Frequently asked questions, in the desk's order within each category.
INSERT INTO faq (id, question, answer, category, sort_order, updated_at)
VALUES
    (1, 'I have forgotten my password. How do I reset it?',
'Use "Forgotten password" on the sign-in page of any trust computer and answer your security questions. If you never set them up, call the service desk: we will ask you a few questions to check who you are before we reset it.',
     'Passwords and logins', 10, DATE_SUB(@now, INTERVAL 60 DAY)),
    (2, 'My account is locked. What do I do?',
'An account locks for 15 minutes after five wrong passwords and then unlocks by itself. If you need it sooner, call the service desk.',
     'Passwords and logins', 20, DATE_SUB(@now, INTERVAL 60 DAY)),
    (3, 'How often do I have to change my password, and what makes a good one?',
'Every 90 days; you are reminded two weeks before. A good password is long rather than complicated:

- at least 12 characters, for example three random words;
- not used for anything outside the trust.',
     'Passwords and logins', 30, DATE_SUB(@now, INTERVAL 45 DAY)),
    (4, 'How do I add a shared mailbox to Outlook?',
'Ask the mailbox''s owner to approve your access in a ticket under E-mail. Once it is granted, restart Outlook: the mailbox appears under your own folders within an hour.',
     'E-mail', 10, DATE_SUB(@now, INTERVAL 50 DAY)),
    (5, 'My mailbox is full. What can I delete?',
'Empty "Deleted Items" first, then sort your inbox by size and remove large attachments you have saved elsewhere. Patient information must stay in the patient record, not in e-mail.',
     'E-mail', 20, DATE_SUB(@now, INTERVAL 50 DAY)),
    (6, 'How do I report a suspicious e-mail?',
'Use the "Report phishing" button in Outlook, then delete the message. Do not click its links or open its attachments. If you already have, call the service desk straight away.',
     'E-mail', 30, DATE_SUB(@now, INTERVAL 2 DAY)),
    (7, 'How does follow-me printing work?',
'Print as usual and choose the "Follow-me" printer. Tap your ID badge at any trust printer within 24 hours to release your jobs; after that they are deleted.',
     'Printing', 10, DATE_SUB(@now, INTERVAL 9 DAY)),
    (8, 'The printer says it is out of toner. Who replaces it?',
'Ward and office staff replace toner themselves: spares are kept in the ward store. Log a ticket under Printing if there is no spare or the printer still complains after a new cartridge.',
     'Printing', 20, DATE_SUB(@now, INTERVAL 40 DAY)),
    (9, 'How do I get a label printer for my clinic?',
'Log a request under Printing with the clinic''s name and room. Your manager will be asked to approve it before we order one.',
     'Printing', 30, DATE_SUB(@now, INTERVAL 40 DAY)),
    (10, 'How do I get access from home?',
'Log a request under VPN / Remote access; your manager approves it. Bring your trust laptop to the IT office so that we can install the VPN client. The sign-in guide is on the intranet under IT > Working from home.',
     'Working from home', 10, DATE_SUB(@now, INTERVAL 30 DAY)),
    (11, 'The VPN will not connect. What should I check first?',
'Check the status page first: a VPN problem affecting everyone is shown there. If the VPN is green:

- make sure your home internet works without the VPN;
- restart the laptop and try again;
- then log a ticket with the message the VPN client shows.',
     'Working from home', 20, DATE_SUB(@now, INTERVAL 30 DAY)),
    (12, 'Can I use my own computer to work from home?',
'You can use trust web mail and Teams from your own computer, but not the patient record or the shared drives. Those need a trust laptop on the VPN.',
     'Working from home', 30, DATE_SUB(@now, INTERVAL 30 DAY))
ON DUPLICATE KEY UPDATE id = id;

COMMIT;

DROP TEMPORARY TABLE demo_fresh;
DROP TEMPORARY TABLE demo_services;
DROP TEMPORARY TABLE demo_updates;
DROP TEMPORARY TABLE demo_new;
