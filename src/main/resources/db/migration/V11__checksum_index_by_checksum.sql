-- An upload's checksums are looked up before its owner is checked (ImageRepository.owned): led by
-- the owner, this index lost to the owner's listing index whenever the table's statistics were
-- stale, and every upload then read the owner's whole library.
DROP INDEX photos_checksum;
CREATE INDEX photos_checksum ON photos (sha256, owner_id) WHERE deleted_at IS NULL AND sha256 IS NOT NULL;
