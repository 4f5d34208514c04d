import { afterAll, afterEach, expect } from 'vitest';
import { startTestApp, type Response } from '../helpers.js';
import { runExpiry } from '../jobs.js';
import { ok, startReceiver, type Received } from '../webhooks.js';
import { paybyrd, type FaceCall } from './faces.js';

/**
 * For a Paybyrd Webhook API test file's top level: an app, a local receiver (forgetting its requests and
 * answering 200 again after each test), closed after the file, and calls as a Paybyrd client makes them.
 */
export async function paybyrdWebhookTest() {
  const t = await startTestApp();
  const receiver = await startReceiver();
  afterEach(() => {
    receiver.requests.length = 0;
    receiver.respond(ok);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  const call = <T = any>(method: string, path: string, options: FaceCall = {}): Promise<Response<T>> => paybyrd<T>(t, method, path, options);
  /** Subscribes the receiver (`?tag` tells its requests apart); returns the settings as answered. */
  const subscribe = async (body: Record<string, unknown> = {}, tag = 'hook', key?: string) => {
    const res = await call('POST', '/api/v1/settings', { key, body: { url: `${receiver.url}?${tag}`, credentialType: 'api-key', events: [], ...body } });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.data as { id: string; url: string; events: string[]; paymentMethods: string[]; credential: { type: string; apiKey?: string; username?: string; password?: string } };
  };
  const sentTo = (tag: string): Received[] => receiver.requests.filter((r) => r.url.endsWith(`?${tag}`));
  return { t, receiver, call, subscribe, sentTo, deliver: () => runExpiry(t) };
}

/**
 * What a receiver written to Paybyrd's documents checks before it trusts a webhook: the subscription's
 * credential, `x-api-key` (header names in any case) or HTTP Basic. Independent of the face's code.
 */
export function authenticates(request: Received, credential: { type: string; apiKey?: string; username?: string; password?: string }): boolean {
  if (credential.type === 'api-key') return request.headers['x-api-key'] === credential.apiKey;
  const header = request.headers.authorization ?? '';
  if (!header.startsWith('Basic ')) return false;
  return Buffer.from(header.slice(6), 'base64').toString('utf8') === `${credential.username}:${credential.password}`;
}
