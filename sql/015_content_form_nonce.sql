-- 015_content_form_nonce: the desk's new news items, FAQ entries and
-- maintenance windows record the form that made them, as tickets do
-- (002_tickets.sql, tickets.form_nonce): UNIQUE, so the database -- not a
-- race-prone "look first" -- guarantees that a form sent twice (a double
-- click, a retry after a timeout) makes one row. NULL for rows made
-- without a form.
ALTER TABLE news
    ADD COLUMN IF NOT EXISTS form_nonce VARCHAR(64) NULL,
    ADD UNIQUE KEY IF NOT EXISTS news_form_nonce (form_nonce);
ALTER TABLE faq
    ADD COLUMN IF NOT EXISTS form_nonce VARCHAR(64) NULL,
    ADD UNIQUE KEY IF NOT EXISTS faq_form_nonce (form_nonce);
ALTER TABLE maintenances
    ADD COLUMN IF NOT EXISTS form_nonce VARCHAR(64) NULL,
    ADD UNIQUE KEY IF NOT EXISTS maintenances_form_nonce (form_nonce);
