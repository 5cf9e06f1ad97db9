-- The photo-processor schema: photos move pending -> processing -> completed | failed.
CREATE TYPE photo_status AS ENUM ('pending', 'processing', 'completed', 'failed');

CREATE TABLE photos (
    uuid         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    url          text,
    status       photo_status NOT NULL DEFAULT 'pending',
    created_at   timestamptz NOT NULL DEFAULT now(),
    -- Darkroom's own columns: the stored original and what its header says.
    filename     text,
    content_type text,
    size_bytes   bigint,
    width        integer,
    height       integer,
    original_key text,
    error        text,
    deleted_at   timestamptz
);

-- Newest-first listing with a (created_at, uuid) cursor skips deleted photos.
CREATE INDEX photos_listing ON photos (created_at DESC, uuid DESC) WHERE deleted_at IS NULL;
CREATE INDEX photos_pending ON photos (created_at) WHERE status = 'pending' AND deleted_at IS NULL;

-- Exactly as the photo-processor spec gives it.
CREATE TABLE photo_thumbnails (
    uuid       uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    photo_uuid uuid NOT NULL REFERENCES photos (uuid),
    width      smallint NOT NULL,
    height     smallint NOT NULL,
    url        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photo_thumbnails_photo ON photo_thumbnails (photo_uuid);

CREATE TABLE jobs (
    id                  uuid PRIMARY KEY,
    image_id            uuid NOT NULL REFERENCES photos (uuid),
    operation           text NOT NULL,
    params              jsonb NOT NULL DEFAULT '{}',
    status              text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
    progress            smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
    error               text,
    result_key          text,
    result_content_type text,
    attempts            integer NOT NULL DEFAULT 0,
    created_at          timestamptz NOT NULL DEFAULT now(),
    started_at          timestamptz,
    finished_at         timestamptz
);
CREATE INDEX jobs_recent ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_image ON jobs (image_id);
