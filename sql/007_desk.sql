-- 007_desk: what the service desk's first screens need (issue 9).
--
-- A requester's reply moves a ticket that waits for them back to the desk:
-- on Waiting for Client Response to In Review, on Pending Closure to In
-- Progress. These are workflow rows (actor requester, action reply), not
-- code: the module tries the "reply" move from wherever the ticket is, and
-- a status without such a row keeps its status.
INSERT INTO ticket_transitions (from_status, to_status, actor, action)
VALUES
    ('waiting_client',  'in_review',   'requester', 'reply'),
    ('pending_closure', 'in_progress', 'requester', 'reply')
ON DUPLICATE KEY UPDATE action = VALUES(action);

-- Assignment and the desk's reclassification (team, call type, priority)
-- are part of a ticket's history: who changed what, when, old -> new.
ALTER TABLE ticket_activity
    MODIFY kind ENUM('created', 'comment', 'update', 'internal_note', 'status',
                     'resolved', 'cancelled', 'reopened', 'assigned',
                     'changed') NOT NULL;
