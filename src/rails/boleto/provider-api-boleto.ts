import type { ProviderApiConfig } from '../../config.js';
import type { Payment } from '../../domain/payments.js';
import { nextBoletoSequence } from '../../store/boleto-sequences.sql.js';
import {
  type CancelAnswer,
  type Connector,
  type ConnectorContext,
  type CreateRequest,
  type NotifiedChange,
  type QueryAnswer,
  type Received,
  type RefundAnswer,
  type RefundRequest,
} from '../connector.js';
import { callbackUrl, decimalOf, minorUnitsOf, providerClient, readCallback, refusalOf, type CallbackUrlSpec, type ProviderAnswer } from '../provider-api.js';
import { bankSettingsOf, type BoletoAccount } from './account.js';
import { barcodeFromDigitableLine, parseBarcode } from './barcode.js';
import { buildBoleto, ourNumberFromSequence, readFreeField } from './boleto.js';
import { BoletoFormatError } from './errors.js';
import { BOLETO_LIFETIME_MS, boletoInstructions, dueDateOf } from './instructions.js';

/**
 * A bank's or PSP's registered-boleto API (registro obrigatório: a boleto is payable only once the bank has it).
 * Banks' cobrança APIs differ in their field names but agree in their steps; this seam speaks one generic shape
 * of them (an adapter maps a bank's own), configured by PAYORDERS_BOLETO_API_* (base URL, OAuth2 client
 * credentials, mutual TLS as banks require, the callback secret):
 *
 *   POST /oauth/token                  client credentials (Basic auth, grant_type=client_credentials)
 *   POST /v1/boletos                   {our_number, amount: "297.00", due_date, beneficiary{bank_code, agency, account,
 *                                      wallet, agreement, name, tax_id}, payer{name, tax_id}|null, description, webhook_url}
 *                                      → 201 the boleto; 409 when that nosso número is registered already
 *   GET  /v1/boletos/{our_number}      → {our_number, status: registered|paid|canceled|expired, barcode,
 *                                      digitable_line, due_date, amount, payment?{id, amount, fee, paid_at}}
 *   POST /v1/boletos/{our_number}/cancel   baixa → 200; 409 once paid
 *   callbacks to webhook_url           {type: boleto.paid|boleto.canceled|boleto.expired, boleto: {…as GET…}}
 *   POST /v1/transfers                 a refund: {reference, amount, boleto: our_number, destination{bank_code, branch,
 *                                      account, account_type, holder_name, holder_tax_id}, description} → 201 the transfer
 *                                      {reference, status: processing|completed|failed, id?, failure_reason?}; 409 when
 *                                      that reference was taken already (the transfer is then read)
 *   GET  /v1/transfers/{reference}     → the transfer as above; 404 when none was made
 *
 * The nosso número is ours (the merchant's sequence, as for the sandbox), chosen before the call, so a query finds
 * the boleto after a timeout. The barcode and digitable line the bank answers are accepted only if our own format
 * code reads them (check digits, the line agreeing with the barcode) and they are exactly the boleto we asked for
 * (bank, amount, due date, nosso número in the bank's campo livre): the slip's PDF is printed from those numbers.
 * Callbacks go to <PUBLIC_BASE_URL>/hooks/boleto/api_boleto/<mer_…>/<live|test>/<token>, authenticated like the Pix
 * ones (the token, or an HMAC of the body); an unauthenticated one only makes the service ask GET /v1/boletos/{n}.
 * A boleto cannot be paid back along itself: its refund is a transfer (TED or Pix) from the merchant's account at
 * the bank to the payer's account given on the refund, named by the refund's reference so a retry or a query after
 * a lost answer names the same transfer.
 */
export const API_BOLETO_PROVIDER = 'api_boleto';
/** Banks credit a boleto's money the next business day. */
const SETTLEMENT_DELAY_MS = 24 * 3_600_000;

