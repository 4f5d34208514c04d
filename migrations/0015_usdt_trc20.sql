-- USDT on Tron: deposit addresses derived per payment from the merchant's xpub, the transfers the chain watcher
-- found to them, and the watcher's place on each chain.

-- The next derivation index per merchant, mode and xpub: taken by one atomic UPDATE, so two nodes never hand
-- out the same index (and so the same address).
CREATE TABLE usdt_address_indexes (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  xpub        text NOT NULL,
  next_index  bigint NOT NULL,
  PRIMARY KEY (merchant_id, livemode, xpub)
);

-- One address per payment, watched until watch_until (the payment's expiry and a late window after it). The
-- payment row is written after its provider answered, in the same transaction: hence the deferred key.
CREATE TABLE usdt_deposit_addresses (
  merchant_id      uuid NOT NULL,
  livemode         boolean NOT NULL,
  provider         text NOT NULL,
  address          text NOT NULL,
  payment_id       uuid NOT NULL,
  derivation_index bigint NOT NULL,
  watch_until      timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, address),
  FOREIGN KEY (merchant_id, payment_id) REFERENCES payments DEFERRABLE INITIALLY DEFERRED
);
-- The watcher looks transfers' recipients up here, across merchants, one page of events at a time.
CREATE UNIQUE INDEX usdt_deposit_addresses_by_address ON usdt_deposit_addresses (provider, address);
CREATE INDEX usdt_deposit_addresses_watched ON usdt_deposit_addresses (provider, watch_until);

-- Each Transfer event to a deposit address, once (its transaction and event index): seen when found, then
-- credited once its block has the confirmations required; dust is recorded and never credited; extra is money
-- to an address whose payment had already succeeded (recorded for the merchant to return).
CREATE TABLE usdt_transfers (
  merchant_id     uuid NOT NULL,
  livemode        boolean NOT NULL,
  provider        text NOT NULL,
  transaction_id  text NOT NULL,
  event_index     integer NOT NULL,
  address         text NOT NULL,
  payment_id      uuid NOT NULL,
  from_address    text NOT NULL,
  amount          bigint NOT NULL,
  block_number    bigint NOT NULL,
  block_timestamp timestamptz NOT NULL,
  status          text NOT NULL CHECK (status IN ('seen', 'credited', 'dust', 'extra')),
  seen_at         timestamptz NOT NULL,
  confirmed_at    timestamptz,
  PRIMARY KEY (merchant_id, provider, transaction_id, event_index),
  FOREIGN KEY (merchant_id, payment_id) REFERENCES payments
);
-- The confirmation stage's work list.
CREATE INDEX usdt_transfers_to_confirm ON usdt_transfers (provider, block_number) WHERE status = 'seen';

-- Where each chain's scan has reached (a block time, in ms: every event before it was read; `complete`: up to the
-- head, so the next scan reads a little back again), and the lease of the node scanning it. It belongs to no
-- merchant: one scan serves every merchant's addresses on that chain.
CREATE TABLE chain_cursors (
  provider           text PRIMARY KEY,
  block_timestamp_ms bigint NOT NULL,
  complete           boolean NOT NULL DEFAULT true,
  lease_until        timestamptz,
  updated_at         timestamptz NOT NULL
);
