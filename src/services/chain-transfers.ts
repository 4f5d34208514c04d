import type { Queryable } from '../store/db.js';
import { transfersOfPayment, type UsdtTransfer } from '../store/usdt.sql.js';

export type { UsdtTransfer };

/**
 * The chain transfers the watcher found to a USDT payment's address, oldest first, dust left out: what a
 * client polling for detection is answered from (our rows, never the chain). The caller checks it may see
 * the payment (getPayment) before it shows them.
 */
export async function detectedTransfers(db: Queryable, merchantId: string, paymentId: string): Promise<UsdtTransfer[]> {
  return (await transfersOfPayment(db, merchantId, paymentId)).filter((t) => t.status !== 'dust');
}
