import type { UsdtConfig } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import { decodeId, encodeId } from '../../domain/ids.js';
import type { Payment } from '../../domain/payments.js';
import { insertDepositAddress, takeAddressIndex, transfersOfPayment } from '../../store/usdt.sql.js';
import type { Connector, ConnectorContext, QueryAnswer, Received, RefundAnswer, RefundRequest } from '../connector.js';
import type { SandboxConnector } from '../sandbox.js';
import type { UsdtAccount } from './account.js';
import { depositAddress, parseXpub } from './address.js';
import type { FakeTronChain } from './fake-chain.js';
import { transactionHashOf } from './refund-destination.js';

/** Live USDT payments are watched on the configured TronGrid-compatible API. */
export const TRONGRID_PROVIDER = 'trongrid';
/** A deposit address is handed out for an hour at most; most crypto checkouts give 15 to 60 minutes. */
export const USDT_CHARGE_LIFETIME_MS = 3_600_000;
/** A payer the sandbox pays from: a wallet SDK's published test address. */
const SANDBOX_PAYER = 'TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb';

/** 1500000 µUSDT → "1.500000": the exact amount the payer sends, all six decimals shown. */
export const usdtDecimal = (micros: number) => {
  const digits = String(micros).padStart(7, '0');
  return `${digits.slice(0, -6)}.${digits.slice(-6)}`;
};

/** The money a credited transfer is, for the payment model: deduped by its transaction and event index. */
export function transferReceived(t: { transactionId: string; eventIndex: number; amount: number; blockTimestamp: Date; fromAddress: string; blockNumber: number }): Received {
  return {
    amount: t.amount,
    // The network fee is the payer's (energy/bandwidth); no processor takes a cut of a direct deposit.
    fee: 0,
    providerEventId: `${t.transactionId}:${t.eventIndex}`,
    paidAt: t.blockTimestamp,
    metadata: { transaction_id: t.transactionId, from: t.fromAddress, block_number: t.blockNumber },
  };
}

/** What the merchant is to send for a refund: the exact amount, to the payer's address, of the configured token. */
function sendYourself(config: UsdtConfig, request: RefundRequest): RefundAnswer {
  const to = request.destination?.type === 'trc20_address' ? request.destination.address : null;
  if (!to) return { outcome: 'declined', failure: { code: 'destination_required', message: 'A USDT refund needs the payer\'s TRC20 address' } };
  return {
    outcome: 'requires_action',
    action: { type: 'send_transaction', details: { to, amount: usdtDecimal(request.amount), currency: 'USDT', network: 'TRC20', contract: config.contract } },
  };
}

/**
 * USDT-TRC20: a fresh deposit address per payment, from the merchant's xpub at the next index (taken atomically
 * in the store); the chain watcher (src/services/usdt-watcher.ts) finds the transfers and credits them through
 * the payment model. Nothing is asked of a provider when a payment starts, so create never fails for the
 * network. The same connector serves the sandbox (on the in-process chain, which the test helpers pay) and
 * live payments on TronGrid.
 */
