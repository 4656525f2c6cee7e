-- 019_accounts: accounts on the real directory (issue 12).
--
-- Passwords live in the directory only; the portal keeps what it needs to
-- lead a person through a temporary password and to confirm a new e-mail
-- address.

-- A temporary password the portal set (forgotten password, or a
-- supervisor's reset): never the password itself.  The latest row of a
-- login says until when its temporary password may be used to log in
-- (HelpdeskTempPasswordTTL); used_at is set when the person chose their
-- own.  Every reset is recorded with who asked.
CREATE TABLE IF NOT EXISTS password_resets (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    login        VARCHAR(64)  NOT NULL,
    -- NULL: the person themselves (forgot password); else the supervisor.
    requested_by VARCHAR(64)  NULL,
    client_ip    VARCHAR(45)  NOT NULL DEFAULT '',
    created_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at   DATETIME     NOT NULL,
    used_at      DATETIME     NULL,
    PRIMARY KEY (id),
    KEY password_resets_login (login, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Whether a session must change its password before anything else (its
-- person logged in with a temporary one).
ALTER TABLE sessions
    ADD COLUMN IF NOT EXISTS must_change TINYINT(1) NOT NULL DEFAULT 0;

-- A new e-mail address waiting for its confirmation link: only the
-- SHA-256 of the link's token is kept.
CREATE TABLE IF NOT EXISTS mail_changes (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    token_hash  CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    login       VARCHAR(64)  NOT NULL,
    new_mail    VARCHAR(254) NOT NULL,
    created_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    expires_at  DATETIME     NOT NULL,
    used_at     DATETIME     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY mail_changes_token (token_hash),
    KEY mail_changes_login (login, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A message may be held back until what it tells is done: a temporary
-- password is queued 'held' in the same transaction as its reset's row,
-- set in the directory, then released (or discarded when the directory
-- refused): never a mail with a password that was not set.
ALTER TABLE mail_outbox
    MODIFY state ENUM('held', 'queued', 'sent', 'dead') NOT NULL DEFAULT 'queued';
