import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, problems } from '../../schemas.js';
import { listBody, pageFromCursor } from '../../write.js';
import { getSavedCard, listSavedCardsOf, savedCardView } from '../../../services/cards.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { PaymentMethodObject } from './schema.js';

export default function registerListPaymentMethods(app: App, services: Services) {
  app.get(
    '/v1/payment_methods',
    {
      schema: {
        operationId: 'listPaymentMethods',
        tags: [CARD_TAG],
        summary: "A customer's or a reference's saved cards, newest first",
        description: 'Give customer (cus_…) or reference, one of them. Deleted cards are not listed. Saved cards are merchant-wide: API keys and owners only (403 for store and branch users).',
        querystring: Type.Object(
          {
            customer: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
            starting_after: Type.Optional(Type.String({ maxLength: 64, description: 'Cursor: a pm_…; the cards saved before it' })),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(PaymentMethodObject), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const page = await pageFromCursor('paymentMethod', req.query, (id) => getSavedCard(services.db, req.actor, id));
      const rows = await listSavedCardsOf(services.db, req.actor, { customer: req.query.customer, reference: req.query.reference }, page);
      return listBody(req, rows, page, savedCardView);
    },
  );
}
