import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { App, Services } from '../context.js';
import { problems } from '../schemas.js';
import type { PaymentMethod } from '../../domain/orders.js';
import { paymentDeps } from '../../services/payment-context.js';
import { receiveNotification } from '../../services/notifications.js';

/**
 * POST /hooks/<rail>/<provider>: where providers notify the service, the sandbox included. Public (a
 * provider has no API key; the signature, checked by the rail's connector over the raw bytes, is what is
 * trusted) and in a scope of its own that keeps the body as received. The notification is persisted in
 * one transaction before the answer, so a provider that gets a 200 can forget it, and one that retries
 * counts once. Not an Idempotency-Key write: the provider's event ids are what dedupe.
 */
export default function registerNotificationHooks(app: App, services: Services) {
  const deps = paymentDeps(services);
  void app.register(async (scope) => {
    const hooks = scope.withTypeProvider<TypeBoxTypeProvider>();
    hooks.removeAllContentTypeParsers();
    hooks.addContentTypeParser('*', { parseAs: 'buffer' }, (_req: FastifyRequest, body: Buffer, done) => done(null, body));
    const receive = async (req: FastifyRequest<{ Params: { rail: string; provider: string; '*'?: string } }>) => {
      const notification = {
        rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        headers: req.headers,
        query: req.query as Record<string, string | undefined>,
        ...(req.params['*'] ? { path: req.params['*'] } : {}),
      };
      await services.db.transaction((tx) => receiveNotification(tx, deps, req.params.rail as PaymentMethod, req.params.provider, notification));
      return { received: true as const };
    };
    const params = { rail: Type.String({ minLength: 1, maxLength: 40 }), provider: Type.String({ minLength: 1, maxLength: 40 }) };
    const response = { 200: Type.Object({ received: Type.Literal(true) }), ...problems(400, 404, 413, 429) };
    hooks.post(
      '/hooks/:rail/:provider',
      {
        config: { public: true },
        schema: {
          operationId: 'receiveProviderNotification',
          tags: ['Provider hooks'],
          summary: "A payment provider's notification",
          description:
            'The body as the provider signs it (the sandbox: JSON signed in the payorders-sandbox-signature header, HMAC-SHA256 of "<t>.<body>"). ' +
            'A notification whose signature does not check out moves no money: it makes the service query the provider about the payments it names. ' +
            '400: not a notification of this provider; 404: no such rail or provider.',
          security: [],
          params: Type.Object(params),
          response,
        },
      },
      receive,
    );
    // A real provider's callback URL names the merchant and its secret in the path, and may get a suffix (the API Pix appends /pix).
    hooks.post(
      '/hooks/:rail/:provider/*',
      {
        config: { public: true },
        schema: {
          operationId: 'receiveProviderCallback',
          tags: ['Provider hooks'],
          summary: "A real provider's callback, at the URL registered with it",
          description:
            'The rest of the path is the merchant, the mode and the secret token of the URL registered with the provider (`/hooks/pix/api_pix/mer_…/live/<token>`), ' +
            'and whatever suffix the provider appends (`/pix`). A callback whose token (or body HMAC) does not check out moves no money: it only makes the service query the provider.',
          security: [],
          params: Type.Object({ ...params, '*': Type.String({ minLength: 1, maxLength: 300 }) }),
          response,
        },
      },
      receive,
    );
  });
}
