-- 008_auto_close: when a ticket entered its status, for the background job
-- 'auto-close' (modules/hd_autoclose.c), which closes a ticket that has been
-- Pending Closure for HelpdeskAutoCloseAfter seconds (default 14 days).
--
-- The time is kept by the database, not by the module: the column's default
-- stamps a new ticket, and the trigger below stamps every change of status,
-- whoever makes it (the portal, the job, an administrator's UPDATE). No
-- writer has to remember it. Every statement is repeatable (see 002).

ALTER TABLE tickets
    ADD COLUMN IF NOT EXISTS status_since DATETIME NULL AFTER status_reason;

-- Tickets from before this column: the last time the history shows them
-- entering their current status, else their last activity. A ticket that
-- went through its status twice counts from the second time.
UPDATE tickets t
SET t.status_since = COALESCE(
        (SELECT MAX(a.created_at) FROM ticket_activity a
         WHERE a.ticket_id = t.id AND a.new_status = t.status),
        t.updated_at)
WHERE t.status_since IS NULL;

-- A ticket INSERT that does not name the column gets its time of logging;
-- one that names it (an import, a test that sets the clock) keeps its value.
ALTER TABLE tickets
    MODIFY COLUMN status_since DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- A change of status restarts the clock, unless the same UPDATE sets
-- status_since itself. A BEFORE trigger changes the row being written, so
-- this costs no second write; it is the only trigger on tickets so far
-- (004's ticket_statuses_rank is on ticket_statuses), and MariaDB allows
-- several per event should another one join it.
DROP TRIGGER IF EXISTS tickets_status_since;
CREATE TRIGGER tickets_status_since BEFORE UPDATE ON tickets
FOR EACH ROW
    SET NEW.status_since = IF(NEW.status <> OLD.status
                              AND NEW.status_since <=> OLD.status_since,
                              NOW(), NEW.status_since);

-- "Which tickets have been Pending Closure long enough?" is a range of this
-- index per status the job may close from (ticket_transitions, actor
-- 'system', action 'auto_close'): it reads only the tickets that are due.
ALTER TABLE tickets
    ADD INDEX IF NOT EXISTS tickets_status_since (status, status_since);
