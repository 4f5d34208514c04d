import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { App, Services } from '../../context.js';
import { problems } from '../../schemas.js';
import { createCardToken, tokenView } from '../../../services/cards.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { CARD_TAG, CardToken } from './schema.js';

export default function registerCreateToken(app: App, services: Services) {
  const deps = paymentDeps(services);
  // The one route a publishable key opens; a secret key works too (server-to-server tokenization).
  const authenticate = (req: FastifyRequest) => {
    const header = req.headers.authorization ?? '';
    const key = /^Bearer\s+(pk_\S+)\s*$/i.exec(header)?.[1];
    return key ? services.auth.authenticatePublishable(key) : services.auth.authenticate(header);
  };
  app.post(
    '/v1/tokens',
    {
      config: { authenticate },
      schema: {
        operationId: 'createToken',
        tags: [CARD_TAG],
        summary: 'Tokenize a card',
        description:
          'With the publishable key (pk_test_…/pk_live_…, safe in a page: this is all it can do) or a secret key. The card goes to the ' +
          "merchant's card acquirer and is kept nowhere: the token (tok_…) keeps the acquirer's reference and what may be shown, pays once, " +
          'and expires after PAYORDERS_CARD_TOKEN_MINUTES (15). Not idempotent: an Idempotency-Key is ignored (its record would hold a hash of ' +
          'the card), and a retry makes another token. In live mode, the test card numbers are refused. 400: the number fails its check ' +
          'digit or brand, the card has expired, the CVC has the wrong length; 402 card_declined (decline_code); 429 card_velocity_exceeded: ' +
          'too many card attempts a minute from this key or client address; 429 card_testing_suspected: most of the recent card payments ' +
          'were declined, card attempts are paused.',
        body: Type.Object(
          {
            card: Type.Object(
              {
                number: Type.String({ minLength: 12, maxLength: 23, pattern: '^[0-9][0-9 -]*[0-9]$', description: 'The card number; spaces or dashes between digit groups allowed' }),
                exp_month: Type.Integer({ minimum: 1, maximum: 12 }),
                exp_year: Type.Integer({ minimum: 0, maximum: 2200, description: '4 digits, or 2 (this century)' }),
                cvc: Type.String({ minLength: 3, maxLength: 4, pattern: '^[0-9]+$', description: '3 digits, 4 for Amex' }),
              },
              { additionalProperties: false },
            ),
          },
          { additionalProperties: false, examples: [{ card: { number: '4242 4242 4242 4242', exp_month: 12, exp_year: 2030, cvc: '123' } }] },
        ),
        response: { 201: CardToken, ...problems(400, 401, 402, 403, 413, 415, 429, 503) },
      },
    },
    async (req, reply) => {
      const { object } = await createCardToken(services.db, deps, req.actor, req.body.card, req.ip);
      return reply.code(201).send(tokenView(object));
    },
  );
}
