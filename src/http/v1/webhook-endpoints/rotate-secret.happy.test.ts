import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { verifyWebhook } from '../../../domain/standard-webhooks.js';
import { deliverWebhooks, webhookTest, type Received } from '../../../../test/webhooks.js';

const { t, merchantWithEndpoint } = await webhookTest();

const H = 3_600_000;

/** A merchant with an endpoint of its own, and a way to have one event delivered to it now. */
async function setup() {
  const { merchant, endpoint, sent } = await merchantWithEndpoint();
  const next = async (): Promise<Received> => {
    await t.request('POST', '/v1/customers', { token: merchant.token, body: {} });
    await deliverWebhooks(t);
    return sent().at(-1)!;
  };
  const rotate = (body: Record<string, unknown> = {}) => t.request('POST', `/v1/webhook_endpoints/${endpoint.id}/rotate_secret`, { token: merchant.token, body });
  return { merchant, endpoint, next, rotate };
}

const verifies = (secret: string, req: Received) => {
  try {
    verifyWebhook(secret, req.headers, req.body, { now: t.clock.now() });
    return true;
  } catch {
    return false;
  }
};

function verifiesByReference(secret: string, req: Received): boolean {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t.clock.now());
  try {
    new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
    return true;
  } catch {
    return false;
  } finally {
    vi.useRealTimers();
  }
}

describe('POST /v1/webhook_endpoints/:id/rotate_secret', () => {
  it('answers a new secret, shown this once; both secrets sign for 24 hours, then the new one alone', async () => {
    const { merchant, endpoint, next, rotate } = await setup();
    const res = await rotate();
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: endpoint.id, secret: expect.stringMatching(/^whsec_/), previous_secret_expires_at: new Date(t.clock.now().getTime() + 24 * H).toISOString() });
    expect(res.body.secret).not.toBe(endpoint.secret);
    const read = await t.request('GET', `/v1/webhook_endpoints/${endpoint.id}`, { token: merchant.token });
    expect(JSON.stringify(read.body)).not.toContain(res.body.secret);

    const during = await next();
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [res.body.secret, endpoint.secret]) {
      expect(verifies(secret, during)).toBe(true);
      expect(verifiesByReference(secret, during)).toBe(true);
    }

    t.clock.advance(24 * H);
    const after = await next();
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifies(res.body.secret, after)).toBe(true);
    expect(verifies(endpoint.secret, after)).toBe(false);
    expect(verifiesByReference(endpoint.secret, after)).toBe(false);
  });

  it('takes the overlap per call: 0 stops the old secret at once', async () => {
    const { endpoint, next, rotate } = await setup();
    const res = await rotate({ overlap_seconds: 0 });
    expect(res.body.previous_secret_expires_at).toBeNull();
    const req = await next();
    expect(verifies(res.body.secret, req)).toBe(true);
    expect(verifies(endpoint.secret, req)).toBe(false);
  });

  it('an hour of overlap ends after an hour', async () => {
    const { endpoint, next, rotate } = await setup();
    await rotate({ overlap_seconds: 3600 });
    t.clock.advance(H - 1000);
    expect(verifies(endpoint.secret, await next())).toBe(true);
    t.clock.advance(1000);
    expect(verifies(endpoint.secret, await next())).toBe(false);
  });

  it('a second rotation during an overlap stops the first secret: at most two sign', async () => {
    const { endpoint, next, rotate } = await setup();
    const second = (await rotate()).body.secret as string;
    const third = (await rotate()).body.secret as string;
    const req = await next();
    expect(String(req.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect([verifies(endpoint.secret, req), verifies(second, req), verifies(third, req)]).toEqual([false, true, true]);
  });
});
