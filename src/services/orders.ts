import { actorCanSee, actorScope, type Actor } from '../domain/actor.js';
import { AppError, type FieldError } from '../domain/errors.js';
import { causedBy, causedByJob, type EventCause } from '../domain/event-cause.js';
import { decodeId, uuidv7 } from '../domain/ids.js';
import { mergeMetadata, type Metadata } from '../domain/metadata.js';
import { MAX_AMOUNT, parseDecimalAmount, requireCurrency } from '../domain/money.js';
import { checkNotify, type NotifyInput } from '../domain/payer-notifications.js';
import { assertTransition, CANCELABLE, type OrderStatus } from '../domain/order-status.js';
import {
  DEFAULT_ORDER_LIFETIME_MS,
  MAX_ORDER_LIFETIME_MS,
  type CancellationReason,
  type LineItem,
  type Order,
  type PaymentMethod,
  SCHEME_CURRENCIES,
} from '../domain/orders.js';
import type { Clock } from '../clock.js';
import { findBranchStore, storeExists } from '../store/accounts.sql.js';
import { customerExistsShared, findCustomer } from '../store/customers.sql.js';
import { isDb, type Db, type Queryable } from '../store/db.js';
import { eventRow, insertEvents } from '../store/events.sql.js';
import type { TableRow } from '../store/inserts.js';
import type { Page } from '../store/list-query.js';
import { orderNotifyRow } from '../store/notification-messages.sql.js';
import * as orders from '../store/orders.sql.js';
import { newCheckoutKey } from './checkout-links.js';
import type { PaymentDeps } from './payment-context.js';
import { orderView } from './views.js';

/** The canonical create-order request; every face (v1, checkout, vendor APIs) translates onto it. */
export interface CreateOrderInput {
  /** Minor units; or `amount_decimal` in major units ("297.00"), exactly one of the two. */
  amount?: number;
  amount_decimal?: string;
  currency: string;
  customer?: string;
  reference?: string;
  description?: string;
  metadata?: Metadata;
  line_items?: LineItem[];
  payment_methods?: PaymentMethod[];
  expires_at?: string;
  redirect_url?: string;
  locale?: string;
  store?: string;
  branch?: string;
  /** Tell the payer: a payment link now, a receipt once paid (see services/payer-notifications.ts). */
  notify?: NotifyInput;
}

export interface Written<T> {
  object: T;
  /** The canonical JSON of the object after the write: the response body and the event's data. */
  json: string;
}

/** A checked new order, and its row and its `order.created` event's row, not yet inserted. */
export interface PlannedOrder extends Written<Order> {
  rows: TableRow[];
}

/** Checks and places a new order; the caller inserts its rows (see runPlannedWrite). */
export async function planOrder(db: Queryable, clock: Clock, actor: Actor, input: CreateOrderInput): Promise<PlannedOrder> {
  const now = clock.now();
  const currency = requireCurrency(input.currency, 'currency');
  const amount = resolveAmount(input, currency);
  const placement = await resolvePlacement(db, actor, input.store, input.branch);
  const customerId = input.customer ? await resolveCustomer(db, actor, input.customer) : null;
  const notify = input.notify && checkNotify(input.notify);
  const id = uuidv7(now.getTime());
  const order: Order = {
    id,
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    status: 'open',
    amount,
    currency,
    amountPaid: 0,
    amountOverpaid: 0,
    amountRefunded: 0,
    customerId,
    reference: input.reference ?? null,
    description: input.description ?? null,
    metadata: input.metadata ?? {},
    lineItems: (input.line_items ?? []).map((item, index) => checkLineItem(item, index)),
    paymentMethods: input.payment_methods ? [...new Set(input.payment_methods)] : null,
    locale: input.locale ?? null,
    redirectUrl: input.redirect_url ?? null,
    storeId: placement.storeId,
    branchId: placement.branchId,
    expiresAt: resolveExpiry(now, input.expires_at),
    createdAt: now,
    updatedAt: now,
    canceledAt: null,
    cancellationReason: null,
    expiredAt: null,
    paymentIds: [],
    checkoutKey: newCheckoutKey(),
  };
  const json = JSON.stringify(orderView(order));
  const event = {
    merchantId: order.merchantId,
    eventId: uuidv7(now.getTime()),
    livemode: order.livemode,
    type: 'order.created',
    objectId: id,
    data: json,
    createdAt: now,
    cause: causedBy(actor),
  };
  const rows = [orders.orderRow(order), eventRow(event)];
  if (notify) rows.push(orderNotifyRow(order.merchantId, id, notify));
  return { object: order, json, rows };
}

