import type { App, Services } from '../../context.js';
import { IdParams, problems } from '../../schemas.js';
import { getSavedCard, savedCardView } from '../../../services/cards.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { PaymentMethodObject } from './schema.js';

export default function registerRetrievePaymentMethod(app: App, services: Services) {
  app.get(
    '/v1/payment_methods/:id',
    {
      schema: {
        operationId: 'retrievePaymentMethod',
        tags: [CARD_TAG],
        summary: 'A saved card',
        params: IdParams,
        response: { 200: PaymentMethodObject, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return savedCardView(await getSavedCard(services.db, req.actor, req.params.id));
    },
  );
}
