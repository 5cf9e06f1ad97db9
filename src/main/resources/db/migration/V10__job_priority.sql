-- Interactive work (someone is watching it) runs ahead of bulk backfills: each job says which line
-- it waits in, so the sweeper republishes it to the right queue and its worker admits it first.
ALTER TABLE jobs ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal'));

-- The order jobs were queued in, which their messages follow: jobs of one request share their
-- created_at (the transaction's time), so a queued job's place in line is counted by this instead.
ALTER TABLE jobs ADD COLUMN line_seq bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX jobs_queued_line ON jobs (priority, line_seq) WHERE status = 'queued';
