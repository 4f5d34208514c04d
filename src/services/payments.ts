import { actorCanSee, actorScope, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { causedBy } from '../domain/event-cause.js';
import { decodeId, uuidv7 } from '../domain/ids.js';
import { amountDue, PAYABLE, statusOnPaymentProcessing } from '../domain/order-money.js';
import { assertTransition } from '../domain/order-status.js';
import type { Order, PaymentMethod } from '../domain/orders.js';
import { OPEN_PAYMENT_STATUSES, type Payment, type PaymentStatus } from '../domain/payments.js';
import type { Connector } from '../rails/connector.js';
import { findCustomer } from '../store/customers.sql.js';
import type { Queryable } from '../store/db.js';
import { insertStatement } from '../store/inserts.js';
import type { Page } from '../store/list-query.js';
import * as orders from '../store/orders.sql.js';
import * as payments from '../store/payments.sql.js';
import { getOrder, type PlannedOrder, type Written } from './orders.js';
import { priceInCurrency } from './fx.js';
import { connectorContext, paymentConnectorContext, type PaymentDeps } from './payment-context.js';
import { recentPaymentSettings } from './payment-settings.js';
import { applyLockedPaymentChange, EventLog } from './settlement.js';
import { paymentView } from './views.js';

/**
 * A payment asked of its provider and not yet recorded (startPayment), with what it was priced from: the
 * order's amount due then, which recordPayment checks again under the order's lock.
 */
export interface StartedPayment {
  payment: Payment;
  amountDue: number;
}

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
  db: Queryable,
  deps: PaymentDeps,
  actor: Actor,
  orderId: string,
  method: PaymentMethod,
  options: { currency?: string } = {},
): Promise<StartedPayment> {
  return startPaymentOf(db, deps, actor, await getOrder(db, actor, orderId), method, options);
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
  options: { currency?: string } = {},
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

  const id = uuidv7(now.getTime());
  const due = amountDue(order);
  const chargeExpiresAt = new Date(Math.min(order.expiresAt?.getTime() ?? Infinity, now.getTime() + connector.chargeLifetimeMs));
  const priced = await priceInCurrency(db, deps.fx, actor, order, due, payCurrency, settings.fxSpreadBasisPoints ?? 0, now, chargeExpiresAt);
  const { amount, quote } = priced;
  const expiresAt = quote?.expiresAt ?? chargeExpiresAt;
  const request = { paymentId: id, amount, currency: priced.currency, expiresAt, reference: order.reference, description: order.description, payer: await payerOf(db, order) };
  const answer = await connector.create(connectorContext(deps, db, actor.merchantId, actor.livemode, account), request);
  if (answer.outcome === 'not_sent') throw new AppError('provider_unavailable', `${method} provider ${connector.provider}: ${answer.message}; nothing was created, retry`);

  const status: PaymentStatus = answer.outcome === 'pending' ? 'pending' : answer.outcome === 'unknown' ? 'processing' : 'failed';
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
    fee: 0,
    instructions: answer.instructions ?? null,
    providerReference: answer.reference,
    providerMetadata: answer.metadata ?? {},
    // What the charge was asked with, so later flows (a query, a PDF) ask about it alike whatever changes since.
    providerData: { ...answer.data, account, request: { reference: request.reference, description: request.description, payer: request.payer } },
    failureCode: answer.outcome === 'declined' ? answer.failure.code : null,
    failureMessage: answer.outcome === 'declined' ? answer.failure.message : null,
    late: false,
    expiresAt,
    createdAt: now,
    updatedAt: now,
    succeededAt: null,
    nextCheckAt: status === 'processing' ? new Date(now.getTime() + connector.reconcileBackoffMs[0]!) : status === 'pending' ? expiresAt : null,
    checkAttempts: 0,
  };
  return { payment, amountDue: due };
}

/**
 * Records a started payment on its order, in the caller's transaction, with the order's row locked. An
 * order that stopped taking payments meanwhile (paid, canceled, expired), or whose amount due changed (so
 * the charge asks for the wrong amount), refuses it: the caller discards it and the client may retry.
 */
