import type { Payment } from '../../domain/payments.js';
import type { ConnectorContext, CreateRequest, ProviderState } from '../connector.js';
import { bankSettingsOf, type BoletoAccount } from './account.js';
import { buildBoleto, type Boleto } from './boleto.js';
import type { IsoDate } from './due-date.js';
import { renderBoletoPdf } from './pdf.js';

/** A boleto may be paid for three days at most, or until its order expires. */
export const BOLETO_LIFETIME_MS = 3 * 24 * 3_600_000;
/** Brazil keeps one offset all year since 2019: its due dates are days at UTC−3. */
const BRASILIA_OFFSET_MS = -3 * 3_600_000;

export const dueDateOf = (expiresAt: Date): IsoDate => new Date(expiresAt.getTime() + BRASILIA_OFFSET_MS).toISOString().slice(0, 10);

/** What the slip is built from, kept in the payment's provider data: the PDF is rebuilt from it, byte for byte. */
interface BoletoData {
  our_number: string;
  due_date: IsoDate;
}

function boletoOf(account: BoletoAccount, data: BoletoData, amount: number): Boleto {
  return buildBoleto({ settings: bankSettingsOf(account), ourNumber: data.our_number, dueDate: data.due_date, amount });
}

export function boletoInstructions(ctx: ConnectorContext, request: Pick<CreateRequest, 'paymentId' | 'amount' | 'expiresAt'>, ourNumber: string): ProviderState {
  const data: BoletoData = { our_number: ourNumber, due_date: dueDateOf(request.expiresAt) };
  const boleto = boletoOf(ctx.account as unknown as BoletoAccount, data, request.amount);
  return {
    instructions: {
      type: 'boleto',
      barcode: boleto.barcode,
      digitable_line: boleto.digitableLine,
      digitable_line_formatted: boleto.digitableLineText,
      due_date: boleto.dueDate,
      our_number: boleto.ourNumber,
      bank_code: boleto.bankCode,
      pdf_url: ctx.documentUrl(request.paymentId, 'boleto.pdf'),
    },
    metadata: { our_number: boleto.ourNumberText },
    data: { ...data },
  };
}

/** The printable slip of a boleto payment: the payer's receipt and the ficha de compensação with its ITF-25 bars. */
export function boletoPdf(payment: Payment): Promise<Buffer> {
  const account = payment.providerData.account as BoletoAccount;
  const data = payment.providerData as unknown as BoletoData;
  const payer = (payment.providerData.request as { payer: { name: string | null; taxId: string | null } | null } | undefined)?.payer;
  return renderBoletoPdf({
    boleto: boletoOf(account, data, payment.amount),
    beneficiary: { name: account.beneficiary_name, document: account.beneficiary_tax_id },
    payer: { name: payer?.name ?? 'Pagador não identificado', document: payer?.taxId ?? '' },
    instructions: [`Não receber após ${data.due_date.split('-').reverse().join('/')}.`],
    documentNumber: data.our_number,
    issueDate: dueDateOf(payment.createdAt),
    createdAt: payment.createdAt,
  });
}
