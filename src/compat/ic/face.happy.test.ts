import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { startTestApp, type TestApp } from '../../../test/helpers.js';
import { setRates } from './fixture.js';

describe('the IC face: where it is served and its OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ faces: loadConfig({ PAYORDERS_FACE_IC_HOST: 'ic.pay.example.com' }).faces });
    await setRates(t, t.merchant.token);
  });
  afterAll(() => t.close());

  it("answers the guide's paths at the root of its Host name, as a client with a bare base URL sends them", async () => {
    const headers = { host: 'ic.pay.example.com', authorization: `Bearer ${t.merchant.token}`, 'content-type': 'application/json' };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/payment/order', headers, payload: '{"amount": "200.00", "currency": "BRL"}' });
    expect(created.statusCode).toBe(201);
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/payment/order/${created.json().id}`, headers });
    expect(read.json()).toEqual(created.json());
  });

  it('publishes its routes at /compat/ic/openapi.json: Bearer security, sign-in open to all', async () => {
    const res = await t.request('GET', '/compat/ic/openapi.json', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(res.body.paths).sort()).toEqual([
      '/api/v1/auth/login',
      '/api/v1/auth/refresh',
      '/api/v1/payment/order',
      '/api/v1/payment/order/{orderId}',
      '/api/v1/payment/webhook/{orderId}/tron',
    ]);
    expect(res.body.paths['/api/v1/auth/login'].post.security).toEqual([]);
    expect(res.body.paths['/api/v1/payment/order'].post.security).toBeUndefined();
    expect(Object.keys(res.body.paths['/api/v1/payment/order'].post.responses['201'].content['application/json'].schema.properties)).toContain('qrData');
    const docs = await t.request('GET', '/openapi.json', { token: null });
    expect(Object.keys(docs.body.paths).some((p) => p.startsWith('/compat/ic'))).toBe(false);
  });
});
