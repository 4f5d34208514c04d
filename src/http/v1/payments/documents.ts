import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { getPayment } from '../../../services/payments.js';
import { AppError } from '../../../domain/errors.js';
import { PAYMENT_TAG } from './schema.js';

/**
 * The documents each rail serves for its payments (a Pix QR image, a boleto PDF), one route per document name:
 * `GET /v1/payments/:id/qr.png`, rendered by the payment's own rail (Pix and the Argentine transfer QR both have a
 * qr.png). A payment of a rail without it, or one its provider gave no instructions for, is 404.
 */
export default function registerPaymentDocuments(app: App, services: Services) {
  const { rails } = paymentDeps(services);
  const names = [...new Set(rails.all.flatMap((rail) => rail.documents.map((d) => d.name)))];
  for (const name of names) {
    const byMethod = new Map(rails.all.flatMap((rail) => rail.documents.filter((d) => d.name === name).map((d) => [rail.method, d] as const)));
    const { contentType, summary } = byMethod.values().next().value!;
    app.get(
      `/v1/payments/:id/${name}`,
      {
        schema: {
          operationId: `retrievePayment_${name.replace(/\W/g, '_')}`,
          tags: [PAYMENT_TAG],
          summary,
          description: `For ${[...byMethod.keys()].join(' and ')} payments; answered as ${contentType}.`,
          params: IdParams,
          querystring: NoQuery,
          response: { 200: { description: summary, content: { [contentType]: { schema: { type: 'string' } } } }, ...problems(400, 401, 404, 429) },
        },
      },
      async (req, reply) => {
        const payment = await getPayment(services.db, req.actor, req.params.id);
        const document = byMethod.get(payment.method);
        if (!document) throw new AppError('resource_missing', `A ${payment.method} payment has no ${name}`);
        const body = await document.render(payment);
        return reply.type(document.contentType).header('cache-control', 'private, max-age=300').send(body);
      },
    );
  }
}
