-- Compliance holds that ask for documents (Glomopay's request for information, RFI). An operator holds an
-- open order for review (it becomes under_review, which takes no payment) and may ask for documents of given
-- types; the merchant answers each request with one of its documents of the order's customer. Once every
-- request is answered the review proper starts, and the operator's decision releases the order (open) or
-- fails it. A request is answered once: document_id and answered_at are set together.
CREATE TABLE document_requests (
  merchant_id   uuid NOT NULL,
  request_id    uuid NOT NULL,
  order_id      uuid NOT NULL,
  document_type text NOT NULL,
  document_id   uuid,
  requested_at  timestamptz NOT NULL,
  answered_at   timestamptz,
  PRIMARY KEY (merchant_id, request_id),
  FOREIGN KEY (merchant_id, order_id) REFERENCES orders,
  FOREIGN KEY (merchant_id, document_id) REFERENCES documents,
  CHECK ((document_id IS NULL) = (answered_at IS NULL))
);
CREATE INDEX document_requests_by_order ON document_requests (merchant_id, order_id, request_id);
