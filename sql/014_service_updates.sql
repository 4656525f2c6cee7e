-- 014_service_updates: Service Updates (issue 10) -- the traffic lights as
-- a history, incidents with their updates, planned maintenance, who is
-- subscribed to which service, who says "I am affected too", tickets
-- linked to an incident, and the events that notifications (issue 11)
-- will deliver.
--
-- A service's light is services.status (green | amber | red, as before).
-- The desk changes it with a message (modules/hd_service.c), and each
-- change is one transaction that
--   - updates services (status, status_note; triggers below keep
--     status_since and the uptime history, service_status_changes),
--   - opens an incident when the light leaves green, adds an update to the
--     open one while it stays amber or red, resolves it when it returns to
--     green (incidents, incident_services, incident_updates),
--   - records an event for subscribers (service_events).
-- A maintenance window shows its services Amber "Maintenance" while it
-- runs, computed when read (a light never has to be switched back by a
-- job that might not run); the job 'maintenance-events' only records its
-- start and end as events, once each.

ALTER TABLE services
    -- When the light last changed (services.updated_at moves with any edit).
    ADD COLUMN IF NOT EXISTS status_since DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- Every change of a light, oldest first: the 90-day uptime bars.
CREATE TABLE IF NOT EXISTS service_status_changes (
    id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
    service_id   INT UNSIGNED NOT NULL,
    status       ENUM('green', 'amber', 'red') NOT NULL,
    changed_at   DATETIME     NOT NULL,
    PRIMARY KEY (id),
    KEY service_status_changes_service (service_id, changed_at),
    CONSTRAINT service_status_changes_service_fk FOREIGN KEY (service_id) REFERENCES services (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Where the history starts: each service's light as it is now, from when
-- it was last changed (a fresh install: now).
INSERT INTO service_status_changes (service_id, status, changed_at)
SELECT s.id, s.status, s.status_since FROM services s
WHERE NOT EXISTS (SELECT 1 FROM service_status_changes c WHERE c.service_id = s.id);

-- From now on the database keeps the history itself, whoever changes a
-- light -- the desk through the portal or an admin in SQL: a new service
-- starts its history, a change of light restarts status_since and adds a
-- row.
DROP TRIGGER IF EXISTS services_status_since;
CREATE TRIGGER services_status_since BEFORE UPDATE ON services
FOR EACH ROW
    SET NEW.status_since = IF(NEW.status <> OLD.status
                              AND NEW.status_since <=> OLD.status_since,
                              NOW(), NEW.status_since);
DROP TRIGGER IF EXISTS services_history_insert;
CREATE TRIGGER services_history_insert AFTER INSERT ON services
FOR EACH ROW
    INSERT INTO service_status_changes (service_id, status, changed_at)
    VALUES (NEW.id, NEW.status, NEW.status_since);
DROP TRIGGER IF EXISTS services_history_update;
CREATE TRIGGER services_history_update AFTER UPDATE ON services
FOR EACH ROW
    INSERT INTO service_status_changes (service_id, status, changed_at)
    SELECT NEW.id, NEW.status, NEW.status_since FROM DUAL
    WHERE NEW.status <> OLD.status;

-- An incident: from a light leaving green until it is green again.
-- status and impact use Statuspage's words (its API v2 reads them as they
-- are); impact follows the worst light: amber minor, red major.
CREATE TABLE IF NOT EXISTS incidents (
    id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
    title       VARCHAR(200) NOT NULL,
    status      ENUM('investigating', 'identified', 'monitoring', 'resolved') NOT NULL DEFAULT 'investigating',
    impact      ENUM('none', 'minor', 'major', 'critical') NOT NULL DEFAULT 'minor',
    started_at  DATETIME     NOT NULL,
    updated_at  DATETIME     NOT NULL,
    resolved_at DATETIME     NULL,
    created_by  VARCHAR(64)  NOT NULL,
    PRIMARY KEY (id),
    -- "Unresolved" and "the last 90 days" are both ranges of these.
    KEY incidents_resolved (resolved_at),
    KEY incidents_started (started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS incident_services (
    incident_id INT UNSIGNED NOT NULL,
    service_id  INT UNSIGNED NOT NULL,
    PRIMARY KEY (incident_id, service_id),
    KEY incident_services_service (service_id, incident_id),
    CONSTRAINT incident_services_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id),
    CONSTRAINT incident_services_service_fk FOREIGN KEY (service_id) REFERENCES services (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Each change the desk made, with its message, who and when.
CREATE TABLE IF NOT EXISTS incident_updates (
    id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
    incident_id INT UNSIGNED NOT NULL,
    status      ENUM('investigating', 'identified', 'monitoring', 'resolved') NOT NULL,
    light       ENUM('green', 'amber', 'red') NOT NULL,
    body        TEXT         NOT NULL,
    author_login VARCHAR(64) NOT NULL,
    author_name VARCHAR(200) NOT NULL,
    created_at  DATETIME     NOT NULL,
    PRIMARY KEY (id),
    KEY incident_updates_incident (incident_id, id),
    KEY incident_updates_created (created_at),
    CONSTRAINT incident_updates_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Planned maintenance: shown ahead, Amber "Maintenance" while it runs.
CREATE TABLE IF NOT EXISTS maintenances (
    id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
    title        VARCHAR(200) NOT NULL,
    body         TEXT         NOT NULL,
    starts_at    DATETIME     NOT NULL,
    ends_at      DATETIME     NOT NULL,
    created_by   VARCHAR(64)  NOT NULL,
    created_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    cancelled_at DATETIME     NULL,
    -- Set by the job 'maintenance-events' when it has recorded the start
    -- and the end (once each, whatever number of nodes run it).
    started_event_at DATETIME NULL,
    ended_event_at   DATETIME NULL,
    PRIMARY KEY (id),
    KEY maintenances_window (ends_at, starts_at),
    CONSTRAINT maintenances_window_ck CHECK (ends_at > starts_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS maintenance_services (
    maintenance_id INT UNSIGNED NOT NULL,
    service_id     INT UNSIGNED NOT NULL,
    PRIMARY KEY (maintenance_id, service_id),
    KEY maintenance_services_service (service_id, maintenance_id),
    CONSTRAINT maintenance_services_maintenance_fk FOREIGN KEY (maintenance_id) REFERENCES maintenances (id),
    CONSTRAINT maintenance_services_service_fk FOREIGN KEY (service_id) REFERENCES services (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who follows which service. A person with no row for a service has not
-- chosen: HelpdeskSubscribeByDefault decides (All: subscribed). Rows are
-- choices, so "unsubscribe" survives a new default.
CREATE TABLE IF NOT EXISTS service_subscriptions (
    login      VARCHAR(64)  NOT NULL,
    service_id INT UNSIGNED NOT NULL,
    subscribed TINYINT(1)   NOT NULL,
    chosen_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (login, service_id),
    KEY service_subscriptions_service (service_id, subscribed),
    CONSTRAINT service_subscriptions_service_fk FOREIGN KEY (service_id) REFERENCES services (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- "I am affected too": people linked to an open incident instead of
-- logging a duplicate ticket; they hear when it is resolved.
CREATE TABLE IF NOT EXISTS incident_affected (
    incident_id INT UNSIGNED NOT NULL,
    login       VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    created_at  DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (incident_id, login),
    KEY incident_affected_login (login, incident_id),
    CONSTRAINT incident_affected_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Tickets the desk linked to an incident: resolved together with it.
CREATE TABLE IF NOT EXISTS incident_tickets (
    incident_id INT UNSIGNED NOT NULL,
    ticket_id   INT UNSIGNED NOT NULL,
    linked_by   VARCHAR(64)  NOT NULL,
    linked_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (incident_id, ticket_id),
    KEY incident_tickets_ticket (ticket_id),
    CONSTRAINT incident_tickets_incident_fk FOREIGN KEY (incident_id) REFERENCES incidents (id),
    CONSTRAINT incident_tickets_ticket_fk FOREIGN KEY (ticket_id) REFERENCES tickets (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- What happened that subscribers should hear of, written in the same
-- transaction as the change; issue 11's outbox turns these into mail.
CREATE TABLE IF NOT EXISTS service_events (
    id             INT UNSIGNED NOT NULL AUTO_INCREMENT,
    kind           ENUM('status', 'incident_resolved', 'maintenance_scheduled',
                        'maintenance_started', 'maintenance_ended') NOT NULL,
    service_id     INT UNSIGNED NULL,
    incident_id    INT UNSIGNED NULL,
    maintenance_id INT UNSIGNED NULL,
    created_at     DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY service_events_created (created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- News from the desk: shown from publish_at until expires_at.
CREATE TABLE IF NOT EXISTS news (
    id           INT UNSIGNED NOT NULL AUTO_INCREMENT,
    title        VARCHAR(200) NOT NULL,
    body         TEXT         NOT NULL,
    publish_at   DATETIME     NOT NULL,
    expires_at   DATETIME     NULL,
    author_login VARCHAR(64)  NOT NULL,
    author_name  VARCHAR(200) NOT NULL,
    updated_at   DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY news_publish (publish_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Frequently asked questions, by category, in the desk's order.
CREATE TABLE IF NOT EXISTS faq (
    id         INT UNSIGNED NOT NULL AUTO_INCREMENT,
    question   VARCHAR(300) NOT NULL,
    answer     TEXT         NOT NULL,
    category   VARCHAR(80)  NOT NULL,
    sort_order INT          NOT NULL DEFAULT 0,
    updated_at DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    KEY faq_order (category, sort_order),
    FULLTEXT KEY faq_text (question, answer)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
