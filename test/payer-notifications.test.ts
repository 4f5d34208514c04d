import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../src/config.js';
import { notificationJobs } from '../src/jobs/payer-notifications.js';
import { claimDueMessages } from '../src/store/notification-messages.sql.js';
import { sendDueNotifications } from '../src/services/payer-notifications.js';
import { expectProblem, orderBody, startTestApp, type TestApp } from './helpers.js';
import { notificationDeps, providerAnswers, sendNotifications, startProviders, type Providers } from './notifications.js';
import { pay } from './payments.js';
import { createEndpoint, deliverWebhooks, startReceiver, status } from './webhooks.js';

/**
 * Payer notifications end to end: orders ask with `notify`, the outbox fan-out queues the messages, the
 * sender sends them to an in-process SMTP server (smtp-server) and a local fake SMS/WhatsApp provider,
 * and the tests read what arrived there. The clock is moved, never waited on.
 */

let t: TestApp;
let providers: Providers;
beforeAll(async () => {
  providers = await startProviders();
  t = await startTestApp({ notifications: providers.config });
});
afterAll(async () => {
  await t.close();
  await providers.close();
});
afterEach(() => {
  providers.smtp.mails.length = 0;
  providers.smtp.refuseWith(null);
  providers.http.requests.length = 0;
  providers.http.respond(providerAnswers);
});

const LINK = 'https://loja.example.com/pedido/1001';
const PHONE = '+5511987654321';

