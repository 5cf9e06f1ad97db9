-- Filter batches: every filter applied to every image. The images and the results live in object
-- storage; a row holds only what is needed to run, report and find them, so it stays small however
-- large the images are.
CREATE TABLE batches (
    id           uuid PRIMARY KEY,
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    progress     smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    image_count  integer NOT NULL CHECK (image_count > 0),
    filter_count integer NOT NULL CHECK (filter_count > 0),
    -- [{name, key, format, width, height, bytes}], in submitted order; key is the stored input.
    images       jsonb NOT NULL,
    -- [{name, params}], in submitted order, already validated.
    filters      jsonb NOT NULL,
    -- [{image, filter, key}] for each result made, by image then filter.
    results      jsonb NOT NULL DEFAULT '[]',
    -- [{image, filter, detail}] for each result that could not be made.
    errors       jsonb NOT NULL DEFAULT '[]',
    completed    integer NOT NULL DEFAULT 0,
    failed       integer NOT NULL DEFAULT 0,
    -- Why the batch as a whole failed, when it did.
    error        text,
    attempts     integer NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at   timestamptz,
    finished_at  timestamptz
);

-- A queued batch's position is the number of queued batches created before it.
CREATE INDEX batches_queued ON batches (created_at, id) WHERE status = 'queued';
