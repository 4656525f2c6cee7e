-- 005_job_leases: the background runner's bookkeeping (modules/hd_jobs.c).
--
-- Every Apache node runs the same jobs, but each run must happen once across
-- all nodes sharing this database. A job's row in job_leases is its lease: a
-- process claims it with one UPDATE that changes the row only when the job is
-- due and the lease is free (expired, or already that process's), and the
-- process that changed the row runs the job. The holder renews the lease with
-- every run; when it stops or crashes, the lease runs out and another process
-- takes the job over. Every time here is the database's NOW(6), so the nodes'
-- clocks never matter.
--
-- The module makes a job's row the first time it sees the job, so a new job
-- needs no migration. Both statements are repeatable (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS job_leases (
    -- The job's name in the module's job table, e.g. 'heartbeat'.
    job          VARCHAR(64)     NOT NULL,
    -- Who claimed it last: "host:pid" of an Apache child process. NULL until
    -- the first claim.
    holder       VARCHAR(255)    NULL,
    -- When the last run was claimed, i.e. started. The job is due again when
    -- this is its interval ago (or the last run did not end 'ok').
    claimed_at   DATETIME(6)     NULL,
    -- Until when nobody but the holder may claim it (HelpdeskJobLease seconds
    -- after the claim). Setting it to the past hands the job to whichever
    -- process looks next.
    expires_at   DATETIME(6)     NULL,
    -- Runs claimed since the row was made.
    runs         BIGINT UNSIGNED NOT NULL DEFAULT 0,
    -- When the last run ended and how: 'ok', 'unavailable', 'timeout',
    -- 'conflict', 'failed' (hd_db_outcome_name). NULL before the first end.
    last_run_at  DATETIME(6)     NULL,
    last_outcome VARCHAR(16)     NULL,
    PRIMARY KEY (job)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per run, for the question "did it run, where and how?". The runner
-- deletes a job's rows older than 7 days after each of its runs.
CREATE TABLE IF NOT EXISTS job_runs (
    id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
    job         VARCHAR(64)     NOT NULL,
    holder      VARCHAR(255)    NOT NULL,
    -- When the claim came back (at most a round trip after claimed_at) and
    -- when the run was recorded.
    started_at  DATETIME(6)     NOT NULL,
    finished_at DATETIME(6)     NOT NULL,
    outcome     VARCHAR(16)     NOT NULL,
    PRIMARY KEY (id),
    KEY job_runs_job (job, started_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
