-- Webhooks: the endpoints merchants register, and one delivery per (endpoint, event) fanned out from the
-- events outbox, retried until delivered or out of attempts.

CREATE TABLE webhook_endpoints (
  merchant_id                uuid NOT NULL REFERENCES merchants,
  endpoint_id                uuid NOT NULL,
  livemode                   boolean NOT NULL,
  url                        text NOT NULL,
  description                text,
  metadata                   jsonb NOT NULL,
  enabled_events             text[] NOT NULL, -- event types, `prefix.*` or `*`
  format                     text NOT NULL,   -- the envelope and signing scheme (standard for /v1; vendor faces add theirs)
  status                     text NOT NULL CHECK (status IN ('enabled', 'disabled')),
  disabled_reason            text CHECK (disabled_reason IN ('merchant', 'gone', 'failing')),
  -- A signing secret must be kept to sign with (unlike an API key, which is only checked): stored as it is,
  -- shown on create and rotation only.
  secret                     text NOT NULL,
  previous_secret            text, -- also signs until previous_secret_expires_at (rotation overlap)
  previous_secret_expires_at timestamptz,
  failing_since              timestamptz, -- first failed attempt since the last success
  lease_until                timestamptz, -- a node is sending this endpoint's deliveries until then
  throttled_until            timestamptz, -- the receiver asked us to wait (Retry-After on 429/503)
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, endpoint_id),
  CHECK ((status = 'disabled') = (disabled_reason IS NOT NULL))
);
CREATE INDEX webhook_endpoints_by_mode ON webhook_endpoints (merchant_id, livemode, endpoint_id);

CREATE TABLE webhook_deliveries (
  merchant_id          uuid NOT NULL,
  delivery_id          uuid NOT NULL,
  endpoint_id          uuid NOT NULL,
  event_id             uuid NOT NULL,
  livemode             boolean NOT NULL,
  event_type           text NOT NULL,
  status               text NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts             integer NOT NULL,
  next_attempt_at      timestamptz, -- null once delivered or failed for good
  last_attempt_at      timestamptz,
  last_response_status integer,
  last_error           text,
  last_latency_ms      integer,
  last_response_body   text,        -- the first 1 KB, for the merchant to debug with
  delivered_at         timestamptz,
  created_at           timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, delivery_id),
  -- Each event reaches each endpoint through one delivery, whichever node fans it out and however often.
  UNIQUE (merchant_id, endpoint_id, event_id),
  FOREIGN KEY (merchant_id, endpoint_id) REFERENCES webhook_endpoints ON DELETE CASCADE
);
-- The sender's work list: whether an endpoint has a delivery due, then its due deliveries in event order.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (merchant_id, endpoint_id, next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (merchant_id, endpoint_id, event_id) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (merchant_id, endpoint_id, delivery_id);
CREATE INDEX webhook_deliveries_by_event ON webhook_deliveries (merchant_id, event_id);
-- Rows arrive in created_at order: BRIN serves the pruning job at almost no cost per insert.
CREATE INDEX webhook_deliveries_by_age ON webhook_deliveries USING brin (created_at);

-- The outbox's fan-out marker: events written from now on are pending until the fan-out job has queued
-- their deliveries. Events from before had no endpoints to go to, so they are added as done.
ALTER TABLE events ADD COLUMN fanout_pending boolean NOT NULL DEFAULT false;
ALTER TABLE events ALTER COLUMN fanout_pending SET DEFAULT true;
CREATE INDEX events_fanout_pending ON events (created_at, event_id) WHERE fanout_pending;
CREATE INDEX events_by_age ON events USING brin (created_at);