/** What /v1's order terms are checked against: the rails' currencies and the exchange rates. */
export type OrderTermsDeps = Pick<PaymentDeps, 'rails' | 'fx'>;

/**
 * /v1's rules for what an order says it can be (a vendor's face keeps its vendor's rules): every payment
 * method it offers can take its currency, and its line items priced with unit amounts add up to its amount.
 * `methods` are the payment_methods as sent, so an error names the index the caller wrote.
 */
export async function checkOrderTerms(db: Queryable, deps: OrderTermsDeps, actor: Actor, order: Order, methods: readonly PaymentMethod[] | null | undefined) {
  checkLineItemsAddUp(order.amount, order.lineItems, 'line_items');
  if (methods) await checkMethodsTakeCurrency(db, deps, actor, order.currency, methods);
}

/**
 * Each method takes the order's currency, or a currency its rail moves that an exchange rate converts the
 * order's to (the payment is then priced at an FX quote, see fx.ts): whether that rate is fresh is the
 * payment's question, asked when it starts. Every method that cannot is named, with why.
 */
export async function checkMethodsTakeCurrency(db: Queryable, deps: OrderTermsDeps, actor: Actor, currency: string, methods: readonly PaymentMethod[]) {
  const fields: FieldError[] = [];
  for (const [index, method] of methods.entries()) {
    const takes = methodCurrencies(deps, method);
    if (!takes || takes.includes(currency)) continue;
    const converted = await Promise.all(takes.map((to) => deps.fx.source.rate(db, actor.merchantId, actor.livemode, currency, to)));
    if (converted.some(Boolean)) continue;
    const pairs = takes.map((to) => `${currency}→${to}`).join(' or ');
    const message =
      `cannot take a ${currency} order: ${method} moves ${takes.join(', ')} only, and no ${deps.fx.source.name} exchange rate converts ${pairs}` +
      (deps.fx.source.takesOperatorRates ? ' (set one with PUT /v1/fx/rates)' : '');
    fields.push({ path: `/payment_methods/${index}`, code: 'currency_not_accepted', message });
  }
  if (fields.length) throw new AppError('validation_error', `payment_methods.${fields[0]!.path.split('/')[2]} ${fields[0]!.message}`, fields);
}

/** The currencies a method can be paid in on this installation: its rail's providers', or its scheme's; null for any. */
function methodCurrencies(deps: OrderTermsDeps, method: PaymentMethod): readonly string[] | null {
  const rail = deps.rails.rail(method);
  if (rail) return [...new Set(rail.connectors.flatMap((c) => c.currencies))];
  return SCHEME_CURRENCIES[method] ?? null;
}

/**
 * Line items with unit amounts say what the amount is made of: when every item has one, quantity ×
 * unit_amount adds up to the amount exactly; when some have none, those priced cannot come to more.
 * Summed in BigInt, as a million units of the largest amount pass 2^53. `field` is what the caller changed.
 */
export function checkLineItemsAddUp(amount: number, items: readonly LineItem[], field: 'line_items' | 'amount') {
  const priced = items.filter((item) => item.unit_amount !== undefined);
  if (!priced.length) return;
  const total = priced.reduce((sum, item) => sum + BigInt(item.unit_amount!) * BigInt(item.quantity ?? 1), 0n);
  const everyItem = priced.length === items.length;
  if (everyItem ? total === BigInt(amount) : total <= BigInt(amount)) return;
  const rule = everyItem ? 'when every item has a unit_amount, they add up to the amount exactly' : 'they cannot come to more than the amount';
  if (field === 'amount') {
    const what = everyItem ? 'is not what the line items add up to' : 'is less than the line items with a unit_amount add up to';
    throw AppError.invalidField('amount', 'line_items_mismatch', `${amount} ${what} (${total}, quantity × unit_amount): ${rule}; send line_items with it`);
  }
  const sum = everyItem ? `add up to ${total} (quantity × unit_amount)` : `with a unit_amount add up to ${total} (quantity × unit_amount)`;
  throw AppError.invalidField('line_items', 'amount_mismatch', `${sum}, not the order's amount ${amount}: ${rule}`);
}

