import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { getPayment } from '../../../services/payments.js';
import { AppError } from '../../../domain/errors.js';
import { PAYMENT_TAG } from './schema.js';

/**
 * The documents each rail serves for its payments (a Pix QR image, a boleto PDF), one route per document:
 * `GET /v1/payments/:id/qr.png`. A payment of another rail, or one its provider gave no instructions for, is 404.
 */
export default function registerPaymentDocuments(app: App, services: Services) {
  for (const rail of paymentDeps(services).rails.all) {
    for (const document of rail.documents) {
      app.get(
        `/v1/payments/:id/${document.name}`,
        {
          schema: {
            operationId: `retrievePayment_${document.name.replace(/\W/g, '_')}`,
            tags: [PAYMENT_TAG],
            summary: document.summary,
            description: `For ${rail.method} payments; answered as ${document.contentType}.`,
            params: IdParams,
            querystring: NoQuery,
            response: { 200: { description: document.summary, content: { [document.contentType]: { schema: { type: 'string' } } } }, ...problems(400, 401, 404, 429) },
          },
        },
        async (req, reply) => {
          const payment = await getPayment(services.db, req.actor, req.params.id);
          if (payment.method !== rail.method) throw new AppError('resource_missing', `A ${payment.method} payment has no ${document.name}`);
          const body = await document.render(payment);
          return reply.type(document.contentType).header('cache-control', 'private, max-age=300').send(body);
        },
      );
    }
  }
}
