-- The transactional outbox: a work message committed in the same transaction as the rows it is
-- about, and published by a relay once committed (messaging/OutboxRelay).
CREATE TABLE outbox (
    id         bigserial PRIMARY KEY,
    queue      text NOT NULL,
    item       uuid NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- The sweepers ask whether an item still has a message waiting here.
CREATE INDEX outbox_item ON outbox (item);

-- The state machine jobs, batches and photos share (work/WorkTable): a lease renewed by the worker
-- while it runs, the stage it was at, and when the item was last put in line.
ALTER TABLE jobs
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN queued_at   timestamptz DEFAULT now(),
    ADD COLUMN stage       text;
ALTER TABLE jobs DROP CONSTRAINT jobs_status_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
CREATE INDEX jobs_waiting ON jobs (queued_at) WHERE status = 'queued';
CREATE INDEX jobs_active ON jobs (lease_until) WHERE status = 'running';

ALTER TABLE batches
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN queued_at   timestamptz DEFAULT now(),
    ADD COLUMN stage       text;
ALTER TABLE batches DROP CONSTRAINT batches_status_check;
ALTER TABLE batches ADD CONSTRAINT batches_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled'));
CREATE INDEX batches_active ON batches (lease_until) WHERE status = 'running';

-- A photo registered by URL waits unqueued (queued_at NULL) until POST /photos/process.
ALTER TABLE photos
    ADD COLUMN attempts    integer NOT NULL DEFAULT 0,
    ADD COLUMN lease_until timestamptz,
    ADD COLUMN queued_at   timestamptz,
    ADD COLUMN stage       text,
    ADD COLUMN started_at  timestamptz,
    ADD COLUMN finished_at timestamptz;
UPDATE photos SET queued_at = created_at WHERE status = 'pending' AND original_key IS NOT NULL;
-- Rows a worker of an earlier version held: their lease is over, so the sweeper requeues them.
UPDATE photos SET lease_until = now(), queued_at = created_at WHERE status = 'processing';
UPDATE jobs SET lease_until = now() WHERE status = 'running';
UPDATE batches SET lease_until = now() WHERE status = 'running';
CREATE INDEX photos_waiting ON photos (queued_at) WHERE status = 'pending' AND deleted_at IS NULL;
CREATE INDEX photos_active ON photos (lease_until) WHERE status = 'processing';
