import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createApiKey } from '../src/services/accounts.js';
import { expectProblem, startTestApp, type TestApp } from './helpers.js';
import { card, payByCard, tokenize } from './payments-card.js';

let t: TestApp;
let publishable: string;
beforeAll(async () => {
  t = await startTestApp({ cards: { ...loadConfig({}).cards, velocityPerAddressPerMinute: 1000 } });
  publishable = (await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'another')).publishable;
});
afterAll(() => t.close());

describe('publishable keys', () => {
  it('are made beside the secret keys, one per mode, kept when more secret keys are made', async () => {
    expect(publishable).toMatch(/^pk_test_[0-9a-z]{58}$/);
    const again = await createApiKey(t.db, t.clock, t.merchant.merchantId, false, 'third');
    expect(again.publishable).toBe(publishable);
    const live = await createApiKey(t.db, t.clock, t.merchant.merchantId, true, 'live two');
    expect(live.publishable).toMatch(/^pk_live_/);
  });

  it('tokenize a card and do nothing else', async () => {
    const token = await tokenize(t, '4242424242424242', publishable);
    expect(token).toMatchObject({ object: 'token', livemode: false, type: 'card', used: false, card: { brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, funding: 'credit', country: 'US' } });
    expect(token.id).toMatch(/^tok_/);
    expect(token.card.fingerprint).toBeUndefined();
    for (const [method, url] of [['GET', '/v1/orders'], ['POST', '/v1/orders'], ['GET', '/v1/account'], ['GET', '/v1/payment_methods?customer=cus_x']]) {
      const res = await t.request(method!, url!, { token: publishable, body: method === 'POST' ? { amount: 100, currency: 'BRL' } : undefined });
      expectProblem(res, 403, 'forbidden');
      expect(res.body.detail).toContain('POST /v1/tokens');
    }
  });

  it('of another shape, or unknown, are refused', async () => {
    expectProblem(await t.request('POST', '/v1/tokens', { token: `${publishable.slice(0, -1)}${publishable.endsWith('0') ? '1' : '0'}`, body: { card: card('4242424242424242') } }), 401, 'invalid_credentials');
    expectProblem(await t.request('POST', '/v1/tokens', { token: 'pk_test_nope', body: { card: card('4242424242424242') } }), 401, 'invalid_credentials');
  });
});

describe('POST /v1/tokens', () => {
  it('takes a secret key too, and the digit groups as typed', async () => {
    const token = await tokenize(t, '5555 5555 5555 4444');
    expect(token.card).toMatchObject({ brand: 'mastercard', last4: '4444' });
  });

  it('recognises the domestic Brazilian brands', async () => {
    expect((await tokenize(t, '6362970000457013')).card).toMatchObject({ brand: 'elo', country: 'BR' });
    expect((await tokenize(t, '6062825624254001')).card).toMatchObject({ brand: 'hipercard', country: 'BR' });
    expect((await tokenize(t, '378282246310005')).card).toMatchObject({ brand: 'amex', last4: '0005' });
  });

  it('says which field is wrong, without echoing the card', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [card('4242424242424241'), '/card/number', 'invalid_card_number'],
      [card('36227206271667'), '/card/number', 'unknown_brand'],
      [card('4242424242424242', { exp_year: 2026, exp_month: 10 }), '/card/exp_year', 'card_expired'],
      [card('4242424242424242', { cvc: '1234' }), '/card/cvc', 'invalid_cvc'],
      [card('378282246310005', { cvc: '123' }), '/card/cvc', 'invalid_cvc'],
    ];
    for (const [body, path, code] of cases) {
      const res = await t.request('POST', '/v1/tokens', { body: { card: body } });
      expectProblem(res, 400, 'validation_error');
      expect(res.body.errors[0]).toMatchObject({ path, code });
      expect(JSON.stringify(res.body)).not.toContain(String(body.number));
    }
    const res = await t.request('POST', '/v1/tokens', { body: { card: { ...card('4242424242424242'), number: '4242-4242-4242-424x' } } });
    expectProblem(res, 400, 'validation_error');
    expect(JSON.stringify(res.body)).not.toContain('4242-4242');
  });

  it('takes a two-digit year as this century', async () => {
    expect((await tokenize(t, '4242424242424242', t.merchant.token, { exp_year: 31 })).card.exp_year).toBe(2031);
  });

  it('refuses cards in live mode when no real acquirer is configured, and test numbers in live mode always', async () => {
    const live = await t.request('POST', '/v1/tokens', { token: t.merchant.live, body: { card: card('4242424242424242') } });
    expectProblem(live, 400, 'validation_error');
    expect(live.body.errors[0]).toMatchObject({ path: '/card/number', code: 'test_card_in_live_mode' });
    const real = await t.request('POST', '/v1/tokens', { token: t.merchant.live, body: { card: card('4111111111111111') } });
    expectProblem(real, 400, 'payment_method_not_configured');
    expect(real.body.detail).toContain('real acquirer');
  });
});

describe('card-testing defences on tokenization', () => {
  it('limit card attempts per client address a minute (429 card_velocity_exceeded, Retry-After)', async () => {
    const limited = await startTestApp({ cards: { ...t.services.config.cards, velocityPerAddressPerMinute: 3 } });
    try {
      for (let i = 0; i < 3; i++) await tokenize(limited, '4242424242424242');
      const res = await limited.request('POST', '/v1/tokens', { body: { card: card('4242424242424242') } });
      expectProblem(res, 429, 'card_velocity_exceeded');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      limited.clock.advance(60_000);
      await tokenize(limited, '4242424242424242');
    } finally {
      await limited.close();
    }
  });

  it('limit card attempts per key a minute', async () => {
    const limited = await startTestApp({ cards: { ...t.services.config.cards, velocityPerKeyPerMinute: 2 } });
    try {
      for (let i = 0; i < 2; i++) await tokenize(limited, '4242424242424242');
      expectProblem(await limited.request('POST', '/v1/tokens', { body: { card: card('4242424242424242') } }), 429, 'card_velocity_exceeded');
      const other = await limited.newMerchant();
      await tokenize(limited, '4242424242424242', other.token);
    } finally {
      await limited.close();
    }
  });

  it('pause card attempts while most recent card payments were declined (429 card_testing_suspected), until the window moves on', async () => {
    const tripped = await startTestApp({ cards: { ...t.services.config.cards, breakerMinAttempts: 4, breakerDeclineRatePercent: 50, breakerWindowMs: 10 * 60_000 } });
    try {
      await payByCard(tripped, '4242424242424242');
      for (let i = 0; i < 2; i++) expect((await payByCard(tripped, '4000000000000002')).res.status).toBe(402);
      // 2 of 3: not enough attempts to judge yet.
      expect((await payByCard(tripped, '4000000000009995')).res.status).toBe(402);
      const res = await tripped.request('POST', '/v1/tokens', { body: { card: card('4242424242424242') } });
      expectProblem(res, 429, 'card_testing_suspected');
      expect(res.body.detail).toContain('3 of the last 4');
      // Another merchant is not paused.
      await tokenize(tripped, '4242424242424242', (await tripped.newMerchant()).token);
      tripped.clock.advance(10 * 60_000);
      await tokenize(tripped, '4242424242424242');
    } finally {
      await tripped.close();
    }
  });
});
