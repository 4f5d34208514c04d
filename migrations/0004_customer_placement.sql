-- Customers are placed like orders: in a store, in a branch of it, or (both null) merchant-wide. A store or
-- branch user sees the customers placed in its store or branch and those attached to its orders. Existing
-- customers stay merchant-wide, so only owners and API keys see them.

ALTER TABLE customers
  ADD COLUMN store_id uuid,
  ADD COLUMN branch_id uuid,
  ADD FOREIGN KEY (merchant_id, store_id) REFERENCES stores,
  ADD FOREIGN KEY (merchant_id, store_id, branch_id) REFERENCES branches (merchant_id, store_id, branch_id),
  -- The branch key is not checked while store_id is null (MATCH SIMPLE), so a branch needs its store.
  ADD CHECK (branch_id IS NULL OR store_id IS NOT NULL);

-- A scoped list merges, newest first, the customers placed in the store or branch with those of its orders,
-- reading each side in customer_id order so a page stops after `limit` rows.
CREATE INDEX customers_by_store ON customers (merchant_id, store_id, customer_id) WHERE store_id IS NOT NULL;
CREATE INDEX customers_by_branch ON customers (merchant_id, branch_id, customer_id) WHERE branch_id IS NOT NULL;
CREATE INDEX orders_customers_by_store ON orders (merchant_id, store_id, customer_id)
  WHERE customer_id IS NOT NULL AND store_id IS NOT NULL;
CREATE INDEX orders_customers_by_branch ON orders (merchant_id, branch_id, customer_id)
  WHERE customer_id IS NOT NULL AND branch_id IS NOT NULL;
