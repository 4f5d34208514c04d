import type { Actor } from '../domain/actor.js';
import { decodeId } from '../domain/ids.js';
import { SANDBOX_PROVIDER } from '../domain/payment-settings.js';
import { AppError } from '../domain/errors.js';
import { causedBy, causedByJob, type EventCause } from '../domain/event-cause.js';
import type { Payment } from '../domain/payments.js';
import { isCardConnector, type CaptureAnswer } from '../rails/card/acquirer.js';
import type { CardSandbox } from '../rails/card/sandbox.js';
import type { Db, Queryable } from '../store/db.js';
import { claimDueChallenges, type SandboxCardCharge } from '../store/cards.sql.js';
import { claimDueAuthorizations, findPayment } from '../store/payments.sql.js';
import type { Written } from './orders.js';
import { receiveNotification } from './notifications.js';
import { paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { connectorOf, getLockedPayment, getPayment } from './payments.js';
import { applyLockedPaymentChange, applyPaymentChange, EventLog } from './settlement.js';
import { paymentView } from './views.js';

/** A capture asked of the acquirer and not yet recorded. */
export interface StartedCapture {
  paymentId: string;
  answer: Extract<CaptureAnswer, { outcome: 'succeeded' }>;
}

/**
 * Captures an authorised card payment (requires_capture), in full or in part, once: what is not captured
 * is released. The acquirer is asked outside any transaction, as a payment's creation is; recordCapture
 * then confirms the money under the order's lock. A second capture is refused by the acquirer (409).
 */
export async function startCapture(db: Queryable, deps: PaymentDeps, actor: Actor, id: string, amount: number | undefined): Promise<StartedCapture> {
  const payment = await getPayment(db, actor, id);
  if (payment.status !== 'requires_capture') {
    throw new AppError('invalid_state_transition', `A payment that is ${payment.status} cannot be captured: only an authorised card payment (requires_capture) can`);
  }
  const capture = amount ?? payment.amount;
  if (capture > payment.amount) throw AppError.invalidField('/amount', 'exceeds_authorized', `must be at most the ${payment.amount} authorised`);
  const connector = connectorOf(deps, payment);
  if (!isCardConnector(connector)) throw new AppError('invalid_state_transition', `A ${payment.method} payment cannot be captured`);
  const answer = await connector.capture(paymentConnectorContext(deps, db, payment), payment, capture);
  if (answer.outcome === 'declined') throw new AppError('invalid_state_transition', `The acquirer would not capture the payment: ${answer.failure.message}`);
  if (answer.outcome !== 'succeeded') throw new AppError('provider_unavailable', `The acquirer did not confirm the capture (${answer.message}); retry with the same Idempotency-Key`);
  return { paymentId: id, answer };
}

export async function recordCapture(tx: Queryable, deps: PaymentDeps, actor: Actor, { paymentId, answer }: StartedCapture): Promise<Written<Payment>> {
  const locked = await getLockedPayment(tx, actor, paymentId);
  const cause = causedBy(actor);
  const captured = await applyLockedPaymentChange(tx, deps, locked, { type: 'succeeded', received: answer.received }, cause);
  if (!captured) throw new AppError('invalid_state_transition', `The payment became ${locked.payment.status} while it was being captured`);
  const events = new EventLog(cause, deps.clock.now());
  events.payment(captured, 'payment.captured');
  await events.write(tx);
  return { object: captured, json: JSON.stringify(paymentView(captured)) };
}

/** How long a claimed authorisation or challenge is left to one node. */
const LEASE_MS = 60_000;
const AUTHORIZATION_EXPIRY_CAUSE = causedByJob('card-authorization-expiry');
const CHALLENGE_EXPIRY_CAUSE = causedByJob('card-challenge-expiry');

/**
 * The authorisation expiry job: card payments authorised and not captured within the configured time
 * (PAYORDERS_CARD_AUTHORIZATION_HOURS) are voided at the acquirer and expire, which frees the order.
 * Claimed with SKIP LOCKED under a lease, so nodes share the work; the acquirer is asked with no lock held.
 * A void the acquirer does not confirm is tried again when the lease ends.
 */
export async function expireDueAuthorizations(db: Db, deps: PaymentDeps, batch: number): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimDueAuthorizations(db, now, new Date(now.getTime() + LEASE_MS), batch);
  for (const payment of claimed) await expireAtAcquirer(db, deps, payment, AUTHORIZATION_EXPIRY_CAUSE);
  return claimed.length;
}

