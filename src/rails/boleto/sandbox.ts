import { randomBytes } from 'node:crypto';
import { nextBoletoSequence } from '../../store/boleto-sequences.sql.js';
import { sandboxConnector, type SandboxConnector } from '../sandbox.js';
import { bankSettingsOf, type BoletoAccount } from './account.js';
import { ourNumberFromSequence } from './boleto.js';
import { BOLETO_LIFETIME_MS, boletoInstructions } from './instructions.js';

/** The sandbox's price for a boleto: R$ 3,49 each, a typical bank's tariff; no percentage. */
export const SANDBOX_BOLETO_FEES = { basisPoints: 0, fixed: 349 };
/** Banks credit a boleto's money the next business day; the sandbox, a day later. */
const SETTLEMENT_DELAY_MS = 24 * 3_600_000;

export function boletoSandbox(): SandboxConnector {
  return sandboxConnector({
    method: 'boleto',
    currencies: ['BRL'],
    fees: SANDBOX_BOLETO_FEES,
    availableAfterMs: SETTLEMENT_DELAY_MS,
    chargeLifetimeMs: BOLETO_LIFETIME_MS,
    newReference: async (ctx) => ourNumberFromSequence(bankSettingsOf(ctx.account as unknown as BoletoAccount), await nextBoletoSequence(ctx.db, ctx.merchantId, ctx.livemode)),
    describe: async (ctx, request, ourNumber) => boletoInstructions(ctx, request, ourNumber),
    newTransferId: () => `SBXBOL${randomBytes(10).toString('hex').toUpperCase()}`,
  });
}
