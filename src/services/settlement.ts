import type { EventCause } from '../domain/event-cause.js';
import { toOrderCurrency } from '../domain/fx.js';
import { uuidv7 } from '../domain/ids.js';
import { confirmPayment, statusOnPaymentProcessing, statusOnProcessingEnded } from '../domain/order-money.js';
import { assertTransition } from '../domain/order-status.js';
import type { Order } from '../domain/orders.js';
import { moneyRules } from '../domain/payment-settings.js';
import { canTransitionPayment, IN_FLIGHT_PAYMENT_STATUSES, paymentEventType, type Payment, type PaymentStatus } from '../domain/payments.js';
import type { Failure, ProviderState, Received } from '../rails/connector.js';
import type { Queryable, Statement } from '../store/db.js';
import { eventRow, type EventRecord } from '../store/events.sql.js';
import { isSharedTx } from '../store/group-commit.js';
import { writeStatement, type TableRow } from '../store/inserts.js';
import * as orders from '../store/orders.sql.js';
import { lockOrderAndPayment, othersInFlight, paymentRow, providerEventRow, recordProviderEvent, savePaymentStatement } from '../store/payments.sql.js';
import { saveAuthenticatedCard } from './cards.js';
import { confirmationRows } from './ledger.js';
import type { PaymentDeps } from './payment-context.js';
import { recentPaymentSettings } from './payment-settings.js';
import { orderView, paymentView } from './views.js';

/** What a provider's notification or query, or the merchant, says happened to a payment. */
export type PaymentChange =
  | { type: 'succeeded'; received: Received }
  | { type: 'failed'; failure: Failure }
  | { type: 'expired' }
  | { type: 'canceled' }
  /** A card authorised after its 3-D Secure challenge: held until captured, voided or expired. */
  | { type: 'requires_capture' }
  /** A payment whose outcome was unknown turns out to be waiting for the payer. */
  | { type: 'pending'; state: ProviderState };

const PAYMENT_OUTCOMES = ['partially_paid', 'paid', 'overpaid'];

/**
 * Applies a change to a payment and its order in the caller's transaction, with the events, and for money
 * the ledger postings. The order row is locked before the payment row, always, so two payments of one
 * order confirmed at once queue on the order instead of deadlocking, and each sees the other's money.
 * A change the payment's state does not allow (a second success, a failure after success) changes
 * nothing: providers repeat and reorder their callbacks. Returns the payment changed, or null.
 */
export async function applyPaymentChange(
  tx: Queryable,
  deps: PaymentDeps,
  target: Pick<Payment, 'merchantId' | 'id' | 'orderId'>,
  change: PaymentChange,
  cause: EventCause,
): Promise<Payment | null> {
  return applyLockedPaymentChange(tx, deps, (await lockOrderAndPayment(tx, target.merchantId, target.orderId, target.id))!, change, cause);
}

/**
 * What a new payment's creation writes with its first change: its events so far, and with `orderRows` its
 * order's rows when the order is new too (planned in the same request, see orderWrite).
 */
export interface PaymentCreation {
  events: EventLog;
  orderRows?: readonly TableRow[];
}

/**
 * How an order's change is written: an UPDATE of its row, or, for an order planned in the same request and
 * not yet written, its planned rows with the order's as it now is (one statement cannot update a row it
 * inserts, and one INSERT costs less than an INSERT and an UPDATE).
 */
export function orderWrite(order: Order, plannedRows?: readonly TableRow[]): { rows: TableRow[]; updates: Statement[] } {
  if (!plannedRows) return { rows: [], updates: [orders.saveOrderStatement(order)] };
  return { rows: plannedRows.map((r) => (r.table === 'orders' ? orders.orderRowAsItIs(order) : r)), updates: [] };
}

/**
 * applyPaymentChange, to a payment and order the caller has locked (lockOrderAndPayment, lockPaymentByReference).
 * With `creation`, the payment is new and not yet written (a card charged at once): it is written once, as the
 * change leaves it, with its order and its creation's events; null then means the caller writes it as it is.
 */
