-- Interactive work (someone is watching it) runs ahead of bulk backfills: each job says which line
-- it waits in, so the sweeper republishes it to the right queue and its worker admits it first.
ALTER TABLE jobs ADD COLUMN priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('high', 'normal'));

-- A queued job's place in its line, which its events carry, is counted from this index.
CREATE INDEX jobs_queued_line ON jobs (priority, created_at) WHERE status = 'queued';
