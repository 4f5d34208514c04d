import { actorCanSee, actorScope, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { causedBy, causedByJob, type EventCause } from '../domain/event-cause.js';
import { decodeId, encodeId, uuidv7 } from '../domain/ids.js';
import { assertTransition } from '../domain/order-status.js';
import type { Order } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import {
  canTransitionRefund,
  drawnFromOwed,
  orderStatusAfterRefund,
  refundAmount,
  refundOrderAmount,
  refundPostings,
  type Refund,
  type RefundStatus,
} from '../domain/refunds.js';
import { refundNotSupported, type Connector, type RefundAnswer, type RefundRequest } from '../rails/connector.js';
import type { Db, Queryable } from '../store/db.js';
import type { TableRow } from '../store/inserts.js';
import { balanceTransactionRows, owedToPayerOf } from '../store/ledger.sql.js';
import * as orders from '../store/orders.sql.js';
import { findPayment, lockOrderAndPayment, savePaymentStatement } from '../store/payments.sql.js';
import * as refunds from '../store/refunds.sql.js';
import type { Page } from '../store/list-query.js';
import { paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { connectorOf, getLockedPayment } from './payments.js';
import { EventLog } from './settlement.js';

/**
 * Refunds. A refund is recorded first, under its payment's order lock, holding its amount (so two at once
 * can never take more than the payment received); then its provider is asked, with no transaction open;
 * then the answer is applied under the lock again. The money leaves the merchant's balance and the order
 * when the provider says it left (succeeded), not before. A retry with the same Idempotency-Key finds the
 * refund it made instead of sending money twice, even when the first request's answer was lost.
 */

export interface RefundInput {
  payment: string;
  amount?: number;
  reason?: string | null;
  metadata?: Record<string, string>;
  /** The payer's account, for rails that refund to one (Rail.checkRefundDestination). */
  destination?: unknown;
}

export function refundView(refund: Refund) {
  return {
    id: encodeId('refund', refund.id),
    object: 'refund' as const,
    livemode: refund.livemode,
    payment: encodeId('payment', refund.paymentId),
    order: encodeId('order', refund.orderId),
    method: refund.method,
    provider: refund.provider,
    status: refund.status,
    amount: refund.amount,
    currency: refund.currency,
    order_amount: refund.orderAmount,
    reason: refund.reason,
    metadata: refund.metadata,
    destination: refund.destination && Object.fromEntries(Object.entries(refund.destination).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v])),
    reference: refund.reference,
    transaction_hash: refund.transactionHash,
    next_action: refund.nextAction,
    provider_metadata: refund.providerMetadata,
    failure_code: refund.failureCode,
    failure_message: refund.failureMessage,
    created_at: refund.createdAt.toISOString(),
    updated_at: refund.updatedAt.toISOString(),
    succeeded_at: refund.succeededAt?.toISOString() ?? null,
  };
}

const refundJson = (refund: Refund) => JSON.stringify(refundView(refund));
const addRefundEvent = (events: EventLog, refund: Refund, type: string) => events.add(refund, type, refundJson(refund));

/** The key a refund is found again by: the Idempotency-Key of the request, per principal as the key's record is. */
function idempotencyKeyOf(actor: Actor): string | null {
  const key = actor.request?.idempotencyKey;
  if (!key) return null;
  return `${actor.principal.kind === 'api_key' ? 'api_key' : `user:${actor.principal.id}`}:${key}`;
}

/**
 * Creates a refund and asks its provider: the whole of POST /v1/refunds but the response. Runs no
 * transaction across the provider's answer (see the file's comment).
 */
export async function createRefund(db: Db, deps: PaymentDeps, actor: Actor, input: RefundInput): Promise<Refund> {
  const { refund, connector, payment } = await db.transaction((tx) => recordRefund(tx, deps, actor, input));
  if (!connector) return refund;
  const answer = await askRefund(deps, db, connector, payment, requestOf(refund), 'refund');
  return (await db.transaction((tx) => applyRefundAnswer(tx, deps, refund, answer, 'refund', causedBy(actor)))) ?? refund;
}