async function orderNotifying(token: string, overrides: Record<string, unknown> = {}) {
  const res = await t.request('POST', '/v1/orders', {
    token,
    body: orderBody({ reference: '1001', redirect_url: LINK, locale: 'pt-BR', notify: { email: 'ana.payer@example.com', phone: PHONE, channels: ['email', 'sms', 'whatsapp'] }, ...overrides }),
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; checkout_url: string };
}

const notifications = async (token: string, orderId: string) => (await t.request('GET', `/v1/orders/${orderId}/notifications`, { token })).body.data;
const smsSent = () => providers.http.requests.filter((r) => r.url.startsWith('/twilio'));
const whatsappSent = () => providers.http.requests.filter((r) => r.url.startsWith('/meta'));

describe('payment links', () => {
  it('sends the payment link by email, SMS and WhatsApp in the order locale, recorded per order with the recipient masked', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token);
    // The link is the order's hosted checkout, not the shop's return address.
    const link = order.checkout_url;
    expect(link).toMatch(/\/c\/[\w-]{22}$/);
    await sendNotifications(t, notificationDeps(t, providers));

    expect(providers.smtp.mails).toHaveLength(1);
    const [mail] = providers.smtp.mails;
    expect(mail!.to).toEqual(['ana.payer@example.com']);
    expect(mail!.user).toBe('mailer');
    expect(mail!.subject).toMatch(/^Merchant [0-9a-f]{6}: pagamento de R\$\s297,00$/);
    expect(mail!.text).toContain('enviou um pedido de pagamento de R$\u00a0297,00 (pedido 1001)');
    expect(mail!.text).toContain(`Pague aqui: ${link}`);
    expect(mail!.html).toContain(`<a href="${link}">Pagar R$\u00a0297,00</a>`);
    expect(mail!.headers['message-id']).toMatch(/^<ntf_[0-9a-z]{26}@payorders>$/);

    const [sms] = smsSent();
    expect(sms!.url).toBe('/twilio/2010-04-01/Accounts/AC0001/Messages.json');
    expect(sms!.headers.authorization).toBe(`Basic ${Buffer.from('AC0001:sms-secret').toString('base64')}`);
    const form = new URLSearchParams(sms!.body);
    expect(form.get('To')).toBe(PHONE);
    expect(form.get('From')).toBe('+15005550006');
    expect(form.get('Body')).toMatch(new RegExp(`: pague R\\$\\s297,00 \\(pedido 1001\\) em ${link}$`));

    const [whatsapp] = whatsappSent();
    expect(whatsapp!.url).toBe('/meta/v21.0/1055/messages');
    expect(whatsapp!.headers.authorization).toBe('Bearer wa-secret');
    expect(JSON.parse(whatsapp!.body)).toMatchObject({ messaging_product: 'whatsapp', to: '5511987654321', type: 'text', text: { body: expect.stringContaining(link) } });

    const listed = await notifications(merchant.token, order.id);
    expect(listed.map((n: { channel: string }) => n.channel).sort()).toEqual(['email', 'sms', 'whatsapp']);
    for (const n of listed) expect(n).toMatchObject({ object: 'notification', order: order.id, purpose: 'payment_link', locale: 'pt-BR', status: 'sent', attempts: 1, last_error: null });
    expect(listed.find((n: { channel: string }) => n.channel === 'email').recipient).toBe('a********@example.com');
    expect(listed.find((n: { channel: string }) => n.channel === 'sms').recipient).toBe('+55*********21');
    expect(JSON.stringify(listed)).not.toContain('ana.payer');
  });

  it('writes each locale from its message file and formats the amount per locale; an unknown one falls back by language, then to en-US', async () => {
    const merchant = await t.newMerchant();
    const cases = [
      { locale: 'pt-PT', currency: 'EUR', amount: 9990, subject: /pagamento de 99,90\s€$/ },
      { locale: 'es-AR', currency: 'ARS', amount: 123456750, subject: /pago de \$\s1\.234\.567,50$/ },
      { locale: 'en-US', currency: 'USD', amount: 120050, subject: /payment of \$1,200\.50$/ },
      { locale: 'pt', currency: 'BRL', amount: 100, subject: /pagamento de R\$\s1,00$/ },
      { locale: 'fr-FR', currency: 'JPY', amount: 295, subject: /payment of ¥295$/ },
    ];
    for (const c of cases) {
      await orderNotifying(merchant.token, { locale: c.locale, currency: c.currency, amount: c.amount, notify: { email: `${c.locale}@example.com`, channels: ['email'] } });
    }
    await sendNotifications(t, notificationDeps(t, providers));
    for (const c of cases) expect(providers.smtp.mails.find((m) => m.to[0] === `${c.locale}@example.com`)!.subject).toMatch(c.subject);
  });

  it('sends none for an order without notify', async () => {
    const merchant = await t.newMerchant();
    const order = (await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() })).body;
    await sendNotifications(t, notificationDeps(t, providers));
    expect(providers.smtp.mails).toEqual([]);
    expect(await notifications(merchant.token, order.id)).toEqual([]);
  });

  it('escapes what the merchant wrote in the HTML part', async () => {
    const merchant = await t.newMerchant();
    await orderNotifying(merchant.token, { reference: '<b>1</b>&"', notify: { email: 'html@example.com', channels: ['email'] } });
    await sendNotifications(t, notificationDeps(t, providers));
    const [mail] = providers.smtp.mails;
    expect(mail!.html).toContain('(pedido &lt;b&gt;1&lt;/b&gt;&amp;&quot;)');
    expect(mail!.text).toContain('(pedido <b>1</b>&")');
  });
});

describe('receipts', () => {
  it('sends one receipt when the order is paid, never a second, even when the outbox is read again', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token, { locale: 'es-AR', notify: { email: 'recibo@example.com', phone: PHONE, channels: ['email', 'sms'] } });
    const payment = (await t.request('POST', `/v1/orders/${order.id}/payments`, { token: merchant.token, body: { method: 'pix' } })).body;
    await pay(t, payment.id, undefined, merchant.token);
    await sendNotifications(t, notificationDeps(t, providers));
    // The outbox read once more (a fan-out that sees these events again): nothing is queued twice.
    await t.db.query(`INSERT INTO event_fanout_queue SELECT merchant_id, event_id, created_at FROM events WHERE merchant_id = $1`, [merchant.merchantId]);
    await sendNotifications(t, notificationDeps(t, providers));

    const receipts = providers.smtp.mails.filter((m) => m.subject.includes('recibimos tu pago'));
    expect(receipts).toHaveLength(1);
    // es-AR writes a foreign currency with its code, as CLDR does.
    expect(receipts[0]!.text).toMatch(/recibió tu pago de BRL\s297,00 \(pedido 1001\)/);
    expect(smsSent().filter((r) => new URLSearchParams(r.body).get('Body')!.includes('recibimos'))).toHaveLength(1);
    const listed = await notifications(merchant.token, order.id);
    expect(listed.map((n: { purpose: string; channel: string; status: string }) => `${n.purpose}/${n.channel}/${n.status}`).sort()).toEqual([
      'payment_link/email/sent',
      'payment_link/sms/sent',
      'receipt/email/sent',
      'receipt/sms/sent',
    ]);
  });
});

