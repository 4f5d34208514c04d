-- User sign-in: the keys that sign access tokens, and sessions with their refresh tokens.

-- Kept in the database so every node on it signs and verifies with the same keys, with no configuration.
-- The key itself is stored, not a hash: it must sign and verify. It never leaves the database and the nodes.
CREATE TABLE signing_keys (
  merchant_id uuid NOT NULL REFERENCES merchants,
  generation  integer NOT NULL, -- the access token's kid; the newest generation signs, rotation adds one
  secret      bytea NOT NULL,   -- 256-bit HS256 key
  created_at  timestamptz NOT NULL,
  expires_at  timestamptz,      -- set when a newer key replaces it: the tokens it signed verify until then
  PRIMARY KEY (merchant_id, generation)
);

-- One sign-in: every access token carries its session id and stops working once it is revoked.
CREATE TABLE user_sessions (
  merchant_id    uuid NOT NULL,
  session_id     uuid NOT NULL,
  user_id        uuid NOT NULL,
  livemode       boolean NOT NULL,
  created_at     timestamptz NOT NULL,
  expires_at     timestamptz NOT NULL, -- each refresh moves it: a session left unused ends
  revoked_at     timestamptz,
  revoked_reason text CHECK (revoked_reason IN ('sign_out', 'refresh_token_reused', 'user_disabled')),
  PRIMARY KEY (merchant_id, session_id),
  FOREIGN KEY (merchant_id, user_id) REFERENCES users,
  CHECK ((revoked_at IS NULL) = (revoked_reason IS NULL))
);
-- Disabling a user revokes its live sessions.
CREATE INDEX user_sessions_by_user ON user_sessions (merchant_id, user_id) WHERE revoked_at IS NULL;
-- The pruning job's work list: sessions by when they ended (revoked, or left unused past expires_at).
CREATE INDEX user_sessions_by_end ON user_sessions (LEAST(expires_at, COALESCE(revoked_at, expires_at)));

-- Every refresh token a session was given. Only the newest is unused; presenting a used one again means
-- it was copied, so the session is revoked.
CREATE TABLE refresh_tokens (
  merchant_id uuid NOT NULL,
  token_hash  text NOT NULL, -- sha256 hex of the token; the token itself is shown once and never stored
  session_id  uuid NOT NULL,
  created_at  timestamptz NOT NULL,
  used_at     timestamptz,
  PRIMARY KEY (merchant_id, token_hash),
  FOREIGN KEY (merchant_id, session_id) REFERENCES user_sessions
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (merchant_id, session_id);