async function recordRefund(
  tx: Queryable,
  deps: PaymentDeps,
  actor: Actor,
  input: RefundInput,
): Promise<{ refund: Refund; connector: Connector | null; payment: Payment }> {
  const { payment } = await getLockedPayment(tx, actor, input.payment);
  const key = idempotencyKeyOf(actor);
  // Read under the lock, so a concurrent request with the same key waits for the first and finds its refund.
  const existing = key && (await refunds.findRefundByIdempotencyKey(tx, actor.merchantId, actor.livemode, key));
  if (existing) {
    // The key's record holds the request's fingerprint only once answered; until then, what the refund says of it.
    if (existing.paymentId !== payment.id || (input.amount !== undefined && input.amount !== existing.amount)) {
      throw new AppError('idempotency_key_reused', 'This Idempotency-Key was already used with a different request');
    }
    return { refund: existing, connector: null, payment };
  }
  const connector = connectorOf(deps, payment);
  if (connector.refund === refundNotSupported) {
    throw new AppError('refund_not_supported', `The ${payment.method} provider ${payment.provider} cannot refund; return the money outside the service`);
  }
  const rail = deps.rails.rail(payment.method)!;
  let destination: Record<string, unknown> | null = null;
  if (rail.checkRefundDestination) {
    if (input.destination === undefined) {
      throw AppError.invalidField('destination', 'required', `is required: a ${payment.method} refund is sent to an account the payer gives`);
    }
    destination = rail.checkRefundDestination(input.destination) as unknown as Record<string, unknown>;
  } else if (input.destination !== undefined) {
    throw AppError.invalidField('destination', 'not_allowed', `is not taken: a ${payment.method} refund goes back the way the payment came`);
  }
  const reserved = await refunds.reservedByRefunds(tx, payment.merchantId, payment.id);
  const amount = refundAmount(payment, reserved, input.amount);
  const now = deps.clock.now();
  const id = uuidv7(now.getTime());
  const refund: Refund = {
    id,
    merchantId: payment.merchantId,
    livemode: payment.livemode,
    paymentId: payment.id,
    orderId: payment.orderId,
    storeId: payment.storeId,
    branchId: payment.branchId,
    method: payment.method,
    provider: payment.provider,
    status: 'pending',
    amount,
    currency: payment.currency,
    orderAmount: null,
    reason: input.reason ?? null,
    metadata: input.metadata ?? {},
    destination,
    // The refund's own id, as 32 hex digits: unique, and what a Pix devolução id may be.
    reference: id.replaceAll('-', ''),
    transactionHash: null,
    nextAction: null,
    providerMetadata: {},
    providerData: {},
    failureCode: null,
    failureMessage: null,
    idempotencyKey: key,
    createdAt: now,
    updatedAt: now,
    succeededAt: null,
    // Asked about soon if this request dies before it records the provider's answer.
    nextCheckAt: new Date(now.getTime() + connector.reconcileBackoffMs[0]!),
    checkAttempts: 0,
  };
  const events = new EventLog(causedBy(actor), now);
  addRefundEvent(events, refund, 'refund.created');
  await events.write(tx, [refunds.refundRow(refund)]);
  return { refund, connector, payment };
}

const requestOf = (refund: Refund): RefundRequest => ({
  refundId: refund.id,
  reference: refund.reference,
  amount: refund.amount,
  currency: refund.currency,
  reason: refund.reason,
  destination: refund.destination as RefundRequest['destination'],
  transactionHash: refund.transactionHash,
  data: refund.providerData,
});

/** Asks the provider, with nothing locked; a connector that throws has an unknown outcome (it may have sent). */
type RefundFlow = 'refund' | 'queryRefund';

async function askRefund(deps: PaymentDeps, db: Db, connector: Connector, payment: Payment, request: RefundRequest, flow: RefundFlow): Promise<RefundAnswer> {
  try {
    return await connector[flow](paymentConnectorContext(deps, db, payment), payment, request);
  } catch (error) {
    return { outcome: 'unknown', message: error instanceof Error ? error.message : 'the provider call failed' };
  }
}

