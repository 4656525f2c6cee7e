-- 006_sessions: who is logged in, and who is guessing passwords
-- (modules/hd_session.c, modules/hd_throttle.c).
--
-- A session is a row here, not a cookie the server cannot take back: logout
-- deletes it, so a copy of the cookie stops working at once on every node
-- sharing this database. The cookie carries 32 random bytes; the row holds
-- only their SHA-256, so a copy of this table (a backup, a replica) logs
-- nobody in. No password is ever stored: Apache's LDAP authentication checks
-- it at login and the module forgets it.
--
-- Expired rows are deleted by the background job 'session-purge'. Every time
-- is the database's NOW(), so the nodes' clocks never matter.

CREATE TABLE IF NOT EXISTS sessions (
    -- For screens that list or end one session; never in the cookie.
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- Lower-case hex SHA-256 of the cookie's value.
    token_hash    CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    -- The directory's uid, as Apache's LDAP authentication returned it.
    login         VARCHAR(64)     NOT NULL,
    created_at    DATETIME        NOT NULL,
    -- Last activity; refreshed at most every minute (see hd_session.c).
    seen_at       DATETIME        NOT NULL,
    -- Absolute end: created_at + HelpdeskSessionMaxAge.
    expires_at    DATETIME        NOT NULL,
    -- HelpdeskSessionIdleTimeout in force at login, so that every node (and
    -- the purge job) judges this session by the same rule.
    idle_timeout  INT UNSIGNED    NOT NULL,
    -- Where and with what it logged in, for the person's list of sessions.
    client_ip     VARCHAR(45)     NOT NULL,
    user_agent    VARCHAR(255)    NOT NULL,
    UNIQUE KEY sessions_token (token_hash),
    KEY sessions_login (login),
    KEY sessions_expiry (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins per account and per client address, so that password
-- guessing slows down across every node. A key is 'account:<login folded>'
-- or 'address:<ip>'. Rows whose failures are older than the window and whose
-- block is over are deleted by 'session-purge'.
CREATE TABLE IF NOT EXISTS login_throttle (
    throttle_key    VARCHAR(200) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY,
    -- Failures since the count last started again (a quiet window resets it).
    failures        INT UNSIGNED NOT NULL,
    last_failure_at DATETIME     NOT NULL,
    -- Refused until then; NULL when not blocked.
    blocked_until   DATETIME     NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
