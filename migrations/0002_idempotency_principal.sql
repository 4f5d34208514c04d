-- An Idempotency-Key belongs to its principal: all of a merchant's API keys are one principal (so a retry
-- replays across a key roll), each user is its own. Two tills that number their sales alike never receive
-- each other's orders. Records made before this belong to the API keys, which is what they were.
ALTER TABLE idempotency_keys ADD COLUMN principal text NOT NULL DEFAULT 'api_key';
ALTER TABLE idempotency_keys ALTER COLUMN principal DROP DEFAULT;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (merchant_id, livemode, principal, idempotency_key);
