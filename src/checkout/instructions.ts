import { formatPayAmount } from '../domain/fx.js';
import { encodeId } from '../domain/ids.js';
import type { Payment } from '../domain/payments.js';
import { boletoBars, type UsdtProgress } from '../services/checkout.js';
import { formatDate, formatMoney } from './format.js';
import { html, type Html } from './html.js';
import { fill, type Messages } from './messages.js';

/** What the page knows when it shows a payment's instructions. */
export interface InstructionsContext {
  m: Messages;
  locale: string;
  /** /c/<key>: the checkout's own URLs of the payment's documents hang under it. */
  base: string;
  usdt: UsdtProgress | null;
  formatTime(date: Date): string;
}

type Instructions = Record<string, string | number | undefined>;

/** A payment amount in its own currency: Intl for ISO 4217 codes, "12.345678 USDT" for the token. */
export function payAmount(minor: number, currency: string, locale: string): string {
  return currency === 'USDT' ? `${formatPayAmount(minor, currency)} USDT` : formatMoney(minor, currency, locale);
}

const documentUrl = (ctx: InstructionsContext, payment: Payment, name: string) => `${ctx.base}/payments/${encodeId('payment', payment.id)}/${name}`;

/** A value the payer copies: readable and selectable without JavaScript; the script adds the button's action. */
function copyable(ctx: InstructionsContext, id: string, label: string, value: string, multiline = false): Html {
  return html`<div class="copy">
<label for="${id}">${label}</label>
${multiline ? html`<textarea id="${id}" readonly rows="4" spellcheck="false">${value}</textarea>` : html`<input id="${id}" readonly value="${value}" spellcheck="false">`}
<button type="button" class="secondary" data-copy="${id}" data-copied="${ctx.m.copied}" hidden>${ctx.m.copy}</button>
</div>`;
}

const qrImage = (ctx: InstructionsContext, payment: Payment, amount: string) =>
  html`<img class="qr" src="${documentUrl(ctx, payment, 'qr.svg')}" alt="${fill(ctx.m.qr_alt!, { amount })}" width="240" height="240">`;

function fxLines(ctx: InstructionsContext, payment: Payment): Html {
  if (!payment.quote) return html``;
  return html`<div class="fx">
<p>${fill(ctx.m.fx_pay!, { amount: payAmount(payment.amount, payment.currency, ctx.locale) })}</p>
<p>${fill(ctx.m.fx_rate!, { rate: `1 ${payment.quote.orderCurrency} = ${payment.quote.rateApplied} ${payment.currency}` })}</p>
<p>${fill(ctx.m.fx_expires!, { time: ctx.formatTime(payment.quote.expiresAt) })}</p>
</div>`;
}

function pix(ctx: InstructionsContext, payment: Payment, i: Instructions): Html {
  const amount = payAmount(payment.amount, payment.currency, ctx.locale);
  return html`<p>${ctx.m.pix_how}</p>
${qrImage(ctx, payment, amount)}
${copyable(ctx, 'pix-code', ctx.m.pix_code!, String(i.emv), true)}`;
}

function boleto(ctx: InstructionsContext, payment: Payment, i: Instructions): Html {
  const { bars, modules } = boletoBars(String(i.barcode));
  const rects = bars.map((b) => html`<rect x="${b.x}" width="${b.width}" height="50"/>`);
  const due = formatDate(String(i.due_date), ctx.locale);
  return html`<p>${ctx.m.boleto_how}</p>
<p>${fill(ctx.m.boleto_due!, { date: due })}</p>
${copyable(ctx, 'boleto-line', ctx.m.boleto_line!, String(i.digitable_line_formatted))}
<figure class="barcode">
<svg role="img" aria-label="${ctx.m.boleto_barcode}: ${String(i.barcode)}" viewBox="0 0 ${modules} 50" preserveAspectRatio="none">${rects}</svg>
<figcaption>${ctx.m.boleto_barcode}</figcaption>
</figure>
<p><a class="button secondary" href="${documentUrl(ctx, payment, 'boleto.pdf')}" download>${ctx.m.boleto_pdf}</a></p>`;
}

function arTransferQr(ctx: InstructionsContext, payment: Payment, i: Instructions): Html {
  const amount = payAmount(payment.amount, payment.currency, ctx.locale);
  return html`<p>${ctx.m.ar_how}</p>
${qrImage(ctx, payment, amount)}
<dl>
<dt>${ctx.m.ar_account}</dt><dd>${String(i.cbu)}</dd>
<dt>${ctx.m.ar_reference}</dt><dd>${String(i.reference)}</dd>
</dl>`;
}

function usdt(ctx: InstructionsContext, payment: Payment, i: Instructions): Html {
  const amount = `${String(i.amount)} USDT`;
  const required = Number(i.confirmations_required);
  return html`<p>${ctx.m.usdt_how}</p>
<p class="warning" role="note">${ctx.m.usdt_warning}</p>
<dl>
<dt>${ctx.m.usdt_amount}</dt><dd class="exact">${amount}</dd>
</dl>
${copyable(ctx, 'usdt-amount', ctx.m.usdt_amount!, String(i.amount))}
${copyable(ctx, 'usdt-address', ctx.m.usdt_address!, String(i.address))}
${qrImage(ctx, payment, amount)}
<p>${ctx.usdt?.state === 'seen' ? fill(ctx.m.usdt_seen!, { count: Math.min(ctx.usdt.confirmations, required), required }) : fill(ctx.m.usdt_confirmations!, { required })}</p>`;
}

const RAILS: Record<string, (ctx: InstructionsContext, payment: Payment, i: Instructions) => Html> = {
  pix,
  boleto,
  ar_transfer_qr: arTransferQr,
  usdt_trc20: usdt,
};

/** How to pay the payment: its rail's instructions, as HTML (readable with JavaScript off). */
export function renderInstructions(ctx: InstructionsContext, payment: Payment): Html {
  const render = RAILS[payment.method];
  const instructions = payment.instructions as Instructions | null;
  if (!render || !instructions) return html``;
  return html`<section class="instructions" aria-labelledby="how-title">
<h2 id="how-title">${fill(ctx.m.pay_with!, { method: ctx.m[`method_${payment.method}`] ?? payment.method })}</h2>
${fxLines(ctx, payment)}
${render(ctx, payment, instructions)}
</section>`;
}
