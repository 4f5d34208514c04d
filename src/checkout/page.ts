import { encodeId } from '../domain/ids.js';
import type { Payment } from '../domain/payments.js';
import { amountDue } from '../domain/order-money.js';
import { currentPayment, returnUrl, type Checkout, type UsdtProgress } from '../services/checkout.js';
import { CHECKOUT_PATH } from '../services/checkout-links.js';
import { formatMoney as formatAmount, formatTime as timeIn } from './format.js';
import { html, type Html } from './html.js';
import { payAmount, renderInstructions, type InstructionsContext } from './instructions.js';
import { renderPage, type RenderedPage } from './layout.js';
import { fill, messagesFor, type Messages } from './messages.js';

/** What went wrong with the payer's last action, shown once on the page it was sent back to (?notice=…). */
export const NOTICES = {
  unavailable: 'method_unavailable',
  attempts: 'attempts_exhausted',
  failed: 'payment_failed',
} as const;
export type Notice = keyof typeof NOTICES;

export interface PageInput {
  checkout: Checkout;
  key: string;
  locale: string;
  now: Date;
  usdt: UsdtProgress | null;
  notice?: Notice;
}

const ENDED_PAGES: Record<string, [title: string, text: string]> = {
  expired: ['expired_title', 'expired_text'],
  canceled: ['canceled_title', 'canceled_text'],
  failed: ['failed_title', 'failed_text'],
};
const RECEIPT_STATUSES = new Set(['paid', 'overpaid', 'partially_refunded', 'refunded', 'disputed']);

/** "02:59:07" (or "59:07" under an hour) from whole seconds. */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const parts = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60].map((n) => String(n).padStart(2, '0'));
  return s >= 3600 ? parts.join(':') : parts.slice(1).join(':');
}

const secondsLeft = (until: Date, now: Date) => (until.getTime() - now.getTime()) / 1000;

/** Which page an order's checkout shows: paying, the receipt, or why it can no longer be paid. */
export function checkoutPage(input: PageInput): RenderedPage {
  const { checkout, locale } = input;
  const m = messagesFor(locale);
  const base = `${CHECKOUT_PATH}${input.key}`;
  const formatTime = (date: Date) => timeIn(date, locale);
  const ctx: InstructionsContext = { m, locale, base, usdt: input.usdt, formatTime };
  const { order } = checkout;
  const amount = formatAmount(order.amount, order.currency, locale);
  const title = fill(m.page_title!, { merchant: checkout.merchantName });
  const version = statusVersion(checkout, input.usdt);
  const data = html`data-status-url="${base}/status" data-events-url="${base}/events" data-version="${version}"`;

  let body: Html;
  if (RECEIPT_STATUSES.has(order.status)) body = receipt(ctx, checkout, amount, data);
  else if (checkout.authorized && !checkout.ended) body = authorization(ctx, checkout, checkout.authorized, data);
  else if (checkout.ended) {
    const [t, text] = ENDED_PAGES[order.status] ?? ENDED_PAGES.expired!;
    body = html`<section class="ended" ${data}><h1>${m[t]}</h1><p>${fill(m[text]!, { merchant: checkout.merchantName })}</p></section>`;
  } else body = paying(ctx, input, amount, data);

  return renderPage({
    locale,
    title,
    merchantName: checkout.merchantName,
    logoUrl: checkout.settings.logo ? `${base}/logo` : null,
    accent: checkout.settings.accentColor,
    frameAncestors: checkout.settings.frameAncestors,
    body,
  });
}

/** Changes whenever the page would show something else: the script reloads the page then. */
export function statusVersion(checkout: Checkout, usdt: UsdtProgress | null): string {
  const current = currentPayment(checkout);
  return [checkout.order.status, checkout.ended ? 'ended' : checkout.sessionEnded ? 'session-ended' : 'live', current ? `${encodeId('payment', current.id)}:${current.status}` : '-', usdt ? `${usdt.state}:${usdt.confirmations}` : '-'].join('/');
}

