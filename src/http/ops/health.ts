import type { App, Services } from '../context.js';

export default function registerHealth(app: App, services: Services, isShuttingDown: () => boolean) {
  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));

  /** Ready when the store answers and the process is not draining for shutdown. */
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    if (isShuttingDown()) return reply.code(503).send({ status: 'shutting_down' });
    try {
      await services.db.query('SELECT 1');
      return { status: 'ready', store: services.db.kind };
    } catch {
      return reply.code(503).send({ status: 'store_unavailable', store: services.db.kind });
    }
  });
}
