-- 013_status_rank_on_insert: tickets.status_rank (004_list_indexes.sql) is
-- the status's place in the workflow, copied so that lists can sort and
-- page by it. The module sets it with every change of status, but rows
-- INSERTed by SQL -- the demo data, an import from another helpdesk --
-- kept the column's default 0, so a list sorted by status put them in the
-- wrong place and a status filter's rank range left them out.
--
-- The database now fills it in for every new row, whoever inserts it, and
-- rows already wrong are put right.

UPDATE tickets t JOIN ticket_statuses s ON s.code = t.status
SET t.status_rank = s.sort_order
WHERE t.status_rank <> s.sort_order;

DROP TRIGGER IF EXISTS tickets_status_rank_insert;
CREATE TRIGGER tickets_status_rank_insert BEFORE INSERT ON tickets
FOR EACH ROW
    SET NEW.status_rank = COALESCE(
        (SELECT s.sort_order FROM ticket_statuses s WHERE s.code = NEW.status),
        NEW.status_rank);
