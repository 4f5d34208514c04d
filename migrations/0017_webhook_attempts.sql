-- Every attempt of a webhook delivery, kept with it (and pruned with it): what was answered, when, how fast.
CREATE TABLE webhook_attempts (
  merchant_id     uuid NOT NULL,
  delivery_id     uuid NOT NULL,
  attempt         integer NOT NULL, -- 1 for the first
  at              timestamptz NOT NULL,
  response_status integer,
  error           text,             -- no answer: timeout, connection_failed, blocked_address, …
  latency_ms      integer NOT NULL,
  response_body   text,             -- the first 1 KB
  PRIMARY KEY (merchant_id, delivery_id, attempt),
  FOREIGN KEY (merchant_id, delivery_id) REFERENCES webhook_deliveries ON DELETE CASCADE
);
