import type { Queryable } from './db.js';
import { insertRowsIn } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';

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

/**
 * Writes a charge's new state; with `onlyFrom`, only if its status is one of those (checked and written in
 * one statement, so no lock need be taken first). Returns the charge as written, or null if it was not.
 */
export async function updateSandboxCharge(
  db: Queryable,
  c: Pick<SandboxCharge, 'merchantId' | 'method' | 'reference' | 'status' | 'amountPaid' | 'transferId' | 'payer' | 'updatedAt'>,
  onlyFrom?: readonly SandboxCharge['status'][],
): Promise<SandboxCharge | null> {
  const rows = await queryJsonRows<ChargeRow>(
    db,
    `UPDATE sandbox_charges c SET status = $4, amount_paid = $5, transfer_id = $6, payer = $7::text::jsonb, updated_at = $8
     WHERE merchant_id = $1 AND method = $2 AND reference = $3${onlyFrom ? ' AND status = ANY($9::text[])' : ''}
     RETURNING ${rowJson('c')}`,
    [c.merchantId, c.method, c.reference, c.status, c.amountPaid, c.transferId, c.payer && JSON.stringify(c.payer), c.updatedAt, ...(onlyFrom ? [`{${onlyFrom.join(',')}}`] : [])],
  );
  return rows[0] ? toCharge(rows[0]) : null;
}
