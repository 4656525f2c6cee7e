-- 002_tickets: tickets for staff (see the tickets contract).
--
-- Teams, priorities, statuses and the workflow between statuses are data,
-- seeded here because the product does not work without them; demo tickets
-- live in sql/demo/002_tickets.sql.
--
-- stack.sh applies this file once and records it in schema_migrations only
-- if every statement succeeded. DDL commits as it goes, so a failure half-way
-- leaves the earlier statements in place: every statement is therefore
-- written to be repeatable (IF NOT EXISTS, upserts), and simply running
-- `migrate` again after fixing the cause finishes the job.

-- ---------------------------------------------------------------------------
-- Services: what a new ticket for the service starts with. Tickets copy both
-- values when they are logged (staff never choose them); the desk may change
-- them on the ticket afterwards without touching the service.
-- ---------------------------------------------------------------------------

ALTER TABLE services
    ADD COLUMN IF NOT EXISTS default_call_type VARCHAR(40) NOT NULL DEFAULT 'Standard'
        AFTER status_note,
    ADD COLUMN IF NOT EXISTS default_priority TINYINT UNSIGNED NOT NULL DEFAULT 3
        AFTER default_call_type;

-- ---------------------------------------------------------------------------
-- Teams ("Service type / team" on the form): who a ticket is routed to.
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS teams (
    id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- Stable short name: the form posts it and lists show it.
    code       VARCHAR(40)  NOT NULL,
    name       VARCHAR(120) NOT NULL,
    -- The team preselected on the new-ticket form. Exactly one active row
    -- should have it; readers take the first by sort_order if several do.
    is_default TINYINT(1)   NOT NULL DEFAULT 0,
    sort_order INT          NOT NULL DEFAULT 0,
    -- Retired teams keep their old tickets but leave the form.
    active     TINYINT(1)   NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    UNIQUE KEY teams_code (code)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Keyed on code, so a repeated run neither duplicates nor renames anything.
INSERT INTO teams (code, name, is_default, sort_order)
VALUES
    ('psyIT', 'psyIT — Psychiatry IT',   1, 10),
    ('CBO',   'CBO — Business Office',   0, 20),
    ('NET',   'Networks',                0, 30),
    ('APPS',  'Clinical Applications',   0, 40)
ON DUPLICATE KEY UPDATE id = id;

-- ---------------------------------------------------------------------------
-- Priorities: 1 is the most urgent. A table rather than an ENUM so that the
-- names are shown from one place and tickets can sort on the number.
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS priorities (
    level TINYINT UNSIGNED NOT NULL,
    name  VARCHAR(40)      NOT NULL,
    PRIMARY KEY (level)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO priorities (level, name)
VALUES (1, 'Critical'), (2, 'High'), (3, 'Medium'), (4, 'Low'), (5, 'Planning')
ON DUPLICATE KEY UPDATE level = level;

-- ---------------------------------------------------------------------------
-- Statuses. The module knows statuses only through this table: names and the
-- plain-words explanation shown to staff come from here, and `category` is
-- what the code reasons about ("open tickets" = open + pending; closed can be
-- reopened; cancelled is final).
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS ticket_statuses (
    code        VARCHAR(40)  NOT NULL,
    name        VARCHAR(80)  NOT NULL,
    category    ENUM('open', 'pending', 'closed', 'cancelled') NOT NULL,
    explanation VARCHAR(300) NOT NULL,
    -- Order in filters and when a list is sorted by status.
    sort_order  INT          NOT NULL,
    -- The status a new ticket (and a reopened one) starts in.
    is_initial  TINYINT(1)   NOT NULL DEFAULT 0,
    -- Support tier working on the ticket for the escalation statuses.
    tier        TINYINT UNSIGNED NULL,
    PRIMARY KEY (code),
    KEY ticket_statuses_order (sort_order)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO ticket_statuses (code, name, category, explanation, sort_order, is_initial, tier)
VALUES
    ('waiting_support', 'Waiting for Support', 'open',
     'Your ticket is logged and waiting for the service desk to pick it up.', 10, 1, NULL),
    ('in_review', 'In Review', 'open',
     'The service desk is reviewing your ticket.', 20, 0, NULL),
    ('waiting_client', 'Waiting for Client Response', 'pending',
     'The service desk is waiting for your reply. Add a comment to answer.', 30, 0, NULL),
    ('escalated_t2', 'Escalated to Tier 2', 'open',
     'A Tier 2 specialist team is working on it.', 40, 0, 2),
    ('in_progress', 'In Progress', 'open',
     'Someone is working on your ticket.', 50, 0, NULL),
    ('escalated_t3', 'Escalated to Tier 3', 'open',
     'A Tier 3 expert team or supplier is working on it.', 60, 0, 3),
    ('pending_closure', 'Pending Closure', 'pending',
     'A solution has been given. The ticket closes unless you reply.', 70, 0, NULL),
    ('closed', 'Closed', 'closed',
     'The ticket is resolved. Add a comment to reopen it.', 80, 0, NULL),
    ('cancelled', 'Cancelled', 'cancelled',
     'The ticket was cancelled. It cannot be reopened; log a new ticket instead.', 90, 0, NULL)
ON DUPLICATE KEY UPDATE code = code;

-- ---------------------------------------------------------------------------
-- The workflow as data: which status change each kind of actor may make, and
-- under which action (the verb the module or a later desk screen offers).
-- A pair that is missing here is not allowed, so changing the workflow is an
-- INSERT or DELETE, not a code change. Cancelled has no way out: it is final.
--   requester: the person the ticket is for, or whoever logged it for them.
--   agent:     the service desk.
--   system:    scheduled jobs (auto-closing pending_closure tickets).
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS ticket_transitions (
    from_status VARCHAR(40) NOT NULL,
    to_status   VARCHAR(40) NOT NULL,
    actor       ENUM('requester', 'agent', 'system') NOT NULL,
    -- resolve, cancel, reopen, review, start, escalate, ask_client, resume,
    -- propose_solution, close, auto_close ...
    action      VARCHAR(40) NOT NULL,
    PRIMARY KEY (from_status, to_status, actor),
    -- "What may this actor do from here?" reads the primary key; this one
    -- answers "which statuses does action X lead out of?".
    KEY ticket_transitions_action (actor, action),
    KEY ticket_transitions_to (to_status),
    CONSTRAINT ticket_transitions_from_fk FOREIGN KEY (from_status)
        REFERENCES ticket_statuses (code) ON UPDATE CASCADE,
    CONSTRAINT ticket_transitions_to_fk FOREIGN KEY (to_status)
        REFERENCES ticket_statuses (code) ON UPDATE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

INSERT INTO ticket_transitions (from_status, to_status, actor, action)
VALUES
    -- Requesters may resolve or cancel anything still open or pending ...
    ('waiting_support', 'closed',    'requester', 'resolve'),
    ('in_review',       'closed',    'requester', 'resolve'),
    ('waiting_client',  'closed',    'requester', 'resolve'),
    ('escalated_t2',    'closed',    'requester', 'resolve'),
    ('in_progress',     'closed',    'requester', 'resolve'),
    ('escalated_t3',    'closed',    'requester', 'resolve'),
    ('pending_closure', 'closed',    'requester', 'resolve'),
    ('waiting_support', 'cancelled', 'requester', 'cancel'),
    ('in_review',       'cancelled', 'requester', 'cancel'),
    ('waiting_client',  'cancelled', 'requester', 'cancel'),
    ('escalated_t2',    'cancelled', 'requester', 'cancel'),
    ('in_progress',     'cancelled', 'requester', 'cancel'),
    ('escalated_t3',    'cancelled', 'requester', 'cancel'),
    ('pending_closure', 'cancelled', 'requester', 'cancel'),
    -- ... and a comment on a closed ticket reopens it.
    ('closed',          'waiting_support', 'requester', 'reopen'),

    -- The service desk: pick up, work, escalate, ask, propose, close.
    ('waiting_support', 'in_review',       'agent', 'review'),
    ('waiting_support', 'in_progress',     'agent', 'start'),
    ('waiting_support', 'cancelled',       'agent', 'cancel'),
    ('in_review',       'in_progress',     'agent', 'start'),
    ('in_review',       'escalated_t2',    'agent', 'escalate'),
    ('in_review',       'waiting_client',  'agent', 'ask_client'),
    ('in_review',       'cancelled',       'agent', 'cancel'),
    ('in_progress',     'escalated_t2',    'agent', 'escalate'),
    ('in_progress',     'escalated_t3',    'agent', 'escalate'),
    ('in_progress',     'waiting_client',  'agent', 'ask_client'),
    ('in_progress',     'pending_closure', 'agent', 'propose_solution'),
    ('in_progress',     'closed',          'agent', 'close'),
    ('escalated_t2',    'escalated_t3',    'agent', 'escalate'),
    ('escalated_t2',    'in_progress',     'agent', 'de_escalate'),
    ('escalated_t2',    'waiting_client',  'agent', 'ask_client'),
    ('escalated_t2',    'pending_closure', 'agent', 'propose_solution'),
    ('escalated_t3',    'escalated_t2',    'agent', 'de_escalate'),
    ('escalated_t3',    'in_progress',     'agent', 'de_escalate'),
    ('escalated_t3',    'waiting_client',  'agent', 'ask_client'),
    ('escalated_t3',    'pending_closure', 'agent', 'propose_solution'),
    ('waiting_client',  'in_progress',     'agent', 'resume'),
    ('waiting_client',  'pending_closure', 'agent', 'propose_solution'),
    ('waiting_client',  'closed',          'agent', 'close'),
    ('pending_closure', 'in_progress',     'agent', 'resume'),
    ('pending_closure', 'closed',          'agent', 'close'),
    ('closed',          'in_progress',     'agent', 'reopen'),

    -- A pending_closure ticket nobody answers closes by itself.
    ('pending_closure', 'closed', 'system', 'auto_close')
ON DUPLICATE KEY UPDATE from_status = from_status;

-- ---------------------------------------------------------------------------
-- Tickets. Shown as HD-<id>; AUTO_INCREMENT starts at 1001 and InnoDB keeps
-- the counter across restarts (MariaDB 10.2.4+), so a number quoted to the
-- desk is never handed out twice.
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS tickets (
    id              INT UNSIGNED NOT NULL AUTO_INCREMENT,
    kind            ENUM('incident', 'request') NOT NULL,
    summary         VARCHAR(200) NOT NULL,
    -- Plain text as typed; the module formats it for display, never as HTML.
    details         TEXT         NOT NULL,
    service_id      INT UNSIGNED NOT NULL,
    team_id         INT UNSIGNED NOT NULL,
    status          VARCHAR(40)  NOT NULL,
    -- Why the ticket waits (waiting_client: the question for the requester).
    status_reason   VARCHAR(300) NOT NULL DEFAULT '',
    -- Copied from the service's defaults when logged; the desk may change them.
    call_type       VARCHAR(40)  NOT NULL,
    priority        TINYINT UNSIGNED NOT NULL,

    -- The person the ticket is for, as the directory described them when the
    -- ticket was logged. These are snapshots on purpose: lists and pages need
    -- no directory look-up per row, and rights follow the organisation at the
    -- time of logging, so a ticket does not silently move to another
    -- department's view (and supervisor) when its requester changes jobs.
    requester_login VARCHAR(64)  NOT NULL,
    requester_name  VARCHAR(200) NOT NULL,
    requester_mail  VARCHAR(200) NOT NULL DEFAULT '',
    requester_phone VARCHAR(64)  NOT NULL DEFAULT '',
    requester_org   VARCHAR(120) NOT NULL DEFAULT '',
    -- Who filled in the form: the requester, or a colleague on their behalf.
    -- Both may see and act on the ticket.
    logged_by_login VARCHAR(64)  NOT NULL,
    logged_by_name  VARCHAR(200) NOT NULL,
    -- 1: everyone in requester_org may see it; 0: only the requester, the
    -- logger, their supervisor and the desk.
    shared          TINYINT(1)   NOT NULL DEFAULT 1,
    assignee_login  VARCHAR(64)  NULL,
    assignee_name   VARCHAR(200) NULL,
    solution        TEXT         NULL,
    -- The new-ticket form's one-time token. UNIQUE so that the database, not
    -- a race-prone "look first" in the module, guarantees that a form posted
    -- twice (double click, reload, retry after a timeout) creates one ticket:
    -- the second INSERT fails with a duplicate key and the module sends that
    -- POST to the ticket the first one created. NULL (never conflicts) for
    -- tickets made without a form.
    form_nonce      VARCHAR(64)  NULL,
    -- DATETIME, not TIMESTAMP: no 2038 limit and no time-zone conversion.
    created_at      DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- Last activity. Set by the module whenever it adds activity, not by an
    -- ON UPDATE clause, so that housekeeping updates do not reorder lists.
    updated_at      DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- When the ticket last reached a final category (closed or cancelled);
    -- NULL while open or pending, and again after a reopen.
    closed_at       DATETIME     NULL,
    PRIMARY KEY (id),
    UNIQUE KEY tickets_form_nonce (form_nonce),
    -- Lists are paged by keyset (WHERE (sort key, id) < (last row's) ORDER BY
    -- sort key DESC, id DESC LIMIT n), never by OFFSET, so each page costs the
    -- same however deep; every list has an index ending in id to walk:
    --   view=mine: requester OR logger (an index merge of the two below)
    KEY tickets_requester (requester_login, id),
    KEY tickets_logged_by (logged_by_login, id),
    --   view=org: everyone in the organisation (shared filtered on the rows)
    KEY tickets_org (requester_org, id),
    --   the desk's view of everything, by each sort order
    KEY tickets_updated (updated_at, id),
    KEY tickets_priority (priority, id),
    KEY tickets_status (status, id),
    -- id alone orders sort=created: ids grow with created_at.
    -- The search box (q): MATCH (summary, details) AGAINST (... IN BOOLEAN MODE).
    FULLTEXT KEY tickets_text (summary, details),
    CONSTRAINT tickets_service_fk FOREIGN KEY (service_id) REFERENCES services (id),
    CONSTRAINT tickets_team_fk FOREIGN KEY (team_id) REFERENCES teams (id),
    CONSTRAINT tickets_status_fk FOREIGN KEY (status)
        REFERENCES ticket_statuses (code) ON UPDATE CASCADE,
    CONSTRAINT tickets_priority_fk FOREIGN KEY (priority) REFERENCES priorities (level)
) ENGINE = InnoDB AUTO_INCREMENT = 1001
  DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------
-- Activity: the ticket's history, oldest first by id. Append-only.
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS ticket_activity (
    id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    ticket_id    INT UNSIGNED    NOT NULL,
    -- created:  the ticket was logged (body: the optional first note)
    -- comment:  the requester or logger wrote something
    -- update:   the service desk's public reply
    -- internal_note: the desk's private journal (internal = 1)
    -- status, resolved, cancelled, reopened: a status change (old/new_status)
    kind         ENUM('created', 'comment', 'update', 'internal_note', 'status',
                      'resolved', 'cancelled', 'reopened') NOT NULL,
    -- Snapshot like the ticket's requester: the name as it was at the time.
    author_login VARCHAR(64)  NOT NULL,
    author_name  VARCHAR(200) NOT NULL,
    body         TEXT         NOT NULL,
    -- 1: only the service desk may read it. Requesters, loggers and
    -- supervisors must never be shown such a row.
    internal     TINYINT(1)   NOT NULL DEFAULT 0,
    old_status   VARCHAR(40)  NULL,
    new_status   VARCHAR(40)  NULL,
    -- The comment form's one-time token: UNIQUE for the same reason as
    -- tickets.form_nonce, so a comment posted twice is stored once.
    form_nonce   VARCHAR(64)  NULL,
    created_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY ticket_activity_form_nonce (form_nonce),
    -- A ticket's history in order (also serves the foreign key).
    KEY ticket_activity_ticket (ticket_id, id),
    -- History belongs to its ticket; tickets are never deleted by the portal,
    -- but if an administrator does, the history goes with it.
    CONSTRAINT ticket_activity_ticket_fk FOREIGN KEY (ticket_id)
        REFERENCES tickets (id) ON DELETE CASCADE,
    CONSTRAINT ticket_activity_old_status_fk FOREIGN KEY (old_status)
        REFERENCES ticket_statuses (code) ON UPDATE CASCADE,
    CONSTRAINT ticket_activity_new_status_fk FOREIGN KEY (new_status)
        REFERENCES ticket_statuses (code) ON UPDATE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------
-- Each user's choice of list columns ("Manage columns"). No row: the default
-- columns. Keyed by login rather than by session, so it survives logging out.
-- ---------------------------------------------------------------------------

CREATE TABLE IF NOT EXISTS user_columns (
    login      VARCHAR(64)  NOT NULL,
    -- Column keys, comma-separated, in display order ("reference,summary,...").
    -- Readers skip keys they do not know, so retiring a column needs no
    -- clean-up here.
    `columns`  VARCHAR(400) NOT NULL,
    updated_at TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
                            ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (login)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
