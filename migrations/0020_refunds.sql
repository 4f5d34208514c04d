-- Refunds: each sends part or all of a succeeded payment back to the payer. A refund is recorded, holding its
-- amount against the payment, before its provider is asked, so two at once can never exceed what was received.

CREATE TABLE refunds (
  merchant_id       uuid NOT NULL,
  refund_id         uuid NOT NULL,
  livemode          boolean NOT NULL,
  payment_id        uuid NOT NULL,
  order_id          uuid NOT NULL,
  store_id          uuid,
  branch_id         uuid,
  method            text NOT NULL,
  provider          text NOT NULL,
  status            text NOT NULL CHECK (status IN ('pending', 'requires_action', 'succeeded', 'failed', 'canceled')),
  amount            bigint NOT NULL CHECK (amount > 0), -- in the payment's currency
  currency          text NOT NULL,
  order_amount      bigint, -- what it took off the order, in the order's currency, once succeeded
  reason            text,
  metadata          jsonb NOT NULL,
  destination       jsonb, -- the payer's account, for rails that refund to one
  reference         text NOT NULL, -- chosen before the provider is asked: its name for the refund
  transaction_hash  text, -- a refund the merchant sent itself (USDT)
  next_action       jsonb,
  provider_metadata jsonb NOT NULL,
  provider_data     jsonb NOT NULL,
  failure_code      text,
  failure_message   text,
  idempotency_key   text, -- <principal>:<Idempotency-Key>: a retry finds the refund instead of making another
  created_at        timestamptz NOT NULL,
  updated_at        timestamptz NOT NULL,
  succeeded_at      timestamptz,
  next_check_at     timestamptz,
  check_attempts    integer NOT NULL DEFAULT 0,
  PRIMARY KEY (merchant_id, refund_id),
  FOREIGN KEY (merchant_id, payment_id) REFERENCES payments
);
CREATE INDEX refunds_by_payment ON refunds (merchant_id, payment_id, refund_id);
CREATE INDEX refunds_by_order ON refunds (merchant_id, order_id, refund_id);
CREATE UNIQUE INDEX refunds_by_reference ON refunds (merchant_id, livemode, provider, reference);
CREATE UNIQUE INDEX refunds_by_idempotency_key ON refunds (merchant_id, livemode, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- The reconciliation job's work list: refunds still open and due a query.
CREATE INDEX refunds_to_check ON refunds (next_check_at) WHERE status IN ('pending', 'requires_action') AND next_check_at IS NOT NULL;
-- The chain watcher finds the refunds merchants sent by their transaction, while they wait for it: only those.
CREATE INDEX refunds_by_transaction ON refunds (provider, transaction_hash) WHERE transaction_hash IS NOT NULL AND status = 'pending';

-- A succeeded refund is a balance transaction of its own: a payment has one payment transaction and one per refund.
ALTER TABLE balance_transactions DROP CONSTRAINT balance_transactions_type_check;
ALTER TABLE balance_transactions ADD CONSTRAINT balance_transactions_type_check CHECK (type IN ('payment', 'refund'));
ALTER TABLE balance_transactions ADD COLUMN refund_id uuid;
DROP INDEX balance_transactions_by_payment;
CREATE UNIQUE INDEX balance_transactions_by_payment ON balance_transactions (merchant_id, payment_id) WHERE type = 'payment';
CREATE UNIQUE INDEX balance_transactions_by_refund ON balance_transactions (merchant_id, refund_id) WHERE refund_id IS NOT NULL;

-- The sandbox provider's side of refunds: what it was asked to send back, so its query answers from its own
-- records after a lost answer, as a PSP's API would.
CREATE TABLE sandbox_refunds (
  merchant_id uuid NOT NULL REFERENCES merchants,
  method      text NOT NULL,
  reference   text NOT NULL,
  charge      text NOT NULL, -- the charge's reference (a txid)
  amount      bigint NOT NULL,
  transfer_id text NOT NULL, -- the money movement back: a Pix devolução's end-to-end id
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, method, reference)
);
