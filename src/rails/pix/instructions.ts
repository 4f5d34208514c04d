import type { ConnectorContext, ProviderState } from '../connector.js';
import type { PixAccount } from './account.js';
import { buildBrCode, parseBrCode } from './br-code.js';

/** A Pix charge (cob) may be paid for a day at most, the lifetime most PSPs default to. */
export const PIX_CHARGE_LIFETIME_MS = 24 * 3_600_000;

/** The dynamic BR Code of a charge at `location`, for the merchant's account. */
export function dynamicBrCode(account: PixAccount, location: string, amount: number): string {
  return buildBrCode({ kind: 'dynamic', location, merchantName: account.merchant_name, merchantCity: account.merchant_city, amount });
}

/**
 * What the payer gets for a charge: the code to copy and paste, the service's URLs of its QR images, the
 * txid and the expiry. The code is parsed first, so a provider's malformed code is never shown as payable.
 */
export function pixInstructions(ctx: ConnectorContext, paymentId: string, charge: { emv: string; txid: string; expiresAt: Date }): ProviderState {
  parseBrCode(charge.emv);
  return {
    instructions: {
      type: 'pix',
      emv: charge.emv,
      qr_png_url: ctx.documentUrl(paymentId, 'qr.png'),
      qr_svg_url: ctx.documentUrl(paymentId, 'qr.svg'),
      txid: charge.txid,
      expires_at: charge.expiresAt.toISOString(),
    },
    metadata: { txid: charge.txid },
  };
}
