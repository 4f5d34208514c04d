-- Payer notifications: what an order asked (the payer's addresses and channels, beside the order), and the
-- messages queued from the events outbox (a payment link, a receipt; the merchant's notice of a disabled
-- webhook endpoint), each sent by a job and retried with backoff.

CREATE TABLE order_notify (
  merchant_id uuid NOT NULL,
  order_id    uuid NOT NULL,
  email       text,
  phone       text,
  channels    text[] NOT NULL,
  PRIMARY KEY (merchant_id, order_id)
);

CREATE TABLE notification_messages (
  merchant_id         uuid NOT NULL,
  notification_id     uuid NOT NULL,
  livemode            boolean NOT NULL,
  subject_id          uuid NOT NULL, -- the order (payer messages), or the webhook_endpoint.disabled event (merchant notices)
  event_id            uuid NOT NULL, -- the event that asked for it
  purpose             text NOT NULL CHECK (purpose IN ('payment_link', 'receipt', 'endpoint_disabled')),
  channel             text NOT NULL CHECK (channel IN ('email', 'sms', 'whatsapp')),
  recipient           text NOT NULL,
  locale              text NOT NULL,
  status              text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
  attempts            integer NOT NULL,
  -- pending: when the next attempt is due; sending: when the sender's claim lapses (it died mid-send).
  next_attempt_at     timestamptz,
  last_error          text,
  provider_message_id text,
  sent_at             timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, notification_id),
  -- One message per order, purpose and channel (per disabling event and owner for a notice), however
  -- often the outbox is read: a payer never gets two links or two receipts for one order.
  UNIQUE (merchant_id, subject_id, purpose, channel, recipient)
);
CREATE INDEX notification_messages_due ON notification_messages (next_attempt_at) WHERE status IN ('pending', 'sending');
CREATE INDEX notification_messages_by_subject ON notification_messages (merchant_id, subject_id, notification_id);
