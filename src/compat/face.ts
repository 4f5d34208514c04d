/**
 * The face mechanism: how a vendor-compatible API sits on Payorders (see ../shared/faces.md). A face is a
 * FaceDefinition in src/compat/<vendor>/face.ts, listed in FACES (src/compat/index.ts); that is all it
 * takes to plug one in. registerFace then:
 *
 * - serves the face's routes under its prefix (config.faces.<name>.prefix, /compat/<name> by default) and,
 *   through faceUrlRewriter, at the root of its own port (PAYORDERS_FACE_<NAME>_PORT) or Host names
 *   (PAYORDERS_FACE_<NAME>_HOST): such a request's path is put under the prefix before routing;
 * - authenticates every route of the face with the merchant's sk_test_/sk_live_ key read from the vendor's
 *   header (`apiKey`), through the one Authenticator, so the key decides the mode; a user access token is
 *   refused, as the vendors refuse theirs on these routes, unless the vendor's own clients are users
 *   (`userTokens`: IC's store and branch users send theirs in the same header). A route may bring its own
 *   `config.authenticate` for a vendor route meant for another credential (Glomopay's public order read
 *   takes the publishable key). Unknown paths under the face need a key too, as on /v1, so a stranger
 *   learns nothing;
 * - applies the vendor's rate limit per key (`rateLimit`; PAYORDERS_FACE_<NAME>_RATE_LIMIT changes or, 0, lifts
 *   it) on top of the service-wide one;
 * - answers every error of its routes, its unknown paths, auth failures, validation errors and rate limits
 *   in the vendor's shape (`renderError`), never problem+json;
 * - publishes `<prefix>/openapi.json`, generated from the face's route schemas (openapi.ts), listed on
 *   /docs (faceDocuments), while /openapi.json stays the /v1 document.
 *
 * A route is registered as on /v1, `(app, services) => void`, one file per route with its schema beside
 * its handler, paths as the vendor writes them (`/api/orders/:id`); it calls services, never src/store.
 * `orderStatuses` (and `paymentStatuses`) map every canonical status to the vendor's word; the README's
 * compatibility table lists the routes and the mappings, and src/compat/readme.test.ts checks it does.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config, FaceName } from '../config.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import type { App, Services } from '../http/context.js';
import { pathOf } from '../http/routing.js';
import { toProblem } from '../http/problem.js';
import { RateLimiter } from '../http/rate-limit.js';
import type { FaceDefinition } from './face-definition.js';
import { faceOpenApi, type DocumentedRoute } from './openapi.js';

export type { FaceAnswer, FaceDefinition, FaceError } from './face-definition.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by a face on its routes: authenticates from the vendor's header instead of Authorization. */
    authenticate?: (req: FastifyRequest) => Actor | Promise<Actor>;
  }
}

const SECRET_KEY = /^sk_(test|live)_\S+$/;

/** The messages a face's renderError gets for each refusal, whatever the vendor then says. */
export const FACE_MESSAGES = {
  authentication_required: 'No API key was sent',
  invalid_credentials: 'The API key is invalid, expired or revoked',
  route_not_found: (method: string, path: string) => `No route for ${method} ${path}`,
};

function refuseKey(error: unknown): never {
  if (error instanceof AppError && error.code === 'invalid_credentials') throw new AppError('invalid_credentials', FACE_MESSAGES.invalid_credentials);
  throw error;
}

