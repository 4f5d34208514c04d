import type { Db } from '../store/db.js';
import { transfersOfPaymentShared, type UsdtTransfer } from '../store/usdt.sql.js';

export type { UsdtTransfer };

/**
 * The chain transfers the watcher found to a USDT payment's address, oldest first, dust left out: what a
 * client polling for detection is answered from (our rows, never the chain), read with the lookups asked at
 * the same time. The caller checks it may see the payment (getPayment) before it shows them.
 */
export async function detectedTransfers(db: Db, merchantId: string, paymentId: string): Promise<UsdtTransfer[]> {
  return (await transfersOfPaymentShared(db, { merchantId, paymentId })).filter((t) => t.status !== 'dust');
}
