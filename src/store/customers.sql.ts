import type { Scope } from '../domain/actor.js';
import type { Customer } from '../domain/customers.js';
import type { TaxIdType } from '../domain/tax-id.js';
import { batchedPerDb } from './batcher.js';
import { byKeys } from './by-keys.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { listStatement, numberedRowPage, type Condition, type Page } from './list-query.js';

const COLUMNS = `merchant_id, customer_id, livemode, name, email, phone, tax_id_type, tax_id, metadata, store_id, branch_id, created_at, updated_at`;

/** A customers row as row_to_json gives it (see json-rows.ts). */
interface CustomerRow {
  merchant_id: string;
  customer_id: string;
  livemode: boolean;
  name: string | null;
  email: string | null;
  phone: string | null;
  tax_id_type: TaxIdType | null;
  tax_id: string | null;
  metadata: Record<string, string>;
  store_id: string | null;
  branch_id: string | null;
  created_at: string;
  updated_at: string;
}

function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.customer_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    name: row.name,
    email: row.email,
    phone: row.phone,
    taxId: row.tax_id_type && row.tax_id ? { type: row.tax_id_type, value: row.tax_id } : null,
    metadata: row.metadata,
    storeId: row.store_id,
    branchId: row.branch_id,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

function values(c: Customer): unknown[] {
  return [
    c.merchantId,
    c.id,
    c.livemode,
    c.name,
    c.email,
    c.phone,
    c.taxId?.type ?? null,
    c.taxId?.value ?? null,
    JSON.stringify(c.metadata),
    c.storeId,
    c.branchId,
    c.createdAt,
    c.updatedAt,
  ];
}

export async function insertCustomer(db: Queryable, customer: Customer): Promise<void> {
  await db.query(
    `INSERT INTO customers (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11, $12, $13)`,
    values(customer),
  );
}

export async function saveCustomer(db: Queryable, c: Customer): Promise<void> {
  await db.query(
    `UPDATE customers SET name = $3, email = $4, phone = $5, tax_id_type = $6, tax_id = $7, metadata = $8::text::jsonb,
       updated_at = $9
     WHERE merchant_id = $1 AND customer_id = $2`,
    [c.merchantId, c.id, c.name, c.email, c.phone, c.taxId?.type ?? null, c.taxId?.value ?? null, JSON.stringify(c.metadata), c.updatedAt],
  );
}

/**
 * Every place a customer is seen in: the store/branch it was created in, and that of each of its orders.
 * The two sides of the UNION ALL have no WHERE of their own, so PostgreSQL flattens it and pushes the
 * conditions into each side: a scoped list merges the customers_by_* and orders_customers_by_* indexes
 * in customer_id order and stops after a page (see migrations/0004_customer_placement.sql).
 */
const PLACES = `(SELECT * FROM (
    SELECT merchant_id, customer_id, store_id, branch_id FROM customers
    UNION ALL SELECT merchant_id, customer_id, store_id, branch_id FROM orders
  ) placed WHERE customer_id IS NOT NULL) p`;

/** A store or branch user's place, the column of PLACES it is matched on; null for owners and API keys. */
function placeOf(scope: Scope): { column: 'store_id' | 'branch_id'; id: string } | null {
  if (scope.branchId) return { column: 'branch_id', id: scope.branchId };
  return scope.storeId ? { column: 'store_id', id: scope.storeId } : null;
}

/**
 * The condition that the customer `<alias>.customer_id` is seen in the scope's store or branch; none for
 * owners and API keys (the merchant's whole list). For lists of customers and of what belongs to them.
 */
export function customerSeenIn(scope: Scope, alias: string): Condition {
  const place = placeOf(scope);
  return (
    place && [`EXISTS (SELECT 1 FROM ${PLACES} WHERE p.merchant_id = ${alias}.merchant_id AND p.customer_id = ${alias}.customer_id AND p.${place.column} = ?)`, place.id]
  );
}

export interface CustomerKey {
  merchantId: string;
  customerId: string;
  livemode: boolean;
}

const CUSTOMERS_BY_KEY = `SELECT c.merchant_id, c.customer_id, c.livemode FROM ${byKeys('customers', 'c', [['merchant_id', 'uuid'], ['customer_id', 'uuid'], ['livemode', 'boolean']])}`;

