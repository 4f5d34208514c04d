import type { Customer } from '../domain/customers.js';
import type { TaxIdType } from '../domain/tax-id.js';
import type { Queryable } from './db.js';
import { queryJsonRows, rowJson } from './json-rows.js';
import { listStatement, type Page } from './list-query.js';

const COLUMNS = `merchant_id, customer_id, livemode, name, email, phone, tax_id_type, tax_id, metadata, created_at, updated_at`;

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
    c.createdAt,
    c.updatedAt,
  ];
}

export async function insertCustomer(db: Queryable, customer: Customer): Promise<void> {
  await db.query(
    `INSERT INTO customers (${COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11)`,
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

export async function findCustomer(db: Queryable, merchantId: string, customerId: string, forUpdate = false): Promise<Customer | null> {
  const rows = await queryJsonRows<CustomerRow>(
    db,
    `SELECT ${rowJson('c')} FROM customers c WHERE merchant_id = $1 AND customer_id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, customerId],
  );
  return rows[0] ? toCustomer(rows[0]) : null;
}

export interface CustomerListFilters {
  merchantId: string;
  livemode: boolean;
  email?: string;
  createdGte?: Date;
  createdLt?: Date;
}

export async function listCustomers(db: Queryable, f: CustomerListFilters, page: Page): Promise<Customer[]> {
  const { text, params } = listStatement(
    `SELECT ${rowJson('c')} FROM customers c`,
    'customer_id',
    [
      ['merchant_id = ?', f.merchantId],
      ['livemode = ?', f.livemode],
      f.email && ['lower(email) = lower(?)', f.email],
      f.createdGte && ['created_at >= ?', f.createdGte],
      f.createdLt && ['created_at < ?', f.createdLt],
    ],
    page,
  );
  return (await queryJsonRows<CustomerRow>(db, text, params)).map(toCustomer);
}
