-- An *.updated event says what changed: the changed fields' values before the change, as the API showed them
-- (null for every other event and for those written before this).
ALTER TABLE events ADD COLUMN previous_attributes jsonb;
