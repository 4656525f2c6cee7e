-- 011_feedback: "Did it fix it?" -- asked once of the requester (or the
-- logger) when a ticket reaches Pending Closure or Closed. Yes carries a
-- rating of 1-5 and an optional comment; No reopens the ticket with the
-- comment (and leaves a row, so the desk sees solutions that did not work).
CREATE TABLE IF NOT EXISTS ticket_feedback (
    id          BIGINT UNSIGNED  NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id   INT UNSIGNED     NOT NULL,
    login       VARCHAR(64)      NOT NULL,
    fixed       TINYINT(1)       NOT NULL,
    rating      TINYINT UNSIGNED NULL,
    comment     TEXT             NOT NULL,
    -- The team that had the ticket then: averages per team stay true when
    -- a ticket later moves.
    team_id     INT UNSIGNED     NOT NULL,
    form_nonce  VARCHAR(64)      NULL,
    created_at  DATETIME         NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY ticket_feedback_nonce (form_nonce),
    KEY ticket_feedback_ticket (ticket_id, id),
    KEY ticket_feedback_team (team_id),
    CONSTRAINT ticket_feedback_ticket_fk FOREIGN KEY (ticket_id)
        REFERENCES tickets (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
