import type { Actor } from '../../../domain/actor.js';
import type { Refund } from '../../../domain/refunds.js';
import type { App, Services } from '../../../http/context.js';
import { getPayment } from '../../../services/payments.js';
import { createRefund, listRefunds } from '../../../services/refunds.js';
import type { Queryable } from '../../../store/db.js';
import { byrd, type ByrdCode } from '../codes.js';
import { money } from '../schema.js';
import { measuredMoney, OPERATION_AMOUNT, registerTransactionOperation } from '../transaction-operation.js';

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
  // What is on its way back is not refunded yet, but no longer remains either.
  const onItsWay = await listRefunds(db, actor, { payment: payment.id, status: ['pending', 'requires_action'] }, { limit: 100 });
  const held = onItsWay.reduce((total, r) => total + r.amount, 0);
  return {
    ...money(refund.amount, refund.currency),
    ...byrd(REFUND_CODE[refund.status]),
    transactionId: refund.id,
    sourceTransaction: {
      transactionId: payment.id,
      ...money(payment.amountReceived, payment.currency),
      ...measuredMoney('refunded', payment.amountRefunded, payment.currency),
      ...measuredMoney('remaining', payment.amountReceived - payment.amountRefunded - held, payment.currency),
    },
  };
}

export default function registerRefund(app: App, services: Services) {
  registerTransactionOperation(app, services, {
    path: '/api/v2/refund/:transactionId',
    operationId: 'api-transactions-refund',
    summary: 'Refund',
    description:
      'Refunds `isoAmount` (minor units; the deprecated decimal `amount` when it is absent; neither: all that remains) of a transaction that succeeded, ' +
      'through its rail. Several refunds may be made until they add up to what it received: beyond that BYRD231, once nothing remains BYRD230. ' +
      '`code` BYRD200 when the money went back, BYRD010 while it is on its way, BYRD205 when the provider refused.',
    body: OPERATION_AMOUNT,
    measure: 'refunded',
    transactionIdDescription: 'The refund',
    start: (db, deps, actor, payment, amount) => createRefund(db, deps, actor, { payment: payment.id, amount }),
    answer: async (tx, _deps, actor, refund) => refundAnswer(tx, actor, refund),
  });
}
