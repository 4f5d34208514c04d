import { actorCanSee, type Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId } from '../domain/ids.js';
import type { Db } from '../store/db.js';
import { findOrderWithLatestPaymentShared, type OrderWithLatestPayment } from '../store/payments.sql.js';
import type { UsdtTransfer } from '../store/usdt.sql.js';

export type { UsdtTransfer };

/**
 * An order with its latest payment and the chain transfers the watcher found to that payment's address,
 * oldest first, dust left out: what a client polling for detection is answered from (our rows, never the
 * chain), in one query shared with the lookups asked at the same time. Another merchant's order, the other
 * mode's or one outside the caller's store/branch is a 404; a payment the caller may not see is not shown.
 */
export async function retrieveOrderWithTransfers(db: Db, actor: Actor, id: string): Promise<OrderWithLatestPayment> {
  const uuid = decodeId('order', id);
  const found = uuid ? await findOrderWithLatestPaymentShared(db, { merchantId: actor.merchantId, orderId: uuid }) : null;
  if (!found || !actorCanSee(actor, found.order)) throw AppError.notFound('order', id);
  const payment = found.payment && actorCanSee(actor, found.payment) ? found.payment : null;
  return { order: found.order, payment, transfers: payment ? found.transfers.filter((t) => t.status !== 'dust') : [] };
}
