import type { FastifyRequest } from 'fastify';
import type { FaceName } from '../config.js';
import type { ErrorCode, FieldError } from '../domain/errors.js';
import type { OrderStatus } from '../domain/order-status.js';
import type { PaymentStatus } from '../domain/payments.js';
import type { App, Services } from '../http/context.js';
import type { WebhookFormats } from '../services/webhook-formats.js';

/**
 * What a face is (see face.ts for how registerFace serves one): its own module, so the face mechanism and the
 * OpenAPI generator (openapi.ts) both depend on it rather than on each other.
 */

/** An error as Payorders classified it, for the face to word in its vendor's shape. */
export interface FaceError {
  /** The HTTP status Payorders gives this error (a face may choose another). */
  status: number;
  code: ErrorCode;
  /** Payorders' own wording; `fields` names each invalid field (JSON Pointers). */
  message: string;
  fields: FieldError[];
  method: string;
  /** The path as the vendor's client wrote it: without the face's prefix, without the query. */
  path: string;
}

export interface FaceAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FaceDefinition {
  name: FaceName;
  /** The OpenAPI document's title, also its name on /docs. */
  title: string;
  description: string;
  /** The secret key as the vendor's clients send it; undefined when they sent none. */
  apiKey(req: FastifyRequest): string | undefined;
  /** How the key is sent, as an OpenAPI security scheme. */
  securityScheme: Record<string, unknown>;
  /** The vendor's clients may also send a Payorders user's access token where the key goes. */
  userTokens?: boolean;
  renderError(error: FaceError): FaceAnswer;
  /** The vendor's documented limit per key, e.g. 100 requests per 60 000 ms. */
  rateLimit?: { requests: number; windowMs: number };
  /** Canonical order status → the vendor's word: every status, so a new one fails to compile until mapped. */
  orderStatuses: Readonly<Record<OrderStatus, string>>;
  paymentStatuses?: Readonly<Record<PaymentStatus, string>>;
  routes: ReadonlyArray<(app: App, services: Services) => void>;
  /** The vendor's webhook envelopes and signers, by WebhookEndpoint.format, for the one delivery engine. */
  webhookFormats?: WebhookFormats;
}
