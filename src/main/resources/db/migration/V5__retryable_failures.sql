-- Whether running a failed job again could succeed: not for a damaged file or an image too large
-- for any worker, yes for a deadline, a vanished worker or an outage. The web app offers Retry by it.
ALTER TABLE jobs ADD COLUMN retryable boolean;
