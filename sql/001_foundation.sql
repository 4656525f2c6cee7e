-- 001_foundation: the service catalogue shown on the status board.
--
-- Applied once by `stack.sh migrate`, which records it in schema_migrations.
-- Migrations only ever move forward: change the schema in a new numbered
-- file, never by editing this one.

CREATE TABLE services (
    id          INT UNSIGNED NOT NULL AUTO_INCREMENT,
    -- Stable short name used in URLs and by tickets ("email", "vpn").
    code        VARCHAR(40)  NOT NULL,
    name        VARCHAR(120) NOT NULL,
    description VARCHAR(500) NOT NULL DEFAULT '',
    -- Traffic light on the status board; status_note says why it is not green.
    status      ENUM('green', 'amber', 'red') NOT NULL DEFAULT 'green',
    status_note VARCHAR(500) NOT NULL DEFAULT '',
    sort_order  INT          NOT NULL DEFAULT 0,
    -- Retired services stay for old tickets' sake but leave the board.
    active      TINYINT(1)   NOT NULL DEFAULT 1,
    updated_at  TIMESTAMP    NOT NULL DEFAULT CURRENT_TIMESTAMP
                             ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    UNIQUE KEY services_code (code),
    -- The board lists active services in display order.
    KEY services_board (active, sort_order)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