interface RemoteBoleto {
  our_number: string;
  status: 'registered' | 'paid' | 'canceled' | 'expired';
  barcode?: string;
  digitable_line?: string;
  payment?: { id?: string; amount?: string; fee?: string; paid_at?: string; payer?: Record<string, unknown> };
}

interface RemoteTransfer {
  reference?: string;
  status?: 'processing' | 'completed' | 'failed';
  id?: string;
  failure_reason?: string;
}

/** A transfer as the bank tells it: completed is the money sent back, processing still pending. */
function transferAnswer(body: RemoteTransfer | null): RefundAnswer {
  const metadata = body?.id ? { bank_transfer_id: body.id } : {};
  if (body?.status === 'completed') return { outcome: 'succeeded', metadata };
  if (body?.status === 'processing') return { outcome: 'pending', metadata };
  if (body?.status === 'failed') return { outcome: 'declined', failure: { code: 'transfer_failed', message: `The bank could not send the transfer: ${body.failure_reason ?? 'no reason given'}` } };
  return { outcome: 'unknown', message: 'the bank answered a transfer status this connector does not know' };
}

interface AskedBoleto {
  account: BoletoAccount;
  ourNumber: string;
  dueDate: string;
  amount: number;
}

/**
 * Why the bank's numbers are not the boleto asked for, or null when they are: read with our own format code first
 * (the line's field check digits, the barcode's general one, the bank's campo livre), then compared with ours.
 */
export function registeredBoletoMismatch(asked: AskedBoleto, answered: { barcode?: unknown; digitable_line?: unknown }): string | null {
  if (typeof answered.barcode !== 'string' || typeof answered.digitable_line !== 'string') return 'the bank answered without a barcode and a digitable line';
  const expected = buildBoleto({ settings: bankSettingsOf(asked.account), ourNumber: asked.ourNumber, dueDate: asked.dueDate, amount: asked.amount });
  try {
    const fromLine = barcodeFromDigitableLine(answered.digitable_line);
    const parsed = parseBarcode(answered.barcode, asked.dueDate);
    if (fromLine !== parsed.barcode) return 'the digitable line does not carry the barcode';
    if (parsed.bankCode !== expected.bankCode) return `the barcode is of bank ${parsed.bankCode}, not ${expected.bankCode}`;
    if (parsed.amount !== asked.amount) return `the barcode is for ${parsed.amount} centavos, not ${asked.amount}`;
    if (parsed.dueDate !== asked.dueDate) return `the barcode is due ${parsed.dueDate ?? 'never'}, not ${asked.dueDate}`;
    const contents = readFreeField(parsed);
    if (contents.ourNumber !== expected.ourNumber) return `the barcode carries nosso número ${contents.ourNumber}, not ${expected.ourNumber}`;
    if (parsed.barcode !== expected.barcode) return "the barcode's campo livre is not the merchant's agreement";
  } catch (error) {
    if (error instanceof BoletoFormatError) return `the bank's ${error.message}`;
    throw error;
  }
  return null;
}

