-- 023_org_dashboard_index: a supervisor's dashboard (the Organisation view)
-- counts its organisation's open and pending tickets by status and finds
-- the oldest: one short range of this index per status, whatever the size
-- of the organisation's history (closed tickets are never read).
ALTER TABLE tickets
    ADD INDEX IF NOT EXISTS tickets_org_status (requester_org, status, created_at);
