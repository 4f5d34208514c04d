import { STATUS_CODES } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { toProblem } from './problem.js';

/**
 * Which methods a path answers, for 405 and its Allow header: Fastify's router says only "no route for
 * this method and path", so the registered routes are mirrored here, matched the same way.
 */
export class MethodTable {
  // No parameter length limit here: an over-long id on a path that exists for other methods is still a 405.
  private readonly router = FindMyWay({ ignoreTrailingSlash: false, ignoreDuplicateSlashes: false, maxParamLength: Number.MAX_SAFE_INTEGER });
  private readonly methods = new Set<HTTPMethod>();

  add(method: string | string[], url: string): void {
    for (const m of [method].flat() as HTTPMethod[]) {
      if (this.router.find(m, url)) continue;
      this.router.on(m, url, () => {});
      this.methods.add(m);
    }
  }

  allowed(url: string): string[] {
    return [...this.methods].filter((m) => this.router.find(m, url) !== null).sort();
  }
}

export function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

/** A request no route matches: 405 with Allow when the path exists for other methods, else 404. */
export function notFoundError(req: FastifyRequest, table: MethodTable): AppError {
  const path = pathOf(req.url);
  const allowed = table.allowed(path);
  if (allowed.length) {
    return new AppError('method_not_allowed', `${req.method} is not allowed on ${path}; use ${allowed.join(', ')}`, [], { allow: allowed.join(', ') });
  }
  return new AppError('route_not_found', `No route for ${req.method} ${path}`);
}

/** Errors the router raises before any route runs (a bad percent-encoding, an over-long id), as problems. */
export function frameworkError(error: FastifyError): AppError {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') return new AppError('uri_too_long', 'A path segment is longer than any id');
  return new AppError('bad_request', 'The URL is not validly percent-encoded');
}

/** Fastify's refusals of a body, reworded to say what to send instead. */
function taught(error: unknown, req: FastifyRequest): unknown {
  const code = (error as Partial<FastifyError> | null)?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    const limit = req.routeOptions.bodyLimit;
    return new AppError('payload_too_large', `The body is larger than ${limit} bytes, the most this server takes (PAYORDERS_BODY_LIMIT_BYTES)`);
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    const sent = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().slice(0, 80);
    return new AppError('unsupported_media_type', `Send the body as JSON with Content-Type: application/json${sent ? `, not ${sent}` : ''}`);
  }
  return error;
}

export function sendProblem(error: unknown, req: FastifyRequest, reply: FastifyReply) {
  const problem = toProblem(taught(error, req), pathOf(req.url), req.id);
  // Set again here for the errors raised before the onRequest hook ran (the router's own).
  return reply
    .header('request-id', req.id)
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json')
    .send(problem.body);
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (headers too large, malformed
 * request lines, timeouts); they get a problem+json too, written on the socket, which is then closed.
 */
export function clientErrorHandler(newRequestId: () => string) {
  return (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    if (socket.writable) {
      const appError =
        error.code === 'HPE_HEADER_OVERFLOW'
          ? new AppError('headers_too_large', 'The request headers are larger than this server accepts')
          : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
            ? new AppError('request_timeout', 'The request took too long to arrive')
            : new AppError('bad_request', 'The request is not valid HTTP');
      const problem = toProblem(appError, '', newRequestId());
      const body = JSON.stringify(problem.body);
      socket.write(
        `HTTP/1.1 ${problem.status} ${STATUS_CODES[problem.status]}\r\nContent-Type: application/problem+json\r\n` +
          `Request-Id: ${problem.body.request_id}\r\n` +
          `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    }
    socket.destroy(error);
  };
}

/**
 * `/v1/orders/` is the list `/v1/orders`: a /v1 path's trailing slash is dropped before routing (the
 * router would otherwise read it as an empty id). Runs after `rewrite` (the faces' own rewriting).
 */
export function dropV1TrailingSlash(rewrite?: (req: IncomingMessage) => string): (req: IncomingMessage) => string {
  return (req) => {
    const url = rewrite ? rewrite(req) : (req.url ?? '/');
    const end = url.indexOf('?');
    const pathEnd = end === -1 ? url.length : end;
    if (url.charCodeAt(pathEnd - 1) !== 47 || pathEnd <= 4 || !url.startsWith('/v1/')) return url;
    return url.slice(0, pathEnd - 1) + url.slice(pathEnd);
  };
}

/**
 * Fastify's query parser keeps a malformed escape (`%zz`, or bytes that are not UTF-8) as literal text;
 * such a query is refused instead, as a malformed path is.
 */
export function assertQueryEncoding(url: string): void {
  const start = url.indexOf('?');
  if (start === -1 || !url.includes('%', start)) return;
  for (const part of url.slice(start + 1).split(/[&=]/)) {
    try {
      decodeURIComponent(part);
    } catch {
      throw new AppError('bad_request', 'The query string is not validly percent-encoded');
    }
  }
}
