-- 010_channel: how a ticket reached the desk. The portal's form is 'web';
-- an agent logging a caller's ticket is 'phone' (the caller is the
-- requester); 'api' a program through the XML/JSON API; 'email' is for the
-- mail intake to come.
ALTER TABLE tickets
    ADD COLUMN IF NOT EXISTS channel ENUM('web', 'phone', 'email', 'api')
        NOT NULL DEFAULT 'web' AFTER kind;
