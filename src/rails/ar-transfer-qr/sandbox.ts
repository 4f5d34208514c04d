import { randomBytes } from 'node:crypto';
import { sandboxConnector, type SandboxConnector } from '../sandbox.js';
import type { ArQrAccount } from './account.js';
import { AR_QR_LIFETIME_MS, arQrInstructions, paymentPayload } from './instructions.js';

/** The sandbox's price: 0.8% of what is received, the cap Com. "A" 7153 set on transfer QR fees; nothing fixed. */
export const SANDBOX_AR_QR_FEES = { basisPoints: 80, fixed: 0 };

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const randomText = (length: number) => [...randomBytes(length)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join('');

/** A reference for 62.05: 20 letters and digits, from 103 random bits. */
export const newArQrReference = () => `PO${randomText(18)}`;

export function arQrSandbox(schemeGui: string): SandboxConnector {
  return sandboxConnector({
    method: 'ar_transfer_qr',
    currencies: ['ARS'],
    fees: SANDBOX_AR_QR_FEES,
    // Transfers are credited on the spot and irrevocable.
    availableAfterMs: 0,
    chargeLifetimeMs: AR_QR_LIFETIME_MS,
    newReference: async () => newArQrReference(),
    describe: async (ctx, request, reference) => {
      const emv = paymentPayload(schemeGui, ctx.account as unknown as ArQrAccount, request.amount, reference);
      return arQrInstructions(ctx, request.paymentId, { emv, reference, expiresAt: request.expiresAt });
    },
    newTransferId: () => `SBXTRF${randomText(16)}`,
  });
}
