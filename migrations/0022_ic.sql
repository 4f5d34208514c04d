-- A USDT payment's transfers by payment: what an IC merchant's tron poll (every 15 s, for each open order) and
-- the connector's query read. Without it each lookup scans every transfer the merchant ever received.
CREATE INDEX usdt_transfers_by_payment ON usdt_transfers (merchant_id, payment_id);