/** A refund's change, as its provider, the merchant or the chain tells it. */
export type RefundChange =
  | { type: 'succeeded'; metadata?: Record<string, unknown> }
  | { type: 'failed'; code: string; message: string }
  | { type: 'canceled' }
  | { type: 'requires_action'; nextAction: Record<string, unknown> }
  /** Still waiting: when to ask the provider again (null: not until something says so). */
  | { type: 'pending'; nextCheckAt: Date | null; transactionHash?: string };

function changeOf(answer: RefundAnswer, flow: RefundFlow, refund: Refund, connector: Connector, now: Date): RefundChange {
  const backoff = connector.reconcileBackoffMs;
  const later = new Date(now.getTime() + backoff[Math.min(refund.checkAttempts, backoff.length - 1)]!);
  switch (answer.outcome) {
    case 'succeeded':
      return { type: 'succeeded', metadata: answer.metadata };
    case 'declined':
      return { type: 'failed', code: answer.failure.code, message: answer.failure.message };
    case 'not_sent':
      // A query that did not reach the provider says nothing of the refund: ask again later.
      if (flow === 'queryRefund') return { type: 'pending', nextCheckAt: later };
      // A refund that did not reach it was not sent: the amount is given back, and a new refund may be asked for.
      return { type: 'failed', code: 'provider_unavailable', message: `The provider could not be reached (${answer.message}); nothing was sent` };
    case 'not_supported':
      return { type: 'failed', code: 'refund_not_supported', message: 'The provider cannot refund this payment' };
    case 'requires_action':
      return { type: 'requires_action', nextAction: { type: answer.action.type, ...answer.action.details } };
    case 'pending':
    case 'unknown':
      return { type: 'pending', nextCheckAt: later };
  }
}

/** Applies a provider's answer about a refund, in the caller's transaction; null when the refund already moved on. */
async function applyRefundAnswer(tx: Queryable, deps: PaymentDeps, refund: Refund, answer: RefundAnswer, flow: RefundFlow, cause: EventCause): Promise<Refund | null> {
  const connector = deps.rails.connector(refund.method, refund.provider)!;
  const change = changeOf(answer, flow, refund, connector, deps.clock.now());
  return applyRefundChange(tx, deps, refund, change, cause, { metadata: answer.metadata, data: answer.data });
}

/**
 * Applies a change to a refund under its payment's order lock (the order's row first, as every change of
 * the payment takes them), with its events; a success adds its amount to the payment's and the order's
 * amount_refunded (in the same statement as the refund's change), moves the order to
 * partially_refunded or refunded, and posts the ledger. A change the refund's state does not allow changes
 * nothing (providers repeat themselves). Returns the refund as it is after, or null when unchanged.
 */
