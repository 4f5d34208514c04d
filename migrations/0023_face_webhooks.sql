-- What a vendor-compatible face was told about a webhook subscription that the endpoint has no column for
-- (Paybyrd's settings: its event names as sent, its payment-method filter, store id, credential type and
-- username), kept per endpoint so the face echoes what its clients sent, and deleted with the endpoint.
-- The endpoint (webhook_endpoints) stays the one truth for URL, events subscribed, status and credential.
CREATE TABLE face_webhook_settings (
  merchant_id uuid NOT NULL,
  endpoint_id uuid NOT NULL,
  face        text NOT NULL,
  settings    jsonb NOT NULL,
  PRIMARY KEY (merchant_id, endpoint_id),
  FOREIGN KEY (merchant_id, endpoint_id) REFERENCES webhook_endpoints ON DELETE CASCADE
);