export async function recordPayment(tx: Queryable, deps: PaymentDeps, actor: Actor, { payment, amountDue: pricedDue }: StartedPayment): Promise<Written<Payment>> {
  const order = (await orders.findOrder(tx, payment.merchantId, payment.orderId, true))!;
  const now = deps.clock.now();
  assertPayable(order, now);
  if (amountDue(order) !== pricedDue) {
    throw new AppError('conflict', 'The order changed while its payment was being set up (what it owes is not what the charge asked for); retry');
  }
  const events = new EventLog(causedBy(actor), now);
  events.payment(payment, 'payment.created');
  if (payment.status !== 'pending') events.payment(payment, `payment.${payment.status}`);
  const before = order.status;
  if (payment.status === 'processing') order.status = statusOnPaymentProcessing(order.status);
  order.paymentIds = [...order.paymentIds, payment.id];
  order.updatedAt = now;
  if (order.status !== before) {
    assertTransition(before, order.status);
    events.order(order, 'order.updated');
  }
  await events.write(tx, [payments.paymentRow(payment)], [orders.saveOrderStatement(order)]);
  return { object: payment, json: JSON.stringify(paymentView(payment)) };
}

/**
 * recordPayment of a payment started for a planned order (startPaymentOf): the order's rows are inserted
 * first, in the same transaction, so the order and its payment are written together or not at all.
 */
export async function recordPlannedOrderPayment(tx: Queryable, deps: PaymentDeps, actor: Actor, planned: PlannedOrder, started: StartedPayment): Promise<{ order: Order; payment: Payment }> {
  const { text, params } = insertStatement(planned.rows);
  await tx.query(text, params);
  const { object: payment } = await recordPayment(tx, deps, actor, started);
  return { order: await getOrder(tx, actor, planned.object.id), payment };
}

/**
 * Undoes a started payment that was not recorded: asks the provider to cancel its charge, which no payer
 * was shown. Best effort: a charge the provider keeps anyway expires unpaid, and if it were paid the
 * provider's notification would name no payment of ours (it is then only logged by the hook).
 */
export async function discardPayment(db: Queryable, deps: PaymentDeps, { payment }: StartedPayment): Promise<void> {
  if (payment.status !== 'pending' && payment.status !== 'processing') return;
  await connectorOf(deps, payment)
    .cancel(paymentConnectorContext(deps, db, payment), payment)
    .catch(() => undefined);
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
  const payment = uuid ? await payments.findPayment(db, actor.merchantId, uuid) : null;
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
export async function cancelPayment(tx: Queryable, deps: PaymentDeps, actor: Actor, id: string): Promise<Written<Payment>> {
  const locked = await getLockedPayment(tx, actor, id);
  const { payment } = locked;
  if (!OPEN_PAYMENT_STATUSES.includes(payment.status)) {
    throw new AppError('invalid_state_transition', `A payment that is ${payment.status} cannot be canceled`);
  }
  const answer = await connectorOf(deps, payment).cancel(paymentConnectorContext(deps, tx, payment), payment);
  if (answer.outcome === 'declined') throw new AppError('invalid_state_transition', `The provider would not cancel the payment: ${answer.failure.message}`);
  if (answer.outcome !== 'succeeded') throw new AppError('provider_unavailable', `The provider did not confirm the cancellation (${answer.message}); retry`);
  const canceled = (await applyLockedPaymentChange(tx, deps, locked, { type: 'canceled' }, causedBy(actor)))!;
  return { object: canceled, json: JSON.stringify(paymentView(canceled)) };
}

export function connectorOf(deps: PaymentDeps, payment: Payment): Connector {
  const connector = deps.rails.connector(payment.method, payment.provider);
  if (!connector) throw new AppError('service_unavailable', `The ${payment.method} provider ${payment.provider} is not configured on this installation`);
  return connector;
}
