import { randomFillSync } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import swagger from '@fastify/swagger';
import scalar from '@scalar/fastify-api-reference';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Actor } from '../domain/actor.js';
import { principalId } from '../domain/event-cause.js';
import type { App, Services } from './context.js';
import { acceptUtf8JsonOnly } from './json-body.js';
import { createMetrics, type Metrics } from './metrics.js';
import { API_DESCRIPTION, finishDocument, keepSchemaNames } from './openapi.js';
import { toProblem } from './problem.js';
import { assertQueryEncoding, clientErrorHandler, dropV1TrailingSlash, frameworkError, MethodTable, notFoundError, sendProblem } from './routing.js';
import { RateLimiter } from './rate-limit.js';
import { Problem } from './schemas.js';
import { faceDocuments, faceUrlRewriter, registerFaces, sendFaceFrameworkError } from '../compat/index.js';
import { useCheckoutBaseUrl } from '../services/checkout-links.js';
import registerCheckout from '../checkout/routes.js';
import { schemaErrorFormatter, validatorCompiler } from './validation.js';
import registerHealth from './ops/health.js';
import registerMetrics from './ops/metrics.js';
import registerRefreshToken from './v1/auth/refresh.js';
import registerRevokeSession from './v1/auth/revoke.js';
import registerIssueToken from './v1/auth/token.js';
import registerCreateCustomer from './v1/customers/create.js';
import registerListCustomers from './v1/customers/list.js';
import registerRetrieveCustomer from './v1/customers/retrieve.js';
import registerUpdateCustomer from './v1/customers/update.js';
import registerListEvents from './v1/events/list.js';
import registerRetrieveEvent from './v1/events/retrieve.js';
import registerCancelOrder from './v1/orders/cancel.js';
import registerCreateOrder from './v1/orders/create.js';
import registerListOrders from './v1/orders/list.js';
import registerRetrieveOrder from './v1/orders/retrieve.js';
import registerUpdateOrder from './v1/orders/update.js';
import registerRetrieveBalance from './v1/balance/retrieve.js';
import registerListBalanceTransactions from './v1/balance/transactions.js';
import registerCancelPayment from './v1/payments/cancel.js';
import registerCreatePayment from './v1/payments/create.js';
import registerPaymentDocuments from './v1/payments/documents.js';
import registerListPayments from './v1/payments/list.js';
import registerListOrderPayments from './v1/payments/list-for-order.js';
import registerRetrievePayment from './v1/payments/retrieve.js';
import registerCancelRefund from './v1/refunds/cancel.js';
import registerCreateRefund from './v1/refunds/create.js';
import registerListRefunds from './v1/refunds/list.js';
import registerRecordRefundTransaction from './v1/refunds/transaction.js';
import registerRetrieveRefund from './v1/refunds/retrieve.js';
import registerRetrievePaymentSettings from './v1/settings/retrieve.js';
import registerUpdatePaymentSettings from './v1/settings/update.js';
import registerRetrieveCheckoutSettings from './v1/branding/retrieve.js';
import registerUpdateCheckoutSettings from './v1/branding/update.js';
import registerCreatePaymentLink from './v1/payment-links/create.js';
import registerDeactivatePaymentLink from './v1/payment-links/deactivate.js';
import registerListPaymentLinks from './v1/payment-links/list.js';
import registerRetrievePaymentLink from './v1/payment-links/retrieve.js';
import registerPaymentTestHelpers from './v1/test-helpers/payments.js';
import registerNotificationHooks from './hooks/notifications.js';
import registerRedeliverEvent from './v1/events/redeliver.js';
import registerOrderEventStream from './v1/orders/events-stream.js';
import registerListOrderNotifications from './v1/orders/notifications.js';
import registerCreateWebhookEndpoint from './v1/webhook-endpoints/create.js';
import registerDeleteWebhookEndpoint from './v1/webhook-endpoints/delete.js';
import registerListWebhookDeliveries from './v1/webhook-endpoints/deliveries.js';
import registerListWebhookEndpoints from './v1/webhook-endpoints/list.js';
import registerRetrieveWebhookEndpoint from './v1/webhook-endpoints/retrieve.js';
import registerRotateWebhookSecret from './v1/webhook-endpoints/rotate-secret.js';
import registerUpdateWebhookEndpoint from './v1/webhook-endpoints/update.js';
import registerRetrieveWebhookDelivery from './v1/webhook-deliveries/retrieve.js';
import registerRetryWebhookDelivery from './v1/webhook-deliveries/retry.js';
import registerListWebhookAttempts from './v1/webhook-deliveries/attempts.js';
import registerRetrieveAccount from './v1/account/retrieve.js';
import registerFxRates from './v1/fx/rates.js';
import registerCreateToken from './v1/tokens/create.js';
import registerCardChallenge from './sandbox/card-challenge.js';
import registerCapturePayment from './v1/payments/capture.js';
import registerDeletePaymentMethod from './v1/payment-methods/delete.js';
import registerListPaymentMethods from './v1/payment-methods/list.js';
import registerRetrievePaymentMethod from './v1/payment-methods/retrieve.js';
import registerListPublishableKeys from './v1/publishable-keys/list.js';
import registerRevokePublishableKey from './v1/publishable-keys/revoke.js';
import registerRollPublishableKey from './v1/publishable-keys/roll.js';