/** `until`: when the page stops taking what it offers (the order's expiry, or the session's end if sooner). */
function summary(ctx: InstructionsContext, checkout: Checkout, amount: string, until: Date | null, now: Date): Html {
  const { m, locale } = ctx;
  const { order } = checkout;
  const due = amountDue(order);
  return html`<section class="summary" aria-labelledby="title">
<h1 id="title">${fill(m.page_title!, { merchant: checkout.merchantName })}</h1>
<p class="label">${m.amount_label}</p>
<p class="amount" data-amount>${due !== order.amount && due > 0 ? formatAmount(due, order.currency, locale) : amount}</p>
${order.reference ? html`<p class="muted">${fill(m.order_ref!, { reference: order.reference })}</p>` : ''}
${order.description ? html`<p>${order.description}</p>` : ''}
${
  until
    ? html`<p class="time">${m.time_left}: <span data-countdown="${Math.floor(secondsLeft(until, now))}" role="timer">${clock(secondsLeft(until, now))}</span>
<span class="muted">(${fill(m.pay_by!, { time: ctx.formatTime(until) })})</span></p>
${until !== order.expiresAt ? html`<p class="muted">${fill(m.session_ends!, { time: ctx.formatTime(until) })}</p>` : ''}`
    : ''
}
${
  order.lineItems.length
    ? html`<details class="items"><summary>${m.items}</summary><ul>${order.lineItems.map(
        (item) =>
          html`<li><span>${item.description ?? item.sku ?? ''}</span> <span class="muted">${fill(m.qty!, { quantity: item.quantity ?? 1 })}</span>${
            item.unit_amount !== undefined ? html` <span>${formatAmount(item.unit_amount * (item.quantity ?? 1), order.currency, locale)}</span>` : ''
          }</li>`,
      )}</ul></details>`
    : ''
}
</section>`;
}

function methodForms(ctx: InstructionsContext, checkout: Checkout, exclude: string | null): Html {
  const methods = checkout.methods.filter((method) => method !== exclude);
  if (!methods.length) return html``;
  return html`<ul class="methods">${methods.map((method) =>
    method === 'card'
      ? cardForm(ctx, checkout)
      : html`<li><form method="post" action="${ctx.base}/pay"><input type="hidden" name="method" value="${method}">
<button type="submit">${fill(ctx.m.pay_with!, { method: ctx.m[`method_${method}`] ?? method })}</button></form></li>`,
  )}</ul>`;
}

/** Most installments offered, and the least each may be (minor units): R$ 5,00. */
const MAX_INSTALLMENTS = 12;
const MIN_INSTALLMENT = 500;

/**
 * The card form. Its fields have no names, so the card never reaches this server: the script sends them to
 * POST /v1/tokens with the merchant's publishable key, and the form posts only the token (and, for BRL, the
 * installments). Without JavaScript the form cannot tokenize, and says so.
 */
function cardForm(ctx: InstructionsContext, checkout: Checkout): Html {
  const { m, locale } = ctx;
  const { order } = checkout;
  if (!checkout.publishableKey) return html``;
  const due = amountDue(order);
  const { save, savedCards } = checkout.card;
  const installments = order.currency === 'BRL' ? installmentsField(locale, m, due) : '';
  const saved = savedCards.length
    ? html`<li><section class="saved-cards" aria-labelledby="saved-cards-title"><h3 id="saved-cards-title">${m.saved_cards}</h3>${savedCards.map(
        (card) => html`<form method="post" action="${ctx.base}/pay"><input type="hidden" name="method" value="card"><input type="hidden" name="payment_method" value="${encodeId('paymentMethod', card.paymentMethodId)}">
<button type="submit">${fill(m.saved_card!, { brand: card.brand.toUpperCase(), digits: card.last4, expiry: `${String(card.expMonth).padStart(2, '0')}/${String(card.expYear % 100).padStart(2, '0')}` })}</button></form>`,
      )}</section></li>`
    : '';
  return html`${saved}<li><details class="card"><summary>${fill(savedCards.length ? m.card_new! : m.pay_with!, { method: m.method_card! })}</summary>
<form id="card-form" method="post" action="${ctx.base}/pay" data-tokens-url="/v1/tokens" data-publishable-key="${checkout.publishableKey}">
<input type="hidden" name="method" value="card"><input type="hidden" name="token" value="">
${cardFields(locale, m)}
${installments}
${
  save
    ? save.required
      ? html`<p class="muted">${fill(m.card_saved_required!, { merchant: checkout.merchantName })}</p>`
      : html`<div class="field check"><input type="checkbox" id="save-card" name="save_card" checked><label for="save-card">${fill(m.card_save!, { merchant: checkout.merchantName })}</label></div>`
    : ''
}
<p id="card-error" class="notice" role="alert" tabindex="-1" hidden></p>
<noscript><p class="notice">${m.card_needs_js}</p></noscript>
<button type="submit">${fill(m.card_pay!, { amount: formatAmount(due, order.currency, locale) })}</button>
</form></details></li>`;
}

