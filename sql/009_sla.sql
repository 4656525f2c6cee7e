-- 009_sla: the service desk's business calendar and its targets, as data
-- (modules/hd_clock.c computes the clocks; modules/hd_sla.c the arithmetic).
--
-- Working hours per weekday (0 = Sunday) in HelpdeskTimeZone; a day with no
-- row, or NULL hours, is closed. Default: Mon-Fri 07:00-18:00.
CREATE TABLE IF NOT EXISTS business_hours (
    weekday TINYINT UNSIGNED NOT NULL PRIMARY KEY,
    opens   TIME NULL,
    closes  TIME NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO business_hours (weekday, opens, closes)
VALUES (1, '07:00', '18:00'), (2, '07:00', '18:00'), (3, '07:00', '18:00'),
       (4, '07:00', '18:00'), (5, '07:00', '18:00')
ON DUPLICATE KEY UPDATE weekday = weekday;

-- Days the desk is closed (local dates). The demo year: England's 2026 and
-- 2027 bank holidays.
CREATE TABLE IF NOT EXISTS holidays (
    day  DATE         NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO holidays (day, name)
VALUES ('2026-01-01', 'New Year''s Day'), ('2026-04-03', 'Good Friday'),
       ('2026-04-06', 'Easter Monday'), ('2026-05-04', 'Early May bank holiday'),
       ('2026-05-25', 'Spring bank holiday'), ('2026-08-31', 'Summer bank holiday'),
       ('2026-12-25', 'Christmas Day'), ('2026-12-28', 'Boxing Day (substitute day)'),
       ('2027-01-01', 'New Year''s Day'), ('2027-03-26', 'Good Friday'),
       ('2027-03-29', 'Easter Monday')
ON DUPLICATE KEY UPDATE day = day;

-- Targets per priority, in business minutes: the first response (a public
-- reply or a status change by the desk) and the resolution. The clocks
-- stop while a ticket waits in a pending-category status.
ALTER TABLE priorities
    ADD COLUMN IF NOT EXISTS response_minutes   INT UNSIGNED NOT NULL DEFAULT 480,
    ADD COLUMN IF NOT EXISTS resolution_minutes INT UNSIGNED NOT NULL DEFAULT 2400;

UPDATE priorities SET response_minutes = 60,   resolution_minutes = 240  WHERE level = 1;
UPDATE priorities SET response_minutes = 240,  resolution_minutes = 960  WHERE level = 2;
UPDATE priorities SET response_minutes = 480,  resolution_minutes = 2400 WHERE level = 3;
UPDATE priorities SET response_minutes = 960,  resolution_minutes = 4800 WHERE level = 4;
UPDATE priorities SET response_minutes = 2400, resolution_minutes = 9600 WHERE level = 5;
