import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Config } from '../../config.js';
import { AppError } from '../../domain/errors.js';
import type { App } from '../context.js';
import type { Metrics } from '../metrics.js';

/**
 * Prometheus metrics. With PAYORDERS_METRICS_PORT they are served on a listener of their own (on
 * PAYORDERS_METRICS_HOST, loopback by default) and not on the API's port at all; with
 * PAYORDERS_METRICS_TOKEN a scrape must send it as a bearer token, on either.
 */
export default function registerMetrics(app: App, config: Config, metrics: Metrics) {
  if (config.metrics.port !== undefined) return;
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    if (!mayScrape(config, req.headers.authorization)) {
      throw new AppError('authentication_required', 'Send the metrics token (PAYORDERS_METRICS_TOKEN) as "Authorization: Bearer <token>"');
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/** The metrics' own listener; null when they are served on the API's port. */
export async function serveMetrics(config: Config, metrics: Metrics): Promise<{ url: string; close(): Promise<void> } | null> {
  const { port, host } = config.metrics;
  if (port === undefined) return null;
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    if (!mayScrape(config, req.headers.authorization)) return void res.writeHead(401, { 'www-authenticate': 'Bearer' }).end();
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}/metrics`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** No token configured: anyone who reaches the listener may scrape. Compared in constant time. */
function mayScrape(config: Config, authorization: string | undefined): boolean {
  const { token } = config.metrics;
  if (!token) return true;
  const sent = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  return sent !== undefined && timingSafeEqual(digest(sent), digest(token));
}
