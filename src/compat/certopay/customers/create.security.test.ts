import { describe, expect, it } from 'vitest';
import { certopayApp, CPF, expectNestError } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('POST /api/customers (CertoPay): keys', () => {
  it('answers 401 without a key and with a user access token, writing nothing', async () => {
    const body = { name: 'Maria', email: 'maria@example.com', document: CPF };
    expectNestError(await cp('POST', '/api/customers', { body, key: null }), 401, 'API key is required (X-Api-Key)');
    const user = await t.newUser(t.merchant.merchantId, 'owner');
    expectNestError(await cp('POST', '/api/customers', { body, key: user.token }), 401, 'Invalid API key');
    expect((await t.request('GET', '/v1/customers')).body.data).toEqual([]);
  });
});
