-- 004: lists that cost the same at a million tickets as at a thousand.
--
-- A list is a UNION of the visibility rule's branches (modules/hd_ticket.c),
-- each read from an index that starts with the branch's equality columns
-- and ends with the sort key and id, so a page is a few short index ranges
-- (keyset: WHERE (key, id) beyond the last row's, ORDER BY key, id LIMIT n).
--   branch        index prefix                   sort keys: id (created),
--   all           ()                             updated_at, priority,
--   requester     (requester_login)              status_rank
--   logger        (logged_by_login)
--   organisation  (requester_org, shared)
-- id needs no column of its own: InnoDB ends every secondary index with it.

-- The workflow order of the ticket's status (ticket_statuses.sort_order),
-- kept on the ticket so that sorting by status is an index range like the
-- other keys.  The module sets it whenever it sets the status; the trigger
-- below follows a change of the workflow's order.
ALTER TABLE tickets
    ADD COLUMN IF NOT EXISTS status_rank INT NOT NULL DEFAULT 0 AFTER status;

UPDATE tickets t JOIN ticket_statuses s ON s.code = t.status
SET t.status_rank = s.sort_order
WHERE t.status_rank <> s.sort_order;

DROP TRIGGER IF EXISTS ticket_statuses_rank;
CREATE TRIGGER ticket_statuses_rank AFTER UPDATE ON ticket_statuses
FOR EACH ROW
    UPDATE tickets SET status_rank = NEW.sort_order
    WHERE status = NEW.code AND status_rank <> NEW.sort_order;

ALTER TABLE tickets
    ADD INDEX IF NOT EXISTS tickets_rank (status_rank, id),
    ADD INDEX IF NOT EXISTS tickets_req_updated (requester_login, updated_at),
    ADD INDEX IF NOT EXISTS tickets_req_priority (requester_login, priority),
    ADD INDEX IF NOT EXISTS tickets_req_rank (requester_login, status_rank),
    ADD INDEX IF NOT EXISTS tickets_log_updated (logged_by_login, updated_at),
    ADD INDEX IF NOT EXISTS tickets_log_priority (logged_by_login, priority),
    ADD INDEX IF NOT EXISTS tickets_log_rank (logged_by_login, status_rank),
    ADD INDEX IF NOT EXISTS tickets_org_id (requester_org, shared),
    ADD INDEX IF NOT EXISTS tickets_org_updated (requester_org, shared, updated_at),
    ADD INDEX IF NOT EXISTS tickets_org_priority (requester_org, shared, priority),
    ADD INDEX IF NOT EXISTS tickets_org_rank (requester_org, shared, status_rank),
    -- Superseded: (requester_org, id) is a prefix scan of tickets_org_id.
    DROP INDEX IF EXISTS tickets_org;

ANALYZE TABLE tickets;
