-- 017_mail: e-mail both ways (issue 11).
--
-- Outbound, in two steps, so that no mail is ever lost and none is sent
-- twice:
--   1. What should be heard of is written in the same transaction as the
--      change that causes it: a row of mail_events, by the triggers below
--      (every change to a ticket adds a ticket_activity row, every change
--      to a service a service_events row), so every path -- the portal,
--      the desk, the jobs, a change made in SQL -- notifies alike.
--   2. The job 'mail-notify' turns each event into one message per
--      recipient (mail_outbox, rendered by xslt/mail/), deleting the event
--      in the same transaction; the job 'mail-send' claims queued messages,
--      hands them to the SMTP server and marks them sent.  A crash between
--      the server's acceptance and that mark resends the message once,
--      with the same Message-ID; nothing else can be sent twice.
-- Inbound mail (helpdesk-mailgate -> POST .../mail/inbound) is logged in
-- mail_inbound, keyed by its Message-ID so that an MTA's retry of a
-- message already taken makes nothing new.
--
-- A session that loads data in bulk (the demo, the benchmark's million
-- tickets) sets @hd_no_mail = 1 first: nobody should be written to about
-- history that was loaded rather than lived.

-- The people the portal has seen, as the directory described them at
-- their last login: where the background jobs, which have no directory
-- session of their own, find a login's address and role.
CREATE TABLE IF NOT EXISTS people (
    login        VARCHAR(64)  NOT NULL,
    name         VARCHAR(200) NOT NULL,
    mail         VARCHAR(254) NOT NULL DEFAULT '',
    organisation VARCHAR(120) NOT NULL DEFAULT '',
    is_agent     TINYINT(1)   NOT NULL DEFAULT 0,
    updated_at   TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
                              ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (login),
    KEY people_mail (mail)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Which notifications a person wants.  No row: the default, which is
-- "yes" for everything about their own tickets and services (see
-- modules/hd_notify.c for the list of topics).
CREATE TABLE IF NOT EXISTS notification_prefs (
    login  VARCHAR(64) NOT NULL,
    topic  VARCHAR(40) NOT NULL,
    wanted TINYINT(1)  NOT NULL,
    PRIMARY KEY (login, topic)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The teams an agent works for: they hear of each new ticket of these.
CREATE TABLE IF NOT EXISTS agent_teams (
    login   VARCHAR(64)  NOT NULL,
    team_id INT UNSIGNED NOT NULL,
    PRIMARY KEY (login, team_id),
    KEY agent_teams_team (team_id),
    CONSTRAINT agent_teams_team_fk FOREIGN KEY (team_id) REFERENCES teams (id)
        ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Step 1: something happened that people may need to hear of.  Exactly
-- one of activity_id, service_event_id, inbound_id is set.
CREATE TABLE IF NOT EXISTS mail_events (
    id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    activity_id      BIGINT UNSIGNED NULL, -- ticket_activity.id
    service_event_id INT UNSIGNED    NULL, -- service_events.id
    inbound_id       BIGINT UNSIGNED NULL, -- mail_inbound.id: a refusal
    created_at       DATETIME        NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

DROP TRIGGER IF EXISTS ticket_activity_mail;
CREATE TRIGGER ticket_activity_mail AFTER INSERT ON ticket_activity
FOR EACH ROW
    INSERT INTO mail_events (activity_id)
    SELECT NEW.id FROM DUAL WHERE @hd_no_mail IS NULL;

DROP TRIGGER IF EXISTS service_events_mail;
CREATE TRIGGER service_events_mail AFTER INSERT ON service_events
FOR EACH ROW
    INSERT INTO mail_events (service_event_id)
    SELECT NEW.id FROM DUAL WHERE @hd_no_mail IS NULL;

-- Step 2: one message to one recipient, whole (RFC 5322, CRLF), ready for
-- the SMTP server.
CREATE TABLE IF NOT EXISTS mail_outbox (
    id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- Unique: a notification job that runs an event again (after a crash
    -- before its COMMIT) makes the same ids, and the duplicates are dropped.
    message_id      VARCHAR(250)  NOT NULL,
    rcpt            VARCHAR(254)  NOT NULL,
    rcpt_login      VARCHAR(64)   NULL,
    ticket_id       INT UNSIGNED  NULL,
    topic           VARCHAR(40)   NOT NULL,
    subject         VARCHAR(400)  NOT NULL,
    message         MEDIUMTEXT    NOT NULL,
    state           ENUM('queued', 'sent', 'dead') NOT NULL DEFAULT 'queued',
    attempts        SMALLINT UNSIGNED NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    -- A sender's claim: while it runs, no other sender takes the row.
    claimed_by      VARCHAR(255)  NULL,
    claimed_until   DATETIME(6)   NULL,
    last_error      VARCHAR(500)  NOT NULL DEFAULT '',
    created_at      DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    sent_at         DATETIME      NULL,
    PRIMARY KEY (id),
    UNIQUE KEY mail_outbox_message_id (message_id),
    KEY mail_outbox_due (state, next_attempt_at),
    KEY mail_outbox_ticket (ticket_id, id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every message helpdesk-mailgate handed over, and what became of it.
CREATE TABLE IF NOT EXISTS mail_inbound (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- The message's own Message-ID (or a digest of it when it has none).
    message_id  VARCHAR(250)  NOT NULL,
    sender      VARCHAR(254)  NOT NULL DEFAULT '',
    sender_login VARCHAR(64)  NULL,
    subject     VARCHAR(400)  NOT NULL DEFAULT '',
    -- created | commented | refused | ignored
    outcome     VARCHAR(20)   NOT NULL,
    -- Why it was refused or ignored, as the refusal mail says it.
    reason      VARCHAR(500)  NOT NULL DEFAULT '',
    ticket_id   INT UNSIGNED  NULL,
    size        INT UNSIGNED  NOT NULL DEFAULT 0,
    received_at DATETIME      NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY mail_inbound_message_id (message_id),
    -- The per-sender rate limit (mail loops).
    KEY mail_inbound_sender (sender, received_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A message whose parts carry files, kept whole until attachments land
-- (issue 13) -- in base64 chunks of at most 1 MB, so that neither a
-- statement nor a row ever approaches max_allowed_packet.
CREATE TABLE IF NOT EXISTS mail_inbound_raw (
    inbound_id BIGINT UNSIGNED NOT NULL,
    seq        INT UNSIGNED    NOT NULL,
    chunk      MEDIUMTEXT      NOT NULL,
    PRIMARY KEY (inbound_id, seq),
    CONSTRAINT mail_inbound_raw_fk FOREIGN KEY (inbound_id)
        REFERENCES mail_inbound (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
