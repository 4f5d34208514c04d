import { Type } from '@sinclair/typebox';
import { CARD_FUNDING } from '../../../rails/card/acquirer.js';
import { CARD_BRANDS } from '../../../rails/card/card-number.js';
import { Livemode, Nullable, Timestamp } from '../../schemas.js';

export const CARD_TAG = 'Cards';

const cardShown = {
  brand: Type.String({ description: CARD_BRANDS.join(', ') }),
  last4: Type.String({ description: "The card number's last 4 digits" }),
  exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
  exp_year: Type.Integer({ description: '4 digits' }),
  funding: Type.String({ description: CARD_FUNDING.join(', ') }),
  country: Nullable(Type.String({ description: "The issuer's country (ISO 3166-1 alpha-2), as the acquirer says" })),
};

/** What is shown of a card in a token: no number, no CVC, no fingerprint (a browser may read it). */
export const TokenCard = Type.Object(cardShown);

/** What is shown of a card to secret-key readers: also the fingerprint (the same card, the same value, per merchant). */
export const ShownCard = Type.Object({
  ...cardShown,
  fingerprint: Type.String({ description: "HMAC of the number under the merchant's key: the same card has the same fingerprint for this merchant, and no other" }),
});

export const CardToken = Type.Object(
  {
    id: Type.String({ description: 'tok_…: pays once (POST /v1/orders/{id}/payments {"method": "card", "token": …}) before expires_at' }),
    object: Type.Literal('token'),
    livemode: Livemode,
    type: Type.Literal('card'),
    card: TokenCard,
    used: Type.Boolean(),
    created_at: Timestamp,
    expires_at: Timestamp,
  },
  { $id: 'CardToken' },
);