/**
 * The challenge expiry job: a card payment whose payer has not passed or failed its 3-D Secure challenge
 * within PAYORDERS_CARD_CHALLENGE_MINUTES of its making is voided at the acquirer and expires
 * (payment.expired), and its order takes a payment again. Claimed as authorisations are.
 */
export async function expireDueChallenges(db: Db, deps: PaymentDeps, batch: number): Promise<number> {
  const now = deps.clock.now();
  const claimed = await claimDueChallenges(db, now, new Date(now.getTime() - deps.cards.challengeLifetimeMs), new Date(now.getTime() + LEASE_MS), batch);
  for (const key of claimed) {
    const payment = await findPayment(db, key.merchantId, key.paymentId);
    if (payment) await expireAtAcquirer(db, deps, payment, CHALLENGE_EXPIRY_CAUSE);
  }
  return claimed.length;
}

/** Voids a card payment at the acquirer, then expires it; one the acquirer says it took the money of meanwhile is recorded paid instead. */
async function expireAtAcquirer(db: Db, deps: PaymentDeps, payment: Payment, cause: EventCause): Promise<void> {
  const connector = connectorOf(deps, payment);
  const ctx = paymentConnectorContext(deps, db, payment);
  const answer = await connector.cancel(ctx, payment).catch((error: Error) => ({ outcome: 'unknown' as const, message: error.message }));
  if (answer.outcome === 'succeeded') {
    await db.transaction((tx) => applyPaymentChange(tx, deps, payment, { type: 'expired' }, cause));
    return;
  }
  // Captured at the acquirer while our record of it failed (or its notification was lost): the money is recorded.
  if (answer.outcome !== 'declined') return;
  const found = await connector.query(ctx, payment);
  if (found.outcome === 'succeeded') await db.transaction((tx) => applyPaymentChange(tx, deps, payment, { type: 'succeeded', received: found.received }, cause));
}

function cardSandboxOf(deps: PaymentDeps): CardSandbox {
  return deps.rails.connector('card', SANDBOX_PROVIDER) as CardSandbox;
}

/** The sandbox's open 3-D Secure challenge a page URL names (mer_…, the charge's reference), or null. */
export async function openSandboxChallenge(db: Queryable, deps: PaymentDeps, merchant: string, reference: string): Promise<SandboxCardCharge | null> {
  const merchantId = decodeId('merchant', merchant);
  return merchantId ? cardSandboxOf(deps).challenge(db, merchantId, reference) : null;
}

/**
 * The payer passed or failed the sandbox's challenge: the sandbox acquirer settles its charge and notifies
 * the service as a provider does, through receiveNotification (what POST /hooks/card/sandbox runs), in one
 * transaction. Answers where the payer goes next: the order's redirect URL, or null.
 */
export async function completeSandboxChallenge(db: Db, deps: PaymentDeps, merchant: string, reference: string, passed: boolean): Promise<{ returnUrl: string | null } | null> {
  const merchantId = decodeId('merchant', merchant);
  if (!merchantId) return null;
  return db.transaction(async (tx) => {
    const sandbox = cardSandboxOf(deps);
    const charge = await sandbox.challenge(tx, merchantId, reference);
    if (!charge) return null;
    const notification = await sandbox.completeChallenge(tx, merchantId, reference, passed, deps.clock.now());
    await receiveNotification(tx, deps, 'card', SANDBOX_PROVIDER, notification);
    return { returnUrl: charge.returnUrl };
  });
}
