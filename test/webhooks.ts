import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach } from 'vitest';
import type { Config } from '../src/config.js';
import { OutboundClient, type Resolver } from '../src/outbound/http-client.js';
import { RESPONSE_PREVIEW_BYTES } from '../src/domain/webhooks.js';
import { fanOutEvents, sendDueDeliveries, type DeliveryDeps } from '../src/services/webhook-delivery.js';
import type { WebhookFormats } from '../src/services/webhook-formats.js';
import { startTestApp, type TestApp } from './helpers.js';

/** A request a receiver got: the raw body as sent, for signature checks. */
export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type Responder = (req: Received, res: ServerResponse) => void;

export interface Receiver {
  /** http://127.0.0.1:<port>/hook */
  url: string;
  port: number;
  requests: Received[];
  /** How the next requests are answered (default 200 "ok"). */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/** A local webhook receiver on 127.0.0.1, port 0, recording every request. */
export async function startReceiver(responder: Responder = ok): Promise<Receiver> {
  let current = responder;
  const requests: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = { method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(received);
      current(received, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    respond: (r) => (current = r),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const ok: Responder = (_req, res) => res.end('ok');
export const status =
  (code: number, headers: Record<string, string> = {}, body = ''): Responder =>
  (_req, res) => {
    res.writeHead(code, headers);
    res.end(body);
  };

/** No DNS in tests: a name resolves only if the test says how. */
const noDns: Resolver = async (hostname) => {
  throw new Error(`no DNS in tests (${hostname})`);
};

export interface WebhookRun {
  resolver?: Resolver;
  formats?: WebhookFormats;
  /** Jitter's source; 0 by default, so retries fall exactly on the schedule. */
  random?: () => number;
  /** The sender's webhook settings, when they differ from the app's (the operator changed them). */
  config?: Partial<TestApp['services']['config']['webhooks']>;
}

/** The sender's dependencies as the jobs build them, with the test's clock, resolver and jitter. */
export function deliveryDeps(t: TestApp, run: WebhookRun = {}): DeliveryDeps {
  const config = { ...t.services.config.webhooks, ...run.config };
  return {
    clock: t.clock,
    config,
    transport: new OutboundClient({ resolver: run.resolver ?? noDns, timeoutMs: config.timeoutMs, maxResponseBytes: RESPONSE_PREVIEW_BYTES }),
    formats: run.formats,
    random: run.random ?? (() => 0),
  };
}

/**
 * Runs the fan-out and the sender at the test clock's current time until neither has anything left to
 * do now: every due delivery has had its attempt (a failed one waits for the clock to move).
 */
export async function deliverWebhooks(t: TestApp, run: WebhookRun = {}): Promise<void> {
  const deps = deliveryDeps(t, run);
  for (;;) {
    let fannedOut = 0;
    for (let n; (n = await fanOutEvents(t.db, t.clock, 500)) > 0; ) fannedOut += n;
    if ((await sendDueDeliveries(t.db, deps, 20)) === 0 && fannedOut === 0) return;
  }
}

/** Creates a test-mode endpoint for the receiver; returns it with its secret. */
export async function createEndpoint(t: TestApp, url: string, body: Record<string, unknown> = {}, token = t.merchant.token) {
  const res = await t.request('POST', '/v1/webhook_endpoints', { token, body: { url, enabled_events: ['*'], ...body } });
  if (res.status !== 201) throw new Error(`create endpoint: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret: string; [key: string]: unknown };
}

export interface WebhookTest {
  t: TestApp;
  receiver: Receiver;
  /**
   * A merchant of its own with a test endpoint for the receiver (`body` adds to or overrides the create
   * request); its URL carries the merchant id, so `sent()` is what reached this endpoint and no other.
   */
  merchantWithEndpoint(body?: Record<string, unknown>): Promise<{
    merchant: Awaited<ReturnType<TestApp['newMerchant']>>;
    endpoint: Awaited<ReturnType<typeof createEndpoint>>;
    sent(): Received[];
  }>;
  /** An endpoint's delivery log as GET /v1/webhook_endpoints/{id}/deliveries answers it (up to 100). */
  deliveries(token: string, endpointId: string): Promise<any>;
}

/**
 * What webhook test files share: a test app and a local receiver for the whole file (closed after it;
 * the receiver forgets its requests and answers 200 again after each test). Call it at the top level
 * of the file: `const { t, receiver, merchantWithEndpoint } = await webhookTest();`.
 */
export async function webhookTest(overrides: Partial<Config> = {}): Promise<WebhookTest> {
  const t = await startTestApp(overrides);
  const receiver = await startReceiver();
  afterEach(() => {
    receiver.requests.length = 0;
    receiver.respond(ok);
  });
  afterAll(async () => {
    await receiver.close();
    await t.close();
  });
  return {
    t,
    receiver,
    merchantWithEndpoint: async (body = {}) => {
      const merchant = await t.newMerchant();
      const endpoint = await createEndpoint(t, `${receiver.url}?m=${merchant.merchantId}`, body, merchant.token);
      return { merchant, endpoint, sent: () => receiver.requests.filter((r) => r.url.endsWith(`?m=${merchant.merchantId}`)) };
    },
    deliveries: async (token, endpointId) => (await t.request('GET', `/v1/webhook_endpoints/${endpointId}/deliveries?limit=100`, { token })).body.data,
  };
}
