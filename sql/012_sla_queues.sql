-- 012_sla_queues: the service clocks, stored so that the desk's queues can
-- ask "which tickets are breached, which are due within the hour?" of an
-- index instead of computing every live ticket's clock per page.
--
-- The history stays the truth (modules/hd_clock.c computes a clock from it,
-- and the ticket page still does so live); these columns are a copy made
-- from it after each change, by the request that made the change, and by
-- the job 'sla-clocks' for anything that copy missed (a request that died
-- after its COMMIT, tickets loaded by SQL, a change of the calendar).
--
-- Which copies are out of date is data, not a guess: every UPDATE of a
-- ticket bumps its revision (trigger below), except the one that stores a
-- clock, which records the revision it was computed from in clock_of. A
-- ticket whose clock_of is not its revision needs its clock stored.

ALTER TABLE tickets
    -- Due times in business hours (009_sla.sql), NULL when paused or stopped.
    ADD COLUMN IF NOT EXISTS response_due   DATETIME NULL,
    ADD COLUMN IF NOT EXISTS resolution_due DATETIME NULL,
    -- The next deadline the desk must meet: the response while nobody has
    -- responded, then the resolution; far in the future while the ticket
    -- waits for the client or is closed, so that the index below orders
    -- every ticket and keyset paging never meets a NULL.
    ADD COLUMN IF NOT EXISTS next_due DATETIME NOT NULL DEFAULT '9999-12-31 23:59:59',
    ADD COLUMN IF NOT EXISTS revision INT UNSIGNED NOT NULL DEFAULT 1,
    ADD COLUMN IF NOT EXISTS clock_of INT UNSIGNED NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS clock_stale TINYINT AS (clock_of <> revision) PERSISTENT;

-- Tickets already closed or cancelled have no clock to store: their
-- next_due stays far away. The live ones are left for the job.
UPDATE tickets t JOIN ticket_statuses s ON s.code = t.status
SET t.clock_of = t.revision
WHERE s.category IN ('closed', 'cancelled') AND t.clock_of <> t.revision;

ALTER TABLE tickets
    -- The queues "SLA breached" (next_due < now) and "due within the hour",
    -- sorted by due time: one range of this index (InnoDB appends id).
    ADD INDEX IF NOT EXISTS tickets_next_due (next_due),
    -- The job's "which clocks are out of date?".
    ADD INDEX IF NOT EXISTS tickets_clock_stale (clock_stale);

-- Any change of a ticket makes its stored clock out of date, except the
-- UPDATE that stores the clock (it changes clock_of, nothing else does).
-- A BEFORE trigger changes the row being written: no second write.
DROP TRIGGER IF EXISTS tickets_revision;
CREATE TRIGGER tickets_revision BEFORE UPDATE ON tickets
FOR EACH ROW
    SET NEW.revision = IF(NEW.clock_of <=> OLD.clock_of,
                          OLD.revision + 1, OLD.revision);

-- A change of the calendar or of a target moves the clock of every live
-- ticket (open or pending: a paused one too, since a calendar without
-- hours leaves clocks with no due time that the next calendar must start
-- again). One range of tickets_status per live status; calendars change
-- seldom.
DROP TRIGGER IF EXISTS business_hours_insert_clocks;
CREATE TRIGGER business_hours_insert_clocks AFTER INSERT ON business_hours
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS business_hours_update_clocks;
CREATE TRIGGER business_hours_update_clocks AFTER UPDATE ON business_hours
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS business_hours_delete_clocks;
CREATE TRIGGER business_hours_delete_clocks AFTER DELETE ON business_hours
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS holidays_insert_clocks;
CREATE TRIGGER holidays_insert_clocks AFTER INSERT ON holidays
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS holidays_update_clocks;
CREATE TRIGGER holidays_update_clocks AFTER UPDATE ON holidays
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS holidays_delete_clocks;
CREATE TRIGGER holidays_delete_clocks AFTER DELETE ON holidays
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
DROP TRIGGER IF EXISTS priorities_update_clocks;
CREATE TRIGGER priorities_update_clocks AFTER UPDATE ON priorities
FOR EACH ROW UPDATE tickets SET revision = revision + 1
    WHERE priority = NEW.level AND status IN (SELECT code FROM ticket_statuses
                     WHERE category IN ('open', 'pending'));
