-- The ledger: double entry. Every confirmed payment is one balance transaction (what it did to the merchant's
-- balance) and its ledger entries, which sum to zero per currency; releasing pending money posts two more.

CREATE TABLE balance_transactions (
  merchant_id            uuid NOT NULL,
  balance_transaction_id uuid NOT NULL,
  livemode               boolean NOT NULL,
  type                   text NOT NULL CHECK (type IN ('payment')),
  payment_id             uuid NOT NULL,
  currency               text NOT NULL,
  amount                 bigint NOT NULL, -- what counts toward the order
  fee                    bigint NOT NULL,
  net                    bigint NOT NULL, -- amount - fee: what the merchant's balance gains
  owed_to_payer          bigint NOT NULL, -- received beyond what counts, to refund
  status                 text NOT NULL CHECK (status IN ('pending', 'available')),
  available_on           timestamptz NOT NULL,
  created_at             timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, balance_transaction_id),
  FOREIGN KEY (merchant_id, payment_id) REFERENCES payments,
  CHECK (net = amount - fee)
);
-- A payment is counted once: a second confirmation of it cannot post again.
CREATE UNIQUE INDEX balance_transactions_by_payment ON balance_transactions (merchant_id, payment_id, type);
-- The release job's work list.
CREATE INDEX balance_transactions_due ON balance_transactions (available_on) WHERE status = 'pending';

CREATE TABLE ledger_entries (
  merchant_id            uuid NOT NULL,
  entry_id               uuid NOT NULL,
  livemode               boolean NOT NULL,
  balance_transaction_id uuid NOT NULL,
  account                text NOT NULL CHECK (account IN ('payer_funds', 'fees', 'merchant_pending', 'merchant_available', 'owed_to_payers')),
  currency               text NOT NULL,
  amount                 bigint NOT NULL CHECK (amount <> 0),
  created_at             timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, entry_id),
  FOREIGN KEY (merchant_id, balance_transaction_id) REFERENCES balance_transactions
);
CREATE INDEX ledger_entries_by_account ON ledger_entries (merchant_id, livemode, account, currency);
