import { describe, it } from 'vitest';
import { certopayApp, expectNestError } from '../fixture.js';

const { t, cp } = await certopayApp();

describe('the CertoPay account webhook: refusals', () => {
  it('answers 400 for a missing or unusable url, https only for live keys', async () => {
    expectNestError(await cp('POST', '/api/webhooks/upsert', { body: {} }), 400, 'url is required');
    expectNestError(await cp('POST', '/api/webhooks/upsert', { body: { url: 'not a url' } }), 400, /^url must be an absolute URL/);
    expectNestError(await cp('POST', '/api/webhooks/upsert', { body: { url: 'ftp://example.com/hook' } }), 400, 'url must be an https URL');
    expectNestError(await cp('POST', '/api/webhooks/upsert', { key: t.merchant.live, body: { url: 'http://example.com/hook' } }), 400, /^url must be an https URL/);
    expectNestError(await cp('GET', '/api/webhooks'), 404, 'Webhook not found');
  });

  it('answers 404 to DELETE and retry when there is nothing to act on, and 400 to an unknown status filter', async () => {
    expectNestError(await cp('DELETE', '/api/webhooks'), 404, 'Webhook not found');
    expectNestError(await cp('POST', '/api/webhooks/deliveries/0190c6a4-5b6e-7d3a-9f1e-2a4b6c8d0e1f/retry'), 404, 'Webhook delivery not found');
    expectNestError(await cp('GET', '/api/webhooks/deliveries?status=DONE'), 400, 'status must be one of: SUCCESS, FAILED, PENDING');
  });
});
