-- When each API key last authenticated a request (to the minute: each node writes it at most once a minute
-- per key), so an operator can tell a forgotten key from one a shop still uses before revoking it.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
