-- The spine: tenants, access, customers, orders, the event outbox and idempotency records.
-- Every table carries merchant_id and every key starts with it, so the schema can be distributed by
-- merchant (Citus) later. Ids are UUIDv7 made by the application (PostgreSQL 15 has no uuidv7()).
-- Money is bigint minor units.

CREATE TABLE merchants (
  merchant_id uuid PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL
);

CREATE TABLE stores (
  merchant_id uuid NOT NULL REFERENCES merchants,
  store_id    uuid NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, store_id)
);

CREATE TABLE branches (
  merchant_id uuid NOT NULL,
  branch_id   uuid NOT NULL,
  store_id    uuid NOT NULL,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, branch_id),
  UNIQUE (merchant_id, store_id, branch_id),
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores
);

CREATE TABLE users (
  merchant_id   uuid NOT NULL REFERENCES merchants,
  user_id       uuid NOT NULL,
  email         text NOT NULL,
  password_hash text NOT NULL,
  role          text NOT NULL CHECK (role IN ('owner', 'store', 'branch')),
  store_id      uuid,
  branch_id     uuid,
  created_at    timestamptz NOT NULL,
  disabled_at   timestamptz,
  PRIMARY KEY (merchant_id, user_id),
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores,
  FOREIGN KEY (merchant_id, store_id, branch_id) REFERENCES branches (merchant_id, store_id, branch_id),
  CHECK (
    (role = 'owner' AND store_id IS NULL AND branch_id IS NULL) OR
    (role = 'store' AND store_id IS NOT NULL AND branch_id IS NULL) OR
    (role = 'branch' AND store_id IS NOT NULL AND branch_id IS NOT NULL)
  )
);
CREATE UNIQUE INDEX users_email ON users (merchant_id, lower(email));
-- Sign-in starts from an email alone; this index serves that one lookup across merchants.
CREATE INDEX users_by_email ON users (lower(email));

CREATE TABLE api_keys (
  merchant_id uuid NOT NULL REFERENCES merchants,
  key_id      uuid NOT NULL,
  livemode    boolean NOT NULL,
  name        text,
  secret_hash text NOT NULL, -- sha256 hex of the full key; the key itself is shown once and never stored
  last4       text NOT NULL,
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz, -- set when the key is rolled: it keeps working until then
  revoked_at  timestamptz,
  PRIMARY KEY (merchant_id, key_id),
  UNIQUE (merchant_id, secret_hash)
);

CREATE TABLE customers (
  merchant_id uuid NOT NULL REFERENCES merchants,
  customer_id uuid NOT NULL,
  livemode    boolean NOT NULL,
  name        text,
  email       text,
  phone       text,
  tax_id_type text,
  tax_id      text,
  metadata    jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, customer_id)
);
CREATE INDEX customers_by_email ON customers (merchant_id, lower(email)) WHERE email IS NOT NULL;

CREATE TABLE orders (
  merchant_id         uuid NOT NULL,
  order_id            uuid NOT NULL,
  livemode            boolean NOT NULL,
  status              text NOT NULL,
  amount              bigint NOT NULL CHECK (amount > 0),
  currency            text NOT NULL,
  amount_paid         bigint NOT NULL DEFAULT 0,
  amount_refunded     bigint NOT NULL DEFAULT 0,
  customer_id         uuid,
  reference           text,
  description         text,
  metadata            jsonb NOT NULL,
  line_items          jsonb NOT NULL,
  payment_methods     jsonb, -- null: every method the merchant has enabled
  locale              text,
  redirect_url        text,
  store_id            uuid,
  branch_id           uuid,
  expires_at          timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  canceled_at         timestamptz,
  cancellation_reason text,
  expired_at          timestamptz,
  PRIMARY KEY (merchant_id, order_id),
  FOREIGN KEY (merchant_id, customer_id) REFERENCES customers,
  FOREIGN KEY (merchant_id, store_id) REFERENCES stores,
  FOREIGN KEY (merchant_id, store_id, branch_id) REFERENCES branches (merchant_id, store_id, branch_id)
);
CREATE INDEX orders_by_status ON orders (merchant_id, status, order_id);
CREATE INDEX orders_by_reference ON orders (merchant_id, reference) WHERE reference IS NOT NULL;
CREATE INDEX orders_by_customer ON orders (merchant_id, customer_id, order_id) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_by_store ON orders (merchant_id, store_id, branch_id, order_id) WHERE store_id IS NOT NULL;
-- The expiry sweeper's work list: only orders that can still expire are in it.
CREATE INDEX orders_expiring ON orders (expires_at) WHERE status IN ('open', 'requires_action') AND expires_at IS NOT NULL;

-- The outbox: every state change writes one row here in the same transaction as the change.
CREATE TABLE events (
  merchant_id uuid NOT NULL,
  event_id    uuid NOT NULL,
  livemode    boolean NOT NULL,
  type        text NOT NULL,
  object_id   uuid NOT NULL,
  data        json NOT NULL, -- the object as the canonical API shows it after the change, kept as sent (never queried into)
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, event_id)
);
CREATE INDEX events_by_object ON events (merchant_id, object_id, event_id);

-- One row per (merchant, mode, Idempotency-Key): written in the same transaction as the work it guards,
-- holding the response to replay.
CREATE TABLE idempotency_keys (
  merchant_id     uuid NOT NULL,
  livemode        boolean NOT NULL,
  idempotency_key text NOT NULL,
  fingerprint     text NOT NULL,
  response_status integer,
  response_body   text,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode, idempotency_key)
);
-- Rows arrive in created_at order, so a BRIN index serves the pruning job at almost no cost per insert.
CREATE INDEX idempotency_keys_by_age ON idempotency_keys USING brin (created_at);
