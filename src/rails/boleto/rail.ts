import { SANDBOX_PROVIDER } from '../../domain/payment-settings.js';
import type { Connector, Rail } from '../connector.js';
import { boletoAccountSchema, checkBoletoAccount, sandboxBoletoAccount } from './account.js';
import { boletoPdf } from './instructions.js';
import { checkBrBankAccount } from './refund-destination.js';
import { boletoSandbox } from './sandbox.js';

/** Boleto: a slip the payer pays at a bank, an ATM or in the bank's app by its barcode or digitable line. */
export function boletoRail(realConnectors: Connector[]): Rail {
  return {
    method: 'boleto',
    accountSchema: boletoAccountSchema,
    checkAccount: checkBoletoAccount,
    sandboxAccount: () => sandboxBoletoAccount(SANDBOX_PROVIDER),
    connectors: [boletoSandbox(), ...realConnectors],
    documents: [{ name: 'boleto.pdf', contentType: 'application/pdf', summary: "The boleto payment's printable slip (PDF)", render: boletoPdf }],
    checkRefundDestination: checkBrBankAccount,
  };
}
