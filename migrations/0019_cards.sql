-- Cards: publishable keys, tokens, saved cards (payment methods), the per-merchant fingerprint key, the
-- sandbox acquirer's own records, and the payment statuses a card adds. No card number or CVC is stored
-- anywhere: a token and a saved card keep the acquirer's reference and what may be shown (brand, last 4).

ALTER TABLE payments DROP CONSTRAINT payments_status_check;
ALTER TABLE payments ADD CONSTRAINT payments_status_check
  CHECK (status IN ('pending', 'processing', 'requires_action', 'requires_capture', 'succeeded', 'failed', 'canceled', 'expired'));

-- Authorisations lapse: the expiry job finds them by when they are next looked at.
CREATE INDEX payments_authorizations_due ON payments (next_check_at)
  WHERE status = 'requires_capture' AND next_check_at IS NOT NULL;

-- pk_test_…/pk_live_…: public by design (embedded in pages), so kept in full; good for POST /v1/tokens only.
CREATE TABLE publishable_keys (
  merchant_id uuid NOT NULL REFERENCES merchants,
  key_id      uuid NOT NULL,
  livemode    boolean NOT NULL,
  key         text NOT NULL,
  created_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  PRIMARY KEY (merchant_id, key_id),
  UNIQUE (merchant_id, key)
);

-- Same card, same fingerprint, per merchant and mode: HMAC-SHA256 of the number under this key.
CREATE TABLE card_fingerprint_keys (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  secret      bytea NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode)
);

-- tok_…: single use, short-lived. What the acquirer gave back and what may be shown of the card.
CREATE TABLE card_tokens (
  merchant_id    uuid NOT NULL REFERENCES merchants,
  token_id       uuid NOT NULL,
  livemode       boolean NOT NULL,
  provider       text NOT NULL,
  card_reference text NOT NULL,
  brand          text NOT NULL,
  last4          text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month      integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year       integer NOT NULL,
  funding        text NOT NULL,
  country        text,
  fingerprint    text NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL,
  used_at        timestamptz,
  PRIMARY KEY (merchant_id, token_id)
);

-- pm_…: a card saved for later payments (on_session card on file, off_session for merchant-initiated ones).
CREATE TABLE payment_methods (
  merchant_id       uuid NOT NULL REFERENCES merchants,
  payment_method_id uuid NOT NULL,
  livemode          boolean NOT NULL,
  customer_id       uuid,
  reference         text,
  usage             text NOT NULL CHECK (usage IN ('on_session', 'off_session')),
  provider          text NOT NULL,
  card_reference    text NOT NULL,
  brand             text NOT NULL,
  last4             text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month         integer NOT NULL,
  exp_year          integer NOT NULL,
  funding           text NOT NULL,
  country           text,
  fingerprint       text NOT NULL,
  created_at        timestamptz NOT NULL,
  deleted_at        timestamptz,
  PRIMARY KEY (merchant_id, payment_method_id)
);
CREATE INDEX payment_methods_by_customer ON payment_methods (merchant_id, livemode, customer_id, payment_method_id) WHERE deleted_at IS NULL;
CREATE INDEX payment_methods_by_reference ON payment_methods (merchant_id, livemode, reference, payment_method_id) WHERE deleted_at IS NULL;

-- The sandbox acquirer's vault: how each card it was given behaves (the test card's meaning), never its number.
CREATE TABLE sandbox_cards (
  merchant_id uuid NOT NULL REFERENCES merchants,
  reference   text NOT NULL,
  behaviour   text NOT NULL,
  -- A card that asks for 3-D Secure on its first use only (4000002500003155) has been set up.
  set_up      boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, reference)
);

-- The sandbox acquirer's charges: authorised, captured, voided, or waiting on a 3-D Secure challenge.
CREATE TABLE sandbox_card_charges (
  merchant_id    uuid NOT NULL REFERENCES merchants,
  reference      text NOT NULL,
  card_reference text NOT NULL,
  status         text NOT NULL CHECK (status IN ('challenge', 'authorized', 'captured', 'voided', 'failed')),
  capture_method text NOT NULL,
  amount         bigint NOT NULL,
  amount_captured bigint NOT NULL DEFAULT 0,
  amount_refunded bigint NOT NULL DEFAULT 0,
  return_url     text,
  created_at     timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, reference)
);
