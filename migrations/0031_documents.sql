-- A merchant's documents about its customers (Glomopay's doc_…): what an order's document_id names and what
-- answers a compliance request for documents. Each belongs to one customer of the same merchant and mode.
-- The record is the document's type, name and metadata; the file itself is not kept here.
CREATE TABLE documents (
  merchant_id   uuid NOT NULL,
  document_id   uuid NOT NULL,
  livemode      boolean NOT NULL,
  customer_id   uuid NOT NULL,
  document_type text NOT NULL,
  name          text,
  metadata      jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  updated_at    timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, document_id),
  FOREIGN KEY (merchant_id, customer_id) REFERENCES customers
);
CREATE INDEX documents_by_customer ON documents (merchant_id, customer_id, document_id);