describe('sending', () => {
  it('retries a provider that is down with backoff (30 s, then 2 min), and stops at once on an answer that will not change', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token, { notify: { phone: PHONE, channels: ['sms', 'whatsapp'] } });
    providers.http.respond((req, res) => (req.url.startsWith('/twilio') ? status(503)(req, res) : status(400, {}, '{"error":{"code":131026}}')(req, res)));
    const deps = notificationDeps(t, providers);
    await sendNotifications(t, deps);
    let listed = await notifications(merchant.token, order.id);
    const sms = () => listed.find((n: { channel: string }) => n.channel === 'sms');
    expect(sms()).toMatchObject({ status: 'pending', attempts: 1, last_error: 'http_503', next_attempt_at: new Date(t.clock.now().getTime() + 30_000).toISOString() });
    expect(listed.find((n: { channel: string }) => n.channel === 'whatsapp')).toMatchObject({ status: 'failed', attempts: 1, last_error: 'http_400', next_attempt_at: null });

    t.clock.advance(29_000);
    await sendNotifications(t, deps);
    expect(smsSent()).toHaveLength(1);
    t.clock.advance(1_000);
    await sendNotifications(t, deps);
    expect(smsSent()).toHaveLength(2);
    listed = await notifications(merchant.token, order.id);
    expect(sms()).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: new Date(t.clock.now().getTime() + 120_000).toISOString() });

    providers.http.respond(providerAnswers);
    t.clock.advance(120_000);
    await sendNotifications(t, deps);
    listed = await notifications(merchant.token, order.id);
    expect(sms()).toMatchObject({ status: 'sent', attempts: 3, last_error: null, sent_at: t.clock.now().toISOString() });
    expect(whatsappSent()).toHaveLength(1);
  });

  it('gives up after seven attempts over about 17 hours; a mail server that refuses for good (5xx) stops at once, a 4xx is retried', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token, { notify: { email: 'down@example.com', phone: PHONE, channels: ['email', 'sms'] } });
    providers.http.respond(status(500));
    providers.smtp.refuseWith(451);
    const deps = notificationDeps(t, providers);
    await sendNotifications(t, deps);
    const email = async () => (await notifications(merchant.token, order.id)).find((n: { channel: string }) => n.channel === 'email');
    expect(await email()).toMatchObject({ status: 'pending', last_error: 'smtp_451' });
    providers.smtp.refuseWith(550);
    for (const wait of [30_000, 120_000, 600_000, 3_600_000, 14_400_000, 43_200_000]) {
      t.clock.advance(wait);
      await sendNotifications(t, deps);
    }
    expect(await email()).toMatchObject({ status: 'failed', attempts: 2, last_error: 'smtp_550' });
    expect((await notifications(merchant.token, order.id)).find((n: { channel: string }) => n.channel === 'sms')).toMatchObject({ status: 'failed', attempts: 7, next_attempt_at: null });
    expect(smsSent()).toHaveLength(7);
  });

  it('records a channel the operator has not configured as failed (not_configured), sending nothing', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token, { notify: { email: 'only@example.com', phone: PHONE, channels: ['email', 'whatsapp'] } });
    await sendNotifications(t, notificationDeps(t, providers, ['email']));
    expect(whatsappSent()).toEqual([]);
    expect((await notifications(merchant.token, order.id)).map((n: { channel: string; status: string; last_error: string | null }) => [n.channel, n.status, n.last_error])).toEqual([
      ['email', 'sent', null],
      ['whatsapp', 'failed', 'not_configured'],
    ]);
  });

  it('sends each message once when two senders run at the same time (SKIP LOCKED)', async () => {
    const merchant = await t.newMerchant();
    for (let i = 0; i < 12; i++) await orderNotifying(merchant.token, { reference: `two-${i}`, notify: { email: `two-${i}@example.com`, phone: PHONE, channels: ['email', 'sms'] } });
    await deliverWebhooks(t);
    const [a, b] = [notificationDeps(t, providers), notificationDeps(t, providers)];
    for (let n = 1; n > 0; ) n = (await Promise.all([sendDueNotifications(t.db, a, 5), sendDueNotifications(t.db, b, 5)])).reduce((x, y) => x + y);
    expect(providers.smtp.mails.map((m) => m.to[0]).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `two-${i}@example.com`).sort());
    expect(smsSent()).toHaveLength(12);
  });

  it('sends again, with the same Message-ID, a message whose sender died mid-send, once its claim lapses', async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token, { notify: { email: 'crash@example.com', channels: ['email'] } });
    await deliverWebhooks(t);
    // A node claims it and dies before sending or recording anything.
    const [claimed] = await claimDueMessages(t.db, t.clock.now(), new Date(t.clock.now().getTime() + 12_000), 20);
    expect(claimed).toBeDefined();
    const deps = notificationDeps(t, providers);
    await sendNotifications(t, deps);
    expect(providers.smtp.mails).toEqual([]);
    expect((await notifications(merchant.token, order.id))[0]).toMatchObject({ status: 'sending', attempts: 1 });
    t.clock.advance(12_000);
    await sendNotifications(t, deps);
    expect(providers.smtp.mails).toHaveLength(1);
    expect(providers.smtp.mails[0]!.headers['message-id']).toBe(`<${(await notifications(merchant.token, order.id))[0].id}@payorders>`);
    expect((await notifications(merchant.token, order.id))[0]).toMatchObject({ status: 'sent', attempts: 2 });
  });
});

