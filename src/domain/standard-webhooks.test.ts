import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookHeaders, verifyWebhook, WebhookVerificationError } from './standard-webhooks.js';
import { newWebhookSecret } from './webhooks.js';

// The example of the Standard Webhooks specification and its reference libraries.
const SPEC = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const at = (timestamp: number) => ({ now: new Date(timestamp * 1000) });
const nowS = () => Math.floor(Date.now() / 1000);
const body = JSON.stringify({ id: 'evt_1', type: 'order.paid', data: { object: { amount: 29700, name: 'Açaí ☕' } } });

describe('Standard Webhooks signing', () => {
  it("reproduces the specification's example signature", () => {
    expect(standardWebhookHeaders([SPEC.secret], SPEC.id, SPEC.timestamp, SPEC.body)).toEqual({
      'webhook-id': SPEC.id,
      'webhook-timestamp': String(SPEC.timestamp),
      'webhook-signature': SPEC.signature,
    });
    const headers = { 'webhook-id': SPEC.id, 'webhook-timestamp': String(SPEC.timestamp), 'webhook-signature': SPEC.signature };
    expect(verifyWebhook(SPEC.secret, headers, SPEC.body, at(SPEC.timestamp))).toEqual({ test: 2432232314 });
  });

  it('signs what the reference implementation (standardwebhooks) verifies, with a generated secret', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    const headers = standardWebhookHeaders([secret], 'evt_01abc', nowS(), body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('verifies what the reference implementation signs', () => {
    const secret = newWebhookSecret();
    const timestamp = nowS();
    const headers = { 'webhook-id': 'evt_01abc', 'webhook-timestamp': String(timestamp), 'webhook-signature': new Webhook(secret).sign('evt_01abc', new Date(timestamp * 1000), body) };
    expect(verifyWebhook(secret, headers, body)).toEqual(JSON.parse(body));
    expect(verifyWebhook(secret, new Headers(headers), Buffer.from(body))).toEqual(JSON.parse(body));
  });

  it('signs with every secret given, and either secret alone verifies (rotation overlap), on both implementations', () => {
    const [newer, older] = [newWebhookSecret(), newWebhookSecret()];
    const headers = standardWebhookHeaders([newer, older], 'evt_1', nowS(), body);
    expect(headers['webhook-signature']).toMatch(/^v1,\S+ v1,\S+$/);
    for (const secret of [newer, older]) {
      expect(verifyWebhook(secret, headers, body)).toEqual(JSON.parse(body));
      expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    }
    expect(() => verifyWebhook(newWebhookSecret(), headers, body)).toThrow(WebhookVerificationError);
  });

  it.each([
    ['another secret', { secret: newWebhookSecret() }],
    ['a changed body', { body: body.replace('29700', '29701') }],
    ['another id', { headers: { 'webhook-id': 'evt_2' } }],
    ['another timestamp', { headers: { 'webhook-timestamp': String(nowS() - 1) } }],
    ['a v1a (ed25519) signature only', { headers: { 'webhook-signature': 'v1a,AAAA' } }],
    ['a truncated signature', { headers: { 'webhook-signature': 'v1,AAAA' } }],
    ['no signature header', { headers: { 'webhook-signature': undefined } }],
    ['no id header', { headers: { 'webhook-id': undefined } }],
    ['a timestamp that is not a number', { headers: { 'webhook-timestamp': '1e9' } }],
    ['a repeated header', { headers: { 'webhook-id': ['evt_1', 'evt_1'] } }],
  ])('refuses %s', (_label, change: { secret?: string; body?: string; headers?: Record<string, string | string[] | undefined> }) => {
    const secret = newWebhookSecret();
    const signed = standardWebhookHeaders([secret], 'evt_1', nowS(), body);
    expect(() => verifyWebhook(change.secret ?? secret, { ...signed, ...change.headers }, change.body ?? body)).toThrow(WebhookVerificationError);
  });

  it('refuses timestamps more than five minutes away, either way, and accepts them within', () => {
    const secret = newWebhookSecret();
    const signed = standardWebhookHeaders([secret], 'evt_1', 1_800_000_000, body);
    expect(() => verifyWebhook(secret, signed, body, at(1_800_000_000 + 301))).toThrow('tolerance');
    expect(() => verifyWebhook(secret, signed, body, at(1_800_000_000 - 301))).toThrow('tolerance');
    expect(verifyWebhook(secret, signed, body, at(1_800_000_000 + 300))).toEqual(JSON.parse(body));
    expect(verifyWebhook(secret, signed, body, at(1_800_000_000 - 300))).toEqual(JSON.parse(body));
  });

  it('reads header names in any letter case', () => {
    const secret = newWebhookSecret();
    const signed = standardWebhookHeaders([secret], 'evt_1', nowS(), body);
    const shouting = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(secret, shouting, body)).toEqual(JSON.parse(body));
  });
});
