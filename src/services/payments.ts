import { randomBytes } from 'node:crypto';
import { actorCanSee, actorScope, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { causedBy } from '../domain/event-cause.js';
import { decodeId, encodeId, uuidv7 } from '../domain/ids.js';
import { amountDue, PAYABLE, statusOnPaymentProcessing } from '../domain/order-money.js';
import { assertTransition, canTransition } from '../domain/order-status.js';
import type { Order, PaymentMethod } from '../domain/orders.js';
import { IN_FLIGHT_PAYMENT_STATUSES, OPEN_PAYMENT_STATUSES, type Payment, type PaymentStatus } from '../domain/payments.js';
import type { Connector, CreateAnswer, Received } from '../rails/connector.js';
import { findCustomer } from '../store/customers.sql.js';
import type { Db, Queryable } from '../store/db.js';
import { groupCommit } from '../store/group-commit.js';
import type { TableRow } from '../store/inserts.js';
import type { Page } from '../store/list-query.js';
import * as orders from '../store/orders.sql.js';
import * as payments from '../store/payments.sql.js';
import { cardDefences } from './card-defences.js';
import { cardAttemptsExhausted, cardPaymentMetadata, prepareCardCharge, saveCardOf, type CardPaymentOptions, type PreparedCard } from './cards.js';
import type { GroupedWork, WriteResult } from './idempotency.js';
import { retrieveOrder, type PlannedOrder, type Written } from './orders.js';
import { priceInCurrency } from './fx.js';
import { connectorContext, paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { recentPaymentSettings } from './payment-settings.js';
import { applyLockedPaymentChange, EventLog, orderWrite } from './settlement.js';
import { paymentView } from './views.js';

/**
 * A payment asked of its provider and not yet recorded (startPayment), with what it was priced from: the
 * order's amount due then, which recordPayment checks again under the order's lock.
 */
export interface StartedPayment {
  payment: Payment;
  amountDue: number;
  /** A card charged at once: the money, confirmed as the payment is recorded. */
  received?: Received;
  /** A card payment's terms (the card to save, once recorded). */
  card?: PreparedCard;
}

/** A payment's status from its provider's answer; a card charged at once is confirmed as it is recorded. */
const STATUS_OF_ANSWER: Readonly<Record<CreateAnswer['outcome'], PaymentStatus>> = {
  pending: 'pending',
  unknown: 'processing',
  declined: 'failed',
  succeeded: 'pending',
  authorized: 'requires_capture',
  requires_action: 'requires_action',
  not_sent: 'failed',
};

/**
 * Starts a payment of what the order still owes, on the method's rail as the merchant set it up: checks
 * the order and the method, prices it (a `currency` other than the order's at an FX quote, see fx.ts; the
 * payment then expires with the quote) and asks the provider for the charge. It runs outside any
 * transaction and locks nothing, so a slow provider holds neither the order nor a connection; the charge
 * is recorded by recordPayment, or undone by discardPayment. A provider that cannot be reached (not_sent)
 * fails the request with nothing created; one that timed out (unknown) leaves the payment processing, for
 * the reconciliation job.
 */
export async function startPayment(
  db: Db,
  deps: PaymentDeps,
  actor: Actor,
  orderId: string,
  method: PaymentMethod,
  options: PaymentOptions = {},
): Promise<StartedPayment> {
  return startPaymentOf(db, deps, actor, await retrieveOrder(db, actor, orderId), method, options);
}

/**
 * startPayment of an order already read, or planned and not yet inserted (a face that creates an order and
 * its payment in one request inserts the order's rows in recordPayment's transaction, before it).
 */
export async function startPaymentOf(
  db: Queryable,
  deps: PaymentDeps,
  actor: Actor,
  order: Order,
  method: PaymentMethod,
  options: PaymentOptions = {},
): Promise<StartedPayment> {
  const now = deps.clock.now();
  assertPayable(order, now);
  if (order.paymentMethods && !order.paymentMethods.includes(method)) {
    throw new AppError('payment_method_not_allowed', `This order is to be paid with ${order.paymentMethods.join(', ')}, not ${method}`);
  }
  const settings = await recentPaymentSettings(db, deps.rails, actor.merchantId, actor.livemode);
  const account = settings.accounts[method];
  const connector = account && deps.rails.connector(method, account.provider);
  if (!account || !connector || (actor.livemode && !connector.live)) {
    throw new AppError('payment_method_not_configured', `${method} is not set up for this merchant in ${actor.livemode ? 'live' : 'test'} mode; see POST /v1/settings/payments`);
  }
  const payCurrency = options.currency?.toUpperCase() ?? order.currency;
  if (!connector.currencies.includes(payCurrency)) {
    throw new AppError('payment_method_not_allowed', `${method} takes ${connector.currencies.join(', ')}, not ${payCurrency}`);
  }
  const card = method === 'card' ? await prepareCardCharge(db, deps, actor, order, connector, options.card ?? { clientAddress: 'unknown' }) : undefined;

  const id = uuidv7(now.getTime());
  const due = amountDue(order);
  const chargeExpiresAt = new Date(Math.min(order.expiresAt?.getTime() ?? Infinity, now.getTime() + connector.chargeLifetimeMs));
  const priced = await priceInCurrency(db, deps.fx, actor, order, due, payCurrency, settings.fxSpreadBasisPoints ?? 0, now, chargeExpiresAt);
  const { amount, quote } = priced;
  // A card's authorisation is held for its own lifetime, whatever the order's.
  const expiresAt = card ? new Date(now.getTime() + card.authorizationLifetimeMs) : (quote?.expiresAt ?? chargeExpiresAt);
  const request = {
    paymentId: id,
    amount,
    currency: priced.currency,
    expiresAt,
    reference: order.reference,
    description: order.description,
    payer: await payerOf(db, order),
    ...(card ? { card: card.request } : {}),
  };
  const answer = await connector.create(connectorContext(deps, db, actor.merchantId, actor.livemode, account), request);
  if (answer.outcome === 'not_sent') throw new AppError('provider_unavailable', `${method} provider ${connector.provider}: ${answer.message}; nothing was created, retry`);
  if (card) cardDefences(deps.clock, deps.cards).recordOutcome(actor.merchantId, actor.livemode, answer.outcome === 'declined');

  const status = STATUS_OF_ANSWER[answer.outcome];
  const payment: Payment = {
    id,
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    orderId: order.id,
    storeId: order.storeId,
    branchId: order.branchId,
    method,
    provider: connector.provider,
    status,
    amount,
    currency: priced.currency,
    quote,
    amountReceived: 0,
    amountRefunded: 0,
    fee: 0,
    instructions: answer.outcome === 'requires_action' ? { next_action: answer.nextAction } : (answer.instructions ?? null),
    providerReference: answer.reference,
    providerMetadata: { ...answer.metadata, ...(card ? cardPaymentMetadata(card, card.savedCardId) : {}) },
    // What the charge was asked with, so later flows (a query, a PDF) ask about it alike whatever changes since.
    providerData: { ...answer.data, account, request: { reference: request.reference, description: request.description, payer: request.payer } },
    failureCode: answer.outcome === 'declined' ? answer.failure.code : null,
    failureMessage: answer.outcome === 'declined' ? answer.failure.message : null,
    late: false,
    expiresAt,
    createdAt: now,
    updatedAt: now,
    succeededAt: null,
    nextCheckAt: status === 'processing' ? new Date(now.getTime() + connector.reconcileBackoffMs[0]!) : status === 'failed' ? null : expiresAt,
    checkAttempts: 0,
  };
  return { payment, amountDue: due, ...(answer.outcome === 'succeeded' ? { received: answer.received } : {}), ...(card ? { card } : {}) };
}

/**
 * Records a started payment on its order, in the caller's transaction, with the order's row locked. An
 * order that stopped taking payments meanwhile (paid, canceled, expired), or whose amount due changed (so
 * the charge asks for the wrong amount), refuses it: the caller discards it and the client may retry.
 */
export async function recordPayment(tx: Queryable, deps: PaymentDeps, actor: Actor, started: StartedPayment): Promise<Written<Payment>> {
  const { payment } = started;
  return recordPaymentOn(tx, deps, actor, started, await orders.findOrder(tx, payment.merchantId, payment.orderId, true));
}

/**
 * Records started payments as recordPayment does, each in a transaction shared with the payments recorded
 * at the same time: their orders locked in one statement, their rows and events written in one more.
 */
const paymentRecords = groupCommit<orders.OrderKey, Order>({ lock: orders.lockOrders, exclusive: (order) => order.id });

/** recordPayment as the work of a write group (see runGroupedWrite), answered with `respond` of what was recorded. */
export function groupedPaymentRecord(deps: PaymentDeps, actor: Actor, started: StartedPayment, respond: (written: Written<Payment>) => WriteResult): GroupedWork<orders.OrderKey, Order> {
  const { merchantId, orderId } = started.payment;
  return { group: paymentRecords, key: { merchantId, orderId }, work: async (tx, order) => respond(await recordPaymentOn(tx, deps, actor, started, order)) };
}

/** recordPayment on the order, which the caller has locked, or which is planned (`plannedRows`: new, written with the payment). */
async function recordPaymentOn(
  tx: Queryable,
  deps: PaymentDeps,
  actor: Actor,
  started: StartedPayment,
  order: Order | null,
  plannedRows?: readonly TableRow[],
): Promise<Written<Payment>> {
  const { payment, amountDue: pricedDue } = started;
  if (!order) throw AppError.notFound('order', encodeId('order', payment.orderId));
  const now = deps.clock.now();
  assertPayable(order, now);
  if (amountDue(order) !== pricedDue) {
    throw new AppError('conflict', 'The order changed while its payment was being set up (what it owes is not what the charge asked for); retry');
  }
  const savedCardId = started.card ? await saveCardOf(tx, payment, started.card) : null;
  if (savedCardId) payment.providerMetadata = { ...payment.providerMetadata, payment_method: encodeId('paymentMethod', savedCardId) };
  const events = new EventLog(causedBy(actor), now);
  events.payment(payment, 'payment.created');
  if (payment.status !== 'pending') events.payment(payment, `payment.${payment.status}`);
  const before = order.status;
  // The payer must act (3-D Secure): so must the order's; another payment in flight keeps it processing.
  if (payment.status === 'requires_action' && (order.status === 'open' || order.status === 'processing')) order.status = 'requires_action';
  else if (IN_FLIGHT_PAYMENT_STATUSES.includes(payment.status)) order.status = statusOnPaymentProcessing(order.status);
  // A declined card that used the order's last attempt fails the order (Paybyrd's maxAttempts).
  if (payment.method === 'card' && payment.status === 'failed' && canTransition(order.status, 'failed') && (await cardAttemptsExhausted(tx, order))) order.status = 'failed';
  order.paymentIds = [...order.paymentIds, payment.id];
  order.updatedAt = now;
  if (order.status !== before) {
    assertTransition(before, order.status);
    events.order(order, 'order.updated');
  }
  // A card charged at once is written once, as it ends up: succeeded, its order paid.
  const creation = { events, orderRows: plannedRows };
  const charged = started.received && (await applyLockedPaymentChange(tx, deps, { order, payment }, { type: 'succeeded', received: started.received }, causedBy(actor), creation));
  if (!charged) {
    const { rows, updates } = orderWrite(order, plannedRows);
    await events.write(tx, [...rows, payments.paymentRow(payment)], updates);
  }
  return { object: payment, json: JSON.stringify(paymentView(payment)) };
}

/** The payments of orders planned in the same request (a face's create): new orders, so nothing to lock. */
const plannedOrderPayments = groupCommit<null, never>({ lock: async (_tx, keys) => keys.map(() => null), exclusive: () => '' });

/**
 * recordPayment of a payment started for a planned order (startPaymentOf), as the work of a write group (see
 * runGroupedWrite): the order's rows are written with the payment's, in the group's statement, so the order
 * and its payment are written together or not at all, the order as the payment leaves it.
 */
export function groupedPlannedOrderPayment(
  deps: PaymentDeps,
  actor: Actor,
  planned: PlannedOrder,
  started: StartedPayment,
  respond: (written: { order: Order; payment: Payment }) => WriteResult,
): GroupedWork<null, never> {
  return {
    group: plannedOrderPayments,
    key: null,
    work: async (tx) => {
      const { object: payment } = await recordPaymentOn(tx, deps, actor, started, planned.object, planned.rows);
      return respond({ order: planned.object, payment });
    },
  };
}

/**
 * Undoes a started payment that was not recorded: asks the provider to cancel its charge, which no payer
 * was shown. Best effort: a charge the provider keeps anyway expires unpaid, and if it were paid the
 * provider's notification would name no payment of ours (it is then only logged by the hook).
 */
export async function discardPayment(db: Queryable, deps: PaymentDeps, { payment, received }: StartedPayment): Promise<void> {
  const connector = connectorOf(deps, payment);
  const ctx = paymentConnectorContext(deps, db, payment);
  // A card charged at once has taken the payer's money: it is refunded, not canceled.
  if (received) {
    const now = deps.clock.now();
    const refund = { refundId: uuidv7(now.getTime()), reference: randomBytes(16).toString('hex'), amount: received.amount, currency: payment.currency, reason: 'payment not recorded', destination: null, transactionHash: null, data: {} };
    await connector.refund(ctx, payment, refund).catch(() => undefined);
    return;
  }
  if (!CANCELABLE_PAYMENT_STATUSES.includes(payment.status)) return;
  await connector.cancel(ctx, payment).catch(() => undefined);
}

function assertPayable(order: Order, now: Date): void {
  if (!PAYABLE.includes(order.status) || (order.expiresAt && order.expiresAt.getTime() <= now.getTime())) {
    const state = PAYABLE.includes(order.status) ? 'past its expiry' : order.status;
    throw new AppError('order_not_payable', `An order that is ${state} cannot take a payment`);
  }
}

/** Who pays, for the rails that print it (a boleto): the order's customer, if it names one. */
async function payerOf(tx: Queryable, order: Order) {
  if (!order.customerId) return null;
  const merchantWide = { merchantId: order.merchantId, livemode: order.livemode, storeId: null, branchId: null };
  const customer = await findCustomer(tx, merchantWide, order.customerId);
  return customer && { name: customer.name, taxId: customer.taxId?.value ?? null };
}

/** Another merchant's payment, the other mode's, or one of an order outside the caller's store/branch: all 404. */
export async function getPayment(db: Queryable, actor: Actor, id: string): Promise<Payment> {
  const uuid = decodeId('payment', id);
  return visiblePayment(actor, id, uuid ? await payments.findPayment(db, actor.merchantId, uuid) : null);
}

/** getPayment outside a transaction, read together with the lookups that arrive at the same time. */
export async function retrievePayment(db: Db, actor: Actor, id: string): Promise<Payment> {
  const uuid = decodeId('payment', id);
  return visiblePayment(actor, id, uuid ? await payments.findPaymentShared(db, { merchantId: actor.merchantId, paymentId: uuid }) : null);
}

function visiblePayment(actor: Actor, id: string, payment: Payment | null): Payment {
  if (!payment || !actorCanSee(actor, payment)) throw AppError.notFound('payment', id);
  return payment;
}

/** getPayment, locked with its order (the order's row first, as every change of a payment takes them). */
export async function getLockedPayment(tx: Queryable, actor: Actor, id: string): Promise<{ order: Order; payment: Payment }> {
  const uuid = decodeId('payment', id);
  const locked = uuid ? await payments.lockPaymentWithOrder(tx, actor.merchantId, uuid) : null;
  if (!locked || !actorCanSee(actor, locked.payment)) throw AppError.notFound('payment', id);
  return locked;
}

export interface PaymentFilters {
  order?: string;
  status?: PaymentStatus[];
  method?: PaymentMethod[];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listPayments(db: Queryable, actor: Actor, filters: PaymentFilters, page: Page): Promise<Payment[]> {
  let orderId: string | undefined;
  if (filters.order !== undefined) {
    orderId = decodeId('order', filters.order) ?? undefined;
    if (!orderId) throw new AppError('validation_error', 'order is not an order id', [{ path: '/order', in: 'query', code: 'invalid_id', message: 'is not an order id' }]);
  }
  return payments.listPayments(db, { ...actorScope(actor), orderId, status: filters.status, method: filters.method, createdGte: filters.createdGte, createdLt: filters.createdLt }, page);
}

/**
 * Cancels a payment the payer has not paid: the provider cancels its charge first. A provider that says
 * the charge was paid meanwhile refuses (409), and its notification or the next query records the money.
 */
/**
 * Cancels a payment at its provider, outside any transaction (recordCancellation then records it): the payment
 * is read without a lock, so a slow provider holds neither the order nor a connection. A provider that refuses
 * (the charge was paid meanwhile) is a 409; one that could not confirm, a 503 to retry.
 */
export async function askToCancelPayment(db: Queryable, deps: PaymentDeps, actor: Actor, id: string): Promise<void> {
  const payment = await getPayment(db, actor, id);
  assertCancelable(payment);
  const answer = await connectorOf(deps, payment).cancel(paymentConnectorContext(deps, db, payment), payment);
  if (answer.outcome === 'declined') throw new AppError('invalid_state_transition', `The provider would not cancel the payment: ${answer.failure.message}`);
  if (answer.outcome !== 'succeeded') throw new AppError('provider_unavailable', `The provider did not confirm the cancellation (${answer.message}); retry`);
}

/**
 * Records a cancellation the provider confirmed, under the order's lock, checking the payment again: one another
 * request canceled meanwhile is answered as it is, one that was paid meanwhile is a 409 (its money counts).
 */
export async function recordCancellation(tx: Queryable, deps: PaymentDeps, actor: Actor, id: string): Promise<Written<Payment>> {
  const locked = await getLockedPayment(tx, actor, id);
  if (locked.payment.status !== 'canceled') {
    assertCancelable(locked.payment);
    await applyLockedPaymentChange(tx, deps, locked, { type: 'canceled' }, causedBy(actor));
  }
  return { object: locked.payment, json: JSON.stringify(paymentView(locked.payment)) };
}

function assertCancelable(payment: Payment): void {
  if (!CANCELABLE_PAYMENT_STATUSES.includes(payment.status)) {
    throw new AppError('invalid_state_transition', `A payment that is ${payment.status} cannot be canceled`);
  }
}

/** A payment not yet paid, failed or ended: a charge waiting for the payer, or a card's authorisation (canceling it voids it). */
const CANCELABLE_PAYMENT_STATUSES: readonly PaymentStatus[] = [...OPEN_PAYMENT_STATUSES, 'requires_action', 'requires_capture'];

/** What a payment may be started with beyond its method: another currency, a card's terms. */
export interface PaymentOptions {
  currency?: string;
  card?: CardPaymentOptions;
}

export function connectorOf(deps: PaymentDeps, payment: Payment): Connector {
  const connector = deps.rails.connector(payment.method, payment.provider);
  if (!connector) throw new AppError('service_unavailable', `The ${payment.method} provider ${payment.provider} is not configured on this installation`);
  return connector;
}
