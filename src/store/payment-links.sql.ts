import type { PaymentMethod } from '../domain/orders.js';
import type { Queryable } from './db.js';
import type { TableRow } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

export interface PaymentLink {
  id: string;
  merchantId: string;
  livemode: boolean;
  /** The short URL's path segment (/l/<code>). */
  code: string;
  amount: number;
  currency: string;
  description: string | null;
  reusable: boolean;
  paymentMethods: PaymentMethod[] | null;
  locale: string | null;
  redirectUrl: string | null;
  expiresAt: Date | null;
  active: boolean;
  ordersCreated: number;
  /** A single-use link's order, once visited. */
  orderId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface LinkRow {
  merchant_id: string;
  link_id: string;
  livemode: boolean;
  code: string;
  amount: number;
  currency: string;
  description: string | null;
  reusable: boolean;
  payment_methods: PaymentMethod[] | null;
  locale: string | null;
  redirect_url: string | null;
  expires_at: string | null;
  active: boolean;
  orders_created: number;
  order_id: string | null;
  created_at: string;
  updated_at: string;
}

const toLink = (r: LinkRow): PaymentLink => ({
  id: r.link_id,
  merchantId: r.merchant_id,
  livemode: r.livemode,
  code: r.code,
  amount: r.amount,
  currency: r.currency,
  description: r.description,
  reusable: r.reusable,
  paymentMethods: r.payment_methods,
  locale: r.locale,
  redirectUrl: r.redirect_url,
  expiresAt: toDate(r.expires_at),
  active: r.active,
  ordersCreated: r.orders_created,
  orderId: r.order_id,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

export function paymentLinkRow(link: PaymentLink): TableRow {
  return {
    table: 'payment_links',
    row: {
      merchant_id: link.merchantId,
      link_id: link.id,
      livemode: link.livemode,
      code: link.code,
      amount: link.amount,
      currency: link.currency,
      description: link.description,
      reusable: link.reusable,
      payment_methods: link.paymentMethods && JSON.stringify(link.paymentMethods),
      locale: link.locale,
      redirect_url: link.redirectUrl,
      expires_at: link.expiresAt?.toISOString() ?? null,
      active: link.active,
      orders_created: link.ordersCreated,
      order_id: link.orderId,
      created_at: link.createdAt.toISOString(),
      updated_at: link.updatedAt.toISOString(),
    },
  };
}

export async function findPaymentLink(db: Queryable, merchantId: string, linkId: string, forUpdate = false): Promise<PaymentLink | null> {
  const rows = await queryJsonRows<LinkRow>(db, `SELECT ${rowJson('l')} FROM payment_links l WHERE merchant_id = $1 AND link_id = $2${forUpdate ? ' FOR UPDATE' : ''}`, [merchantId, linkId]);
  return rows[0] ? toLink(rows[0]) : null;
}

/** The link a short URL names, whoever's it is: the code is what the payer was sent. */
export async function findPaymentLinkByCode(db: Queryable, code: string, forUpdate = false): Promise<PaymentLink | null> {
  const rows = await queryJsonRows<LinkRow>(db, `SELECT ${rowJson('l')} FROM payment_links l WHERE code = $1${forUpdate ? ' FOR UPDATE' : ''}`, [code]);
  return rows[0] ? toLink(rows[0]) : null;
}

export async function listPaymentLinks(db: Queryable, f: { merchantId: string; livemode: boolean; active?: boolean }, page: Page): Promise<PaymentLink[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('l')} FROM payment_links l`,
    'link_id',
    [['merchant_id = ?', f.merchantId], ['livemode = ?', f.livemode], f.active !== undefined && ['active = ?', f.active]],
    page,
  );
  return (await queryJsonRows<LinkRow>(db, text, params)).map(toLink);
}

/** Writes what a visit or a deactivation changed on a link the caller has locked. */
export async function savePaymentLink(db: Queryable, link: PaymentLink): Promise<void> {
  await db.query(`UPDATE payment_links SET active = $3, orders_created = $4, order_id = $5, updated_at = $6 WHERE merchant_id = $1 AND link_id = $2`, [
    link.merchantId,
    link.id,
    link.active,
    link.ordersCreated,
    link.orderId,
    link.updatedAt,
  ]);
}
