import type { App, Services } from '../../../http/context.js';
import { getPayment } from '../../../services/payments.js';
import { CertoPayTransaction, errors, TAG_PAYMENTS, transactionJson, UuidParams } from '../schema.js';

/** CertoPay's docs name both paths for one transaction; both answer. */
export default function registerRetrieveTransaction(app: App, services: Services) {
  for (const [path, operationId] of [
    ['/api/transactions/:id', 'getTransaction'],
    ['/api/payment-gateway/transaction/:id', 'getPaymentGatewayTransaction'],
  ] as const) {
    app.get(
      path,
      {
        schema: {
          operationId,
          tags: [TAG_PAYMENTS],
          summary: 'Retrieve a transaction by its transactionId',
          params: UuidParams,
          response: { 200: CertoPayTransaction, ...errors(401, 404, 429) },
        },
      },
      async (req) => transactionJson(services.config, await getPayment(services.db, req.actor, req.params.id)),
    );
  }
}
