-- Payments: each one attempt to pay an order on one rail (a Pix charge, a boleto), the merchants' rail
-- settings, the provider events already applied, the secrets that sign providers' notifications, and the
-- sandbox provider's own records.

-- amount_paid is every minor unit received; amount_overpaid the part of it owed back to payers.
ALTER TABLE orders ADD COLUMN amount_overpaid bigint NOT NULL DEFAULT 0;
-- The order's payments, oldest first, so an order is shown with their ids from its own row.
ALTER TABLE orders ADD COLUMN payment_ids jsonb NOT NULL DEFAULT '[]';

CREATE TABLE payments (
  merchant_id        uuid NOT NULL,
  payment_id         uuid NOT NULL,
  order_id           uuid NOT NULL,
  livemode           boolean NOT NULL,
  method             text NOT NULL,
  provider           text NOT NULL,
  status             text NOT NULL CHECK (status IN ('pending', 'processing', 'succeeded', 'failed', 'canceled', 'expired')),
  amount             bigint NOT NULL CHECK (amount > 0),
  currency           text NOT NULL,
  amount_received    bigint NOT NULL DEFAULT 0 CHECK (amount_received >= 0),
  fee                bigint NOT NULL DEFAULT 0 CHECK (fee >= 0),
  instructions       jsonb,
  provider_reference text, -- what the provider's notifications name: a Pix txid, a boleto's nosso número
  provider_metadata  jsonb NOT NULL,
  provider_data      jsonb NOT NULL, -- the connector's own state, opaque to the rest
  failure_code       text,
  failure_message    text,
  late               boolean NOT NULL DEFAULT false,
  store_id           uuid, -- the order's, so store and branch users see the payments of their orders
  branch_id          uuid,
  expires_at         timestamptz,
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  succeeded_at       timestamptz,
  next_check_at      timestamptz, -- when the reconciliation job asks the provider next
  check_attempts     integer NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, payment_id),
  FOREIGN KEY (merchant_id, order_id) REFERENCES orders
);
CREATE UNIQUE INDEX payments_by_reference ON payments (merchant_id, livemode, provider, provider_reference)
  WHERE provider_reference IS NOT NULL;
CREATE INDEX payments_by_order ON payments (merchant_id, order_id, payment_id);
CREATE INDEX payments_by_status ON payments (merchant_id, status, payment_id);
CREATE INDEX payments_by_store ON payments (merchant_id, store_id, branch_id, payment_id) WHERE store_id IS NOT NULL;
-- The reconciliation job's work list: only payments still open and due a query are in it.
CREATE INDEX payments_to_check ON payments (next_check_at)
  WHERE status IN ('pending', 'processing') AND next_check_at IS NOT NULL;

-- A provider event (a Pix end-to-end id, a boleto's settlement) applied once: a callback that arrives twice,
-- or a callback and a reconciliation query that saw the same money, count once.
CREATE TABLE provider_events (
  merchant_id       uuid NOT NULL,
  livemode          boolean NOT NULL,
  provider          text NOT NULL,
  provider_event_id text NOT NULL,
  payment_id        uuid NOT NULL,
  received_at       timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode, provider, provider_event_id),
  FOREIGN KEY (merchant_id, payment_id) REFERENCES payments
);

-- Per merchant and mode: the rails set up and the rules for short and late money, as the settings API shows them.
CREATE TABLE payment_settings (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  settings    jsonb NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode)
);

-- The HMAC secrets that sign a provider's notifications to /hooks, made on first use: nothing to configure.
CREATE TABLE notification_secrets (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  provider    text NOT NULL,
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode, provider)
);

-- The sandbox provider's side: the charges it was asked for and what happened to them, so its reconciliation
-- query answers from its own records as a PSP's API would.
CREATE TABLE sandbox_charges (
  merchant_id   uuid NOT NULL REFERENCES merchants,
  method        text NOT NULL,
  reference     text NOT NULL,
  status        text NOT NULL CHECK (status IN ('active', 'paid', 'failed', 'canceled')),
  amount        bigint NOT NULL,
  amount_paid   bigint,
  transfer_id   text, -- the money movement's id: a Pix end-to-end id
  payer         jsonb,
  expires_at    timestamptz,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, method, reference)
);