/** The card's fields are the same words on every page of a locale: rendered once per locale. */
const renderedCardFields = new Map<string, Html>();

function cardFields(locale: string, m: Messages): Html {
  let fields = renderedCardFields.get(locale);
  if (!fields) {
    fields = html`<div class="field"><label for="card-number">${m.card_number}</label><input id="card-number" inputmode="numeric" autocomplete="cc-number" required maxlength="23"></div>
<div class="field"><label for="card-expiry">${m.card_expiry}</label><input id="card-expiry" inputmode="numeric" autocomplete="cc-exp" required maxlength="7" placeholder="MM/YY"></div>
<div class="field"><label for="card-cvc">${m.card_cvc}</label><input id="card-cvc" inputmode="numeric" autocomplete="cc-csc" required maxlength="4"></div>
<div class="field"><label for="card-holder">${m.card_holder}</label><input id="card-holder" autocomplete="cc-name"></div>`;
    renderedCardFields.set(locale, fields);
  }
  return fields;
}

/** A BRL amount's installment choices, by locale and amount (a shop's orders repeat their amounts; its pages are reloaded). */
const renderedInstallments = new Map<string, Html>();
const MAX_RENDERED_INSTALLMENTS = 10_000;

function installmentsField(locale: string, m: Messages, due: number): Html {
  const key = `${locale}|${due}`;
  let field = renderedInstallments.get(key);
  if (!field) {
    const counts = Array.from({ length: MAX_INSTALLMENTS }, (_, i) => i + 1).filter((n) => n === 1 || due / n >= MIN_INSTALLMENT);
    field =
      counts.length > 1
        ? html`<div class="field"><label for="installments">${m.installments}</label><select id="installments" name="installments">${counts.map(
            (n) => html`<option value="${n}">${fill(n === 1 ? m.installments_one! : m.installments_n!, { count: n, amount: formatAmount(Math.floor(due / n), 'BRL', locale) })}</option>`,
          )}</select></div>`
        : html``;
    if (renderedInstallments.size >= MAX_RENDERED_INSTALLMENTS) renderedInstallments.clear();
    renderedInstallments.set(key, field);
  }
  return field;
}

function paying(ctx: InstructionsContext, input: PageInput, amount: string, data: Html): Html {
  const { checkout } = input;
  const { m } = ctx;
  const current = currentPayment(checkout);
  if (checkout.sessionEnded && !current) {
    return html`<section class="ended" ${data}><h1>${m.session_ended_title}</h1><p>${fill(m.session_ended_text!, { merchant: checkout.merchantName, time: ctx.formatTime(checkout.payBy!) })}</p></section>`;
  }
  // Once the session is over, what is left to count down is the open payment's order.
  const until = checkout.sessionEnded ? checkout.order.expiresAt : checkout.payBy;
  const lastFailure = checkout.payments[0]?.status === 'failed' ? (checkout.payments[0].failureMessage ?? '') : null;
  // The newest payment failing (a declined card, a failed 3-D Secure) is said without being asked.
  const noticeKey = input.notice ? NOTICES[input.notice] : lastFailure !== null ? NOTICES.failed : undefined;
  const outOfAttempts = checkout.attemptsLeft <= 0 && !current;
  const challenge = challengeOf(checkout);
  if (challenge) {
    return html`${summary(ctx, checkout, amount, until, input.now)}
<section class="challenge" aria-labelledby="challenge-title" ${data} data-challenge-url="${challenge}">
<h2 id="challenge-title">${m.three_ds}</h2>
<p><a class="button" href="${challenge}">${m.continue_to_bank}</a></p>
</section>`;
  }
  return html`${summary(ctx, checkout, amount, until, input.now)}
${noticeKey ? html`<p class="notice" role="alert">${fill(m[noticeKey]!, { merchant: checkout.merchantName, reason: lastFailure ?? '' })}</p>` : ''}
<p id="status" class="status" role="status" aria-live="polite" ${data}>${current ? (current.status === 'processing' ? m.processing : m.waiting) : ''}</p>
<noscript><p class="muted">${m.js_off}</p></noscript>
${current ? renderInstructions(ctx, current) : ''}
${
  checkout.sessionEnded
    ? html`<p class="notice">${fill(m.session_ended_open!, { time: ctx.formatTime(checkout.payBy!) })}</p>`
    : outOfAttempts
    ? html`<p class="notice">${fill(m.attempts_exhausted!, { merchant: checkout.merchantName })}</p>`
    : current
      ? checkout.methods.length > 1 && checkout.attemptsLeft > 0
        ? html`<details class="other"><summary>${m.other_method}</summary>${methodForms(ctx, checkout, current.method)}</details>`
        : ''
      : html`<section aria-labelledby="choose-title"><h2 id="choose-title">${m.choose_method}</h2>${methodForms(ctx, checkout, null)}
${checkout.attemptsLeft < 3 ? html`<p class="muted">${fill(m.attempts_left!, { count: checkout.attemptsLeft })}</p>` : ''}</section>`
}
${
  checkout.canCancel
    ? html`<form method="post" action="${ctx.base}/cancel" class="cancel"><p class="muted">${m.cancel_help}</p><button type="submit" class="link">${m.cancel}</button></form>`
    : ''
}
<p class="muted secure">${m.secure}</p>`;
}

