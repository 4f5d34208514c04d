import type { Payment } from '../domain/payments.js';
import type { Queryable } from '../store/db.js';
import { transfersOfPayment, type UsdtTransfer } from '../store/usdt.sql.js';

export type { UsdtTransfer };

/**
 * The chain transfers the watcher found to a USDT payment's address, oldest first, dust left out: what a
 * client polling for detection is answered from (our rows, never the chain). The caller has already checked
 * it may see the payment (getPayment).
 */
export async function detectedTransfers(db: Queryable, payment: Payment): Promise<UsdtTransfer[]> {
  if (payment.method !== 'usdt_trc20') return [];
  return (await transfersOfPayment(db, payment.merchantId, payment.id)).filter((t) => t.status !== 'dust');
}
