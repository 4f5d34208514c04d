-- The outbox's fan-out queue: one small row per event, added when the event is written (by the trigger
-- below, so no writer can forget it) and deleted when the fan-out job has queued the event's deliveries.
-- It replaces events.fanout_pending, whose clearing rewrote every event row (its whole JSON payload and
-- all its index entries) a moment after it was written: about as much database work again as writing
-- the event. A statement-level trigger adds the rows of a many-event insert in one go.
CREATE TABLE event_fanout_queue (
  merchant_id uuid NOT NULL,
  event_id    uuid NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, event_id)
);
CREATE INDEX event_fanout_queue_by_age ON event_fanout_queue (created_at, event_id);

CREATE FUNCTION queue_events_for_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_fanout_queue (merchant_id, event_id, created_at)
    SELECT merchant_id, event_id, created_at FROM written_events;
  RETURN NULL;
END
$$;
CREATE TRIGGER events_queue_for_fanout AFTER INSERT ON events
  REFERENCING NEW TABLE AS written_events FOR EACH STATEMENT EXECUTE FUNCTION queue_events_for_fanout();

INSERT INTO event_fanout_queue (merchant_id, event_id, created_at)
  SELECT merchant_id, event_id, created_at FROM events WHERE fanout_pending;
DROP INDEX events_fanout_pending;
ALTER TABLE events DROP COLUMN fanout_pending;
