import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { performance } from 'node:perf_hooks';
import { isPublicAddress } from './addresses.js';

/**
 * The one way out for requests to URLs that merchants (or anyone else) choose: webhooks today. It
 * resolves the host itself, checks every address against the policy and connects only to an address it
 * checked, so a name that resolves to 127.0.0.1 (or changes its answer between two lookups) cannot make
 * us reach this host or our network. Redirects are never followed, the whole exchange has a deadline and
 * at most `maxResponseBytes` of the answer are read.
 */

/** Name → addresses; the seam tests use to make `evil.test` resolve to 127.0.0.1 without DNS. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export interface OutboundPolicy {
  /** Loopback, private, link-local and other non-public addresses may be reached (test mode, self-hosting). */
  allowPrivate: boolean;
  allowHttp: boolean;
}

export interface OutboundRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  policy: OutboundPolicy;
}

export type OutboundError = 'timeout' | 'blocked_address' | 'dns_failure' | 'connection_failed' | 'tls_error' | 'invalid_url';

export type OutboundResult =
  | { ok: true; status: number; headers: IncomingHttpHeaders; body: string; latencyMs: number }
  | { ok: false; error: OutboundError; message: string; latencyMs: number };

export interface OutboundClientOptions {
  resolver?: Resolver;
  timeoutMs: number;
  maxResponseBytes: number;
  /** Extra CA certificates to trust (tests with a local TLS receiver); the system's are always trusted. */
  ca?: string | Buffer;
}

class RefusedAddress extends Error {
  constructor(readonly outcome: 'blocked_address' | 'dns_failure') {
    super(outcome === 'blocked_address' ? 'The host resolves only to addresses that may not be reached' : 'The host name does not resolve');
  }
}

/** Fixed texts: a driver's message may name internal addresses, and these are shown to the merchant. */
const MESSAGES: Record<OutboundError, string> = {
  timeout: 'No complete answer within the time limit',
  blocked_address: 'The host is, or resolves only to, an address that may not be reached (loopback, private, link-local)',
  dns_failure: 'The host name does not resolve',
  connection_failed: 'The connection failed or was closed before an answer',
  tls_error: 'The TLS handshake failed (certificate or protocol)',
  invalid_url: 'The URL is not an http(s) URL this policy allows',
};

export class OutboundClient {
  private readonly resolver: Resolver;
  // Kept-alive sockets are reused only by requests under the same policy: one opened to a private
  // address for a test-mode endpoint must never carry a live-mode request to the same name.
  private readonly agents = new Map<string, http.Agent>();

  constructor(private readonly options: OutboundClientOptions) {
    this.resolver = options.resolver ?? systemResolver;
  }

  async post(request: OutboundRequest): Promise<OutboundResult> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const fail = (error: OutboundError): OutboundResult => ({ ok: false, error, message: MESSAGES[error], latencyMs: latency() });
    const url = URL.canParse(request.url) ? new URL(request.url) : null;
    if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && request.policy.allowHttp)) || url.username || url.password) {
      return fail('invalid_url');
    }
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    // Node connects to an IP literal without calling lookup, so a literal is judged here.
    if (isIP(hostname) && !request.policy.allowPrivate && !isPublicAddress(hostname)) return fail('blocked_address');
    const secure = url.protocol === 'https:';
    return new Promise<OutboundResult>((resolve) => {
      let settled = false;
      // Until the answer's head arrives the deadline fails the attempt; after, it ends the body's reading.
      let onDeadline = () => finish(fail('timeout'));
      const finish = (result: OutboundResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        resolve(result);
      };
      const deadline = setTimeout(() => {
        onDeadline();
        req.destroy();
      }, this.options.timeoutMs);
      const req = (secure ? https : http).request({
        method: 'POST',
        hostname,
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        agent: this.agent(secure, request.policy),
        lookup: this.checkedLookup(request.policy),
        ...(secure && this.options.ca ? { ca: this.options.ca } : {}),
      });
      req.on('error', (error) => finish(fail(errorKind(error))));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        // The status is the answer; the body is only kept for the merchant to read, so a slow, endless or
        // huge one ends the exchange with what has arrived rather than hold it open.
        const done = () => {
          const body = Buffer.concat(chunks).subarray(0, this.options.maxResponseBytes).toString('utf8');
          finish({ ok: true, status: res.statusCode ?? 0, headers: res.headers, body, latencyMs: latency() });
        };
        onDeadline = done;
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          size += chunk.length;
          if (size >= this.options.maxResponseBytes) {
            done();
            res.destroy();
          }
        });
        res.on('end', done);
        res.on('close', done);
        res.on('error', done);
      });
      req.end(request.body);
    });
  }

  /** Closes the kept-alive sockets (at shutdown). */
  close(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }

  private agent(secure: boolean, policy: OutboundPolicy): http.Agent {
    const key = `${secure}:${policy.allowPrivate}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const options = { keepAlive: true, maxSockets: 50, scheduling: 'lifo' as const };
      agent = secure ? new https.Agent(options) : new http.Agent(options);
      this.agents.set(key, agent);
    }
    return agent;
  }

  private checkedLookup(policy: OutboundPolicy): LookupFunction {
    return (hostname, options, callback) => {
      const reply = callback as (error: Error | null, address?: string | Array<{ address: string; family: number }>, family?: number) => void;
      this.resolver(hostname).then(
        (addresses) => {
          const allowed = addresses.filter((a) => (policy.allowPrivate || isPublicAddress(a.address)) && (!options.family || a.family === options.family));
          if (allowed.length === 0) return reply(new RefusedAddress(addresses.length ? 'blocked_address' : 'dns_failure'));
          if (options.all) reply(null, allowed);
          else reply(null, allowed[0]!.address, allowed[0]!.family);
        },
        () => reply(new RefusedAddress('dns_failure')),
      );
    };
  }
}

function errorKind(error: Error & { code?: string }): OutboundError {
  if (error instanceof RefusedAddress) return error.outcome;
  const code = error.code ?? '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns_failure';
  if (/CERT|TLS|SSL|SELF_SIGNED|HOSTNAME/.test(code) || /certificate|TLS|SSL/i.test(error.message)) return 'tls_error';
  return 'connection_failed';
}
