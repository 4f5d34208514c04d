-- A card payment waiting on its 3-D Secure challenge expires PAYORDERS_CARD_CHALLENGE_MINUTES after it was made:
-- the expiry job finds those by their age.
CREATE INDEX payments_challenges_by_age ON payments (created_at) WHERE status = 'requires_action';
