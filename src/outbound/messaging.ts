import nodemailer from 'nodemailer';
import type { NotificationConfig } from '../config.js';
import { OutboundClient, type OutboundRequest, type OutboundResult } from './http-client.js';

/**
 * The ways out to people: email over SMTP (nodemailer), SMS through an API shaped like Twilio's
 * Messages API, WhatsApp through one shaped like Meta's WhatsApp Cloud API. Each answers sent (with the
 * provider's id for the message) or failed, and whether trying again could help.
 */

export type SendOutcome = { ok: true; providerMessageId: string } | { ok: false; retry: boolean; error: string };

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across attempts (`<id@host>`), so a mail system can tell a repeat from a new message. */
  messageId: string;
}

export interface TextMessage {
  /** E.164. */
  to: string;
  body: string;
  /** Stable across attempts; sent as Idempotency-Key for providers that honour one. */
  idempotencyKey: string;
}

export interface EmailSender {
  sendEmail(message: EmailMessage): Promise<SendOutcome>;
}

export interface TextSender {
  sendText(message: TextMessage): Promise<SendOutcome>;
}

export interface Messengers {
  email?: EmailSender;
  sms?: TextSender;
  whatsapp?: TextSender;
}

/** Providers' answers are short JSON; the start of one is enough to read the id or the error. */
const MAX_PROVIDER_RESPONSE = 16 * 1024;

/** The configured channels; one that is not configured is absent. */
export function configuredMessengers(config: NotificationConfig): Messengers {
  const client = new OutboundClient({ timeoutMs: config.timeoutMs, maxResponseBytes: MAX_PROVIDER_RESPONSE });
  return {
    email: config.smtp && smtpSender(config.smtp, config.timeoutMs),
    sms: config.sms && twilioLikeSms(config.sms, client),
    whatsapp: config.whatsapp && metaLikeWhatsApp(config.whatsapp, client),
  };
}

export function smtpSender(smtp: NonNullable<NotificationConfig['smtp']>, timeoutMs: number): EmailSender {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async sendEmail(message) {
      try {
        const info = await transport.sendMail({ from: smtp.from, to: message.to, subject: message.subject, text: message.text, html: message.html, messageId: message.messageId });
        return { ok: true, providerMessageId: info.messageId };
      } catch (err) {
        // A 5xx reply is the server refusing this message for good (no such mailbox); anything else may pass later.
        const code = (err as { responseCode?: number }).responseCode;
        return { ok: false, retry: !(code && code >= 500), error: code ? `smtp_${code}` : 'smtp_unreachable' };
      }
    },
  };
}

/** Operator-configured URLs: any address and http are allowed (a provider's sandbox on this host). */
const OPERATOR_POLICY = { allowHttp: true, allowPrivate: true };

async function post(client: OutboundClient, request: Omit<OutboundRequest, 'policy'>): Promise<OutboundResult> {
  return client.post({ ...request, policy: OPERATOR_POLICY });
}

/** 2xx is sent; 429 and 5xx (and no answer) may pass later; another 4xx (a bad number) never will. */
function outcome(result: OutboundResult, id: (body: Record<string, unknown>) => unknown): SendOutcome {
  if (!result.ok) return { ok: false, retry: true, error: result.error };
  if (result.status >= 200 && result.status < 300) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(result.body);
    } catch {
      // An answer without a readable id still means the provider took the message.
    }
    const providerId = parsed && typeof parsed === 'object' ? id(parsed as Record<string, unknown>) : undefined;
    return { ok: true, providerMessageId: typeof providerId === 'string' ? providerId : '' };
  }
  return { ok: false, retry: result.status === 429 || result.status >= 500, error: `http_${result.status}` };
}

export function twilioLikeSms(sms: NonNullable<NotificationConfig['sms']>, client: OutboundClient): TextSender {
  const url = `${sms.url}/2010-04-01/Accounts/${encodeURIComponent(sms.accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${sms.accountSid}:${sms.authToken}`).toString('base64')}`;
  return {
    async sendText(message) {
      const result = await post(client, {
        url,
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': message.idempotencyKey },
        body: new URLSearchParams({ To: message.to, From: sms.from, Body: message.body }).toString(),
      });
      return outcome(result, (body) => body.sid);
    },
  };
}

export function metaLikeWhatsApp(whatsapp: NonNullable<NotificationConfig['whatsapp']>, client: OutboundClient): TextSender {
  const url = `${whatsapp.url}/${encodeURIComponent(whatsapp.phoneNumberId)}/messages`;
  return {
    async sendText(message) {
      const result = await post(client, {
        url,
        headers: { authorization: `Bearer ${whatsapp.token}`, 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
        body: JSON.stringify({
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          // The Cloud API takes the number without its +.
          to: message.to.replace(/^\+/, ''),
          type: 'text',
          text: { preview_url: true, body: message.body },
        }),
      });
      return outcome(result, (body) => (Array.isArray(body.messages) ? (body.messages[0] as { id?: unknown } | undefined)?.id : undefined));
    },
  };
}