export function apiBoletoConnector(config: ProviderApiConfig, publicBaseUrl: string): Connector {
  const client = providerClient(config);
  const hooks: CallbackUrlSpec = { publicBaseUrl, method: 'boleto', provider: API_BOLETO_PROVIDER, webhookSecret: config.webhookSecret };

  const askedOf = (ctx: ConnectorContext, request: Pick<CreateRequest, 'amount' | 'expiresAt'>, ourNumber: string): AskedBoleto => ({
    account: ctx.account as unknown as BoletoAccount,
    ourNumber,
    dueDate: dueDateOf(request.expiresAt),
    amount: request.amount,
  });
  const askedOfPayment = (ctx: ConnectorContext, payment: Payment) => askedOf(ctx, { amount: payment.amount, expiresAt: payment.expiresAt! }, payment.providerReference!);
  const unknown = (res: ProviderAnswer & { sent: true }) => ({ outcome: 'unknown' as const, message: `the bank answered HTTP ${res.status}` });

  function received(boleto: RemoteBoleto): Received | null {
    const paid = boleto.payment;
    const amount = minorUnitsOf(paid?.amount);
    const fee = paid?.fee === undefined ? 0 : minorUnitsOf(paid.fee);
    if (!paid || amount === null || amount <= 0 || fee === null || typeof paid.id !== 'string' || Number.isNaN(Date.parse(paid.paid_at ?? ''))) return null;
    return {
      amount,
      fee: Math.min(fee, amount),
      providerEventId: paid.id,
      paidAt: new Date(paid.paid_at!),
      metadata: { our_number: boleto.our_number, bank_payment_id: paid.id, payer: paid.payer ?? null },
    };
  }

  /** A registered boleto, read: what the payer may pay, once its numbers are ours. */
  function stateOf(ctx: ConnectorContext, paymentId: string, asked: AskedBoleto, boleto: RemoteBoleto, expiresAt: Date): QueryAnswer {
    if (boleto.status === 'paid') {
      const money = received(boleto);
      return money ? { outcome: 'succeeded', received: money } : { outcome: 'unknown', message: 'the bank says paid but names no valid payment' };
    }
    if (boleto.status === 'canceled') return { outcome: 'declined', failure: { code: 'canceled', message: 'The boleto was canceled (baixa) at the bank' } };
    if (boleto.status === 'expired') return { outcome: 'declined', expired: true, failure: { code: 'expired', message: 'The bank wrote the boleto off unpaid' } };
    if (boleto.status !== 'registered') return { outcome: 'unknown', message: 'the bank answered a status this connector does not know' };
    const mismatch = registeredBoletoMismatch(asked, boleto);
    if (mismatch) return { outcome: 'declined', failure: { code: 'provider_invalid_boleto', message: `Not accepted: ${mismatch}` } };
    return { outcome: 'pending', ...boletoInstructions(ctx, { paymentId, amount: asked.amount, expiresAt }, asked.ourNumber) };
  }

  function transferOf(payment: Payment, request: RefundRequest) {
    const to = request.destination;
    if (to?.type !== 'br_bank_account') return null;
    return {
      reference: request.reference,
      amount: decimalOf(request.amount),
      boleto: payment.providerReference,
      destination: { bank_code: to.bankCode, branch: to.branch, account: to.account, account_type: to.accountType, holder_name: to.holderName, holder_tax_id: to.holderTaxId },
      description: request.reason?.slice(0, 140) ?? null,
    };
  }

  async function queryTransfer(ctx: ConnectorContext, request: RefundRequest): Promise<RefundAnswer> {
    const res = await client.call(ctx.clock, 'GET', `/v1/transfers/${request.reference}`);
    if (!res.sent) return { outcome: res.outcome, message: res.message };
    // The bank never took the transfer: nothing was sent, and the refund's amount is free again.
    if (res.status === 404) return { outcome: 'declined', failure: { code: 'refund_not_found', message: 'The bank has no such transfer' } };
    if (res.status >= 400) return unknown(res);
    return transferAnswer(res.body as RemoteTransfer | null);
  }

  async function cancelAtBank(ctx: ConnectorContext, ourNumber: string): Promise<CancelAnswer> {
    const res = await client.call(ctx.clock, 'POST', `/v1/boletos/${ourNumber}/cancel`);
    if (!res.sent) return { outcome: res.outcome, message: res.message };
    if (res.status >= 500) return unknown(res);
    if (res.status >= 400) return { outcome: 'declined', failure: refusalOf(res) };
    return { outcome: 'succeeded' };
  }

  return {
    method: 'boleto',
    provider: API_BOLETO_PROVIDER,
    live: true,
    currencies: ['BRL'],
    fees: { basisPoints: 0, fixed: 0 },
    availableAfterMs: SETTLEMENT_DELAY_MS,
    chargeLifetimeMs: BOLETO_LIFETIME_MS,
    reconcileBackoffMs: [30_000, 300_000, 1_800_000, 7_200_000],

    async create(ctx, request) {
      const account = ctx.account as unknown as BoletoAccount;
      const ourNumber = ourNumberFromSequence(bankSettingsOf(account), await nextBoletoSequence(ctx.db, ctx.merchantId, ctx.livemode));
      const asked = askedOf(ctx, request, ourNumber);
      const res = await client.call(ctx.clock, 'POST', '/v1/boletos', {
        our_number: ourNumber,
        amount: decimalOf(request.amount),
        due_date: asked.dueDate,
        beneficiary: { bank_code: account.bank_code, agency: account.agency, account: account.account, wallet: account.wallet, agreement: account.agreement, name: account.beneficiary_name, tax_id: account.beneficiary_tax_id },
        payer: request.payer && { name: request.payer.name, tax_id: request.payer.taxId },
        description: request.description?.slice(0, 80) ?? null,
        webhook_url: callbackUrl(hooks, ctx.merchantId, ctx.livemode),
      });
      if (!res.sent) return { outcome: res.outcome, reference: ourNumber, message: res.message };
      // A 5xx may have registered it under our nosso número: only a query can tell.
      if (res.status >= 500) return { ...unknown(res), reference: ourNumber };
      if (res.status >= 400) return { outcome: 'declined', reference: ourNumber, failure: refusalOf(res) };
      const mismatch = registeredBoletoMismatch(asked, res.body ?? {});
      if (mismatch) {
        // Registered, but with numbers we will not print: written off so that nothing payable is left at the bank.
        await cancelAtBank(ctx, ourNumber);
        return { outcome: 'declined', reference: ourNumber, failure: { code: 'provider_invalid_boleto', message: `Not accepted: ${mismatch}` } };
      }
      return { outcome: 'pending', reference: ourNumber, ...boletoInstructions(ctx, request, ourNumber) };
    },

    async query(ctx, payment): Promise<QueryAnswer> {
      const res = await client.call(ctx.clock, 'GET', `/v1/boletos/${payment.providerReference}`);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      if (res.status === 404) return { outcome: 'declined', failure: { code: 'charge_not_found', message: 'The bank has no such boleto' } };
      if (res.status >= 400 || typeof res.body?.status !== 'string') return unknown(res);
      return stateOf(ctx, payment.id, askedOfPayment(ctx, payment), res.body as RemoteBoleto, payment.expiresAt!);
    },

    cancel: (ctx, payment) => cancelAtBank(ctx, payment.providerReference!),

    async refund(ctx, payment, request) {
      const transfer = transferOf(payment, request);
      if (!transfer) return { outcome: 'declined', failure: { code: 'destination_required', message: "A boleto refund needs the payer's Brazilian bank account" } };
      const res = await client.call(ctx.clock, 'POST', '/v1/transfers', transfer);
      if (!res.sent) return { outcome: res.outcome, message: res.message };
      // Taken already under this reference (an earlier try whose answer was lost): what the bank has is the answer.
      if (res.status === 409) return queryTransfer(ctx, request);
      // A 5xx may have made it: only a query can tell.
      if (res.status >= 500) return unknown(res);
      if (res.status >= 400) return { outcome: 'declined', failure: refusalOf(res) };
      return transferAnswer(res.body as RemoteTransfer | null);
    },

    queryRefund: (ctx, _payment, request) => queryTransfer(ctx, request),

    async parseNotification(_ctx, notification) {
      const callback = readCallback(hooks, notification);
      let body: { type?: unknown; boleto?: RemoteBoleto };
      try {
        body = JSON.parse(notification.rawBody.toString('utf8'));
      } catch {
        return null;
      }
      const boleto = body?.boleto;
      if (!callback || typeof body?.type !== 'string' || !body.type.startsWith('boleto.') || typeof boleto?.our_number !== 'string') return null;
      const reference = boleto.our_number;
      const money = body.type === 'boleto.paid' ? received(boleto) : null;
      // Anything else (a cancellation, a write-off, a payment we cannot read) is a hint: the query decides.
      const change: NotifiedChange = money ? { action: 'paid', reference, received: money } : { action: 'ignored', reference };
      return { ...callback, changes: [change] };
    },
  };
}