/** Another merchant's order, the other mode's, or one outside the caller's store/branch: all 404. */
export async function getOrder(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Order> {
  const uuid = decodeId('order', id);
  return visibleOrder(actor, id, uuid ? await orders.findOrder(db, actor.merchantId, uuid, forUpdate) : null);
}

/** getOrder outside a transaction, read together with the lookups that arrive at the same time. */
export async function retrieveOrder(db: Db, actor: Actor, id: string): Promise<Order> {
  const uuid = decodeId('order', id);
  return visibleOrder(actor, id, uuid ? await orders.findOrderShared(db, { merchantId: actor.merchantId, orderId: uuid }) : null);
}

function visibleOrder(actor: Actor, id: string, order: Order | null): Order {
  if (!order || !actorCanSee(actor, order)) throw AppError.notFound('order', id);
  return order;
}

export interface OrderFilters {
  status?: OrderStatus[];
  customer?: string;
  reference?: string;
  store?: string;
  branch?: string;
  currency?: string;
  createdGte?: Date;
  createdLt?: Date;
}

export async function listOrders(db: Queryable, actor: Actor, filters: OrderFilters, page: Page): Promise<Order[]> {
  const filterId = (param: 'customer' | 'store' | 'branch', value: string | undefined) => {
    if (value === undefined) return undefined;
    const uuid = decodeId(param, value);
    if (!uuid) throw queryError(param, 'invalid_id', `is not a ${param} id: '${value}'`);
    return uuid;
  };
  const customerId = filterId('customer', filters.customer);
  const inStore = filterId('store', filters.store);
  const inBranch = filterId('branch', filters.branch);
  const currency = filters.currency === undefined ? undefined : inQuery(() => requireCurrency(filters.currency!, 'currency'));
  return orders.listOrders(
    db,
    { ...actorScope(actor), status: filters.status, customerId, reference: filters.reference, inStore, inBranch, currency, createdGte: filters.createdGte, createdLt: filters.createdLt },
    page,
  );
}

/** A check written for bodies, applied to a query parameter: its field errors say so. */
function inQuery<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof AppError) for (const field of error.fields) field.in = 'query';
    throw error;
  }
}

/** A refused query parameter, as a validation problem naming it. */
export function queryError(param: string, code: string, message: string): AppError {
  return new AppError('validation_error', `${param} ${message}`, [{ path: `/${param}`, in: 'query', code, message }]);
}

export interface UpdateOrderInput {
  description?: string | null;
  /** Keys to set or (null) remove; null clears every key. */
  metadata?: Record<string, string | null> | null;
  amount?: number;
  amount_decimal?: string;
  expires_at?: string;
  customer?: string | null;
  reference?: string | null;
  line_items?: LineItem[];
  payment_methods?: PaymentMethod[] | null;
}

/** What an order may change only while nothing has been asked of a payer: it is open with no payment. */
const TERMS = ['amount', 'amount_decimal', 'expires_at', 'customer', 'reference', 'line_items', 'payment_methods'] as const;

/**
 * Changes an order; an update that changes nothing writes nothing (no event, the same updated_at).
 * `order.updated` carries the changed fields' previous values.
 */
