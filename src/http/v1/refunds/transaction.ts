import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { recordRefundTransaction, refundView } from '../../../services/refunds.js';
import { Refund, REFUND_TAG } from './schema.js';

export default function registerRecordRefundTransaction(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/refunds/:id/transaction',
    {
      schema: {
        operationId: 'recordRefundTransaction',
        tags: [REFUND_TAG],
        summary: 'Record the transaction the merchant sent a refund in (usdt_trc20)',
        description:
          'The service holds no key to send USDT: a usdt_trc20 refund is requires_action until the merchant sends `next_action.amount` to ' +
          '`next_action.to` and records the transaction here. The refund is then pending, and succeeds when the chain watcher sees that ' +
          'transfer confirmed. The same hash again answers the refund as it is; another replaces it (a mistyped one) until the watcher has ' +
          'seen the first on the chain, and is 409 after; 409 too for a refund of another rail.',
        params: IdParams,
        body: Type.Object({ hash: Type.String({ minLength: 1, maxLength: 100, description: 'The transaction id, 64 hexadecimal digits' }) }, { additionalProperties: false, examples: [{ hash: '9f1c4e7a2b6d8035c1e9a4f7b2d6e8031c5a9f4e7b2d6c8a0e3f5b9d1c7a4e62' }] }),
        response: { 200: Refund, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => ({
        status: 200,
        body: JSON.stringify(refundView(await recordRefundTransaction(tx, deps, req.actor, req.params.id, req.body.hash))),
      })),
  );
}
