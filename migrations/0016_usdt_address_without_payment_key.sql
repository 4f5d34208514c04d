-- A deposit address is recorded when its provider is asked for the charge, which may happen before, and outside
-- of, the transaction that records its payment (and a payment may be set up and then discarded): so no key to
-- payments. The watcher only watches addresses whose payment exists.
ALTER TABLE usdt_deposit_addresses DROP CONSTRAINT usdt_deposit_addresses_merchant_id_payment_id_fkey;
