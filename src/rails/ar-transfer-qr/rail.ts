import QRCode from 'qrcode';
import type { ArTransferQrConfig } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Payment } from '../../domain/payments.js';
import type { Connector, Rail } from '../connector.js';
import { arQrAccountSchema, checkArQrAccount, sandboxArQrAccount } from './account.js';
import { parseArQr } from './payload.js';
import { checkArBankAccount } from './refund-destination.js';
import { arQrSandbox } from './sandbox.js';

// As for Pix: level M, and the 4-module quiet zone ISO/IEC 18004 asks for.
const SYMBOL = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** The payment's payload, parsed first so that no malformed text becomes an image a payer could scan. */
function payloadOf(payment: Payment): string {
  const emv = payment.instructions?.emv;
  if (typeof emv !== 'string') throw new AppError('resource_missing', 'This payment has no transfer QR: its provider has not given one');
  parseArQr(emv);
  return emv;
}

/** Argentina's interoperable transfer QR: any bank or wallet app pays it by an instant transfer to the merchant's CBU/CVU. */
export function arTransferQrRail(config: ArTransferQrConfig, realConnectors: Connector[]): Rail {
  return {
    method: 'ar_transfer_qr',
    accountSchema: arQrAccountSchema,
    checkAccount: checkArQrAccount(config.schemeGui),
    sandboxAccount: (merchantId) => sandboxArQrAccount(merchantId, SANDBOX_PROVIDER),
    connectors: [arQrSandbox(config.schemeGui), ...realConnectors],
    documents: [
      {
        name: 'qr.png',
        contentType: 'image/png',
        summary: "The payment's QR code as a PNG image",
        render: (p) => QRCode.toBuffer(payloadOf(p), { ...SYMBOL, type: 'png', scale: 8 }),
      },
      { name: 'qr.svg', contentType: 'image/svg+xml', summary: "The payment's QR code as an SVG image", render: (p) => QRCode.toString(payloadOf(p), { ...SYMBOL, type: 'svg' }) },
    ],
    checkRefundDestination: checkArBankAccount,
  };
}
