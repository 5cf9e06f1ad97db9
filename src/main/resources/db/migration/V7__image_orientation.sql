-- The EXIF orientation (1-8) read from the file's header at upload, so metadata can give the
-- displayed width and height beside the stored ones. NULL for images stored before it was read:
-- their displayed size is not known, and is reported as the stored one.
ALTER TABLE photos ADD COLUMN orientation smallint CHECK (orientation BETWEEN 1 AND 8);
