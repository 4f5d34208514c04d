import { byKeys } from './by-keys.js';
import type { NotificationMessage, NotificationPurpose, NotifyChannel, OrderNotify } from '../domain/payer-notifications.js';
import type { Queryable } from './db.js';
import type { TableRow } from './inserts.js';
import { queryJsonRows, rowJson, toDate } from './json-rows.js';

/** A notification_messages row as row_to_json gives it (see json-rows.ts). */
interface MessageRow {
  merchant_id: string;
  notification_id: string;
  livemode: boolean;
  subject_id: string;
  event_id: string;
  purpose: NotificationPurpose;
  channel: NotifyChannel;
  recipient: string;
  locale: string;
  status: NotificationMessage['status'];
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  provider_message_id: string | null;
  sent_at: string | null;
  created_at: string;
  updated_at: string;
}

function toMessage(row: MessageRow): NotificationMessage {
  return {
    id: row.notification_id,
    merchantId: row.merchant_id,
    livemode: row.livemode,
    subjectId: row.subject_id,
    eventId: row.event_id,
    purpose: row.purpose,
    channel: row.channel,
    recipient: row.recipient,
    locale: row.locale,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: toDate(row.next_attempt_at),
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    sentAt: toDate(row.sent_at),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** What an order asked to notify, inserted with the order (see planOrder). */
export function orderNotifyRow(merchantId: string, orderId: string, notify: OrderNotify): TableRow {
  return {
    table: 'order_notify',
    row: { merchant_id: merchantId, order_id: orderId, email: notify.email, phone: notify.phone, channels: `{${notify.channels.join(',')}}` },
  };
}

/** Those of `orders` that asked to notify their payer, with their locale and the link a payment-link message carries. */
export async function ordersToNotify(
  db: Queryable,
  orders: Array<{ merchantId: string; orderId: string }>,
): Promise<Array<{ merchantId: string; orderId: string; notify: OrderNotify; locale: string | null }>> {
  if (orders.length === 0) return [];
  const rows = await db.query<{ merchant_id: string; order_id: string; email: string | null; phone: string | null; channels: NotifyChannel[]; locale: string | null }>(
    `SELECT n.merchant_id, n.order_id, n.email, n.phone, n.channels, o.locale
     FROM ${byKeys('order_notify', 'n', [['merchant_id', 'uuid'], ['order_id', 'uuid']])}
     CROSS JOIN LATERAL (SELECT locale FROM orders o WHERE o.merchant_id = n.merchant_id AND o.order_id = n.order_id LIMIT 1) o`,
    [orders.map((o) => o.merchantId), orders.map((o) => o.orderId)],
  );
  return rows.map((r) => ({ merchantId: r.merchant_id, orderId: r.order_id, notify: { email: r.email, phone: r.phone, channels: r.channels }, locale: r.locale }));
}

/** The email addresses of a merchant's owners who may sign in: who hears about the merchant's account. */
export async function ownerEmails(db: Queryable, merchantId: string): Promise<string[]> {
  const rows = await db.query<{ email: string }>(
    `SELECT email FROM users WHERE merchant_id = $1 AND role = 'owner' AND disabled_at IS NULL ORDER BY user_id`,
    [merchantId],
  );
  return rows.map((r) => r.email);
}

export type NewMessage = Pick<NotificationMessage, 'id' | 'merchantId' | 'livemode' | 'subjectId' | 'eventId' | 'purpose' | 'channel' | 'recipient' | 'locale'>;

/**
 * Queues messages due at `now`, at most one per subject, purpose, channel and recipient whatever
 * happens (the unique key): one already queued is left alone. Returns how many were new.
 */
export async function queueMessages(tx: Queryable, messages: NewMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const column = <K extends keyof NewMessage>(key: K) => messages.map((m) => m[key]);
  const rows = await tx.query(
    `INSERT INTO notification_messages (merchant_id, notification_id, livemode, subject_id, event_id, purpose, channel, recipient, locale,
       status, attempts, next_attempt_at, created_at, updated_at)
     SELECT m, n, l, s, e, p, c, r, lo, 'pending', 0, $10, $10, $10
     FROM unnest($1::uuid[], $2::uuid[], $3::boolean[], $4::uuid[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[]) AS x(m, n, l, s, e, p, c, r, lo)
     ON CONFLICT (merchant_id, subject_id, purpose, channel, recipient) DO NOTHING
     RETURNING 1`,
    [
      column('merchantId'), column('id'), column('livemode'), column('subjectId'), column('eventId'), column('purpose'), column('channel'),
      column('recipient'), column('locale'), now,
    ],
  );
  return rows.length;
}

/**
 * Claims up to `limit` messages due at `now` (SKIP LOCKED: other nodes take others) for one attempt:
 * marked sending, counted, and due again at `claimUntil`, when a sender that died mid-send lets it go.
 */
export async function claimDueMessages(db: Queryable, now: Date, claimUntil: Date, limit: number): Promise<NotificationMessage[]> {
  return (
    await queryJsonRows<MessageRow>(
      db,
      `WITH due AS (
         SELECT merchant_id, notification_id FROM notification_messages
         WHERE status IN ('pending', 'sending') AND next_attempt_at <= $1
         ORDER BY next_attempt_at LIMIT $3
         FOR UPDATE SKIP LOCKED
       )
       UPDATE notification_messages m SET status = 'sending', attempts = attempts + 1, next_attempt_at = $2, updated_at = $1
       FROM due WHERE m.merchant_id = due.merchant_id AND m.notification_id = due.notification_id
       RETURNING ${rowJson('m')}`,
      [now, claimUntil, limit],
    )
  ).map(toMessage);
}

/** Writes an attempt's outcome: sent, due again, or failed for good. */
export async function recordMessageAttempt(db: Queryable, m: NotificationMessage): Promise<void> {
  await db.query(
    `UPDATE notification_messages SET status = $3, next_attempt_at = $4, last_error = $5, provider_message_id = $6, sent_at = $7, updated_at = $8
     WHERE merchant_id = $1 AND notification_id = $2`,
    [m.merchantId, m.id, m.status, m.nextAttemptAt, m.lastError, m.providerMessageId, m.sentAt, m.updatedAt],
  );
}

/** Every message about a subject (an order), oldest first: a handful at most. */
export async function messagesOf(db: Queryable, merchantId: string, subjectId: string): Promise<NotificationMessage[]> {
  return (
    await queryJsonRows<MessageRow>(
      db,
      `SELECT ${rowJson('m')} FROM notification_messages m WHERE merchant_id = $1 AND subject_id = $2 ORDER BY notification_id`,
      [merchantId, subjectId],
    )
  ).map(toMessage);
}

/** Deletes up to `limit` messages that are over (sent or failed) and older than `before`. */
export async function pruneMessages(db: Queryable, before: Date, limit: number): Promise<number> {
  const rows = await db.query(
    `DELETE FROM notification_messages WHERE (merchant_id, notification_id) IN (
       SELECT merchant_id, notification_id FROM notification_messages
       WHERE created_at < $1 AND status IN ('sent', 'failed') LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING 1`,
    [before, limit],
  );
  return rows.length;
}

/** The name payers know the merchant by, for the messages' text. */
export async function merchantName(db: Queryable, merchantId: string): Promise<string | null> {
  const rows = await db.query<{ name: string }>(`SELECT name FROM merchants WHERE merchant_id = $1`, [merchantId]);
  return rows[0]?.name ?? null;
}