const V1_ROUTES = [
  registerCreateToken,
  registerCapturePayment,
  registerListPaymentMethods,
  registerRetrievePaymentMethod,
  registerDeletePaymentMethod,
  registerListPublishableKeys,
  registerRollPublishableKey,
  registerRevokePublishableKey,
  registerIssueToken,
  registerRefreshToken,
  registerRevokeSession,
  registerCreateOrder,
  registerRetrieveOrder,
  registerListOrders,
  registerUpdateOrder,
  registerCancelOrder,
  registerCreateCustomer,
  registerRetrieveCustomer,
  registerListCustomers,
  registerUpdateCustomer,
  registerListEvents,
  registerRetrieveEvent,
  registerCreatePayment,
  registerRetrievePayment,
  registerListPayments,
  registerListOrderPayments,
  registerCancelPayment,
  registerPaymentDocuments,
  registerCreateRefund,
  registerRetrieveRefund,
  registerListRefunds,
  registerRecordRefundTransaction,
  registerCancelRefund,
  registerPaymentTestHelpers,
  registerRetrievePaymentSettings,
  registerUpdatePaymentSettings,
  registerRetrieveCheckoutSettings,
  registerUpdateCheckoutSettings,
  registerCreatePaymentLink,
  registerRetrievePaymentLink,
  registerListPaymentLinks,
  registerDeactivatePaymentLink,
  registerRetrieveBalance,
  registerListBalanceTransactions,
  registerNotificationHooks,
  registerCreateWebhookEndpoint,
  registerRetrieveWebhookEndpoint,
  registerListWebhookEndpoints,
  registerUpdateWebhookEndpoint,
  registerDeleteWebhookEndpoint,
  registerRotateWebhookSecret,
  registerListWebhookDeliveries,
  registerRetrieveWebhookDelivery,
  registerRetryWebhookDelivery,
  registerListWebhookAttempts,
  registerRedeliverEvent,
  registerOrderEventStream,
  registerListOrderNotifications,
  registerRetrieveAccount,
  registerFxRates,
];

const REQUEST_ID_RE = /^[\w.:-]{1,128}$/;

/** `req_` and 12 random bytes in hex, cut from a pooled buffer: one randomFillSync per 512 ids, not one per request. */
const requestIdPool = Buffer.alloc(12 * 512);
let requestIdOffset = requestIdPool.length;
function newRequestId(): string {
  if (requestIdOffset === requestIdPool.length) {
    randomFillSync(requestIdPool);
    requestIdOffset = 0;
  }
  return `req_${requestIdPool.toString('hex', requestIdOffset, (requestIdOffset += 12))}`;
}

export interface BuiltApp {
  app: App;
  metrics: Metrics;
  /** Every route registered, with whether it answers without credentials. */
  routes(): Array<{ method: string; url: string; public: boolean }>;
  /** Marks the app as draining: /readyz answers 503 so balancers stop sending traffic. */
  beginShutdown(): void;
}

