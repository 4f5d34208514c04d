import { performance } from 'node:perf_hooks';
import type { UsdtConfig } from '../config.js';
import { causedByJob } from '../domain/event-cause.js';
import type { ChainClient, TransferEvent } from '../rails/usdt-trc20/chain.js';
import { transferReceived } from '../rails/usdt-trc20/connector.js';
import type { Db } from '../store/db.js';
import { findPayment } from '../store/payments.sql.js';
import { dueConfirmations, leaseCursor, lockSeenTransfer, recordTransfers, releaseCursor, settleTransfer, watchedAmong, type UsdtTransfer } from '../store/usdt.sql.js';
import type { PaymentDeps } from './payment-context.js';
import { confirmRefundTransfers, seeRefundTransfers } from './refunds.js';
import { applyPaymentChange } from './settlement.js';

const CAUSE = causedByJob('usdt-watcher');
/** A scan's lease: a node that dies mid-scan leaves the chain to another after this. */
const LEASE_MS = 60_000;
/** Each scan reads this far back again: an API may index a block's events a little after the block. Rows seen twice dedupe. */
const OVERLAP_MS = 60_000;
/** A fresh install starts this far behind the head (addresses handed out before the first scan are this recent at most). */
const FIRST_SCAN_LOOKBACK_MS = 10 * 60_000;
/** Confirmations taken per tick: each is a transaction of its own, a few at a time (different payments' orders lock apart). */
const CONFIRM_BATCH = 500;
const CONFIRM_CONCURRENCY = 4;

export interface WatchPass {
  /** Pages of events read and events on them. */
  pages: number;
  events: number;
  /** Events to watched addresses, and those new to the store (seen or dust). */
  matched: number;
  recorded: number;
  credited: number;
  /** More is waiting: a scan cut at the page bound, or a full confirmation batch. */
  more: boolean;
  /** Another node held the scan's lease. */
  leased: boolean;
  /** Time spent in each stage. */
  discoverMs: number;
  confirmMs: number;
}

/**
 * One tick of the chain watcher for one chain, in two stages. Discovery: whichever node holds the chain's lease
 * reads the USDT contract's Transfer events since the stored cursor (by block time, paginated, at most
 * `maxPagesPerTick` pages) and looks each page's recipients up among the watched deposit addresses in one
 * indexed query, so the work follows the events, not the number of open addresses; what matches is recorded once
 * (seen, or dust below the threshold). Confirmation: seen transfers whose block has the confirmations required
 * are credited through the payment model (order row first, dedupe by transaction and event index), each under
 * SKIP LOCKED, so two nodes never credit one transfer twice. Rows of another contract, look-alike or not, never count.
 */
export async function watchChain(db: Db, deps: PaymentDeps, config: UsdtConfig, provider: string, client: ChainClient): Promise<WatchPass> {
  const pass: WatchPass = { pages: 0, events: 0, matched: 0, recorded: 0, credited: 0, more: false, leased: false, discoverMs: 0, confirmMs: 0 };
  const started = performance.now();
  const head = await client.head();
  const now = deps.clock.now();
  const cursor = await leaseCursor(db, provider, now, new Date(now.getTime() + LEASE_MS), head.timestampMs - FIRST_SCAN_LOOKBACK_MS);
  if (cursor === null) pass.leased = true;
  else {
    let reached = cursor;
    try {
      // After a scan cut at the page bound, start where it stopped; after a whole one, read a little back again.
      const fromMs = cursor.complete ? Math.max(0, cursor.reachedMs - OVERLAP_MS) : cursor.reachedMs;
      reached = await discover(db, config, provider, client, fromMs, head.timestampMs, now, pass);
    } finally {
      await releaseCursor(db, provider, reached, deps.clock.now());
    }
  }
  const confirming = performance.now();
  pass.discoverMs = Math.round(confirming - started);
  const due = await dueConfirmations(db, provider, head.number - config.confirmations + 1, CONFIRM_BATCH);
  for (let i = 0; i < due.length; i += CONFIRM_CONCURRENCY) {
    const credited = await Promise.all(due.slice(i, i + CONFIRM_CONCURRENCY).map((transfer) => credit(db, deps, transfer)));
    pass.credited += credited.filter(Boolean).length;
  }
  pass.more ||= due.length === CONFIRM_BATCH;
  await confirmRefundTransfers(db, deps, provider, head.number - config.confirmations + 1);
  pass.confirmMs = Math.round(performance.now() - confirming);
  return pass;
}

/**
 * Reads events from `fromMs` to `toMs`; answers where the next scan starts. Cut at the page bound, that is the
 * last block read (read again whole next time, its rows deduped), so a scan always moves on unless one block
 * holds more events than the bound's pages (20,000 by default; a Tron block holds a few thousand transactions).
 */
async function discover(
  db: Db,
  config: UsdtConfig,
  provider: string,
  client: ChainClient,
  fromMs: number,
  toMs: number,
  now: Date,
  pass: WatchPass,
): Promise<{ reachedMs: number; complete: boolean }> {
  let fingerprint: string | null = null;
  let last: TransferEvent | undefined;
  do {
    if (pass.pages === config.maxPagesPerTick) {
      pass.more = true;
      return { reachedMs: last ? last.blockTimestampMs : fromMs, complete: false };
    }
    const page = await client.transfers(config.contract, fromMs, toMs, fingerprint);
    pass.pages++;
    pass.events += page.events.length;
    last = page.events.at(-1) ?? last;
    const usdt = page.events.filter((e) => e.contract === config.contract);
    await seeRefundTransfers(db, provider, usdt);
    const watched = await watchedAmong(db, provider, [...new Set(usdt.map((e) => e.to))], now);
    const rows: UsdtTransfer[] = usdt.flatMap((e) => {
      const owner = watched.get(e.to);
      if (!owner) return [];
      return [
        {
          ...owner,
          provider,
          transactionId: e.transactionId,
          eventIndex: e.eventIndex,
          address: e.to,
          fromAddress: e.from,
          amount: Number(e.value),
          blockNumber: e.blockNumber,
          blockTimestamp: new Date(e.blockTimestampMs),
          status: e.value < BigInt(config.dustMicros) || e.value > BigInt(Number.MAX_SAFE_INTEGER) ? ('dust' as const) : ('seen' as const),
          seenAt: now,
        },
      ];
    });
    pass.matched += rows.length;
    pass.recorded += await recordTransfers(db, rows);
    fingerprint = page.fingerprint;
  } while (fingerprint);
  return { reachedMs: toMs, complete: true };
}

/**
 * Credits one confirmed transfer to its payment, unless another node has it. A further transfer to a payment that
 * already succeeded adds to it (the connector is paidAgain); one the payment model refuses is kept as extra.
 */
async function credit(db: Db, deps: PaymentDeps, transfer: UsdtTransfer): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await lockSeenTransfer(tx, transfer))) return false;
    const payment = (await findPayment(tx, transfer.merchantId, transfer.paymentId))!;
    const changed = await applyPaymentChange(tx, deps, payment, { type: 'succeeded', received: transferReceived(transfer) }, CAUSE);
    await settleTransfer(tx, transfer, changed ? 'credited' : 'extra', deps.clock.now());
    return changed !== null;
  });
}
