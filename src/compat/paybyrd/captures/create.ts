import { Type } from '@sinclair/typebox';
import { MAX_AMOUNT, parseDecimalAmount } from '../../../domain/money.js';
import type { App, Services } from '../../../http/context.js';
import { sendPreparedWrite } from '../../../http/write.js';
import { recordCapture, startCapture } from '../../../services/card-payments.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { getPayment } from '../../../services/payments.js';
import { bindObject, decimal, int64, modelSchema, text, type Model } from '../binding.js';
import { byrd } from '../codes.js';
import { errors, money, Money, TAG_TRANSACTIONS, TransactionIdParams } from '../schema.js';

const CAPTURE: Model = { transactionId: text(64), isoAmount: int64(1, MAX_AMOUNT), amount: decimal };

/**
 * Captures a pre-authorised card transaction (a /v1 card payment made with capture_method manual): the
 * whole authorisation, or `isoAmount` of it, once; the rest is released. Difference: Paybyrd answers the
 * capture as a transaction of its own; here it is the payment itself, so `transactionId` is the one captured.
 */
export default function registerCapture(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/v2/capture/:transactionId',
    {
      schema: {
        operationId: 'api-transactions-capture',
        tags: [TAG_TRANSACTIONS],
        summary: 'Capture',
        description:
          'Captures `isoAmount` (the decimal `amount` when absent; neither: all) of a pre-authorised card transaction, once. BYRD200 with the captured and remaining amounts; ' +
          'a transaction that is not pre-authorised (captured already, voided, expired, not a card) is 400 BYRD299, more than authorised 400 BYRD900.',
        params: TransactionIdParams,
        body: modelSchema(CAPTURE, 'Capture'),
        response: {
          200: Type.Object({
            transactionId: Type.String({ format: 'uuid' }),
            ...Money,
            code: Type.String(),
            description: Type.String(),
            sourceTransaction: Type.Object({
              transactionId: Type.String({ format: 'uuid' }),
              ...Money,
              capturedAmount: Type.String(),
              isoCapturedAmount: Type.Integer(),
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
          const body = bindObject(CAPTURE, req.body ?? {}) as { isoAmount?: number; amount?: string };
          const payment = await getPayment(services.db, req.actor, req.params.transactionId);
          const amount = body.isoAmount ?? (body.amount === undefined ? undefined : parseDecimalAmount(body.amount, payment.currency, 'amount'));
          return startCapture(services.db, deps, req.actor, payment.id, amount);
        },
        async (tx, started) => {
          const { object: payment } = await recordCapture(tx, deps, req.actor, started);
          const captured = payment.amountReceived;
          const { amount: capturedAmount, isoAmount: isoCapturedAmount } = money(captured, payment.currency);
          const { amount: remainingAmount, isoAmount: isoRemainingAmount } = money(payment.amount - captured, payment.currency);
          const answer = {
            transactionId: payment.id,
            ...money(captured, payment.currency),
            ...byrd('BYRD200'),
            sourceTransaction: { transactionId: payment.id, ...money(payment.amount, payment.currency), capturedAmount, isoCapturedAmount, remainingAmount, isoRemainingAmount },
          };
          return { status: 200, body: JSON.stringify(answer) };
        },
        // A capture made and not recorded is not undone: the expiry job finds the authorisation captured and records the money.
        async () => undefined,
      ),
  );
}
