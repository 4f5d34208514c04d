import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import type { PaymentDocument } from '../../../rails/connector.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { getPayment } from '../../../services/payments.js';
import { errors, TAG_PAYMENTS, UuidParams } from '../schema.js';

/**
 * The Pix QR image and the boleto PDF that a transaction's `qrCodeUrl` and `pdfUrl` point to, fetched with
 * the same X-Api-Key (the /v1 documents take a Bearer, which CertoPay clients do not send). One route per
 * document name, answered by the rail of the transaction's method (several rails draw a qr.png).
 */
export default function registerTransactionDocuments(app: App, services: Services) {
  const byName = new Map<string, Map<string, PaymentDocument>>();
  for (const rail of paymentDeps(services).rails.all) {
    for (const document of rail.documents) byName.set(document.name, (byName.get(document.name) ?? new Map()).set(rail.method, document));
  }
  for (const [name, byMethod] of byName) {
    const types = [...new Set([...byMethod.values()].map((d) => d.contentType))];
    app.get(
      `/api/transactions/:id/${name}`,
      {
        schema: {
          operationId: `getTransaction_${name.replace(/\W/g, '_')}`,
          tags: [TAG_PAYMENTS],
          summary: [...byMethod.values()][0]!.summary,
          params: UuidParams,
          response: { 200: { description: name, content: Object.fromEntries(types.map((type) => [type, { schema: { type: 'string' } }])) }, ...errors(401, 404, 429) },
        },
      },
      async (req, reply) => {
        const payment = await getPayment(services.db, req.actor, req.params.id);
        const document = byMethod.get(payment.method);
        if (!document) throw new AppError('resource_missing', `No such document: '${name}'`);
        return reply.type(document.contentType).header('cache-control', 'private, max-age=300').send(await document.render(payment));
      },
    );
  }
}