export async function applyRefundChange(
  tx: Queryable,
  deps: PaymentDeps,
  target: Pick<Refund, 'merchantId' | 'id' | 'orderId' | 'paymentId'>,
  change: RefundChange,
  cause: EventCause,
  provider: { metadata?: Record<string, unknown>; data?: Record<string, unknown> } = {},
): Promise<Refund | null> {
  const locked = (await lockOrderAndPayment(tx, target.merchantId, target.orderId, target.paymentId))!;
  const refund = (await refunds.lockRefund(tx, target.merchantId, target.id))!;
  const { order, payment } = locked;
  const now = deps.clock.now();
  const before: RefundStatus = refund.status;
  refund.providerMetadata = { ...refund.providerMetadata, ...provider.metadata };
  refund.providerData = { ...refund.providerData, ...provider.data };
  refund.updatedAt = now;
  const events = new EventLog(cause, now);
  const rows: TableRow[] = [];
  const updates = [];

  if (change.type === 'pending') {
    if (before !== 'pending' && !canTransitionRefund(before, 'pending')) return null;
    if (change.transactionHash !== undefined && !takesTransaction(refund)) return null;
    const recorded = change.transactionHash !== undefined && change.transactionHash !== refund.transactionHash;
    refund.status = 'pending';
    refund.nextCheckAt = change.nextCheckAt;
    refund.nextAction = change.transactionHash ? null : refund.nextAction;
    refund.transactionHash = change.transactionHash ?? refund.transactionHash;
    if (before !== 'pending' || recorded) addRefundEvent(events, refund, 'refund.updated');
  } else {
    if (!canTransitionRefund(before, change.type)) return null;
    refund.status = change.type;
    refund.nextCheckAt = null;
    if (change.type === 'requires_action') refund.nextAction = change.nextAction;
    if (change.type === 'failed') Object.assign(refund, { failureCode: change.code, failureMessage: change.message });
    if (change.type === 'succeeded') {
      Object.assign(refund, { nextAction: null, succeededAt: now, providerMetadata: { ...refund.providerMetadata, ...change.metadata } });
      rows.push(...(await succeed(tx, order, payment, refund, now)));
      updates.push(orders.saveOrderStatement(order), savePaymentStatement(payment));
    }
    addRefundEvent(events, refund, `refund.${change.type}`);
    // An order whose status cannot follow (it expired before late money came) still changed: its amount_refunded.
    if (change.type === 'succeeded') events.order(order, order.status === 'refunded' || order.status === 'partially_refunded' ? `order.${order.status}` : 'order.updated');
  }
  await events.write(tx, rows, [refunds.saveRefundStatement(refund), ...updates]);
  return refund;
}

/**
 * A refund's money leaves: off the payment (in its currency) and the order (in the order's), and out of the
 * merchant's balance. Both amounts are read under the order lock, so no other refund moves them meanwhile.
 */
async function succeed(tx: Queryable, order: Order, payment: Payment, refund: Refund, now: Date): Promise<TableRow[]> {
  refund.orderAmount = refundOrderAmount(payment, payment.amountRefunded, refund.amount);
  const status = orderStatusAfterRefund(order, order.amountRefunded + refund.orderAmount);
  if (status !== order.status) assertTransition(order.status, status);
  Object.assign(order, { status, amountRefunded: order.amountRefunded + refund.orderAmount, updatedAt: now });
  Object.assign(payment, { amountRefunded: payment.amountRefunded + refund.amount, updatedAt: now });
  const orderCurrency = payment.quote?.orderCurrency ?? payment.currency;
  const fromOwed = drawnFromOwed(refund.orderAmount, await owedToPayerOf(tx, payment.merchantId, payment.id));
  const postings = refundPostings({ orderAmount: refund.orderAmount, fromOwed, orderCurrency, amount: refund.amount, currency: refund.currency });
  return balanceTransactionRows(
    {
      id: uuidv7(now.getTime()),
      merchantId: refund.merchantId,
      livemode: refund.livemode,
      type: 'refund',
      paymentId: payment.id,
      refundId: refund.id,
      currency: orderCurrency,
      amount: -(refund.orderAmount - fromOwed),
      fee: 0,
      net: -(refund.orderAmount - fromOwed),
      owedToPayer: -fromOwed,
      status: 'available',
      availableOn: now,
      createdAt: now,
      fx: null,
    },
    postings.map((p) => ({ ...p, entryId: uuidv7(now.getTime()) })),
  );
}

/** Another merchant's refund, the other mode's, or one of a payment outside the caller's store/branch: all 404. */
export async function getRefund(db: Queryable, actor: Actor, id: string): Promise<Refund> {
  const uuid = decodeId('refund', id);
  const refund = uuid ? await refunds.findRefund(db, actor.merchantId, uuid) : null;
  if (!refund || !actorCanSee(actor, refund)) throw AppError.notFound('refund', id);
  return refund;
}

