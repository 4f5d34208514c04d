import { AppError } from '../domain/errors.js';
import { causedByProvider } from '../domain/event-cause.js';
import type { Order, PaymentMethod } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import type { InboundNotification, NotifiedChange } from '../rails/connector.js';
import type { Queryable } from '../store/db.js';
import { lockPaymentByReference, scheduleCheck } from '../store/payments.sql.js';
import { scheduleRefundCheck } from '../store/refunds.sql.js';
import type { PaymentDeps } from './payment-context.js';
import { applyLockedPaymentChange, type PaymentChange } from './settlement.js';

export interface NotificationOutcome {
  verified: boolean;
  /** The payments it changed, as they are now; a repeated callback changes none. */
  changed: Payment[];
}

/**
 * A provider's notification, as POST /hooks/<rail>/<provider> receives it, in the caller's transaction:
 * persisted before the provider is answered. A verified one is applied like a query's answer; an
 * unverified one (a bad or missing signature, a stale timestamp) moves no money: it only asks the
 * reconciliation job to query the provider about the payments it names, now.
 */
export async function receiveNotification(
  tx: Queryable,
  deps: PaymentDeps,
  method: PaymentMethod,
  provider: string,
  notification: InboundNotification,
  /** A payment the caller already holds locked with its order (the test helpers): a change naming it applies to these rows. */
  held?: { order: Order; payment: Payment },
): Promise<NotificationOutcome> {
  const connector = deps.rails.connector(method, provider);
  if (!connector) throw new AppError('route_not_found', `No ${method} provider ${provider} takes notifications here`);
  const parsed = await connector.parseNotification({ db: tx, clock: deps.clock }, notification);
  if (!parsed) throw new AppError('bad_request', `The body is not a notification of the ${method} provider ${provider}`);
  const changed: Payment[] = [];
  for (const change of parsed.changes) {
    if (change.action === 'refund_changed') {
      await scheduleRefundCheck(tx, { merchantId: parsed.merchantId, livemode: parsed.livemode, provider, reference: change.refundReference }, deps.clock.now());
      continue;
    }
    if (change.reference === null) continue;
    // Locked with its order, the order's row first, as for any change of the payment.
    const locked = isHeld(held, parsed.merchantId, parsed.livemode, provider, change.reference)
      ? held
      : await lockPaymentByReference(tx, parsed.merchantId, parsed.livemode, provider, change.reference);
    if (!locked || locked.payment.method !== method) continue;
    if (!parsed.verified || change.action === 'ignored') {
      await scheduleCheck(tx, locked.payment.merchantId, locked.payment.id, deps.clock.now());
      continue;
    }
    const after = await applyLockedPaymentChange(tx, deps, locked, changeOf(change), causedByProvider(method, provider));
    if (after) changed.push(after);
  }
  return { verified: parsed.verified, changed };
}

function isHeld(held: { payment: Payment } | undefined, merchantId: string, livemode: boolean, provider: string, reference: string): held is { order: Order; payment: Payment } {
  const payment = held?.payment;
  return payment !== undefined && payment.merchantId === merchantId && payment.livemode === livemode && payment.provider === provider && payment.providerReference === reference;
}

function changeOf(change: Exclude<NotifiedChange, { action: 'ignored' | 'refund_changed' }>): PaymentChange {
  if (change.action === 'paid') return { type: 'succeeded', received: change.received };
  if (change.action === 'failed') return { type: 'failed', failure: change.failure };
  if (change.action === 'authorized') return { type: 'requires_capture' };
  return { type: 'expired' };
}