/** Where the newest payment's 3-D Secure challenge is, while it waits for one. */
function challengeOf(checkout: Checkout): string | null {
  const newest = checkout.payments[0];
  if (newest?.status !== 'requires_action') return null;
  const url = (newest.instructions?.next_action as { url?: unknown } | undefined)?.url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
}

function receipt(ctx: InstructionsContext, checkout: Checkout, amount: string, data: Html): Html {
  const { m, locale } = ctx;
  const { order } = checkout;
  const paid = checkout.payments.find((p) => p.status === 'succeeded');
  const back = returnUrl(checkout);
  return html`<section class="receipt" ${data} ${back ? html`data-return-url="${back}"` : ''}>
<h1>${m.paid_title}</h1>
<p>${fill(m.paid_text!, { merchant: checkout.merchantName, amount: formatAmount(order.amountPaid || order.amount, order.currency, locale) })}</p>
<dl>
<dt>${m.receipt_order}</dt><dd>${order.reference ?? encodeId('order', order.id)}</dd>
${paid?.succeededAt ? html`<dt>${m.receipt_paid_at}</dt><dd>${ctx.formatTime(paid.succeededAt)}</dd>` : ''}
${paid ? html`<dt>${m.receipt_method}</dt><dd>${m[`method_${paid.method}`] ?? paid.method} · ${payAmount(paid.amountReceived || paid.amount, paid.currency, locale)}</dd>` : ''}
</dl>
${back ? backToMerchant(m, checkout, back) : ''}
</section>`;
}

/**
 * A card authorised for a later capture (a pre-authorisation order): the payer is done, and goes back to
 * the merchant as after a payment; the receipt follows if the page is opened again once captured.
 */
function authorization(ctx: InstructionsContext, checkout: Checkout, held: Payment, data: Html): Html {
  const { m, locale } = ctx;
  const back = returnUrl(checkout);
  return html`<section class="receipt" ${data} ${back ? html`data-return-url="${back}"` : ''}>
<h1>${m.authorized_title}</h1>
<p>${fill(m.authorized_text!, { merchant: checkout.merchantName, amount: payAmount(held.amount, held.currency, locale) })}</p>
<dl>
<dt>${m.receipt_order}</dt><dd>${checkout.order.reference ?? encodeId('order', checkout.order.id)}</dd>
<dt>${m.receipt_method}</dt><dd>${m.method_card}</dd>
</dl>
${back ? backToMerchant(m, checkout, back) : ''}
</section>`;
}

/** The receipt's way back: the script follows it after a moment, the link is there to go at once. */
const backToMerchant = (m: Messages, checkout: Checkout, back: string) =>
  html`<p role="status" data-redirecting hidden>${fill(m.redirecting!, { merchant: checkout.merchantName })}</p><p><a class="button" href="${back}">${fill(m.continue!, { merchant: checkout.merchantName })}</a></p>`;

/** The page for a key no order has, or a payment link that takes no more visits. */
export function messagePage(locale: string, title: string, text: string, values: Record<string, string> = {}): RenderedPage {
  const m: Messages = messagesFor(locale);
  return renderPage({
    locale,
    title: m[title]!,
    merchantName: null,
    logoUrl: null,
    accent: null,
    frameAncestors: [],
    body: html`<section class="ended"><h1>${m[title]}</h1><p>${fill(m[text]!, values)}</p></section>`,
  });
}