export interface RefundFilters {
  payment?: string;
  order?: string;
  status?: RefundStatus[];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listRefunds(db: Queryable, actor: Actor, filters: RefundFilters, page: Page): Promise<Refund[]> {
  const idOf = (kind: 'payment' | 'order', value: string | undefined) => {
    if (value === undefined) return undefined;
    const uuid = decodeId(kind, value);
    if (!uuid) throw new AppError('validation_error', `${kind} is not a ${kind} id`, [{ path: `/${kind}`, in: 'query', code: 'invalid_id', message: `is not a ${kind} id` }]);
    return uuid;
  };
  return refunds.listRefunds(
    db,
    { ...actorScope(actor), paymentId: idOf('payment', filters.payment), orderId: idOf('order', filters.order), status: filters.status, createdGte: filters.createdGte, createdLt: filters.createdLt },
    page,
  );
}

/**
 * The merchant sent a refund itself (USDT: the service holds no key) and records its transaction: the
 * refund is pending until the chain watcher sees the transfer confirmed (nothing is asked of a provider).
 * Recording the same hash again answers the refund as it is; another one replaces it until the watcher
 * has seen the first on the chain, and is refused after.
 */
export async function recordRefundTransaction(tx: Queryable, deps: PaymentDeps, actor: Actor, id: string, hash: string): Promise<Refund> {
  const found = await getRefund(tx, actor, id);
  const connector = connectorOf(deps, await paymentOf(tx, found));
  const transactionHash = connector.refundTransactionHash?.(hash);
  if (!transactionHash) {
    if (!connector.refundTransactionHash) throw new AppError('invalid_state_transition', `A ${found.method} refund is sent by the provider; it takes no transaction`);
    throw AppError.invalidField('hash', 'invalid_format', 'must be a transaction id: 64 hexadecimal digits');
  }
  // A new transaction is given its window to be seen on the chain, from now (the same one again keeps its own).
  const now = deps.clock.now();
  const window = connector.refundTransactionWindowMs;
  const renewed = transactionHash !== found.transactionHash;
  const nextCheckAt = renewed ? (window === undefined ? null : new Date(now.getTime() + window)) : found.nextCheckAt;
  const changed = await applyRefundChange(tx, deps, found, { type: 'pending', nextCheckAt, transactionHash }, causedBy(actor), {
    data: renewed ? { transaction_recorded_at: now.toISOString() } : {},
  });
  const refund = changed ?? (await refunds.findRefund(tx, found.merchantId, found.id))!;
  if (refund.transactionHash !== transactionHash) {
    throw new AppError(
      'invalid_state_transition',
      refund.transactionHash ? `This refund's transaction ${refund.transactionHash} is on the chain already` : `A refund that is ${refund.status} takes no transaction`,
    );
  }
  return refund;
}

/**
 * Whether a transaction may be recorded on the refund: one waiting for the merchant to send it, or one whose
 * recorded transaction the watcher has not seen on the chain yet (a mistyped hash is put right).
 */
const takesTransaction = (refund: Refund) =>
  refund.status === 'requires_action' || (refund.status === 'pending' && refund.transactionHash !== null && refund.providerData.block_number === undefined);

/**
 * Cancels a refund the merchant was to send itself and has not recorded as sent (requires_action): its
 * amount is free again. A refund its provider was asked for cannot be called back.
 */
export async function cancelRefund(tx: Queryable, deps: PaymentDeps, actor: Actor, id: string): Promise<Refund> {
  const found = await getRefund(tx, actor, id);
  const canceled = found.status === 'requires_action' && (await applyRefundChange(tx, deps, found, { type: 'canceled' }, causedBy(actor)));
  if (canceled && canceled.status === 'canceled') return canceled;
  const current = canceled || (await refunds.findRefund(tx, found.merchantId, found.id))!;
  throw new AppError('invalid_state_transition', `A refund that is ${current.status} cannot be canceled: only one waiting for the merchant to send it`);
}

const paymentOf = async (db: Queryable, refund: Refund): Promise<Payment> => (await findPayment(db, refund.merchantId, refund.paymentId))!;

const RECONCILE_CAUSE = causedByJob('reconcile-refunds');
/** How long a claimed refund is left to one node (as for payments). */
const LEASE_MS = 60_000;

/** The reconciliation job for refunds: asks the provider about those whose outcome is not known yet. */
export async function reconcileDueRefunds(db: Db, deps: PaymentDeps, batch: number): Promise<number> {
  const now = deps.clock.now();
  const claimed = await refunds.claimDueRefundChecks(db, now, new Date(now.getTime() + LEASE_MS), batch);
  for (const refund of claimed) {
    const payment = await paymentOf(db, refund);
    const connector = connectorOf(deps, payment);
    if (transactionUnseen(refund, connector, now)) {
      await db.transaction((tx) => failUnseenTransaction(tx, deps, refund, connector, now));
      continue;
    }
    const answer = await askRefund(deps, db, connector, payment, requestOf(refund), 'queryRefund');
    await db.transaction((tx) => applyRefundAnswer(tx, deps, refund, answer, 'queryRefund', RECONCILE_CAUSE));
  }
  return claimed.length;
}

/** A refund the merchant sent itself whose recorded transaction the chain watcher has not seen within the connector's window. */
function transactionUnseen(refund: Refund, connector: Connector, now: Date): boolean {
  const window = connector.refundTransactionWindowMs;
  const recordedAt = refund.providerData.transaction_recorded_at;
  if (refund.status !== 'pending' || refund.transactionHash === null || refund.providerData.block_number !== undefined) return false;
  return window !== undefined && typeof recordedAt === 'string' && Date.parse(recordedAt) + window <= now.getTime();
}

/**
 * Fails a refund whose transaction was never seen (a hash of no transaction, or one never broadcast): its
 * amount is free again (nothing was posted to the ledger: a refund's money leaves only when it succeeds).
 * Checked again under the locks, so a transfer the watcher notes meanwhile keeps the refund pending.
 */
async function failUnseenTransaction(tx: Queryable, deps: PaymentDeps, claimed: Refund, connector: Connector, now: Date): Promise<void> {
  await lockOrderAndPayment(tx, claimed.merchantId, claimed.orderId, claimed.paymentId);
  const refund = (await refunds.lockRefund(tx, claimed.merchantId, claimed.id))!;
  if (!transactionUnseen(refund, connector, now)) return;
  const hours = connector.refundTransactionWindowMs! / 3_600_000;
  const message = `No transfer of the refund to its address was seen in transaction ${refund.transactionHash} within ${hours} h of its recording: the refund failed, and its amount may be refunded again`;
  await applyRefundChange(tx, deps, refund, { type: 'failed', code: 'transaction_not_seen', message }, RECONCILE_CAUSE);
}

/** A Transfer event as the chain watcher reads it, for the refunds merchants sent. */
export interface ChainTransfer {
  transactionId: string;
  eventIndex: number;
  blockNumber: number;
  to: string;
  value: bigint;
}

/**
 * The watcher's discovery, for refunds: a pending refund's recorded transaction seen on the chain sending
 * exactly its amount to its address is noted with its block. Another transfer in that transaction (another
 * amount, another address) confirms nothing.
 */
export async function seeRefundTransfers(db: Queryable, provider: string, transfers: readonly ChainTransfer[]): Promise<void> {
  const pending = await refunds.pendingRefundsInTransactions(db, provider, [...new Set(transfers.map((t) => t.transactionId))]);
  for (const refund of pending) {
    const to = (refund.destination as { address?: string } | null)?.address;
    const sent = transfers.find((t) => t.transactionId === refund.transactionHash && t.to === to && t.value === BigInt(refund.amount));
    if (sent) await refunds.noteRefundTransferSeen(db, refund, { block_number: sent.blockNumber, event_index: sent.eventIndex });
  }
}

const WATCHER_CAUSE = causedByJob('usdt-watcher');

/** The watcher's confirmation, for refunds: those whose transfer's block has the confirmations required succeed. */
export async function confirmRefundTransfers(db: Db, deps: PaymentDeps, provider: string, maxBlock: number): Promise<number> {
  let confirmed = 0;
  for (const refund of await refunds.confirmedRefundTransfers(db, provider, maxBlock)) {
    const metadata = { transaction_id: refund.transactionHash, block_number: refund.providerData.block_number };
    if (await db.transaction((tx) => applyRefundChange(tx, deps, refund, { type: 'succeeded', metadata }, WATCHER_CAUSE))) confirmed++;
  }
  return confirmed;
}