export function usdtConnector(config: UsdtConfig, provider: string, sandboxChain?: FakeTronChain): Connector | SandboxConnector {
  const connector: Connector = {
    method: 'usdt_trc20',
    provider,
    live: sandboxChain === undefined,
    currencies: ['USDT'],
    fees: { basisPoints: 0, fixed: 0 },
    availableAfterMs: 0,
    chargeLifetimeMs: USDT_CHARGE_LIFETIME_MS,
    paidAgain: true,
    reconcileBackoffMs: [60_000, 300_000, 900_000],

    async create(ctx, request) {
      sandboxChain?.useClock(ctx.clock);
      const { xpub } = ctx.account as unknown as UsdtAccount;
      const key = parseXpub(xpub);
      const now = ctx.clock.now();
      let index: number;
      let address: string;
      // An address some payment already has (two merchants set up with one xpub) is skipped: an address is one payment's.
      do {
        index = await takeAddressIndex(ctx.db, ctx.merchantId, ctx.livemode, xpub);
        address = depositAddress(key, index);
      } while (
        !(await insertDepositAddress(ctx.db, {
          merchantId: ctx.merchantId,
          livemode: ctx.livemode,
          provider,
          address,
          paymentId: request.paymentId,
          derivationIndex: index,
          watchUntil: new Date(request.expiresAt.getTime() + config.lateWatchMs),
          createdAt: now,
        }))
      );
      return {
        outcome: 'pending',
        reference: address,
        instructions: {
          type: 'usdt_trc20',
          address,
          amount: usdtDecimal(request.amount),
          currency: 'USDT',
          network: 'TRC20',
          contract: config.contract,
          confirmations_required: config.confirmations,
          qr_png_url: ctx.documentUrl(request.paymentId, 'qr.png'),
          qr_svg_url: ctx.documentUrl(request.paymentId, 'qr.svg'),
          expires_at: request.expiresAt.toISOString(),
        },
        metadata: { address, derivation_index: index },
        data: { derivation_index: index },
      };
    },

    /** The reconciliation job asks at expiry: a transfer still gathering confirmations holds the expiry off. */
    async query(ctx: ConnectorContext, payment: Payment): Promise<QueryAnswer> {
      const transfers = await transfersOfPayment(ctx.db, payment.merchantId, payment.id);
      const credited = transfers.find((t) => t.status === 'credited');
      if (credited) return { outcome: 'succeeded', received: transferReceived(credited) };
      if (transfers.some((t) => t.status === 'seen')) return { outcome: 'unknown', message: 'a transfer is gathering confirmations' };
      if (payment.expiresAt && payment.expiresAt.getTime() <= ctx.clock.now().getTime()) {
        return { outcome: 'declined', expired: true, failure: { code: 'expired', message: 'No transfer arrived before the payment expired' } };
      }
      return { outcome: 'pending' };
    },

    // Nothing to cancel on a chain: the address stays watched for the late window, so money sent anyway is recorded.
    cancel: async () => ({ outcome: 'succeeded' }),
    // The service holds no key: the merchant sends the refund and records its transaction, which the watcher confirms.
    refund: async (_ctx, _payment, request) => sendYourself(config, request),
    queryRefund: async (_ctx, _payment, request) => (request.transactionHash ? { outcome: 'pending' } : sendYourself(config, request)),
    refundTransactionHash: transactionHashOf,
    refundTransactionWindowMs: config.refundTransactionWindowMs,

    async parseNotification(_ctx, notification) {
      if (!sandboxChain) return null;
      let body: { type?: unknown; merchant?: unknown };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      const merchantId = typeof body.merchant === 'string' ? decodeId('merchant', body.merchant) : null;
      if (body?.type !== 'usdt_trc20.transfer_broadcast' || !merchantId) return null;
      // The chain is the notification: the watcher finds the transfer and credits it. Nothing here moves money.
      return { merchantId, livemode: false, verified: true, changes: [] };
    },
  };
  if (!sandboxChain) return connector;
  const sandbox: SandboxConnector = {
    ...connector,
    async simulate(ctx, payment, action) {
      if (action.type !== 'pay') throw new AppError('conflict', 'A USDT transfer cannot fail: it is on the chain or it is not');
      sandboxChain.useClock(ctx.clock);
      const transactionId = sandboxChain.transfer({ contract: config.contract, from: SANDBOX_PAYER, to: payment.providerReference!, value: action.amount });
      const body = { type: 'usdt_trc20.transfer_broadcast', merchant: encodeId('merchant', ctx.merchantId), transaction_id: transactionId };
      return { rawBody: Buffer.from(JSON.stringify(body)), headers: { 'content-type': 'application/json' }, query: {} };
    },
  };
  return sandbox;
}

