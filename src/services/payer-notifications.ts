import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock.js';
import { INSTALL_DIR, type NotificationConfig } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { encodeId, uuidv7 } from '../domain/ids.js';
import {
  formatAmount,
  maskRecipient,
  notificationRetryDelayMs,
  type NotificationMessage,
  type NotificationPurpose,
  type NotifyChannel,
} from '../domain/payer-notifications.js';
import type { Messengers, SendOutcome } from '../outbound/messaging.js';
import type { Db, Queryable } from '../store/db.js';
import { findEvent } from '../store/events.sql.js';
import * as store from '../store/notification-messages.sql.js';
import { findOrder } from '../store/orders.sql.js';
import { checkoutUrlFor } from './checkout-links.js';
import { getOrder } from './orders.js';

/**
 * Messages to people, driven from the events outbox like webhooks: the fan-out that queues an event's
 * webhook deliveries queues, in the same transaction, the messages it calls for (queueNotifications):
 *
 * - `order.created` of an order with `notify`: a payment link to the payer, on each channel asked for
 *   (the order's hosted checkout page, its `checkout_url`);
 * - `order.paid` or `order.overpaid`: a receipt (once per order and channel, whichever comes first);
 * - `webhook_endpoint.disabled`: an email to each of the merchant's owners.
 *
 * A message is queued once per subject, purpose, channel and recipient (a unique key), so a payer never
 * gets two links or two receipts for one order whoever reads the outbox and however often. The sender
 * claims due messages with SKIP LOCKED, marks them sending with a deadline, sends, and records the
 * outcome; a node that dies mid-send lets the claim lapse and another sends it again, with the same
 * Message-ID or Idempotency-Key (the one repeat at-least-once allows, only in that window).
 */

const PAYER_PURPOSES: Partial<Record<string, NotificationPurpose>> = {
  'order.created': 'payment_link',
  'order.paid': 'receipt',
  'order.overpaid': 'receipt',
};

/** An event leaving the outbox, as the fan-out takes it. */
export interface OutboxEvent {
  merchantId: string;
  eventId: string;
  livemode: boolean;
  type: string;
  objectId: string;
}

/** Queues the messages `events` call for, in the fan-out's transaction (see the module comment). */
export async function queueNotifications(tx: Queryable, events: OutboxEvent[], now: Date): Promise<number> {
  const payerEvents = events.filter((e) => PAYER_PURPOSES[e.type]);
  const orders = await store.ordersToNotify(tx, payerEvents.map((e) => ({ merchantId: e.merchantId, orderId: e.objectId })));
  const byOrder = new Map(orders.map((o) => [`${o.merchantId}/${o.orderId}`, o]));
  const messages: store.NewMessage[] = [];
  const add = (e: OutboxEvent, subjectId: string, purpose: NotificationPurpose, channel: NotifyChannel, recipient: string, locale: string) =>
    messages.push({ id: uuidv7(now.getTime()), merchantId: e.merchantId, livemode: e.livemode, subjectId, eventId: e.eventId, purpose, channel, recipient, locale });
  for (const e of payerEvents) {
    const order = byOrder.get(`${e.merchantId}/${e.objectId}`);
    const purpose = PAYER_PURPOSES[e.type]!;
    if (!order) continue;
    for (const channel of order.notify.channels) {
      add(e, order.orderId, purpose, channel, channel === 'email' ? order.notify.email! : order.notify.phone!, resolveLocale(order.locale));
    }
  }
  for (const e of events.filter((e) => e.type === 'webhook_endpoint.disabled')) {
    for (const email of await store.ownerEmails(tx, e.merchantId)) add(e, e.eventId, 'endpoint_disabled', 'email', email, DEFAULT_LOCALE);
  }
  return store.queueMessages(tx, messages, now);
}

export interface NotificationDeps {
  clock: Clock;
  config: NotificationConfig;
  messengers: Messengers;
  /** Jitter's source; tests may pin it. */
  random?: () => number;
}

/** Beyond the send's deadline, the time to record it; then a claim lapses and another node may send. */
const CLAIM_MARGIN_MS = 10_000;

/** Sends up to `batch` due messages, side by side; returns how many it claimed. */
export async function sendDueNotifications(db: Db, deps: NotificationDeps, batch: number): Promise<number> {
  const now = deps.clock.now();
  const claimed = await store.claimDueMessages(db, now, new Date(now.getTime() + deps.config.timeoutMs + CLAIM_MARGIN_MS), batch);
  await Promise.all(claimed.map((message) => sendMessage(db, deps, message)));
  return claimed.length;
}

async function sendMessage(db: Db, deps: NotificationDeps, message: NotificationMessage): Promise<void> {
  const outcome = await deliver(db, deps, message);
  const now = deps.clock.now();
  const delay = outcome.ok || !outcome.retry ? null : notificationRetryDelayMs(message.attempts, deps.random ?? Math.random);
  await store.recordMessageAttempt(db, {
    ...message,
    status: outcome.ok ? 'sent' : delay === null ? 'failed' : 'pending',
    nextAttemptAt: delay === null ? null : new Date(now.getTime() + delay),
    lastError: outcome.ok ? null : outcome.error,
    providerMessageId: outcome.ok ? outcome.providerMessageId : message.providerMessageId,
    sentAt: outcome.ok ? now : null,
    updatedAt: now,
  });
}

