import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { createPaymentLink, paymentLinkView } from '../../../services/payment-links.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { requireMerchantWide } from '../events/schema.js';
import { CreatePaymentLinkBody, PaymentLink, PAYMENT_LINK_TAG } from './schema.js';

export default function registerCreatePaymentLink(app: App, services: Services) {
  const terms = paymentDeps(services);
  app.post(
    '/v1/payment_links',
    {
      schema: {
        operationId: 'createPaymentLink',
        tags: [PAYMENT_LINK_TAG],
        summary: 'Create a payment link',
        description:
          'A short URL (`url`) to send a payer: each visit makes an order with these terms and opens its hosted checkout. Single-use by default ' +
          '(the first visit makes the only order, later visits reopen it while it may be paid); `reusable: true` makes an order per visit. API keys and owner users only.',
        body: CreatePaymentLinkBody,
        response: { 201: PaymentLink, ...problems(...WRITE_PROBLEMS, 403) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        requireMerchantWide(req);
        const link = await createPaymentLink(tx, services.clock, terms, req.actor, req.body);
        return { status: 201, body: JSON.stringify(paymentLinkView(link)) };
      }),
  );
}
