-- Content-addressed images and results.
-- An upload's SHA-256 (hex), computed while it streams in: the same bytes uploaded again by the
-- same owner answer with the image already stored. NULL for photos registered by URL until fetched.
ALTER TABLE photos ADD COLUMN sha256 text;
CREATE INDEX photos_checksum ON photos (owner_id, sha256) WHERE deleted_at IS NULL AND sha256 IS NOT NULL;

-- A job remembers the checksum of its input and its parameters with defaults filled in, so a later
-- job with the same three reuses its result at once (reused_from names the job that ran).
-- result_variants holds, for format "auto", each encoding's key by media type; result_key is then
-- the one served to a client that accepts none of the others.
ALTER TABLE jobs ADD COLUMN input_sha256 text,
                 ADD COLUMN canonical_params jsonb,
                 ADD COLUMN reused_from uuid REFERENCES jobs (id),
                 ADD COLUMN result_variants jsonb;
CREATE INDEX jobs_reuse ON jobs (owner_id, input_sha256, operation) WHERE status = 'succeeded' AND input_sha256 IS NOT NULL;
