import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ProviderApiConfig } from '../src/config.js';
import { makeTestCertificates, type TestCertificates } from './tls.js';

/**
 * A provider's HTTPS API on loopback, as a real one runs it: mutual TLS (a client certificate from its CA is
 * required, others are refused in the handshake) and OAuth2 client credentials at /oauth/token (Basic auth,
 * form body). Tokens last `tokenLifetimeS`; `revokeTokens()` makes every issued one answer 401. The rail's
 * routes are the `handle` the test gives, called with the parsed JSON body once the bearer token checks out.
 */
export const CLIENT_ID = 'client-id';
export const CLIENT_SECRET = 'client-secret';

export interface FakeRequest {
  method: string;
  path: string;
  body: any;
}
export type FakeAnswer = { status: number; body?: unknown; delayMs?: number };

export interface FakeProvider {
  url: string;
  certificates: TestCertificates;
  /** Every request the API served ("PUT /v2/cob/…"), the token endpoint included. */
  calls: string[];
  /** The common name of the client certificate each TLS connection presented. */
  clientNames: string[];
  tokensIssued: number;
  tokenLifetimeS: number;
  revokeTokens(): void;
  /** The config a connector needs to reach this provider with the certificate it issued. */
  config(overrides?: Partial<ProviderApiConfig>): ProviderApiConfig;
  close(): Promise<void>;
}

export async function startFakeProvider(handle: (req: FakeRequest) => Promise<FakeAnswer> | FakeAnswer): Promise<FakeProvider> {
  const certificates = makeTestCertificates();
  const valid = new Set<string>();
  const fake = {
    calls: [] as string[],
    clientNames: [] as string[],
    tokensIssued: 0,
    tokenLifetimeS: 3600,
  };
  const send = (res: ServerResponse, answer: FakeAnswer) => {
    const reply = () => res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    if (answer.delayMs) setTimeout(reply, answer.delayMs);
    else reply();
  };
  const server: Server = createServer(
    { cert: certificates.server.cert, key: certificates.server.key, ca: certificates.server.ca, requestCert: true, rejectUnauthorized: true },
    async (req: IncomingMessage, res: ServerResponse) => {
      let text = '';
      for await (const chunk of req) text += chunk;
      fake.calls.push(`${req.method} ${req.url}`);
      if (req.url === '/oauth/token') {
        const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
        if (req.method !== 'POST' || req.headers.authorization !== basic || text !== 'grant_type=client_credentials') return send(res, { status: 401, body: { error: 'invalid_client' } });
        const token = `token-${++fake.tokensIssued}`;
        valid.add(token);
        return send(res, { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: fake.tokenLifetimeS } });
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!bearer || !valid.has(bearer)) return send(res, { status: 401, body: { title: 'Unauthorized' } });
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return send(res, { status: 400, body: { title: 'Invalid JSON' } });
      }
      send(res, await handle({ method: req.method!, path: req.url!, body }));
    },
  );
  server.on('secureConnection', (socket: TLSSocket) => fake.clientNames.push(String(socket.getPeerCertificate().subject?.CN ?? '')));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(fake, {
    url,
    certificates,
    revokeTokens: () => valid.clear(),
    config: (overrides: Partial<ProviderApiConfig> = {}): ProviderApiConfig => ({
      url,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      webhookSecret: undefined,
      timeoutMs: 400,
      clientCertificate: certificates.client,
      caFile: certificates.caFile,
      ...overrides,
    }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      certificates.remove();
    },
  });
}
