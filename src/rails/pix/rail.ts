import { AppError } from '../../domain/errors.js';
import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Payment } from '../../domain/payments.js';
import type { Connector, Rail } from '../connector.js';
import { checkPixAccount, pixAccountSchema, sandboxPixAccount } from './account.js';
import { brCodePng, brCodeSvg } from './qr.js';
import { pixSandbox } from './sandbox.js';

function emvOf(payment: Payment): string {
  const emv = payment.instructions?.emv;
  if (typeof emv !== 'string') throw new AppError('resource_missing', 'This payment has no Pix code: its provider has not given one');
  return emv;
}

/** Pix: instant transfers to the merchant's key, paid by scanning a QR code or pasting its text. */
export function pixRail(realConnectors: Connector[]): Rail {
  return {
    method: 'pix',
    accountSchema: pixAccountSchema,
    checkAccount: checkPixAccount,
    sandboxAccount: (merchantId) => sandboxPixAccount(merchantId, SANDBOX_PROVIDER),
    connectors: [pixSandbox(), ...realConnectors],
    documents: [
      { name: 'qr.png', contentType: 'image/png', summary: "The Pix payment's QR code as a PNG image", render: (p) => brCodePng(emvOf(p)) },
      { name: 'qr.svg', contentType: 'image/svg+xml', summary: "The Pix payment's QR code as an SVG image", render: (p) => brCodeSvg(emvOf(p)) },
    ],
  };
}