export function registerFace(app: App, services: Services, face: FaceDefinition): void {
  const { prefix } = services.config.faces[face.name];
  const authenticate = (req: FastifyRequest): Actor | Promise<Actor> => {
    const key = face.apiKey(req);
    if (!key) throw new AppError('authentication_required', FACE_MESSAGES.authentication_required);
    if (!face.userTokens && !SECRET_KEY.test(key)) throw new AppError('invalid_credentials', FACE_MESSAGES.invalid_credentials);
    try {
      const actor = services.auth.authenticate(`Bearer ${key}`);
      return actor instanceof Promise ? actor.catch(refuseKey) : actor;
    } catch (error) {
      return refuseKey(error);
    }
  };
  const requests = services.config.faces[face.name].rateLimit ?? face.rateLimit?.requests ?? 0;
  const limiter = face.rateLimit && requests > 0 ? new RateLimiter(requests, () => services.clock.now().getTime(), face.rateLimit.windowMs) : undefined;
  const documented: DocumentedRoute[] = [];

  void app.register(
    async (scope) => {
      scope.addHook('onRoute', (route) => {
        if (!route.config?.public && !route.config?.authenticate) route.config = { ...route.config, authenticate };
        if (route.method === 'HEAD' || route.schema?.hide) return;
        documented.push({ method: [route.method].flat()[0]!, path: route.url.slice(prefix.length), schema: (route.schema ?? {}) as Record<string, unknown> });
        // The face's own document lists it; the /v1 document does not.
        route.schema = { ...route.schema, hide: true };
      });
      // Runs after the service-wide hook has authenticated the caller.
      if (limiter) {
        scope.addHook('onRequest', (req, reply, done) => {
          try {
            if (req.actor) limiter.take(`${face.name}:${req.actor.principal.kind}:${req.actor.principal.id}`, reply);
            done();
          } catch (error) {
            done(error as Error);
          }
        });
      }
      scope.setErrorHandler((error, req, reply) => sendFaceError(face, prefix, error, req, reply));
      scope.setNotFoundHandler({ config: { authenticate } } as never, (req) => {
        throw new AppError('route_not_found', FACE_MESSAGES.route_not_found(req.method, vendorPath(prefix, req.url)));
      });

      let document: string | undefined;
      scope.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
        document ??= JSON.stringify(faceOpenApi(face, `${services.config.publicBaseUrl}${prefix}`, documented));
        return reply.type('application/json; charset=utf-8').send(document);
      });
      for (const register of face.routes) register(scope as App, services);
    },
    { prefix },
  );

  const { port } = services.config.faces[face.name];
  if (port !== undefined) servePortRoot(app, services.config, face.name, port);
}

export function sendFaceError(face: FaceDefinition, prefix: string, error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(error, '', req.id);
  if (problem.status >= 500) req.log.error({ err: error, reqId: req.id }, 'request failed');
  const answer = face.renderError({
    status: problem.status,
    code: problem.body.code,
    message: problem.body.detail,
    fields: problem.body.errors ?? [],
    method: req.method,
    path: vendorPath(prefix, req.url),
  });
  return reply.code(answer.status).headers({ ...problem.headers, ...answer.headers }).type('application/json; charset=utf-8').send(JSON.stringify(answer.body));
}

/** The path as the vendor's client wrote it: without the face's prefix and the query. */
function vendorPath(prefix: string, url: string): string {
  const path = pathOf(url);
  return path.startsWith(prefix) ? path.slice(prefix.length) || '/' : path;
}

/** The request's face when it came in on a face's own port; set by that port's server before routing. */
const PORT_FACE_PREFIX = Symbol('faceprefix');
type FaceRequest = IncomingMessage & { [PORT_FACE_PREFIX]?: string };

/**
 * Fastify's rewriteUrl, when any face is served at a root: a request on a face's port, or whose Host is
 * one of a face's names, is routed under the face's prefix, so `/api/orders` there is `<prefix>/api/orders`
 * here. Only the Host header is read (a proxy in front must pass it through, as nginx's
 * `proxy_set_header Host $host` does). Undefined when no face asks for it, so requests pay nothing.
 */
export function faceUrlRewriter(config: Config): ((req: IncomingMessage) => string) | undefined {
  const byHost = new Map<string, string>();
  let anyPort = false;
  for (const face of Object.values(config.faces)) {
    for (const host of face.hosts) byHost.set(host, face.prefix);
    anyPort ||= face.port !== undefined;
  }
  if (!byHost.size && !anyPort) return undefined;
  return (req: FaceRequest) => {
    const url = req.url ?? '/';
    const prefix = req[PORT_FACE_PREFIX] ?? (byHost.size ? byHost.get(hostName(req.headers.host)) : undefined);
    return prefix && url.startsWith('/') ? `${prefix}${url}` : url;
  };
}

function hostName(host: string | undefined): string {
  if (!host) return '';
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
  return name.toLowerCase().replace(/\.$/, '');
}

const boundPorts = new WeakMap<App, Map<FaceName, number>>();

/** A second listener, opened when the app is ready and closed with it, whose every request is the face's. */
function servePortRoot(app: App, config: Config, name: FaceName, port: number) {
  const prefix = config.faces[name].prefix;
  let server: Server | undefined;
  app.addHook('onReady', async () => {
    server = createServer((req: FaceRequest, res) => {
      req[PORT_FACE_PREFIX] = prefix;
      app.routing(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(port, config.host, () => resolve());
    });
    const ports = boundPorts.get(app) ?? new Map<FaceName, number>();
    boundPorts.set(app, ports.set(name, (server.address() as { port: number }).port));
  });
  app.addHook('onClose', async () => {
    if (server?.listening) await new Promise((resolve) => server!.close(resolve));
  });
}

/** The port a face's root listener is bound to (configured as 0: the one the system gave it). */
export function facePort(app: App, name: FaceName): number | undefined {
  return boundPorts.get(app)?.get(name);
}
