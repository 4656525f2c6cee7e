-- 022_last_login: when each person last logged in, kept with the people
-- the portal knows (sessions are deleted a while after they end, so they
-- cannot tell).  Written by the login itself (page_login.c); read by a
-- supervisor's Logins pages.
ALTER TABLE people
    ADD COLUMN IF NOT EXISTS last_login_at DATETIME NULL;
