import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('POST /v1/settings/checkout refuses', () => {
  it.each([
    [{ accent_color: 'red' }, '/accent_color'],
    [{ logo: 'https://cdn.example/logo.png' }, '/logo'],
    [{ logo: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }, '/logo'],
    [{ logo: `data:image/png;base64,${Buffer.from('not a png at all').toString('base64')}` }, '/logo'],
    [{ logo: `data:image/png;base64,${Buffer.alloc(70_000).toString('base64')}` }, '/logo'],
    [{ frame_ancestors: ["https://shop.example; script-src 'unsafe-inline'"] }, '/frame_ancestors/0'],
    [{ frame_ancestors: ['*'] }, '/frame_ancestors/0'],
    [{ frame_ancestors: ['http://shop.example'] }, '/frame_ancestors/0'],
    [{ max_attempts: 0 }, '/max_attempts'],
    [{ brand: 'x' }, '/brand'],
  ])('%j with 400 naming %s, and changes nothing', async (body, path) => {
    const res = await t.request('POST', '/v1/settings/checkout', { body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.errors?.[0]?.path ?? '').toBe(path);
    expect((await t.request('GET', '/v1/settings/checkout')).body.updated_at).toBeNull();
  });

  it('an empty display name (null clears it) and a non-boolean allow_cancel', async () => {
    expectProblem(await t.request('POST', '/v1/settings/checkout', { body: { display_name: '' } }), 400, 'validation_error');
    expectProblem(await t.request('POST', '/v1/settings/checkout', { body: { allow_cancel: 'no' } }), 400, 'validation_error');
  });
});
