import { randomBytes } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId, uuidv7 } from '../domain/ids.js';
import { PAYABLE } from '../domain/order-money.js';
import type { PaymentMethod } from '../domain/orders.js';
import { MAX_ORDER_LIFETIME_MS } from '../domain/orders.js';
import type { Clock } from '../clock.js';
import type { Db, Queryable } from '../store/db.js';
import { insertStatement } from '../store/inserts.js';
import type { Page } from '../store/list-query.js';
import { findOrder } from '../store/orders.sql.js';
import { findPaymentLink, findPaymentLinkByCode, listPaymentLinks as listLinks, paymentLinkRow, savePaymentLink, type PaymentLink } from '../store/payment-links.sql.js';
import { checkoutActor } from './checkout.js';
import { paymentLinkUrlFor } from './checkout-links.js';
import { checkOrderTerms, planOrder, type CreateOrderInput, type OrderTermsDeps } from './orders.js';

export type { PaymentLink };

export interface CreatePaymentLinkInput {
  amount?: number;
  amount_decimal?: string;
  currency: string;
  description?: string;
  reusable?: boolean;
  payment_methods?: PaymentMethod[];
  locale?: string;
  redirect_url?: string;
  expires_at?: string;
}

/** A short URL's code: 64 random bits, base64url (11 characters). */
const newCode = () => randomBytes(8).toString('base64url');
const CODE = /^[A-Za-z0-9_-]{11}$/;

/** The order a link's visit makes: the link's terms, placed merchant-wide, with the link in its metadata. */
function orderInputOf(link: PaymentLink): CreateOrderInput {
  return {
    amount: link.amount,
    currency: link.currency,
    description: link.description ?? undefined,
    payment_methods: link.paymentMethods ?? undefined,
    locale: link.locale ?? undefined,
    redirect_url: link.redirectUrl ?? undefined,
    metadata: { payment_link: encodeId('paymentLink', link.id) },
  };
}

/**
 * Checks a new link by planning the order its first visit would make (amount, currency, methods, locale and
 * redirect checked as /v1's create-order checks them, methods taking the currency too), then inserts the link alone.
 */
export async function createPaymentLink(tx: Queryable, clock: Clock, terms: OrderTermsDeps, actor: Actor, input: CreatePaymentLinkInput): Promise<PaymentLink> {
  const now = clock.now();
  const expiresAt = input.expires_at === undefined ? null : new Date(input.expires_at);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) throw AppError.invalidField('expires_at', 'in_the_past', 'must be in the future');
  if (expiresAt && expiresAt.getTime() - now.getTime() > MAX_ORDER_LIFETIME_MS) throw AppError.invalidField('expires_at', 'too_far', 'must be at most 366 days from now');
  const { object: order } = await planOrder(tx, clock, actor, {
    amount: input.amount,
    amount_decimal: input.amount_decimal,
    currency: input.currency,
    payment_methods: input.payment_methods,
    locale: input.locale,
    redirect_url: input.redirect_url,
  });
  await checkOrderTerms(tx, terms, actor, order, input.payment_methods);
  const link: PaymentLink = {
    id: uuidv7(now.getTime()),
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    code: newCode(),
    amount: order.amount,
    currency: order.currency,
    description: input.description ?? null,
    reusable: input.reusable ?? false,
    paymentMethods: order.paymentMethods,
    locale: order.locale,
    redirectUrl: order.redirectUrl,
    expiresAt,
    active: true,
    ordersCreated: 0,
    orderId: null,
    createdAt: now,
    updatedAt: now,
  };
  const { text, params } = insertStatement([paymentLinkRow(link)]);
  await tx.query(text, params);
  return link;
}

export async function getPaymentLink(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<PaymentLink> {
  const uuid = decodeId('paymentLink', id);
  const link = uuid ? await findPaymentLink(db, actor.merchantId, uuid, forUpdate) : null;
  if (!link || link.livemode !== actor.livemode) throw AppError.notFound('payment link', id);
  return link;
}

export async function listPaymentLinks(db: Queryable, actor: Actor, active: boolean | undefined, page: Page): Promise<PaymentLink[]> {
  return listLinks(db, { merchantId: actor.merchantId, livemode: actor.livemode, active }, page);
}

/** A deactivated link takes no more visits; the orders it made are left as they are. */
export async function deactivatePaymentLink(tx: Queryable, clock: Clock, actor: Actor, id: string): Promise<PaymentLink> {
  const link = await getPaymentLink(tx, actor, id, true);
  if (link.active) {
    link.active = false;
    link.updatedAt = clock.now();
    await savePaymentLink(tx, link);
  }
  return link;
}

export type LinkVisit = { checkoutKey: string } | { refused: 'not_found' | 'inactive' | 'used'; link: PaymentLink | null };

/**
 * A payer opens a link: a reusable one makes a new order each visit; a single-use one makes its order on the
 * first visit and opens that order again while it may be paid, then says it was used. The link's row is
 * locked, so two first visits at once make one order.
 */
export async function visitPaymentLink(db: Db, clock: Clock, code: string): Promise<LinkVisit> {
  if (!CODE.test(code)) return { refused: 'not_found', link: null };
  return db.transaction(async (tx) => {
    const link = await findPaymentLinkByCode(tx, code, true);
    const now = clock.now();
    let visit: LinkVisit;
    if (!link) visit = { refused: 'not_found', link: null };
    else if (!link.active || (link.expiresAt && link.expiresAt.getTime() <= now.getTime())) visit = { refused: 'inactive', link };
    else if (!link.reusable && link.orderId) {
      const order = await findOrder(tx, link.merchantId, link.orderId);
      const open = order && PAYABLE.includes(order.status) && !(order.expiresAt && order.expiresAt.getTime() <= now.getTime());
      visit = open ? { checkoutKey: order.checkoutKey } : { refused: 'used', link };
    } else {
      const actor = checkoutActor({ merchantId: link.merchantId, livemode: link.livemode, storeId: null, branchId: null }, encodeId('paymentLink', link.id));
      const { object: order, rows } = await planOrder(tx, clock, actor, orderInputOf(link));
      const { text, params } = insertStatement(rows);
      await tx.query(text, params);
      link.ordersCreated += 1;
      if (!link.reusable) link.orderId = order.id;
      link.updatedAt = now;
      await savePaymentLink(tx, link);
      visit = { checkoutKey: order.checkoutKey };
    }
    return visit;
  });
}

export function paymentLinkView(link: PaymentLink) {
  return {
    id: encodeId('paymentLink', link.id),
    object: 'payment_link' as const,
    livemode: link.livemode,
    url: paymentLinkUrlFor(link.code),
    amount: link.amount,
    currency: link.currency,
    description: link.description,
    reusable: link.reusable,
    payment_methods: link.paymentMethods,
    locale: link.locale,
    redirect_url: link.redirectUrl,
    expires_at: link.expiresAt?.toISOString() ?? null,
    active: link.active,
    orders_created: link.ordersCreated,
    order: link.orderId && encodeId('order', link.orderId),
    created_at: link.createdAt.toISOString(),
    updated_at: link.updatedAt.toISOString(),
  };
}
