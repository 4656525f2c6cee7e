-- 018_api_tokens: personal API tokens for programs (the desktop support
-- agent, scripts), and the computer a ticket is about (modules/hd_token.c,
-- modules/page_account.c; issue 11, "An API for other programs").
--
-- A person creates, names and revokes their tokens on their account page.
-- The token is shown once, as hdt_<id>_<secret>: <secret> is 32 random
-- bytes (base64url), and the row keeps only its SHA-256 -- a token is long
-- and random, so a fast hash is right (nothing to guess), and a copy of this
-- table authenticates nobody. <id> makes checking a request one look-up by
-- primary key and one constant-time compare of the hash.
--
-- A token acts with its person's rights, as the directory says them at the
-- time of the request: nothing about rights is stored here.

CREATE TABLE IF NOT EXISTS api_tokens (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- The directory's uid of the person whose token it is.
    login         VARCHAR(64)     NOT NULL,
    -- What the person called it ("Desktop agent on PC-0042").
    name          VARCHAR(100)    NOT NULL,
    -- Lower-case hex SHA-256 of the secret part.
    secret_hash   CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at    DATETIME        NOT NULL,
    -- Marked at most once a minute (see hd_token.c); NULL: never used.
    last_used_at  DATETIME        NULL,
    -- Set when revoked; a revoked token authenticates nobody, and the row
    -- stays so that the person's page can say so.
    revoked_at    DATETIME        NULL,
    KEY api_tokens_login (login, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The computer a ticket is about (its name, as the desktop agent reads it),
-- optional; lists filter on it, newest first like every list: (asset, id).
ALTER TABLE tickets
    ADD COLUMN IF NOT EXISTS asset VARCHAR(64) NULL,
    ADD INDEX IF NOT EXISTS tickets_asset (asset, id);
