-- FX-priced orders: rates operators set per merchant and mode, the price a payment in another currency than its
-- order was locked at, and the ledger's two legs of such a payment.

-- The operator source's rates (PUT /v1/fx/rates): units of `quote` per unit of `base`, as the decimal string given.
CREATE TABLE fx_rates (
  merchant_id uuid NOT NULL REFERENCES merchants,
  livemode    boolean NOT NULL,
  base        text NOT NULL,
  quote       text NOT NULL,
  rate        text NOT NULL,
  fetched_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode, base, quote)
);

-- A payment in another currency than its order: the rate, spread and source it was priced at, and the part of
-- the order's amount it covers; null when the payment is in the order's currency.
ALTER TABLE payments ADD COLUMN quote jsonb;

-- A balance transaction of such a payment: what the payer paid, in its currency, and the FX difference.
ALTER TABLE balance_transactions ADD COLUMN fx jsonb;

-- fx_conversion carries the payer's money from the payment's currency into the order's (one posting in each, so
-- each currency sums to zero); fx_spread is the difference between its market value and what the order counts.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_account_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_account_check
  CHECK (account IN ('payer_funds', 'fees', 'merchant_pending', 'merchant_available', 'owed_to_payers', 'fx_conversion', 'fx_spread'));