describe('pruning', () => {
  it('deletes sent and failed messages after the retention (30 days), in batches, and keeps those still to send', async () => {
    const merchant = await t.newMerchant();
    const done = await orderNotifying(merchant.token, { notify: { email: 'old@example.com', phone: PHONE, channels: ['email', 'whatsapp'] } });
    await sendNotifications(t, notificationDeps(t, providers, ['email']));
    providers.http.respond(status(503));
    const waiting = await orderNotifying(merchant.token, { notify: { phone: PHONE, channels: ['sms'] } });
    await sendNotifications(t, notificationDeps(t, providers));
    t.clock.advance(31 * 86_400_000);
    const prune = notificationJobs(t.db, t.services.config, notificationDeps(t, providers)).find((j) => j.name === 'prune-notifications')!;
    const passes: number[] = [];
    for (let n; (n = await prune.run(1)) > 0; ) passes.push(n);
    expect(passes.length).toBeGreaterThanOrEqual(2);
    expect(await notifications(merchant.token, done.id)).toEqual([]);
    expect(await notifications(merchant.token, waiting.id)).toEqual([expect.objectContaining({ channel: 'sms', status: 'pending' })]);
  });
});

describe('the merchant told when an endpoint is disabled', () => {
  it("emails the merchant's owners when an endpoint answers 410", async () => {
    const merchant = await t.newMerchant();
    const owner = await t.newUser(merchant.merchantId, 'owner');
    const receiver = await startReceiver(status(410));
    try {
      const endpoint = await createEndpoint(t, receiver.url, { enabled_events: ['order.created'] }, merchant.token);
      await t.request('POST', '/v1/orders', { token: merchant.token, body: orderBody() });
      await sendNotifications(t, notificationDeps(t, providers));
      const mails = providers.smtp.mails.filter((m) => m.to[0] === owner.email);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.subject).toBe('Payorders: your webhook endpoint was disabled');
      expect(mails[0]!.text).toContain(`The webhook endpoint ${endpoint.id} (${receiver.url}) was disabled: it answered 410 Gone.`);
      await sendNotifications(t, notificationDeps(t, providers));
      expect(providers.smtp.mails.filter((m) => m.to[0] === owner.email)).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });
});

