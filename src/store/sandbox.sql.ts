import type { Order } from '../domain/orders.js';
import type { Payment } from '../domain/payments.js';
import type { Queryable, Statement } from './db.js';
import { isSharedTx } from './group-commit.js';
import { insertRowsIn } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';
import { toOrder, type OrderRow } from './orders.sql.js';
import { toPayment, type PaymentKey, type PaymentRow } from './payments.sql.js';

/** A charge as the sandbox provider records it on its side. */
export interface SandboxCharge {
  merchantId: string;
  method: string;
  reference: string;
  status: 'active' | 'paid' | 'failed' | 'canceled';
  amount: number;
  amountPaid: number | null;
  transferId: string | null;
  payer: Record<string, unknown> | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

interface ChargeRow {
  merchant_id: string;
  method: string;
  reference: string;
  status: SandboxCharge['status'];
  amount: number;
  amount_paid: number | null;
  transfer_id: string | null;
  payer: Record<string, unknown> | null;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

const toCharge = (r: ChargeRow): SandboxCharge => ({
  merchantId: r.merchant_id,
  method: r.method,
  reference: r.reference,
  status: r.status,
  amount: r.amount,
  amountPaid: r.amount_paid,
  transferId: r.transfer_id,
  payer: r.payer,
  expiresAt: toDate(r.expires_at),
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
});

/** A new charge; outside a transaction, inserted with the charges created at the same time (insertRowsIn). */
export async function insertSandboxCharge(db: Queryable, c: Pick<SandboxCharge, 'merchantId' | 'method' | 'reference' | 'amount' | 'expiresAt' | 'createdAt'>): Promise<void> {
  const at = c.createdAt.toISOString();
  await insertRowsIn(db, [
    {
      table: 'sandbox_charges',
      row: { merchant_id: c.merchantId, method: c.method, reference: c.reference, status: 'active', amount: c.amount, expires_at: c.expiresAt?.toISOString() ?? null, created_at: at, updated_at: at },
    },
  ]);
}

export async function findSandboxCharge(db: Queryable, merchantId: string, method: string, reference: string, forUpdate = false): Promise<SandboxCharge | null> {
  const rows = await queryJsonRows<ChargeRow>(
    db,
    `SELECT ${rowJson('c')} FROM sandbox_charges c WHERE merchant_id = $1 AND method = $2 AND reference = $3${forUpdate ? ' FOR UPDATE' : ''}`,
    [merchantId, method, reference],
  );
  return rows[0] ? toCharge(rows[0]) : null;
}

const LOCK_PAYMENTS_WITH_CHARGES = `WITH wanted AS MATERIALIZED (
  SELECT w.merchant_id, known.order_id, w.payment_id
  FROM unnest($1::uuid[], $2::uuid[]) AS w (merchant_id, payment_id)
  CROSS JOIN LATERAL (SELECT order_id FROM payments k WHERE k.merchant_id = w.merchant_id AND k.payment_id = w.payment_id LIMIT 1) known
  ORDER BY w.merchant_id, known.order_id, w.payment_id
)
SELECT row_to_json(o) AS order_row, row_to_json(p) AS payment_row, row_to_json(c) AS charge_row
FROM wanted
CROSS JOIN LATERAL (SELECT * FROM orders o WHERE o.merchant_id = wanted.merchant_id AND o.order_id = wanted.order_id LIMIT 1 FOR UPDATE) o
CROSS JOIN LATERAL (SELECT * FROM payments p WHERE p.merchant_id = wanted.merchant_id AND p.payment_id = wanted.payment_id LIMIT 1 FOR UPDATE) p
LEFT JOIN LATERAL (SELECT * FROM sandbox_charges c WHERE c.merchant_id = p.merchant_id AND c.method = p.method AND c.reference = p.provider_reference LIMIT 1 FOR UPDATE) c ON true`;

/** A payment held for a change at the sandbox: with its order, and the sandbox's charge (null: the sandbox has none). */
export type PaymentAtSandbox = { order: Order; payment: Payment; charge: SandboxCharge | null };

/**
 * Many payments locked in one statement for changes at the sandbox: each order's row, then its payment's,
 * then the sandbox's charge of it, in the orders' key order (a payment's order never changes, so it is
 * read before the locks), in the order a cancel takes them.
 */
export async function lockPaymentsAtSandbox(tx: Queryable, keys: readonly PaymentKey[]): Promise<Array<PaymentAtSandbox | null>> {
  const rows = await tx.query<{ order_row: OrderRow; payment_row: PaymentRow; charge_row: ChargeRow | null }>(LOCK_PAYMENTS_WITH_CHARGES, [
    `{${keys.map((k) => k.merchantId).join(',')}}`,
    `{${keys.map((k) => k.paymentId).join(',')}}`,
  ]);
  const found = new Map(rows.map((row) => [`${row.payment_row.merchant_id}/${row.payment_row.payment_id}`, row]));
  return keys.map((key) => {
    const row = found.get(`${key.merchantId}/${key.paymentId}`);
    return row ? { order: toOrder(row.order_row), payment: toPayment(row.payment_row), charge: row.charge_row && toCharge(row.charge_row) } : null;
  });
}

type ChargeState = Pick<SandboxCharge, 'merchantId' | 'method' | 'reference' | 'status' | 'amountPaid' | 'transferId' | 'payer' | 'updatedAt'>;

const updateStatement = (c: ChargeState): Statement => ({
  text: `UPDATE sandbox_charges SET status = $4, amount_paid = $5, transfer_id = $6, payer = $7::text::jsonb, updated_at = $8
     WHERE merchant_id = $1 AND method = $2 AND reference = $3`,
  params: [c.merchantId, c.method, c.reference, c.status, c.amountPaid, c.transferId, c.payer && JSON.stringify(c.payer), c.updatedAt],
});

/** Writes the new state of a charge the caller holds locked: in a shared transaction, with the group's statement. */
export async function saveLockedSandboxCharge(tx: Queryable, c: ChargeState): Promise<void> {
  const statement = updateStatement(c);
  if (isSharedTx(tx)) return tx.defer([statement], []);
  await tx.query(statement.text, statement.params);
}
