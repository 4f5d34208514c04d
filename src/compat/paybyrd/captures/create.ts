import type { App, Services } from '../../../http/context.js';
import { recordCapture, startCapture } from '../../../services/card-payments.js';
import { text } from '../binding.js';
import { byrd } from '../codes.js';
import { money } from '../schema.js';
import { measuredMoney, OPERATION_AMOUNT, registerTransactionOperation } from '../transaction-operation.js';

/**
 * Captures a pre-authorised card transaction (a /v1 card payment made with capture_method manual): the
 * whole authorisation, or `isoAmount` of it, once; the rest is released. Difference: Paybyrd answers the
 * capture as a transaction of its own; here it is the payment itself, so `transactionId` is the one captured.
 */
export default function registerCapture(app: App, services: Services) {
  registerTransactionOperation(app, services, {
    path: '/api/v2/capture/:transactionId',
    operationId: 'api-transactions-capture',
    summary: 'Capture',
    description:
      'Captures `isoAmount` (the decimal `amount` when absent; neither: all) of a pre-authorised card transaction, once. BYRD200 with the captured and remaining amounts; ' +
      'a transaction that is not pre-authorised (captured already, voided, expired, not a card) is 400 BYRD299, more than authorised 400 BYRD900.',
    body: { transactionId: text(64), ...OPERATION_AMOUNT },
    measure: 'captured',
    start: (db, deps, actor, payment, amount) => startCapture(db, deps, actor, payment.id, amount),
    answer: async (tx, deps, actor, started) => {
      const { object: payment } = await recordCapture(tx, deps, actor, started);
      const captured = payment.amountReceived;
      return {
        transactionId: payment.id,
        ...money(captured, payment.currency),
        ...byrd('BYRD200'),
        sourceTransaction: {
          transactionId: payment.id,
          ...money(payment.amount, payment.currency),
          ...measuredMoney('captured', captured, payment.currency),
          ...measuredMoney('remaining', payment.amount - captured, payment.currency),
        },
      };
    },
  });
}
