-- The hosted checkout: every order's opaque checkout key (its page is /c/<key>), the merchant's checkout
-- settings (branding, framing, cancel), and payment links (/l/<code>), each visit of which makes an order.

-- Orders made before this migration get a key too: two random uuids' hex (244 random bits). New orders
-- get 128 random bits, base64url, from the service, in the order's own INSERT.
ALTER TABLE orders ADD COLUMN checkout_key text;
UPDATE orders SET checkout_key = replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
ALTER TABLE orders ALTER COLUMN checkout_key SET NOT NULL;
CREATE UNIQUE INDEX orders_checkout_key ON orders (checkout_key);

CREATE TABLE checkout_settings (
  merchant_id     uuid NOT NULL,
  livemode        boolean NOT NULL,
  display_name    text,
  logo            text, -- a data: URL (PNG, JPEG or WebP), served by the checkout itself: no third-party request
  accent_color    text,
  -- Sources allowed to frame the page (CSP frame-ancestors); empty: none may.
  frame_ancestors jsonb NOT NULL DEFAULT '[]',
  allow_cancel    boolean NOT NULL DEFAULT true,
  -- Payments the checkout may start for one order (each method chosen, each retry).
  max_attempts    integer NOT NULL DEFAULT 5,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, livemode)
);

CREATE TABLE payment_links (
  merchant_id     uuid NOT NULL,
  link_id         uuid NOT NULL,
  livemode        boolean NOT NULL,
  code            text NOT NULL,
  amount          bigint NOT NULL,
  currency        text NOT NULL,
  description     text,
  reusable        boolean NOT NULL,
  payment_methods jsonb,
  locale          text,
  redirect_url    text,
  expires_at      timestamptz,
  active          boolean NOT NULL,
  orders_created  integer NOT NULL DEFAULT 0,
  -- A single-use link's one order: later visits open its checkout again.
  order_id        uuid,
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL,
  PRIMARY KEY (merchant_id, link_id)
);
CREATE UNIQUE INDEX payment_links_code ON payment_links (code);

-- A payer on the checkout causes events too (the payment they start, the order they cancel). NOT VALID: the
-- rows already there passed the narrower check, so the events table is not scanned under lock.
ALTER TABLE events DROP CONSTRAINT events_actor_type_check;
ALTER TABLE events ADD CONSTRAINT events_actor_type_check CHECK (actor_type IN ('api_key', 'user', 'checkout', 'job', 'provider')) NOT VALID;