/**
 * Whether a customer is the merchant's in the mode, asked with the lookups submitted at the same time (see
 * Batcher) and reading only its key: what a new order naming a customer checks, on every create.
 */
export const customerExistsShared = batchedPerDb<CustomerKey, boolean>(async (db, keys) => {
  const rows = await db.query<{ merchant_id: string; customer_id: string; livemode: boolean }>(CUSTOMERS_BY_KEY, [
    `{${keys.map((k) => k.merchantId).join(',')}}`,
    `{${keys.map((k) => k.customerId).join(',')}}`,
    `{${keys.map((k) => k.livemode).join(',')}}`,
  ]);
  const found = new Set(rows.map((r) => `${r.merchant_id}/${r.customer_id}/${String(r.livemode)}`));
  return keys.map((k) => found.has(`${k.merchantId}/${k.customerId}/${String(k.livemode)}`));
});

/** The customer if it is in the scope: the merchant and mode, and for a store or branch user seen in its place. */
export async function findCustomer(db: Queryable, scope: Scope, customerId: string, forUpdate = false): Promise<Customer | null> {
  const place = placeOf(scope);
  const seen = place ? ` AND EXISTS (SELECT 1 FROM ${PLACES} WHERE p.merchant_id = c.merchant_id AND p.customer_id = c.customer_id AND p.${place.column} = $4)` : '';
  const rows = await queryJsonRows<CustomerRow>(
    db,
    `SELECT ${rowJson('c')} FROM customers c WHERE merchant_id = $1 AND customer_id = $2 AND livemode = $3${seen}${forUpdate ? ' FOR UPDATE' : ''}`,
    [scope.merchantId, customerId, scope.livemode, ...(place ? [place.id] : [])],
  );
  return rows[0] ? toCustomer(rows[0]) : null;
}

export interface CustomerListFilters {
  email?: string;
  /** Any of these spellings of a tax id (as sent, and without punctuation). */
  taxIds?: string[];
  createdGte?: Date;
  createdLt?: Date;
}

export async function listCustomers(db: Queryable, scope: Scope, f: CustomerListFilters, page: Page): Promise<Customer[]> {
  const place = placeOf(scope);
  const conditions: Condition[] = [
    ['merchant_id = ?', scope.merchantId],
    ['livemode = ?', scope.livemode],
    f.email && ['lower(email) = lower(?)', f.email],
    f.taxIds && ['tax_id = ANY(?::text[])', f.taxIds],
    f.createdGte && ['created_at >= ?', f.createdGte],
    f.createdLt && ['created_at < ?', f.createdLt],
  ];
  const { text, params } = place
    ? listStatement(
        // One row per place a customer is seen in, hence DISTINCT ON. listStatement bounds PLACES by the
        // cursor; customers gets the same bound because PostgreSQL does not carry a range across a join,
        // and without it a page deep in the list would read every newer customer of the merchant.
        `SELECT DISTINCT ON (customer_id) ${rowJson('c')} FROM ${PLACES} JOIN customers c USING (merchant_id, customer_id)`,
        'customer_id',
        [...conditions, [`p.${place.column} = ?`, place.id], page.after && ['c.customer_id < ?', page.after], page.before && ['c.customer_id > ?', page.before]],
        page,
      )
    : listStatement(`SELECT ${rowJson('c')} FROM customers c`, 'customer_id', conditions, page);
  return (await queryJsonRows<CustomerRow>(db, text, params)).map(toCustomer);
}

/**
 * A numbered page of the customers in the scope, newest first, and how many there are (see numberedPage):
 * the vendor lists that page by number. A store or branch user's are those seen in its place.
 */
export async function numberedCustomerPage(db: Queryable, scope: Scope, offset: number, limit: number): Promise<{ customers: Customer[]; count: number }> {
  const conditions: Condition[] = [['c.livemode = ?', scope.livemode], customerSeenIn(scope, 'c')];
  const { rows, count } = await numberedRowPage<CustomerRow>(db, scope.merchantId, ['customers', 'c', 'customer_id'], conditions, offset, limit);
  return { customers: rows.map(toCustomer), count };
}
