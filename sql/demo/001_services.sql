-- Demo service catalogue for a hospital IT department.
--
-- `stack.sh demo` runs this on every start, so it must be idempotent: a row
-- whose code already exists is left as it is (including any status a
-- supervisor has changed since), missing rows are added.

INSERT INTO services (code, name, description, status, status_note, sort_order)
VALUES
    ('email', 'E-mail',
     'Outlook and web mail for all staff, shared mailboxes and distribution lists.',
     'green', '', 10),
    ('epr', 'Electronic Patient Record',
     'Clinical notes, observations, prescribing and discharge letters on every ward.',
     'amber', 'Slow to open patient summaries since 08:30; the supplier is investigating. Allow extra time at handover.', 20),
    ('network', 'Network & Wi-Fi',
     'Wired network points, staff Wi-Fi (HOSP-STAFF) and guest Wi-Fi for patients and visitors.',
     'green', '', 30),
    ('printing', 'Printing',
     'Ward and office printers, follow-me printing with your ID badge, and label printers.',
     'green', '', 40),
    ('telephony', 'Telephony',
     'Desk phones, bleeps, switchboard and mobile phones issued by the hospital.',
     'green', '', 50),
    ('vpn', 'VPN / Remote access',
     'Secure access to hospital systems from home or another site.',
     'red', 'Remote access is unavailable after a failed certificate renewal. Engineers are on site; next update by 14:00.', 60),
    ('payroll', 'Payroll',
     'Payslips, expenses claims and changes to bank details.',
     'green', '', 70),
    ('intranet', 'Intranet',
     'Policies, news, the staff directory and department pages.',
     'green', '', 80),
    ('pathology', 'Pathology results',
     'Blood, microbiology and histology results and the requesting of tests.',
     'green', '', 90),
    ('rostering', 'Rostering',
     'Shift rosters, annual leave requests and bank shifts.',
     'green', '', 100),
    ('fileshares', 'File shares',
     'Department shared drives and personal home drives.',
     'green', '', 110),
    ('video', 'Video conferencing',
     'Teams meetings, meeting-room cameras and video clinics with patients.',
     'green', '', 120)
-- A no-op update: only a duplicate code is tolerated, any other error is not
-- (INSERT IGNORE would hide those too).
ON DUPLICATE KEY UPDATE id = id;

-- Payroll tickets are about one person's pay: private unless the person
-- chooses to share them with their organisation.
UPDATE services SET default_shared = 0 WHERE code = 'payroll';