export async function updateOrder(
  tx: Queryable,
  clock: Clock,
  deps: OrderTermsDeps,
  actor: Actor,
  id: string,
  input: UpdateOrderInput,
): Promise<Written<Order>> {
  const order = await getOrder(tx, actor, id, true);
  const before = orderView(order);
  const terms = TERMS.filter((field) => input[field] !== undefined);
  if (terms.length && (order.status !== 'open' || order.paymentIds.length)) {
    const why = order.status !== 'open' ? `it is ${order.status}` : 'a payment was started on it';
    throw new AppError('invalid_state_transition', `${terms.join(', ')} cannot change: ${why}; only description and metadata can. Cancel it and create another order`);
  }
  if (input.amount !== undefined || input.amount_decimal !== undefined) order.amount = resolveAmount(input, order.currency);
  if (input.expires_at !== undefined) order.expiresAt = resolveExpiry(clock.now(), input.expires_at);
  if (input.customer !== undefined) order.customerId = input.customer === null ? null : await resolveCustomer(tx, actor, input.customer);
  if (input.reference !== undefined) order.reference = input.reference;
  if (input.line_items !== undefined) order.lineItems = input.line_items.map((item, index) => checkLineItem(item, index));
  if (input.payment_methods !== undefined) order.paymentMethods = input.payment_methods && [...new Set(input.payment_methods)];
  if (input.metadata !== undefined) order.metadata = input.metadata === null ? {} : mergeMetadata(order.metadata, input.metadata);
  if (input.description !== undefined) order.description = input.description;
  if (input.line_items !== undefined || order.amount !== before.amount) {
    checkLineItemsAddUp(order.amount, order.lineItems, input.line_items !== undefined ? 'line_items' : 'amount');
  }
  if (input.payment_methods) await checkMethodsTakeCurrency(tx, deps, actor, order.currency, input.payment_methods);
  const previous = changedFields(before, orderView(order));
  if (!previous) return { object: order, json: JSON.stringify(before) };
  order.updatedAt = clock.now();
  const json = JSON.stringify(orderView(order));
  await orders.saveOrderTerms(tx, order);
  await insertEvents(tx, [
    {
      merchantId: order.merchantId,
      eventId: uuidv7(order.updatedAt.getTime()),
      livemode: order.livemode,
      type: 'order.updated',
      objectId: order.id,
      data: json,
      createdAt: order.updatedAt,
      cause: causedBy(actor),
      previousAttributes: JSON.stringify(previous),
    },
  ]);
  return { object: order, json };
}

/** The fields whose value differs, with their values in `before`; null when none does. */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | null {
  const changed = Object.keys(before).filter((key) => key !== 'updated_at' && JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return changed.length ? Object.fromEntries(changed.map((key) => [key, before[key]])) : null;
}

export async function cancelOrder(tx: Queryable, clock: Clock, actor: Actor, id: string, reason: CancellationReason | undefined): Promise<Written<Order>> {
  const order = await getOrder(tx, actor, id, true);
  if (!CANCELABLE.includes(order.status)) {
    throw new AppError('invalid_state_transition', `An order that is ${order.status} cannot be canceled`);
  }
  assertTransition(order.status, 'canceled');
  order.status = 'canceled';
  order.canceledAt = clock.now();
  order.cancellationReason = reason ?? null;
  return saveWithEvent(tx, clock, order, 'order.canceled', causedBy(actor));
}

async function saveWithEvent(tx: Queryable, clock: Clock, order: Order, type: string, cause: EventCause): Promise<Written<Order>> {
  const now = clock.now();
  order.updatedAt = now;
  const json = JSON.stringify(orderView(order));
  await orders.saveOrder(tx, order);
  await insertEvents(tx, [
    { merchantId: order.merchantId, eventId: uuidv7(now.getTime()), livemode: order.livemode, type, objectId: order.id, data: json, createdAt: now, cause },
  ]);
  return { object: order, json };
}

/** Expires up to `batch` due orders in one transaction, with one `order.expired` event each. */
export async function expireDueOrders(db: Db, clock: Clock, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const expired = await orders.expireDueOrders(tx, now, batch);
    await insertEvents(
      tx,
      expired.map((order) => ({
        merchantId: order.merchantId,
        eventId: uuidv7(now.getTime()),
        livemode: order.livemode,
        type: 'order.expired',
        objectId: order.id,
        data: JSON.stringify(orderView(order)),
        createdAt: now,
        cause: causedByJob('expiry_sweeper'),
      })),
    );
    return expired.length;
  });
}

