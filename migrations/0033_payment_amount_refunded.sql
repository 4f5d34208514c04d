-- What a payment's succeeded refunds sent back, in its currency, kept on the payment as the order keeps its own
-- amount_refunded: every face shows it with the payment (its creation, GET, the lists, its events) without
-- summing its refunds on each read. A refund adds its amount when it succeeds, in the transaction of that change.
ALTER TABLE payments ADD COLUMN amount_refunded bigint NOT NULL DEFAULT 0;
UPDATE payments p SET amount_refunded = r.succeeded
FROM (SELECT merchant_id, payment_id, sum(amount) AS succeeded FROM refunds WHERE status = 'succeeded' GROUP BY merchant_id, payment_id) r
WHERE p.merchant_id = r.merchant_id AND p.payment_id = r.payment_id;
