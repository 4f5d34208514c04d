import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { deactivatePaymentLink, paymentLinkView } from '../../../services/payment-links.js';
import { requireMerchantWide } from '../events/schema.js';
import { PaymentLink, PAYMENT_LINK_TAG } from './schema.js';

export default function registerDeactivatePaymentLink(app: App, services: Services) {
  app.post(
    '/v1/payment_links/:id/deactivate',
    {
      schema: {
        operationId: 'deactivatePaymentLink',
        tags: [PAYMENT_LINK_TAG],
        summary: 'Deactivate a payment link',
        description: 'Visits are then told the link is no longer active. The orders it made are left as they are. Deactivating twice is no error.',
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false, examples: [{}] }),
        response: { 200: PaymentLink, ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        requireMerchantWide(req);
        return { status: 200, body: JSON.stringify(paymentLinkView(await deactivatePaymentLink(tx, services.clock, req.actor, req.params.id))) };
      }),
  );
}