function resolveAmount(input: { amount?: number; amount_decimal?: string }, currency: string): number {
  if (input.amount !== undefined && input.amount_decimal !== undefined) {
    throw AppError.invalidField('amount_decimal', 'conflict', 'cannot be sent with amount: send only one of amount (minor units) and amount_decimal (major units)');
  }
  if (input.amount === undefined && input.amount_decimal === undefined) {
    throw AppError.invalidField('amount', 'missing', 'is required: send either amount (minor units) or amount_decimal');
  }
  if (input.amount_decimal !== undefined) return parseDecimalAmount(input.amount_decimal, currency, 'amount_decimal');
  if (!Number.isSafeInteger(input.amount) || input.amount! <= 0 || input.amount! > MAX_AMOUNT) {
    throw AppError.invalidField('amount', 'invalid_amount', `must be an integer from 1 to ${MAX_AMOUNT} (minor units)`);
  }
  return input.amount!;
}

function resolveExpiry(now: Date, expiresAt: string | undefined): Date {
  if (expiresAt === undefined) return new Date(now.getTime() + DEFAULT_ORDER_LIFETIME_MS);
  const at = new Date(expiresAt);
  if (at.getTime() <= now.getTime()) throw AppError.invalidField('expires_at', 'in_the_past', 'must be in the future');
  if (at.getTime() - now.getTime() > MAX_ORDER_LIFETIME_MS) {
    throw AppError.invalidField('expires_at', 'too_far', 'must be at most 366 days from now');
  }
  return at;
}

/**
 * A store or branch user may attach only a customer it can already see: attaching would make it visible,
 * so one outside its scope answers as if it did not exist.
 */
async function resolveCustomer(tx: Queryable, actor: Actor, id: string): Promise<string> {
  const uuid = decodeId('customer', id);
  const scope = actorScope(actor);
  // Outside a transaction, a merchant-wide caller's check shares its statement with the creates beside it.
  const shared = isDb(tx) && !scope.storeId && !scope.branchId;
  const found = uuid !== null && (shared ? await customerExistsShared(tx, { merchantId: scope.merchantId, customerId: uuid, livemode: scope.livemode }) : (await findCustomer(tx, scope, uuid)) !== null);
  if (!found) throw AppError.invalidField('customer', 'resource_missing', `has no such customer: '${id}'`);
  return uuid;
}


/**
 * Where a new order or customer belongs: the store or branch named, checked to be the merchant's; a
 * store/branch user's always land in their own store/branch.
 */
export async function resolvePlacement(tx: Queryable, actor: Actor, store: string | undefined, branch: string | undefined) {
  const storeId = store === undefined ? null : decodeId('store', store);
  const branchId = branch === undefined ? null : decodeId('branch', branch);
  if (store !== undefined && (!storeId || (actor.storeId && storeId !== actor.storeId))) {
    throw AppError.invalidField('store', 'resource_missing', `has no such store: '${store}'`);
  }
  if (branch !== undefined && (!branchId || (actor.branchId && branchId !== actor.branchId))) {
    throw AppError.invalidField('branch', 'resource_missing', `has no such branch: '${branch}'`);
  }
  const wantedBranch = branchId ?? actor.branchId;
  if (wantedBranch) {
    const branchStore = await findBranchStore(tx, actor.merchantId, wantedBranch);
    if (!branchStore || (storeId && branchStore !== storeId) || (actor.storeId && branchStore !== actor.storeId)) {
      throw AppError.invalidField('branch', 'resource_missing', `has no such branch in this store: '${branch}'`);
    }
    return { storeId: branchStore, branchId: wantedBranch };
  }
  const wantedStore = storeId ?? actor.storeId;
  if (wantedStore && !actor.storeId && !(await storeExists(tx, actor.merchantId, wantedStore))) {
    throw AppError.invalidField('store', 'resource_missing', `has no such store: '${store}'`);
  }
  return { storeId: wantedStore, branchId: null };
}

function checkLineItem(item: LineItem, index: number): LineItem {
  if (item.travel && item.type !== 'travel') {
    throw AppError.invalidField(`/line_items/${index}/travel`, 'not_allowed', 'is only allowed on items of type travel');
  }
  if (item.stay && item.type !== 'stay') {
    throw AppError.invalidField(`/line_items/${index}/stay`, 'not_allowed', 'is only allowed on items of type stay');
  }
  return item;
}
