-- What a vendor-compatible face (src/compat/<vendor>/) was told about an order that the canonical order has
-- no column for (Paybyrd's shopper and payment options, Glomopay's invoice and bank account fields), kept
-- per face so each face echoes what its clients sent. The canonical order stays the one truth for status,
-- money and every field it has; a row here is written with its order, in the same statement, or not at all.
CREATE TABLE face_orders (
  merchant_id uuid NOT NULL,
  order_id    uuid NOT NULL,
  face        text NOT NULL,
  livemode    boolean NOT NULL,
  -- A vendor's own idempotency value sent in the body (Glomopay's request_id): one order per value,
  -- kept as long as the order, findable by it.
  request_id  text,
  attributes  jsonb NOT NULL,
  created_at  timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, order_id, face),
  FOREIGN KEY (merchant_id, order_id) REFERENCES orders
);
CREATE UNIQUE INDEX face_orders_request_id ON face_orders (merchant_id, livemode, face, request_id) WHERE request_id IS NOT NULL;
