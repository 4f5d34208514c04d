import { randomBytes } from 'node:crypto';
import { sandboxConnector, type SandboxConnector } from '../sandbox.js';
import type { PixAccount } from './account.js';
import { dynamicBrCode, PIX_CHARGE_LIFETIME_MS, pixInstructions } from './instructions.js';
import { newTxid } from './txid.js';

/** The sandbox's Pix location host: `.invalid` (RFC 2606) resolves nowhere, so no real app can pay a sandbox code. */
const SANDBOX_LOCATION_HOST = 'pix.sandbox.payorders.invalid';
/** The ISPB a sandbox end-to-end id names: no participant has it. */
const SANDBOX_ISPB = '00000000';
/** The sandbox's price for Pix: 0.99% of what is received, a typical PSP's rate; nothing fixed. */
export const SANDBOX_PIX_FEES = { basisPoints: 99, fixed: 0 };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/**
 * End-to-end ids as the SPI makes them: E, the payer's ISPB, the minute (UTC, yyyyMMddHHmm) and 11
 * letters and digits; 32 characters.
 */
export function sandboxEndToEndId(now: Date): string {
  const minute = now.toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const tail = [...randomBytes(11)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');
  return `E${SANDBOX_ISPB}${minute}${tail}`;
}

export function pixSandbox(): SandboxConnector {
  return sandboxConnector({
    method: 'pix',
    currencies: ['BRL'],
    fees: SANDBOX_PIX_FEES,
    availableAfterMs: 0,
    chargeLifetimeMs: PIX_CHARGE_LIFETIME_MS,
    newReference: async () => newTxid(randomBytes),
    describe: async (ctx, request, txid) => {
      const emv = dynamicBrCode(ctx.account as unknown as PixAccount, `${SANDBOX_LOCATION_HOST}/v2/cob/${txid}`, request.amount);
      return pixInstructions(ctx, request.paymentId, { emv, txid, expiresAt: request.expiresAt });
    },
    newTransferId: sandboxEndToEndId,
  });
}
