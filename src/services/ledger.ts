import type { Clock } from '../clock.js';
import { fxConfirmationPostings, marketValue, toOrderCurrency } from '../domain/fx.js';
import { uuidv7 } from '../domain/ids.js';
import { confirmationPostings, releasePostings, type Posting } from '../domain/ledger.js';
import type { Payment } from '../domain/payments.js';
import type { Db } from '../store/db.js';
import type { TableRow } from '../store/inserts.js';
import { balanceTransactionRows, claimDueReleases, insertEntries, type BalanceTransaction, type EntryRows } from '../store/ledger.sql.js';

const withIds = (postings: Posting[], at: Date): EntryRows => postings.map((p) => ({ ...p, entryId: uuidv7(at.getTime()) }));

/**
 * The rows that post a payment's confirmation, for the caller to insert in the transaction that marks it
 * succeeded: what counted toward the order less the fee is the merchant's, pending until the rail pays out
 * after `availableAfterMs` (available at once when that is 0), and the excess is owed back.
 */
export function confirmationRows(payment: Payment, split: { counted: number; excess: number }, providerEventId: string, availableAfterMs: number, now: Date): TableRow[] {
  const availableAtOnce = availableAfterMs === 0;
  const { quote } = payment;
  // A payment in another currency: its fee counts in the order's currency at the locked price, like its money.
  const fee = quote ? toOrderCurrency(quote, payment.amount, payment.fee) : payment.fee;
  const value = quote && marketValue(quote, payment.currency, payment.amountReceived);
  const postings =
    quote && value !== null
      ? fxConfirmationPostings({ payCurrency: payment.currency, received: payment.amountReceived, marketValue: value, ...split, fee, availableAtOnce })
      : confirmationPostings({ received: payment.amountReceived, ...split, fee, availableAtOnce });
  const bt: BalanceTransaction = {
    id: uuidv7(now.getTime()),
    merchantId: payment.merchantId,
    livemode: payment.livemode,
    type: 'payment',
    paymentId: payment.id,
    providerEventId,
    currency: quote?.orderCurrency ?? payment.currency,
    amount: split.counted,
    fee,
    net: split.counted - fee,
    owedToPayer: split.excess,
    status: availableAtOnce ? 'available' : 'pending',
    availableOn: new Date(now.getTime() + availableAfterMs),
    createdAt: now,
    fx:
      quote && value !== null
        ? {
            currency: payment.currency,
            amount_received: payment.amountReceived,
            fee: payment.fee,
            rate_applied: quote.rateApplied,
            market_value: value,
            fx_difference: value - split.counted - split.excess,
          }
        : null,
  };
  return balanceTransactionRows(bt, withIds(postings, now));
}

/** The release job: moves up to `batch` balance transactions whose available_on has passed from pending to available. */
export async function releaseDueBalances(db: Db, clock: Clock, batch: number): Promise<number> {
  return db.transaction(async (tx) => {
    const now = clock.now();
    const due = await claimDueReleases(tx, now, batch);
    await insertEntries(tx, due.map((bt) => ({ bt, entries: withIds(releasePostings(bt.net), now) })), now);
    return due.length;
  });
}
