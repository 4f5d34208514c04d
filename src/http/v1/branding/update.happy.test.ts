import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

/** A 1×1 PNG. */
const PNG_LOGO = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/eL9GtQAAAABJRU5ErkJggg==';

describe('POST /v1/settings/checkout', () => {
  it('starts with the defaults, takes the branding, framing, cancel and attempts, and the checkout page uses them', async () => {
    const m = await t.newMerchant();
    const initial = await t.request('GET', '/v1/settings/checkout', { token: m.token });
    expect(initial.body).toEqual({
      object: 'checkout_settings',
      livemode: false,
      display_name: null,
      logo: null,
      accent_color: null,
      accent_color_used: '#1f5fbf',
      frame_ancestors: [],
      allow_cancel: true,
      max_attempts: 5,
      updated_at: null,
    });
    const set = await t.request('POST', '/v1/settings/checkout', {
      token: m.token,
      body: { display_name: 'Loja Azul', logo: PNG_LOGO, accent_color: '#FFCC00', frame_ancestors: ['https://shop.example', 'https://*.shop.example'], allow_cancel: false, max_attempts: 2 },
    });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    // A yellow under white text would be unreadable: the page darkens it until it contrasts 4.5:1.
    expect(set.body).toMatchObject({ display_name: 'Loja Azul', accent_color: '#ffcc00', accent_color_used: expect.stringMatching(/^#[0-9a-f]{6}$/), allow_cancel: false, max_attempts: 2 });
    expect(set.body.accent_color_used).not.toBe('#ffcc00');
    expect((await t.request('GET', '/v1/settings/checkout', { token: m.token })).body).toEqual(set.body);

    const order = await t.request('POST', '/v1/orders', { token: m.token, body: orderBody() });
    const path = new URL(order.body.checkout_url).pathname;
    const page = await t.app.inject({ url: path });
    expect(page.headers['content-security-policy']).toContain('frame-ancestors https://shop.example https://*.shop.example');
    expect(page.body).toContain('<p class="merchant">Loja Azul</p>');
    expect(page.body).toContain(`<style>:root{--accent:${set.body.accent_color_used}}</style>`);
    expect(page.body).not.toContain('class="cancel"');
    const logo = await t.app.inject({ url: `${path}/logo` });
    expect(logo.headers['content-type']).toBe('image/png');
    expect(logo.rawPayload.equals(Buffer.from(PNG_LOGO.split(',')[1]!, 'base64'))).toBe(true);

    // Null clears; what is not sent stays.
    const cleared = await t.request('POST', '/v1/settings/checkout', { token: m.token, body: { logo: null, accent_color: null } });
    expect(cleared.body).toMatchObject({ display_name: 'Loja Azul', logo: null, accent_color: null, accent_color_used: '#1f5fbf', max_attempts: 2 });
    expect((await t.app.inject({ url: `${path}/logo` })).statusCode).toBe(404);
  });
});