describe('notify: errors and access', () => {
  it('refuses a channel without its address, a bad email or phone, and unknown channels, naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ channels: ['email'] }, '/notify/email'],
      [{ email: 'a@example.com', channels: ['sms'] }, '/notify/phone'],
      [{ phone: '11987654321', channels: ['sms'] }, '/notify/phone'],
      [{ email: 'not an email', channels: ['email'] }, '/notify/email'],
      [{ email: 'a@example.com', channels: ['pigeon'] }, '/notify/channels/0'],
      [{ email: 'a@example.com', channels: [] }, '/notify/channels'],
    ];
    for (const [notify, path] of cases) {
      const res = await t.request('POST', '/v1/orders', { body: orderBody({ notify }) });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors, JSON.stringify(notify)).toEqual([expect.objectContaining({ path })]);
    }
  });

  it("answers 404 for another merchant's order and the other mode's", async () => {
    const merchant = await t.newMerchant();
    const order = await orderNotifying(merchant.token);
    const other = await t.newMerchant();
    expectProblem(await t.request('GET', `/v1/orders/${order.id}/notifications`, { token: other.token }), 404, 'resource_missing');
    expectProblem(await t.request('GET', `/v1/orders/${order.id}/notifications`, { token: merchant.live }), 404, 'resource_missing');
  });
});

describe('settings', () => {
  const env = {
    PAYORDERS_SMTP_HOST: 'smtp.example.com',
    PAYORDERS_SMTP_USER: 'mailer',
    PAYORDERS_SMTP_PASSWORD: 'mail-pass',
    PAYORDERS_SMTP_FROM: 'Loja <no-reply@loja.example>',
    PAYORDERS_SMS_API_URL: 'https://api.twilio.com/',
    PAYORDERS_SMS_ACCOUNT_SID: 'AC1',
    PAYORDERS_SMS_AUTH_TOKEN: 'sms-token',
    PAYORDERS_SMS_FROM: '+15005550006',
    PAYORDERS_WHATSAPP_API_URL: 'https://graph.facebook.com/v21.0',
    PAYORDERS_WHATSAPP_PHONE_NUMBER_ID: '1055',
    PAYORDERS_WHATSAPP_TOKEN: 'wa-token',
  };

  it('reads SMTP, SMS and WhatsApp from the environment, and payorders config masks their secrets', () => {
    const config = loadConfig(env);
    expect(config.notifications).toEqual({
      smtp: { host: 'smtp.example.com', port: 587, tls: 'starttls', user: 'mailer', password: 'mail-pass', from: 'Loja <no-reply@loja.example>' },
      sms: { url: 'https://api.twilio.com', accountSid: 'AC1', authToken: 'sms-token', from: '+15005550006' },
      whatsapp: { url: 'https://graph.facebook.com/v21.0', phoneNumberId: '1055', token: 'wa-token' },
      timeoutMs: 10_000,
      pollMs: 500,
    });
    expect(loadConfig({ ...env, PAYORDERS_SMTP_TLS: 'implicit' }).notifications.smtp!.port).toBe(465);
    const shown = JSON.stringify(describeConfig(config));
    for (const secret of ['mail-pass', 'sms-token', 'wa-token']) expect(shown).not.toContain(secret);
    expect(loadConfig({}).notifications).toMatchObject({ smtp: undefined, sms: undefined, whatsapp: undefined });
  });

  it('refuses a provider without what it needs, naming the variable', () => {
    const refused = (extra: Record<string, string>) => {
      try {
        loadConfig({ ...env, ...extra });
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).variable;
      }
      return null;
    };
    expect(refused({ PAYORDERS_SMTP_FROM: '' })).toBe('PAYORDERS_SMTP_FROM');
    expect(refused({ PAYORDERS_SMTP_TLS: 'maybe' })).toBe('PAYORDERS_SMTP_TLS');
    expect(refused({ PAYORDERS_SMS_AUTH_TOKEN: '' })).toBe('PAYORDERS_SMS_AUTH_TOKEN');
    expect(refused({ PAYORDERS_WHATSAPP_API_URL: 'graph.facebook.com' })).toBe('PAYORDERS_WHATSAPP_API_URL');
  });
});
