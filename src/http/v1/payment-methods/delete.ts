import type { App, Services } from '../../context.js';
import { IdParams, problems } from '../../schemas.js';
import { deleteSavedCardOf, savedCardView } from '../../../services/cards.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { PaymentMethodObject } from './schema.js';

export default function registerDeletePaymentMethod(app: App, services: Services) {
  app.delete(
    '/v1/payment_methods/:id',
    {
      schema: {
        operationId: 'deletePaymentMethod',
        tags: [CARD_TAG],
        summary: 'Delete a saved card',
        description: 'It is no longer listed and can no longer pay (404 after). Payments it made keep their card details.',
        params: IdParams,
        response: { 200: PaymentMethodObject, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return savedCardView(await deleteSavedCardOf(services.db, req.actor, req.params.id, services.clock.now()));
    },
  );
}
