-- Signed webhooks: endpoints an owner registers for event types, and the callbacks a job, batch or
-- photo request names (one endpoint each, never listed), with a delivery per event and endpoint and
-- a row per attempt.
CREATE TABLE webhook_endpoints (
    id         uuid PRIMARY KEY,
    owner_id   uuid NOT NULL REFERENCES owners (id),
    url        text NOT NULL,
    -- The event types it receives; NULL for a request's callback, which receives its own work's endings.
    events     text[],
    -- The HMAC key, kept as given out: it must be read to sign.
    secret     text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner_id, created_at) WHERE events IS NOT NULL AND deleted_at IS NULL;

ALTER TABLE jobs ADD COLUMN callback_id uuid REFERENCES webhook_endpoints (id);
ALTER TABLE batches ADD COLUMN callback_id uuid REFERENCES webhook_endpoints (id);
ALTER TABLE photos ADD COLUMN callback_id uuid REFERENCES webhook_endpoints (id);

CREATE TABLE webhook_deliveries (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    -- One event (one ending of one job, batch or photo) may go to several endpoints; a resend is a
    -- new delivery of the same event.
    event_id         uuid NOT NULL,
    event_type       text NOT NULL,
    subject_id       uuid NOT NULL,
    event_created_at timestamptz NOT NULL,
    endpoint_id      uuid NOT NULL REFERENCES webhook_endpoints (id),
    owner_id         uuid NOT NULL REFERENCES owners (id),
    -- Written at the first attempt and sent unchanged on every later one, so the signature and the
    -- receiver's view of the event do not change between retries.
    body             text,
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts         integer NOT NULL DEFAULT 0,
    -- When the next attempt is due; while an attempt is in flight, when it is taken to have died.
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    last_error       text,
    resend_of        uuid REFERENCES webhook_deliveries (id),
    created_at       timestamptz NOT NULL DEFAULT clock_timestamp(),
    finished_at      timestamptz
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_owner ON webhook_deliveries (owner_id, created_at DESC, id DESC);
CREATE INDEX webhook_deliveries_subject ON webhook_deliveries (subject_id);

CREATE TABLE webhook_attempts (
    delivery_id   uuid NOT NULL REFERENCES webhook_deliveries (id),
    number        integer NOT NULL,
    started_at    timestamptz NOT NULL,
    duration_ms   integer NOT NULL,
    response_code integer,
    error         text,
    -- delivered, retrying (another attempt is due) or failed (no more attempts)
    outcome       text NOT NULL,
    PRIMARY KEY (delivery_id, number)
);

-- An ending writes its deliveries in the transaction that records it, whichever code path ends it
-- (a worker, a cancel, the sweeper, a dead letter), so no ending can be missed or sent for a change
-- that rolled back. The body is rendered later, by the dispatcher, off the worker's path.
CREATE FUNCTION webhook_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_row   jsonb;
    v_type  text;
    -- One event, whichever endpoints it goes to.
    v_event uuid := gen_random_uuid();
BEGIN
    IF NEW.status::text NOT IN ('succeeded', 'failed', 'cancelled', 'completed') THEN
        RETURN NEW;
    END IF;
    -- Read through jsonb, since the key column is id in jobs and batches and uuid in photos.
    v_row := to_jsonb(NEW);
    v_type := TG_ARGV[0] || '.' || NEW.status::text;
    INSERT INTO webhook_deliveries (event_id, event_type, subject_id, event_created_at, endpoint_id, owner_id)
    SELECT v_event, v_type, COALESCE(v_row ->> 'id', v_row ->> 'uuid')::uuid, clock_timestamp(), e.id, NEW.owner_id
    FROM webhook_endpoints e
    WHERE e.deleted_at IS NULL
      AND (e.id = (v_row ->> 'callback_id')::uuid OR (e.owner_id = NEW.owner_id AND v_type = ANY (e.events)));
    RETURN NEW;
END
$$;

CREATE TRIGGER jobs_webhook AFTER UPDATE OF status ON jobs FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION webhook_event('job');
-- A job that reuses an earlier job's result is inserted already succeeded.
CREATE TRIGGER jobs_webhook_born_ended AFTER INSERT ON jobs FOR EACH ROW
    WHEN (NEW.status = 'succeeded') EXECUTE FUNCTION webhook_event('job');
CREATE TRIGGER batches_webhook AFTER UPDATE OF status ON batches FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION webhook_event('batch');
CREATE TRIGGER photos_webhook AFTER UPDATE OF status ON photos FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION webhook_event('photo');
