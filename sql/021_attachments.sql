-- 021_attachments: files attached to tickets (modules/hd_attach.c,
-- modules/page_attach.c; issue 13).
--
-- Stored in the database so every Apache node behind a balancer sees them.
-- The module's database layer passes parameters as C strings (apr_dbd), so
-- a file's bytes go in as base64 in rows of at most 512 KB raw (683 KB of
-- base64): no single huge row or packet, whatever the file's size.
--
-- An upload streams its chunks in under a random chunk_key as they arrive
-- (autocommitted, never holding a whole file).  At the end ONE transaction
-- either adopts them (a new attachment_blobs row naming the key) or, when a
-- blob with the same SHA-256 is there already, deletes them (identical
-- content is stored once) -- and inserts the attachments rows and the
-- activity entry.  Chunks no blob names are an upload that failed or is
-- still under way: the page deletes them when it gives up, and the job
-- attachment-sweep deletes any left (Apache killed mid-upload) after an
-- hour.

CREATE TABLE IF NOT EXISTS attachment_chunks (
    chunk_key   CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    seq         INT UNSIGNED NOT NULL,
    -- base64 of up to 786,432 bytes
    data        MEDIUMTEXT CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (chunk_key, seq),
    KEY attachment_chunks_created (created_at)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS attachment_blobs (
    -- lower-case hex SHA-256 of the whole content, computed at upload and
    -- checked again on every download
    sha256      CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
    chunk_key   CHAR(32) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    size        BIGINT UNSIGNED NOT NULL,
    chunks      INT UNSIGNED NOT NULL,
    -- the raster type its first bytes show (image/png, image/jpeg,
    -- image/gif, image/webp), NULL for anything else: only these are ever
    -- shown inline, whatever type the uploader claimed
    image_type  VARCHAR(20) CHARACTER SET ascii NULL,
    created_at  DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    UNIQUE KEY attachment_blobs_key (chunk_key)
) ENGINE=InnoDB;

CREATE TABLE IF NOT EXISTS attachments (
    id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
    ticket_id     INT UNSIGNED NOT NULL,
    -- the "attached" entry of the activity stream that shows it
    activity_id   BIGINT UNSIGNED NULL,
    -- 1: attached to an internal note, only agents see it
    internal      TINYINT(1) NOT NULL DEFAULT 0,
    description   VARCHAR(500) NOT NULL DEFAULT '',
    -- the browser's name made safe (last path component, no control or
    -- reordering characters, at most 255 bytes)
    filename      VARCHAR(255) NOT NULL,
    -- as the uploader's browser said (sent back with nosniff)
    content_type  VARCHAR(100) CHARACTER SET ascii NOT NULL,
    size          BIGINT UNSIGNED NOT NULL,
    sha256        CHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    author_login  VARCHAR(64) NOT NULL,
    author_name   VARCHAR(200) NOT NULL,
    created_at    DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    KEY attachments_ticket (ticket_id, id),
    KEY attachments_sha (sha256),
    CONSTRAINT attachments_blob FOREIGN KEY (sha256)
        REFERENCES attachment_blobs (sha256),
    CONSTRAINT attachments_ticket_fk FOREIGN KEY (ticket_id)
        REFERENCES tickets (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- "Alice attached report.pdf" in the activity stream.
ALTER TABLE ticket_activity
    MODIFY kind ENUM('created', 'comment', 'update', 'internal_note', 'status',
                     'resolved', 'cancelled', 'reopened', 'assigned',
                     'changed', 'attached') NOT NULL;
