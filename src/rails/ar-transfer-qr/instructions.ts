import type { ConnectorContext, ProviderState } from '../connector.js';
import type { ArQrAccount } from './account.js';
import { buildArQr, parseArQr } from './payload.js';

/** A transfer QR is paid in seconds (Transferencias 3.0 credit within 25 s); an hour leaves the payer time to find a phone. */
export const AR_QR_LIFETIME_MS = 3_600_000;

/** The single-use payload of one payment, with its amount and reference, for the merchant's account. */
export function paymentPayload(schemeGui: string, account: ArQrAccount, amount: number, reference: string): string {
  return buildArQr({
    schemeGui,
    cbu: account.cbu,
    cuit: account.cuit,
    merchantName: account.merchant_name,
    merchantCity: account.merchant_city,
    merchantCategoryCode: account.merchant_category_code,
    amount,
    reference,
  });
}

/**
 * What the payer gets: the payload (for wallets that take it pasted), the service's URLs of its QR images, the
 * CBU/CVU and reference (to pay by a plain transfer), and the expiry. A provider's payload is parsed first, so a
 * malformed one is never shown as payable.
 */
export function arQrInstructions(ctx: ConnectorContext, paymentId: string, charge: { emv: string; reference: string; expiresAt: Date }): ProviderState {
  const parsed = parseArQr(charge.emv);
  return {
    instructions: {
      type: 'ar_transfer_qr',
      emv: charge.emv,
      qr_png_url: ctx.documentUrl(paymentId, 'qr.png'),
      qr_svg_url: ctx.documentUrl(paymentId, 'qr.svg'),
      cbu: parsed.account.value,
      account_kind: parsed.account.kind,
      reference: charge.reference,
      expires_at: charge.expiresAt.toISOString(),
    },
    metadata: { reference: charge.reference },
  };
}
