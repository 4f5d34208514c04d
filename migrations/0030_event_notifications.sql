-- Events are announced as they commit: the transaction that writes events sends one NOTIFY (PostgreSQL sends
-- one per transaction for a repeated channel and payload, and only at commit), so the fan-out and the live
-- streams of every node look at once instead of at their next poll. Polling stays, for a listening connection
-- that breaks. Notifications are database-wide, so the channel names the schema (hashed: a channel name is at
-- most 63 bytes), as the listeners do (src/store/db.ts): stores in other schemas of the database are not woken.
CREATE OR REPLACE FUNCTION queue_events_for_fanout() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO event_fanout_queue (merchant_id, event_id, created_at)
    SELECT merchant_id, event_id, created_at FROM written_events;
  PERFORM pg_notify('payorders_events_' || left(md5(current_schema()), 16), '');
  RETURN NULL;
END
$$;
