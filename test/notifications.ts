import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { Config } from '../src/config.js';
import { smtpSender, twilioLikeSms, metaLikeWhatsApp, type Messengers } from '../src/outbound/messaging.js';
import { OutboundClient } from '../src/outbound/http-client.js';
import { sendDueNotifications, type NotificationDeps } from '../src/services/payer-notifications.js';
import type { TestApp } from './helpers.js';
import { deliverWebhooks, startReceiver, type Receiver } from './webhooks.js';

/** A mail the fake SMTP server took: the envelope, and the message's headers and parts decoded. */
export interface Mail {
  from: string;
  to: string[];
  /** Who signed in (the SMTP AUTH user), or null. */
  user: string | null;
  headers: Record<string, string>;
  subject: string;
  text: string;
  html: string;
}

export interface FakeSmtp {
  port: number;
  mails: Mail[];
  /** The next messages are refused with this SMTP reply code (e.g. 451, 550); null accepts again. */
  refuseWith(code: number | null): void;
  close(): Promise<void>;
}

/** An in-process SMTP server on 127.0.0.1 (smtp-server), plain (no TLS), taking any AUTH PLAIN/LOGIN user. */
export async function startSmtp(): Promise<FakeSmtp> {
  const mails: Mail[] = [];
  let refusal: number | null = null;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username }),
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refusal) return callback(Object.assign(new Error('refused by the test'), { responseCode: refusal }));
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: (session.user as string | undefined) ?? null,
          ...parseMail(Buffer.concat(chunks).toString('utf8')),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, refuseWith: (code) => (refusal = code), close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Enough MIME for what nodemailer writes: headers (RFC 2047 words), multipart/alternative, QP or base64 parts. */
function parseMail(raw: string): Omit<Mail, 'from' | 'to' | 'user'> {
  const { headers, body } = splitHeaders(raw);
  const boundary = /boundary="?([^";]+)"?/.exec(headers['content-type'] ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1).map(splitHeaders) : [{ headers, body }];
  const part = (type: string) => {
    const found = parts.find((p) => (p.headers['content-type'] ?? '').startsWith(type));
    return found ? decodeBody(found.body, found.headers['content-transfer-encoding'] ?? '') : '';
  };
  return { headers, subject: decodeWords(headers.subject ?? ''), text: part('text/plain'), html: part('text/html') };
}

function splitHeaders(raw: string): { headers: Record<string, string>; body: string } {
  const text = raw.replace(/^\r\n/, '');
  const end = text.indexOf('\r\n\r\n');
  const headers: Record<string, string> = {};
  for (const line of text.slice(0, end).replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body: text.slice(end + 4) };
}

function decodeBody(body: string, encoding: string): string {
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return quotedPrintable(body.replace(/=\r\n/g, ''));
  return body;
}

const quotedPrintable = (text: string) =>
  Buffer.from(text.replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8').replace(/\r\n$/, '');

function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_, kind: string, text: string) =>
      kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : quotedPrintable(text.replace(/_/g, ' ')),
    );
}

export interface Providers {
  smtp: FakeSmtp;
  /** One local HTTP server standing in for both the SMS and the WhatsApp provider (told apart by path). */
  http: Receiver;
  /** The settings that point the app at them. */
  config: Config['notifications'];
  close(): Promise<void>;
}

/** The fake SMTP server and providers, and the settings that send to them. */
export async function startProviders(): Promise<Providers> {
  const smtp = await startSmtp();
  const http = await startReceiver(providerAnswers);
  const base = `http://127.0.0.1:${http.port}`;
  return {
    smtp,
    http,
    config: {
      smtp: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'mailer', password: 'mail-secret', from: 'Payorders <no-reply@payorders.example>' },
      sms: { url: `${base}/twilio`, accountSid: 'AC0001', authToken: 'sms-secret', from: '+15005550006' },
      whatsapp: { url: `${base}/meta/v21.0`, phoneNumberId: '1055', token: 'wa-secret' },
      timeoutMs: 2000,
      pollMs: 50,
    },
    close: async () => {
      await smtp.close();
      await http.close();
    },
  };
}

/** What the providers answer when the message is taken: Twilio's 201 with a SID, Meta's 200 with a message id. */
export const providerAnswers = (req: { url: string }, res: import('node:http').ServerResponse) => {
  res.writeHead(req.url.startsWith('/twilio') ? 201 : 200, { 'content-type': 'application/json' });
  res.end(req.url.startsWith('/twilio') ? JSON.stringify({ sid: 'SM0001', status: 'queued' }) : JSON.stringify({ messages: [{ id: 'wamid.0001' }] }));
};

/** The sender's dependencies for these providers (a channel left out of `only` is not configured). */
export function notificationDeps(t: TestApp, providers: Providers, only?: Array<keyof Messengers>): NotificationDeps {
  const config = providers.config;
  const client = new OutboundClient({ timeoutMs: config.timeoutMs, maxResponseBytes: 16 * 1024 });
  const all: Messengers = {
    email: smtpSender(config.smtp!, config.timeoutMs),
    sms: twilioLikeSms(config.sms!, client),
    whatsapp: metaLikeWhatsApp(config.whatsapp!, client),
  };
  const messengers = only ? Object.fromEntries(only.map((channel) => [channel, all[channel]])) : all;
  return { clock: t.clock, config, messengers, random: () => 0 };
}

/** Runs the outbox fan-out and the notification sender at the clock's current time until nothing is due. */
export async function sendNotifications(t: TestApp, deps: NotificationDeps): Promise<void> {
  await deliverWebhooks(t);
  while ((await sendDueNotifications(t.db, deps, 20)) > 0);
}
