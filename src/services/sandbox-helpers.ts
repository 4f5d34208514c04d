import { actorCanSee, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { SANDBOX_PROVIDER } from '../domain/payment-settings.js';
import { decodeId } from '../domain/ids.js';
import type { Payment } from '../domain/payments.js';
import type { SandboxAction } from '../rails/sandbox.js';
import type { Queryable } from '../store/db.js';
import { groupCommit } from '../store/group-commit.js';
import { findPayment, type PaymentKey } from '../store/payments.sql.js';
import { lockPaymentsAtSandbox, type PaymentAtSandbox } from '../store/sandbox.sql.js';
import { receiveNotification } from './notifications.js';
import type { GroupedWork, WriteResult } from './idempotency.js';
import type { Written } from './orders.js';
import { paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { paymentView } from './views.js';

/** The test helpers' changes, each in a transaction shared with those made at the same time (group commit). */
const sandboxActions = groupCommit<PaymentKey, PaymentAtSandbox>({ lock: lockPaymentsAtSandbox, exclusive: ({ order }) => order.id });

/**
 * The test helpers: what a payer does at the sandbox provider. The sandbox changes its own record of the
 * charge and signs its notification, which goes through the same path as one received at
 * POST /hooks/<rail>/sandbox (receiveNotification: signature, parsing, dedupe, the payment's state), in
 * this request's transaction, so the helper's Idempotency-Key covers the whole of it. Test mode only: in
 * live mode the helpers do not exist. The order's row, the payment's and the sandbox's charge are locked
 * together, in that order: a cancel holds the order and then takes the charge, so taking them the other
 * way round could deadlock with it.
 */
export function simulateAtSandbox(deps: PaymentDeps, actor: Actor, id: string, action: SandboxRequest, respond: (written: Written<Payment>) => WriteResult): GroupedWork<PaymentKey, PaymentAtSandbox> {
  if (actor.livemode) throw new AppError('route_not_found', 'The test helpers exist in test mode only');
  const paymentId = decodeId('payment', id);
  if (!paymentId) throw AppError.notFound('payment', id);
  return {
    group: sandboxActions,
    key: { merchantId: actor.merchantId, paymentId },
    work: async (tx, held) => {
      if (!held || !actorCanSee(actor, held.payment)) throw AppError.notFound('payment', id);
      return respond(await simulate(tx, deps, held, action));
    },
  };
}

type SandboxRequest = { type: 'pay'; amount?: number } | { type: 'fail' };

async function simulate(tx: Queryable, deps: PaymentDeps, held: PaymentAtSandbox, action: SandboxRequest): Promise<Written<Payment>> {
  const { payment } = held;
  const sandbox = deps.rails.sandbox(payment.method);
  if (!sandbox || payment.provider !== SANDBOX_PROVIDER) throw new AppError('conflict', `This payment goes through ${payment.provider}, not the sandbox`);
  const resolved: SandboxAction = action.type === 'pay' ? { type: 'pay', amount: action.amount ?? payment.amount } : action;
  const notification = await sandbox.simulate(paymentConnectorContext(deps, tx, payment), payment, resolved, held.charge);
  const { changed } = await receiveNotification(tx, deps, payment.method, SANDBOX_PROVIDER, notification, held);
  const after = changed.find((p) => p.id === payment.id) ?? (await findPayment(tx, payment.merchantId, payment.id))!;
  return { object: after, json: JSON.stringify(paymentView(after)) };
}
