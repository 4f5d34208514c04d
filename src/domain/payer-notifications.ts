import { AppError } from './errors.js';
import { currencyExponent } from './money.js';

/**
 * Messages to people rather than servers: a payment link and a receipt to the payer an order names
 * (`notify`), and a notice to the merchant's owners when a webhook endpoint is disabled. One message per
 * subject, purpose, channel and recipient, whatever runs twice; sent by a job, retried with backoff.
 */
export const NOTIFY_CHANNELS = ['email', 'sms', 'whatsapp'] as const;
export type NotifyChannel = (typeof NOTIFY_CHANNELS)[number];

/** payment_link: on order.created; receipt: on order.paid or order.overpaid; endpoint_disabled: to the merchant. */
export type NotificationPurpose = 'payment_link' | 'receipt' | 'endpoint_disabled';

export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** What an order asked: the payer's addresses and the channels to use (each needs its address). */
export interface OrderNotify {
  email: string | null;
  phone: string | null;
  channels: NotifyChannel[];
}

export interface NotificationMessage {
  id: string;
  merchantId: string;
  livemode: boolean;
  /** The order for payer messages; the webhook_endpoint.disabled event for a merchant notice. */
  subjectId: string;
  /** The event that asked for it. */
  eventId: string;
  purpose: NotificationPurpose;
  channel: NotifyChannel;
  /** An email address, or a phone number in E.164. */
  recipient: string;
  locale: string;
  status: NotificationStatus;
  attempts: number;
  /** Due at (pending), or when a sender's claim lapses (sending); null once sent or failed. */
  nextAttemptAt: Date | null;
  lastError: string | null;
  /** The provider's id for it (a Message-ID, a Twilio SID, a WhatsApp message id). */
  providerMessageId: string | null;
  sentAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface NotifyInput {
  email?: string;
  phone?: string;
  channels: NotifyChannel[];
}

/** An order's `notify`, checked: each channel needs its address (email; a phone number for sms and whatsapp). */
export function checkNotify(input: NotifyInput): OrderNotify {
  const channels = [...new Set(input.channels)];
  if (channels.includes('email') && !input.email) throw AppError.invalidField('notify.email', 'required', 'is required for the email channel');
  const texting = channels.find((c) => c !== 'email');
  if (texting && !input.phone) throw AppError.invalidField('notify.phone', 'required', `is required for the ${texting} channel`);
  return { email: input.email ?? null, phone: input.phone ?? null, channels };
}

/** E.164: what both SMS and WhatsApp providers take. */
export const E164_PATTERN = '^\\+[1-9][0-9]{7,14}$';

/** After a failed attempt: 30 s, 2 min, 10 min, 1 h, 4 h, 12 h; seven attempts over about 17 hours. */
const RETRY_DELAYS_MS = [30_000, 120_000, 600_000, 3_600_000, 14_400_000, 43_200_000];
export const MAX_NOTIFICATION_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/** Null when `attempts` failed ones were the last allowed; up to 10% jitter, as for webhooks. */
export function notificationRetryDelayMs(attempts: number, random: () => number): number | null {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? null : Math.round(delay * (1 + 0.1 * random()));
}

/** What GET /v1/orders/{id}/notifications shows of a recipient: enough to recognise it, not to use it. */
export function maskRecipient(recipient: string): string {
  const at = recipient.lastIndexOf('@');
  if (at > 0) {
    const local = recipient.slice(0, at);
    return `${local[0]}${'*'.repeat(Math.max(local.length - 1, 1))}${recipient.slice(at)}`;
  }
  return `${recipient.slice(0, 3)}${'*'.repeat(Math.max(recipient.length - 5, 1))}${recipient.slice(-2)}`;
}

/**
 * An order's amount in the payer's locale (`R$ 297,00`, `$ 1.234,50`, `99,90 €`), from minor units,
 * exactly: Intl formats the decimal string, never a float.
 */
export function formatAmount(minor: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency) ?? 0;
  const digits = String(Math.abs(minor)).padStart(exponent + 1, '0');
  const decimal = exponent ? `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` : digits;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal as `${number}`);
}
