import { Type } from '@sinclair/typebox';
import type { Actor } from '../../domain/actor.js';
import { MAX_AMOUNT, parseDecimalAmount } from '../../domain/money.js';
import type { Payment } from '../../domain/payments.js';
import type { App, Services } from '../../http/context.js';
import { sendPreparedWrite } from '../../http/write.js';
import { paymentDeps, type PaymentDeps } from '../../services/payment-context.js';
import { getPayment } from '../../services/payments.js';
import type { Db, Queryable } from '../../store/db.js';
import { bindObject, decimal, int64, modelSchema, type Model } from './binding.js';
import { errors, money, Money, TAG_TRANSACTIONS, TransactionIdParams } from './schema.js';

/** How a capture or refund names its amount: `isoAmount` in minor units, else the deprecated decimal `amount`; neither: all. */
export const OPERATION_AMOUNT: Model = { isoAmount: int64(1, MAX_AMOUNT), amount: decimal };

type Measure = 'captured' | 'refunded' | 'remaining';

/** An amount of a source transaction under Paybyrd's name for it: `capturedAmount` ("15.00") beside `isoCapturedAmount` (1500). */
export function measuredMoney(measure: Measure, minor: number, currency: string): Record<string, string | number> {
  const { amount, isoAmount } = money(minor, currency);
  return { [`${measure}Amount`]: amount, [`iso${measure[0]!.toUpperCase()}${measure.slice(1)}Amount`]: isoAmount };
}

const measuredSchema = (measure: Measure) => ({ [`${measure}Amount`]: Type.String(), [`iso${measure[0]!.toUpperCase()}${measure.slice(1)}Amount`]: Type.Integer() });

/** A Paybyrd operation on a transaction (a capture, a refund): the route's words, and the two steps it takes. */
export interface TransactionOperation<Started> {
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** The body's model: OPERATION_AMOUNT, and whatever else the vendor's clients send. */
  body: Model;
  /** What `sourceTransaction` says beside `remainingAmount`. */
  measure: Exclude<Measure, 'remaining'>;
  /** What the answer's `transactionId` is. */
  transactionIdDescription?: string;
  /** Asks for the operation, outside any transaction: `amount` undefined is all. */
  start(db: Db, deps: PaymentDeps, actor: Actor, payment: Payment, amount: number | undefined): Promise<Started>;
  /** Records what was started in the request's transaction; the answer. */
  answer(tx: Queryable, deps: PaymentDeps, actor: Actor, started: Started): Promise<unknown>;
}

/**
 * Serves one operation on a transaction: binds the body, reads the transaction, takes the amount in its
 * currency, starts the operation and records it; Idempotency-Key as on /v1. Nothing is undone when the
 * answer is not sent: a refund is recorded before its provider is asked, and a capture made and not
 * recorded is found captured by the expiry job, which records the money.
 */
export function registerTransactionOperation<Started>(app: App, services: Services, operation: TransactionOperation<Started>) {
  const deps = paymentDeps(services);
  app.post(
    operation.path,
    {
      schema: {
        operationId: operation.operationId,
        tags: [TAG_TRANSACTIONS],
        summary: operation.summary,
        description: operation.description,
        params: TransactionIdParams,
        body: modelSchema(operation.body, operation.summary),
        response: {
          200: Type.Object({
            transactionId: Type.String({ format: 'uuid', description: operation.transactionIdDescription }),
            ...Money,
            code: Type.String(),
            description: Type.String(),
            sourceTransaction: Type.Object({
              transactionId: Type.String({ format: 'uuid' }),
              ...Money,
              ...measuredSchema(operation.measure),
              ...measuredSchema('remaining'),
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
          const body = bindObject(operation.body, req.body ?? {}) as { isoAmount?: number; amount?: string };
          const payment = await getPayment(services.db, req.actor, req.params.transactionId);
          const amount = body.isoAmount ?? (body.amount === undefined ? undefined : parseDecimalAmount(body.amount, payment.currency, 'amount'));
          return operation.start(services.db, deps, req.actor, payment, amount);
        },
        async (tx, started) => ({ status: 200, body: JSON.stringify(await operation.answer(tx, deps, req.actor, started)) }),
        async () => undefined,
      ),
  );
}