async function deliver(db: Db, deps: NotificationDeps, message: NotificationMessage): Promise<SendOutcome> {
  const text = await render(db, message);
  if (!text) return { ok: false, retry: false, error: 'subject_missing' };
  const id = encodeId('notification', message.id);
  if (message.channel === 'email') {
    if (!deps.messengers.email) return { ok: false, retry: false, error: 'not_configured' };
    return deps.messengers.email.sendEmail({ to: message.recipient, subject: text.subject, text: text.text, html: text.html, messageId: `<${id}@payorders>` });
  }
  const sender = deps.messengers[message.channel];
  if (!sender) return { ok: false, retry: false, error: 'not_configured' };
  return sender.sendText({ to: message.recipient, body: text.short, idempotencyKey: id });
}

// --- Templates: messages/notifications/<locale>.json, one object per purpose -----------------------------

interface Template {
  subject: string;
  text: string;
  html: string;
  /** SMS and WhatsApp. */
  short: string;
  [extra: string]: string;
}

const TEMPLATE_DIR = join(INSTALL_DIR, 'messages', 'notifications');
const DEFAULT_LOCALE = 'en-US';
let templates: Map<string, Record<NotificationPurpose, Template>> | undefined;

function loadedTemplates(): Map<string, Record<NotificationPurpose, Template>> {
  templates ??= new Map(
    readdirSync(TEMPLATE_DIR)
      .filter((file) => file.endsWith('.json'))
      .map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(TEMPLATE_DIR, file), 'utf8')) as Record<NotificationPurpose, Template>]),
  );
  return templates;
}

/** The locales messages are written in (pt-BR, pt-PT, es-AR, en-US, and any file added beside them). */
export function notificationLocales(): string[] {
  return [...loadedTemplates().keys()].sort();
}

/** The order's locale if there are messages in it, else its language's first locale (pt → pt-BR), else en-US. */
export function resolveLocale(requested: string | null): string {
  const locales = notificationLocales();
  if (!requested) return DEFAULT_LOCALE;
  const exact = locales.find((l) => l.toLowerCase() === requested.toLowerCase());
  const language = requested.split('-')[0]!.toLowerCase();
  return exact ?? LANGUAGE_DEFAULTS[language] ?? locales.find((l) => l.split('-')[0]!.toLowerCase() === language) ?? DEFAULT_LOCALE;
}

/** Which locale a bare language means. */
const LANGUAGE_DEFAULTS: Record<string, string> = { pt: 'pt-BR', es: 'es-AR', en: 'en-US' };

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/** `{name}` → the value; in HTML, escaped. A placeholder without a value stays as written, so a typo shows. */
function fill(template: string, values: Record<string, string>, html = false): string {
  return template.replace(/\{([a-z_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : html ? escapeHtml(value) : value;
  });
}

/** What a message says, in its locale, from its subject as it is now (the order, or the disabling event). */
async function render(db: Queryable, message: NotificationMessage) {
  const template = (loadedTemplates().get(message.locale) ?? loadedTemplates().get(DEFAULT_LOCALE)!)[message.purpose];
  let values: Record<string, string>;
  if (message.purpose === 'endpoint_disabled') {
    const event = await findEvent(db, message.merchantId, message.subjectId);
    if (!event) return null;
    const endpoint = event.data as { id: string; url: string; disabled_reason: string };
    values = { endpoint: endpoint.id, url: endpoint.url, reason: template[`reason_${endpoint.disabled_reason}`] ?? endpoint.disabled_reason };
  } else {
    const order = await findOrder(db, message.merchantId, message.subjectId);
    if (!order) return null;
    values = {
      merchant: (await store.merchantName(db, message.merchantId)) ?? '',
      amount: formatAmount(order.amount, order.currency, message.locale),
      paid: formatAmount(order.amountPaid, order.currency, message.locale),
      reference: order.reference ?? encodeId('order', order.id),
      link: checkoutUrlFor(order),
    };
  }
  return { subject: fill(template.subject, values), text: fill(template.text, values), html: fill(template.html, values, true), short: fill(template.short, values) };
}

// --- What merchants see: GET /v1/orders/{id}/notifications ---------------------------------------------

export async function listOrderNotifications(db: Queryable, actor: Actor, orderId: string): Promise<NotificationMessage[]> {
  const order = await getOrder(db, actor, orderId);
  return store.messagesOf(db, order.merchantId, order.id);
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function notificationView(m: NotificationMessage) {
  return {
    id: encodeId('notification', m.id),
    object: 'notification' as const,
    livemode: m.livemode,
    order: encodeId('order', m.subjectId),
    purpose: m.purpose as 'payment_link' | 'receipt',
    channel: m.channel,
    recipient: maskRecipient(m.recipient),
    locale: m.locale,
    status: m.status,
    attempts: m.attempts,
    next_attempt_at: m.status === 'pending' ? iso(m.nextAttemptAt) : null,
    last_error: m.lastError,
    sent_at: iso(m.sentAt),
    created_at: m.createdAt.toISOString(),
  };
}
