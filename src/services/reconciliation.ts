import { causedByJob } from '../domain/event-cause.js';
import type { Payment } from '../domain/payments.js';
import type { QueryAnswer } from '../rails/connector.js';
import type { Db } from '../store/db.js';
import { claimDueChecks, scheduleCheck } from '../store/payments.sql.js';
import { paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { connectorOf } from './payments.js';
import { applyPaymentChange, type PaymentChange } from './settlement.js';

/** How long a claimed payment is left to one node: one that dies mid-query leaves it to another after this. */
const LEASE_MS = 60_000;
const CAUSE = causedByJob('reconciliation');

/**
 * The reconciliation job (after Kill Bill's Janitor): asks the provider about payments that are processing
 * (the outcome of their creation is unknown), that an unverified notification named, or that reached
 * their expiry, and moves each only on a better answer: paid, waiting for the payer, failed, expired.
 * An answer that is still unknown asks again later, on the connector's backoff. Claims are leased with
 * SKIP LOCKED, so every node runs the job without asking twice; the provider is asked with no lock held,
 * and its answer is applied as any change is (order row first).
 */
export async function reconcileDuePayments(db: Db, deps: PaymentDeps, batch: number): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimDueChecks(db, now, new Date(now.getTime() + LEASE_MS), batch);
  for (const payment of claimed) await reconcile(db, deps, payment);
  return claimed.length;
}

async function reconcile(db: Db, deps: PaymentDeps, payment: Payment): Promise<void> {
  const connector = connectorOf(deps, payment);
  let answer: QueryAnswer;
  try {
    answer = await connector.query(paymentConnectorContext(deps, db, payment), payment);
  } catch (error) {
    answer = { outcome: 'unknown', message: error instanceof Error ? error.message : 'the query failed' };
  }
  const now = deps.clock.now();
  const change = changeOf(answer, payment, now);
  if (change) {
    await db.transaction((tx) => applyPaymentChange(tx, deps, payment, change, CAUSE));
    return;
  }
  // Still open: a pending payment is asked again at its expiry, an unknown one after the next backoff step.
  const backoff = connector.reconcileBackoffMs;
  const unknown = answer.outcome === 'unknown' || answer.outcome === 'not_sent';
  const next = unknown || !payment.expiresAt ? new Date(now.getTime() + backoff[Math.min(payment.checkAttempts, backoff.length - 1)]!) : payment.expiresAt;
  await scheduleCheck(db, payment.merchantId, payment.id, next);
}

function changeOf(answer: QueryAnswer, payment: Payment, now: Date): PaymentChange | null {
  const expired = payment.expiresAt !== null && payment.expiresAt.getTime() <= now.getTime();
  switch (answer.outcome) {
    case 'succeeded':
      return { type: 'succeeded', received: answer.received };
    case 'declined':
      return answer.expired ? { type: 'expired' } : { type: 'failed', failure: answer.failure };
    case 'pending':
      if (expired) return { type: 'expired' };
      return payment.status === 'processing' ? { type: 'pending', state: answer } : null;
    default:
      return null;
  }
}
