-- Owners and their API keys. Everything stored belongs to an owner; a key acts for one owner, with
-- scopes. The default owner is the one an instance in anonymous mode acts as, and the one the first
-- admin key is made for, so data stored before keys existed stays visible to that first admin.
CREATE TABLE owners (
    id         uuid PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO owners (id, name) VALUES ('00000000-0000-0000-0000-000000000000', 'default');

-- A key is shown once, at creation; only its SHA-256 is kept. Keys are 256 random bits, so a fast
-- hash is enough: there is nothing to guess from it.
CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    owner_id     uuid NOT NULL REFERENCES owners (id),
    name         text NOT NULL,
    key_hash     text NOT NULL UNIQUE,
    scopes       text[] NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_keys_owner ON api_keys (owner_id, created_at);

-- A browser's sign-in: the cookie holds a random token, the row its SHA-256 and the key it was made
-- with (revoking the key ends its sessions).
CREATE TABLE sessions (
    token_hash  text PRIMARY KEY,
    key_id      uuid NOT NULL REFERENCES api_keys (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);

ALTER TABLE photos ADD COLUMN owner_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000' REFERENCES owners (id);
ALTER TABLE jobs ADD COLUMN owner_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000' REFERENCES owners (id);
ALTER TABLE batches ADD COLUMN owner_id uuid NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000' REFERENCES owners (id);
-- New rows must say whose they are.
ALTER TABLE photos ALTER COLUMN owner_id DROP DEFAULT;
ALTER TABLE jobs ALTER COLUMN owner_id DROP DEFAULT;
ALTER TABLE batches ALTER COLUMN owner_id DROP DEFAULT;

-- Every listing is per owner, newest first.
DROP INDEX photos_listing;
CREATE INDEX photos_listing ON photos (owner_id, created_at DESC, uuid DESC) WHERE deleted_at IS NULL;
DROP INDEX photos_gallery;
CREATE INDEX photos_gallery ON photos (owner_id, created_at DESC, uuid DESC) WHERE status = 'completed' AND deleted_at IS NULL;
DROP INDEX jobs_recent;
CREATE INDEX jobs_recent ON jobs (owner_id, created_at DESC, id DESC);
