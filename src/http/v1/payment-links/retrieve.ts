import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { getPaymentLink, paymentLinkView } from '../../../services/payment-links.js';
import { requireMerchantWide } from '../events/schema.js';
import { PaymentLink, PAYMENT_LINK_TAG } from './schema.js';

export default function registerRetrievePaymentLink(app: App, services: Services) {
  app.get(
    '/v1/payment_links/:id',
    {
      schema: {
        operationId: 'retrievePaymentLink',
        tags: [PAYMENT_LINK_TAG],
        summary: 'Retrieve a payment link',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: PaymentLink, ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      return paymentLinkView(await getPaymentLink(services.db, req.actor, req.params.id));
    },
  );
}
