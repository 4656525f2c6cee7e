-- 003: whether a new ticket is shared with the requester's organisation is
-- the service's default, not the form's: a payslip or a password ticket
-- must not show to a whole department because nobody unticked a box.
-- The form still lets the person choose either way.
ALTER TABLE services
    ADD COLUMN IF NOT EXISTS default_shared TINYINT(1) NOT NULL DEFAULT 1
        COMMENT 'new tickets shared with the organisation unless chosen otherwise'
        AFTER default_priority;
