import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../domain/actor.js';
import { MAX_AMOUNT, parseDecimalAmount } from '../../../domain/money.js';
import type { Refund } from '../../../domain/refunds.js';
import type { App, Services } from '../../../http/context.js';
import { sendPreparedWrite } from '../../../http/write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { getPayment } from '../../../services/payments.js';
import { createRefund, listRefunds } from '../../../services/refunds.js';
import type { Queryable } from '../../../store/db.js';
import { bindObject, decimal, int64, modelSchema, type Model } from '../binding.js';
import { byrd, type ByrdCode } from '../codes.js';
import { errors, money, Money, TAG_TRANSACTIONS, TransactionIdParams } from '../schema.js';

const REFUND: Model = { isoAmount: int64(1, MAX_AMOUNT), amount: decimal };

/** A refund's return code by its status: BYRD200 once the money went back (what clients check), BYRD010 while it is on its way. */
const REFUND_CODE: Readonly<Record<Refund['status'], ByrdCode>> = {
  succeeded: 'BYRD200',
  pending: 'BYRD010',
  requires_action: 'BYRD010',
  failed: 'BYRD205',
  canceled: 'BYRD205',
};

/** The answer: the refund as a transaction of its own, and what is now refunded and left of the payment it refunds. */
async function refundAnswer(db: Queryable, actor: Actor, refund: Refund) {
  const payment = await getPayment(db, actor, refund.paymentId);
  const all = await listRefunds(db, actor, { payment: payment.id }, { limit: 100 });
  const sum = (statuses: Refund['status'][]) => all.filter((r) => statuses.includes(r.status)).reduce((total, r) => total + r.amount, 0);
  const refunded = sum(['succeeded']);
  const remaining = payment.amountReceived - sum(['succeeded', 'pending', 'requires_action']);
  const { amount: refundedAmount, isoAmount: isoRefundedAmount } = money(refunded, payment.currency);
  const { amount: remainingAmount, isoAmount: isoRemainingAmount } = money(remaining, payment.currency);
  return {
    ...money(refund.amount, refund.currency),
    ...byrd(REFUND_CODE[refund.status]),
    transactionId: refund.id,
    sourceTransaction: { transactionId: payment.id, ...money(payment.amountReceived, payment.currency), refundedAmount, isoRefundedAmount, remainingAmount, isoRemainingAmount },
  };
}

export default function registerRefund(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/v2/refund/:transactionId',
    {
      schema: {
        operationId: 'api-transactions-refund',
        tags: [TAG_TRANSACTIONS],
        summary: 'Refund',
        description:
          'Refunds `isoAmount` (minor units; the deprecated decimal `amount` when it is absent; neither: all that remains) of a transaction that succeeded, ' +
          'through its rail. Several refunds may be made until they add up to what it received: beyond that BYRD231, once nothing remains BYRD230. ' +
          '`code` BYRD200 when the money went back, BYRD010 while it is on its way, BYRD205 when the provider refused.',
        params: TransactionIdParams,
        body: modelSchema(REFUND, 'Refund'),
        response: {
          200: Type.Object({
            ...Money,
            code: Type.String(),
            description: Type.String(),
            transactionId: Type.String({ format: 'uuid', description: 'The refund' }),
            sourceTransaction: Type.Object({
              transactionId: Type.String({ format: 'uuid' }),
              ...Money,
              refundedAmount: Type.String(),
              isoRefundedAmount: Type.Integer(),
              remainingAmount: Type.String(),
              isoRemainingAmount: Type.Integer(),
            }),
          }),
          ...errors(400, 401, 404, 429),
        },
      },
    },
    (req, reply) =>
      sendPreparedWrite(
        services,
        req,
        reply,
        async () => {
          const body = bindObject(REFUND, req.body ?? {}) as { isoAmount?: number; amount?: string };
          const payment = await getPayment(services.db, req.actor, req.params.transactionId);
          const amount = body.isoAmount ?? (body.amount === undefined ? undefined : parseDecimalAmount(body.amount, payment.currency, 'amount'));
          return createRefund(services.db, deps, req.actor, { payment: payment.id, amount });
        },
        async (tx, refund) => ({ status: 200, body: JSON.stringify(await refundAnswer(tx, req.actor, refund)) }),
        // The refund is recorded before its provider is asked: nothing to undo when the answer is not sent.
        async () => undefined,
      ),
  );
}
