import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeId } from '../../../domain/ids.js';
import { rollApiKey } from '../../../services/accounts.js';
import { listApiKeys } from '../../../store/accounts.sql.js';
import { expectProblem, startTestApp, type TestApp } from '../../../../test/helpers.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

const account = (token: string | null) => t.request('GET', '/v1/account', { token });

describe('GET /v1/account', () => {
  it('names the merchant, the mode and the API key behind a key, never its secret', async () => {
    const merchant = encodeId('merchant', t.merchant.merchantId);
    const keys = await listApiKeys(t.db, t.merchant.merchantId);
    const test = keys.find((k) => !k.livemode)!;
    const live = keys.find((k) => k.livemode)!;
    const res = await account(t.merchant.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'account',
      merchant: { id: merchant, name: expect.stringMatching(/^Merchant /) },
      livemode: false,
      mode: 'test',
      credential: { type: 'api_key', id: encodeId('apiKey', test.keyId), name: 'test', masked: `sk_test_…${t.merchant.token.slice(-4)}`, expires_at: null },
    });
    expect(JSON.stringify(res.body)).not.toContain(t.merchant.token);
    expect((await account(t.merchant.live)).body).toMatchObject({ livemode: true, mode: 'live', credential: { id: encodeId('apiKey', live.keyId), masked: `sk_live_…${t.merchant.live.slice(-4)}` } });
  });

  it('says when a rolled key stops working', async () => {
    const other = await t.newMerchant();
    const [old] = await listApiKeys(t.db, other.merchantId);
    await rollApiKey(t.db, t.clock, other.merchantId, old!.keyId, 3_600_000);
    const res = await account(other.token);
    expect(res.body.credential).toMatchObject({ id: encodeId('apiKey', old!.keyId), expires_at: new Date(t.clock.now().getTime() + 3_600_000).toISOString() });
    expect(res.body.merchant.id).toBe(encodeId('merchant', other.merchantId));
  });

  it('names the user behind an access token: its email, role and place', async () => {
    const [owner, store, branch] = await t.newUserOfEachRole(t.merchant.merchantId);
    expect((await account(owner!.token)).body.credential).toMatchObject({ type: 'user', email: owner!.email, role: 'owner', store: null, branch: null });
    const storeView = (await account(store!.token)).body;
    expect(storeView).toMatchObject({ mode: 'test', credential: { type: 'user', email: store!.email, role: 'store', branch: null } });
    expect(storeView.credential.store).toMatch(/^sto_/);
    expect(storeView.credential.id).toMatch(/^usr_/);
    const branchView = (await account(branch!.token)).body.credential;
    expect(branchView).toMatchObject({ role: 'branch', store: storeView.credential.store });
    expect(branchView.branch).toMatch(/^bra_/);
  });

  it('needs a credential and takes no query', async () => {
    expectProblem(await account(null), 401, 'authentication_required');
    expectProblem(await account('sk_test_nope'), 401, 'invalid_credentials');
    expectProblem(await t.request('GET', '/v1/account?expand=x'), 400, 'validation_error');
  });
});
