import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type Response, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const create = (body: unknown, token?: string, app = t) => app.request('POST', '/v1/webhook_endpoints', { body, ...(token ? { token } : {}) });

function expectFieldError(res: Response, path: string, code?: string) {
  expectProblem(res, 400, 'validation_error', '/v1/webhook_endpoints');
  expect(res.body.errors).toEqual([expect.objectContaining({ path, ...(code ? { code } : {}) })]);
}

describe('POST /v1/webhook_endpoints refuses', () => {
  it('a body without url or enabled_events', async () => {
    expectFieldError(await create({ enabled_events: ['*'] }), '/url', 'missing');
    expectFieldError(await create({ url: 'https://a.example.com' }), '/enabled_events', 'missing');
  });

  it.each([[[]], [['order']], [['Order.Paid']], [['order.*.paid']], [['**']], [['payment.']], [['.paid']], [['order paid']], [[`a.${'b'.repeat(100)}`]]])(
    'enabled_events %j',
    async (events) => {
      const res = await create({ url: 'https://a.example.com', enabled_events: events });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0].path).toMatch(/^\/enabled_events/);
    },
  );

  it('more than 64 event types', async () => {
    const events = Array.from({ length: 65 }, (_, i) => `order.t${'x'.repeat(i % 3)}${String.fromCharCode(97 + (i % 26))}`);
    expectFieldError(await create({ url: 'https://a.example.com', enabled_events: events }), '/enabled_events', 'too_large');
  });

  it.each(['not a url', '/relative/path', 'ftp://files.example.com/h', 'javascript:alert(1)', 'https://user:pass@a.example.com/h', `https://a.example.com/${'x'.repeat(2048)}`])(
    'the url %j',
    async (url) => {
      const res = await create({ url: url.slice(0, 3000), enabled_events: ['*'] });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0].path).toBe('/url');
    },
  );

  it('unknown fields', async () => {
    expectFieldError(await create({ url: 'https://a.example.com', enabled_events: ['*'], secret: 'whsec_mine' }), '/secret', 'unknown_field');
  });

  it('a description over 500 characters', async () => {
    expectFieldError(await create({ url: 'https://a.example.com', enabled_events: ['*'], description: 'd'.repeat(501) }), '/description');
  });
});

describe('live endpoints must be https and public', () => {
  it('refuses http with 400 insecure_url', async () => {
    expectFieldError(await create({ url: 'http://shop.example.com/h', enabled_events: ['*'] }, t.merchant.live), '/url', 'insecure_url');
  });

  it.each([
    'https://127.0.0.1/h',
    'https://127.8.9.10:8443/h',
    'https://localhost/h',
    'https://LOCALHOST./h',
    'https://api.localhost/h',
    'https://printer.local/h',
    'https://10.0.0.5/h',
    'https://172.16.3.4/h',
    'https://192.168.1.1/h',
    'https://100.64.0.1/h',
    'https://169.254.169.254/latest/meta-data',
    'https://0.0.0.0/h',
    'https://[::1]/h',
    'https://[::ffff:127.0.0.1]/h',
    'https://[::ffff:a9fe:a9fe]/h',
    'https://[fd00:ec2::254]/h',
    'https://[fe80::1]/h',
    'https://2130706433/h',
    'https://0x7f.1/h',
  ])('refuses %s with 400 private_address', async (url) => {
    expectFieldError(await create({ url, enabled_events: ['*'] }, t.merchant.live), '/url', 'private_address');
  });
});

describe('the operator decides what test endpoints and live endpoints may reach', () => {
  it('with PAYORDERS_WEBHOOK_ALLOW_HTTP=none and _ALLOW_PRIVATE=none, test endpoints are held to the live rules', async () => {
    const strict = await startTestApp({ webhooks: { ...t.services.config.webhooks, allowHttp: 'none', allowPrivate: 'none' } });
    try {
      expectFieldError(await create({ url: 'http://shop.example.com/h', enabled_events: ['*'] }, undefined, strict), '/url', 'insecure_url');
      expectFieldError(await create({ url: 'https://127.0.0.1/h', enabled_events: ['*'] }, undefined, strict), '/url', 'private_address');
    } finally {
      await strict.close();
    }
  });

  it('with =all, live endpoints may use http and local receivers (a self-hosted shop on the same machine)', async () => {
    const open = await startTestApp({ webhooks: { ...t.services.config.webhooks, allowHttp: 'all', allowPrivate: 'all' } });
    try {
      const res = await create({ url: 'http://127.0.0.1:8080/h', enabled_events: ['*'] }, open.merchant.live, open);
      expect(res.status).toBe(201);
    } finally {
      await open.close();
    }
  });
});
