-- 016_today_indexes: Today lists a person's live tickets and those waiting
-- for them, newest change first (modules/page_today.c). Per branch of the
-- visibility rule they own, a range of these over the live statuses'
-- ranks, answered from the index alone (updated_at and the id InnoDB
-- appends are in it): the cost follows the person's live tickets, not all
-- they ever had -- an agent who logged 30,000 phone calls at a million
-- tickets included.
ALTER TABLE tickets
    ADD INDEX IF NOT EXISTS tickets_req_live (requester_login, status_rank, updated_at),
    ADD INDEX IF NOT EXISTS tickets_log_live (logged_by_login, status_rank, updated_at);