export async function buildApp(services: Services, logger: FastifyBaseLogger | false = false): Promise<BuiltApp> {
  let shuttingDown = false;
  const metrics = createMetrics(services);
  useCheckoutBaseUrl(services.config.publicBaseUrl);
  const limiter = new RateLimiter(services.config.rateLimitPerSecond, () => services.clock.now().getTime());

  const app = Fastify({
    loggerInstance: logger || undefined,
    logger: logger ? undefined : false,
    // One access-log line per request comes from the onResponse hook below, with the caller's merchant.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: services.config.bodyLimitBytes,
    // Off unless configured: behind nginx or Caddy, X-Forwarded-For then gives the client's address,
    // which the logs, rate limits and sign-in throttling use.
    trustProxy: services.config.trustProxy,
    return503OnClosing: true,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID_RE.test(incoming) ? incoming : newRequestId();
    },
    schemaErrorFormatter: (errors, dataVar) => schemaErrorFormatter(errors as never, dataVar),
    frameworkErrors: (error, req, reply) => {
      if (!sendFaceFrameworkError(services.config, frameworkError(error), req, reply)) sendProblem(frameworkError(error), req, reply);
    },
    clientErrorHandler: clientErrorHandler(newRequestId),
    ajv: { customOptions: { removeAdditional: false } },
    // Vendor faces served at the root of their own port or Host name (src/compat/face.ts).
    rewriteUrl: dropV1TrailingSlash(faceUrlRewriter(services.config)),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  // The API speaks JSON only: a text/plain body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');
  acceptUtf8JsonOnly(app);
  app.addSchema(Problem);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Payorders API',
        version: '1',
        description: API_DESCRIPTION,
      },
      servers: [{ url: services.config.publicBaseUrl }],
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'An API key (sk_test_…/sk_live_…) or a user access token' },
        },
      },
      security: [{ bearer: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    transform: keepSchemaNames as never,
    transformObject: (document) => finishDocument(document as never) as never,
  });

  app.setErrorHandler((error, req, reply) => {
    if (toProblem(error, '', req.id).status >= 500) req.log.error({ err: error, reqId: req.id }, 'request failed');
    return sendProblem(error, req, reply);
  });

  const methods = new MethodTable();
  // Kept by reference: a scope's own onRoute hook (the docs') may still mark the route public after this one.
  const registered: Array<{ method: string | string[]; url: string; config?: { public?: boolean } }> = [];
  app.addHook('onRoute', (route) => {
    methods.add(route.method, route.url);
    registered.push(route);
  });
  app.setNotFoundHandler((req, reply) => sendProblem(notFoundError(req, methods), req, reply));

  // Every hook costs every request (measured: four small global hooks took 15% of GET throughput), so
  // per-request work is gathered in one onRequest and one onResponse hook.
  // Authentication is denied by default: it is decided by the route the router matched (its config),
  // never by the spelling of the URL, and a request that matches no route needs credentials too, so an
  // unknown path tells a stranger nothing. Routes meant to be public say so (`config: { public: true }`)
  // and are limited per client address instead. It runs before the body is parsed, so strangers cost
  // little; callback style, so a request whose API key is cached passes without a promise.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('request-id', req.id);
    const admit = (actor: Actor) => {
      req.actor = actor;
      limiter.take(`${actor.principal.kind}:${actor.principal.id}`, reply);
    };
    try {
      assertQueryEncoding(req.url);
      if (req.routeOptions.config.public) limiter.take(`ip:${req.ip}`, reply);
      else {
        // A vendor face's routes read the key from the vendor's header (src/compat/face.ts).
        const { authenticate } = req.routeOptions.config;
        const actor = authenticate ? authenticate(req) : services.auth.authenticate(req.headers.authorization);
        if (actor instanceof Promise) return void actor.then(admit).then(() => done(), done);
        admit(actor);
      }
      done();
    } catch (error) {
      done(error as Error);
    }
  });

  // A POST sent without a body means "no parameters", e.g. a cancel with no reason.
  app.addHook('onRoute', (route) => {
    if (route.method !== 'POST') return;
    const own = route.preValidation ? [route.preValidation].flat() : [];
    route.preValidation = [
      (req, _reply, done) => {
        if (req.body === undefined) req.body = {};
        done();
      },
      ...own,
    ];
  });

  // The audit trail: who called (key or user id, never a secret), from where, on what, and whether the
  // answer was an idempotent replay.
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.observe(req.method, route, reply.statusCode, reply.elapsedTime / 1000);
    req.log.info(
      {
        method: req.method,
        route,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
        merchant: req.actor?.merchantId,
        caller: req.actor && principalId(req.actor),
        client: req.ip,
        object: req.audit?.object ?? (req.params as { id?: string } | undefined)?.id,
        replayed: req.audit?.replayed,
      },
      'request',
    );
    done();
  });

  for (const register of V1_ROUTES) register(app, services);
  registerFaces(app, services);
  registerCardChallenge(app, services);
  registerCheckout(app, services);
  registerHealth(app, services, () => shuttingDown);

  registerMetrics(app, services.config, metrics);
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());
  // The API reference is public: every route the docs plugin adds is marked so, in a scope of its own.
  await app.register(async (docs) => {
    docs.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    // Behind a proxy that serves the service under a path prefix, only relative URLs reach it: the page
    // (at /docs/) loads the documents as ../…, and /docs redirects to docs/, not to /docs/.
    docs.addHook('onSend', async (_req, reply) => {
      if (reply.statusCode === 301 && reply.getHeader('location') === '/docs/') reply.header('location', 'docs/');
    });
    await docs.register(scalar, {
      routePrefix: '/docs',
      configuration: {
        sources: [{ title: 'Payorders API', url: '/openapi.json', default: true }, ...faceDocuments(services.config)].map((source) => ({
          ...source,
          url: `..${source.url}`,
        })),
        withDefaultFonts: false,
        // The reference only: none of Scalar's hosted-product features (its client app, AI agent, MCP, developer toolbar, telemetry).
        hideClientButton: true,
        showDeveloperTools: 'never',
        agent: { disabled: true },
        mcp: { disabled: true },
        telemetry: false,
        documentDownloadType: 'json',
      },
    });
  });

  return {
    app,
    metrics,
    routes: () => registered.flatMap((r) => [r.method].flat().map((method) => ({ method, url: r.url, public: r.config?.public === true }))),
    beginShutdown: () => {
      shuttingDown = true;
      // Kept-alive sockets would hold the shutdown open for their idle timeout (72 s): from now on a
      // socket closes right after its response. Node reads this value as each response finishes.
      app.server.keepAliveTimeout = 1;
    },
  };
}
