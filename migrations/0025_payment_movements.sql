-- A payment may receive money more than once: a deposit address (USDT) takes any number of transfers, and each
-- further one adds to the payment that already succeeded. Each movement is a balance transaction of its own, told
-- apart by the provider's id of the movement (the one the provider_events dedupe records); a payment still has
-- at most one per movement, and rows written before this (no id) at most one per payment.
ALTER TABLE balance_transactions ADD COLUMN provider_event_id text;
DROP INDEX balance_transactions_by_payment;
CREATE UNIQUE INDEX balance_transactions_by_payment ON balance_transactions (merchant_id, payment_id, provider_event_id) NULLS NOT DISTINCT WHERE type = 'payment';