export async function applyLockedPaymentChange(
  tx: Queryable,
  deps: PaymentDeps,
  { order, payment }: { order: Order; payment: Payment },
  change: PaymentChange,
  cause: EventCause,
  creation?: PaymentCreation,
): Promise<Payment | null> {
  const { merchantId } = payment;
  const now = deps.clock.now();
  const events = creation?.events ?? new EventLog(cause, now);
  const before = order.status;
  const newRows: TableRow[] = [];
  // Set first: each event serializes the payment as it is when the event is added.
  payment.updatedAt = now;

  if (change.type === 'succeeded') {
    const connector = deps.rails.connector(payment.method, payment.provider)!;
    // More money to the instructions of a payment that already succeeded (a second transfer to its deposit address).
    const paidAgain = payment.status === 'succeeded' && connector.paidAgain === true;
    if (!paidAgain && !canTransitionPayment(payment.status, 'succeeded')) return null;
    // Read before the provider's event is recorded: in a shared transaction that record waits for the
    // group's statement, and any query after it would have to write it first, on its own.
    const settings = await recentPaymentSettings(tx, deps.rails, merchantId, payment.livemode);
    // A new payment's charge is new at its provider: its event is written with it (it could not be before).
    if (creation) newRows.push(providerEventRow(payment, change.received.providerEventId, now));
    else if (!(await recordProviderEvent(tx, payment, change.received.providerEventId, now))) return null;
    if (payment.status === 'requires_action') await saveAuthenticatedCard(tx, payment);
    // Late or not by when the payer paid, which a query or a retried callback may tell us well after.
    // A payment in another currency counts in the order's at the price locked with it.
    const counted = payment.quote ? toOrderCurrency(payment.quote, payment.amount, change.received.amount) : change.received.amount;
    const effect = confirmPayment(order, counted, change.received.paidAt, moneyRules(settings));
    // The ledger posts this movement's money and fee; the payment shows what all of its movements brought.
    const movement = { ...payment, amountReceived: change.received.amount, fee: change.received.fee };
    const wasLate = payment.late;
    if (paidAgain) {
      Object.assign(payment, {
        amountReceived: payment.amountReceived + change.received.amount,
        fee: payment.fee + change.received.fee,
        late: payment.late || effect.late,
      } satisfies Partial<Payment>);
    } else Object.assign(payment, {
      status: 'succeeded',
      amountReceived: change.received.amount,
      fee: change.received.fee,
      late: effect.late || !['pending', ...IN_FLIGHT_PAYMENT_STATUSES].includes(payment.status),
      succeededAt: now,
      nextCheckAt: null,
      providerMetadata: { ...payment.providerMetadata, ...change.received.metadata },
    } satisfies Partial<Payment>);
    Object.assign(order, effect.order);
    newRows.push(...confirmationRows(movement, effect, change.received.providerEventId, connector.availableAfterMs, now));
    events.payment(payment, paidAgain ? 'payment.updated' : 'payment.succeeded');
    if (payment.late && !(paidAgain && wasLate)) events.payment(payment, 'payment.late');
  } else {
    const status: PaymentStatus = change.type;
    if (payment.status === status || !canTransitionPayment(payment.status, status)) return null;
    if (payment.status === 'requires_action' && status === 'requires_capture') await saveAuthenticatedCard(tx, payment);
    const wasInFlight = IN_FLIGHT_PAYMENT_STATUSES.includes(payment.status);
    payment.status = status;
    // An authorisation is looked at again when it lapses (the card-authorisation expiry job).
    payment.nextCheckAt = status === 'requires_capture' ? payment.expiresAt : null;
    if (change.type === 'failed') Object.assign(payment, { failureCode: change.failure.code, failureMessage: change.failure.message });
    if (change.type === 'pending') {
      Object.assign(payment, {
        instructions: change.state.instructions ?? payment.instructions,
        providerMetadata: { ...payment.providerMetadata, ...change.state.metadata },
        providerData: { ...payment.providerData, ...change.state.data },
        // Asked again when it expires, to expire it unless it was paid meanwhile.
        nextCheckAt: payment.expiresAt,
        checkAttempts: 0,
      } satisfies Partial<Payment>);
    }
    if (IN_FLIGHT_PAYMENT_STATUSES.includes(status)) order.status = statusOnPaymentProcessing(order.status);
    else if (wasInFlight) order.status = statusOnProcessingEnded(order.status, await othersInFlight(tx, merchantId, order.id, payment.id));
    events.payment(payment, paymentEventType(status));
  }

  const changes = creation ? [] : [savePaymentStatement(payment)];
  const moneyMoved = change.type === 'succeeded';
  if (moneyMoved || order.status !== before) {
    if (order.status !== before) assertTransition(before, order.status);
    order.updatedAt = now;
    events.order(order, moneyMoved && PAYMENT_OUTCOMES.includes(order.status) ? `order.${order.status}` : 'order.updated');
  }
  const written = creation || moneyMoved || order.status !== before ? orderWrite(order, creation?.orderRows) : { rows: [], updates: [] };
  changes.push(...written.updates);
  await events.write(tx, [...written.rows, ...(creation ? [paymentRow(payment)] : []), ...newRows], changes);
  return payment;
}

/** The events of one change, each carrying its object as GET shows it: add them once the object is final. */
export class EventLog {
  private readonly records: EventRecord[] = [];

  constructor(
    private readonly cause: EventCause,
    private readonly now: Date,
  ) {}

  payment(payment: Payment, type: string): void {
    this.add(payment, type, JSON.stringify(paymentView(payment)));
  }

  order(order: Order, type: string): void {
    this.add(order, type, JSON.stringify(orderView(order)));
  }

  add(object: { id: string; merchantId: string; livemode: boolean }, type: string, data: string): void {
    this.records.push({
      merchantId: object.merchantId,
      eventId: uuidv7(this.now.getTime()),
      livemode: object.livemode,
      type,
      objectId: object.id,
      data,
      createdAt: this.now,
      cause: this.cause,
    });
  }

  /**
   * The events, with the rest of the change in the same statement: the rows it inserts (its payment, its
   * ledger entries) and its updates (of the payment, the order). In a shared transaction, in the statement
   * that ends the group.
   */
  async write(tx: Queryable, rows: TableRow[] = [], updates: Statement[] = []): Promise<void> {
    const all = [...rows, ...this.records.map(eventRow)];
    if (all.length === 0 && updates.length === 0) return;
    if (isSharedTx(tx)) return tx.defer(updates, all);
    const { text, params } = writeStatement(updates, all);
    await tx.query(text, params);
  }
}
