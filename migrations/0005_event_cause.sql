-- Every event says who caused it: an API key or user (key_…/usr_…) through a request (its Request-Id and
-- Idempotency-Key), a background job, or a payment provider. Events written before this have none.
ALTER TABLE events ADD COLUMN actor_type text CHECK (actor_type IN ('api_key', 'user', 'job', 'provider'));
ALTER TABLE events ADD COLUMN actor_id text;
ALTER TABLE events ADD COLUMN request_id text;
ALTER TABLE events ADD COLUMN idempotency_key text;
