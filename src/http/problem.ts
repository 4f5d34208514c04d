import type { FastifyError } from 'fastify';
import { AppError, type ErrorCode, type FieldError } from '../domain/errors.js';

const STATUS: Record<ErrorCode, number> = {
  validation_error: 400,
  invalid_json: 400,
  bad_request: 400,
  idempotency_key_invalid: 400,
  authentication_required: 401,
  invalid_credentials: 401,
  forbidden: 403,
  resource_missing: 404,
  route_not_found: 404,
  method_not_allowed: 405,
  request_timeout: 408,
  uri_too_long: 414,
  headers_too_large: 431,
  invalid_state_transition: 409,
  idempotency_key_in_use: 409,
  conflict: 409,
  order_not_payable: 409,
  fx_rate_unavailable: 422,
  refund_exceeds_remaining: 409,
  already_refunded: 409,
  refund_not_supported: 422,
  card_declined: 402,
  card_velocity_exceeded: 429,
  card_testing_suspected: 429,
  payment_method_not_allowed: 400,
  payment_method_not_configured: 400,
  provider_unavailable: 503,
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
};

const TITLE: Record<ErrorCode, string> = {
  validation_error: 'The request has invalid fields',
  invalid_json: 'The body is not valid JSON',
  bad_request: 'The request is malformed',
  idempotency_key_invalid: 'The Idempotency-Key header is malformed',
  authentication_required: 'Authentication is required',
  invalid_credentials: 'The credentials are not valid',
  forbidden: 'This caller may not do that',
  resource_missing: 'No such object',
  route_not_found: 'No such route',
  method_not_allowed: 'Method not allowed',
  request_timeout: 'The request timed out',
  uri_too_long: 'The URL is too long',
  headers_too_large: 'The request headers are too large',
  invalid_state_transition: 'The object is not in a state that allows this',
  idempotency_key_in_use: 'A request with this Idempotency-Key is in progress',
  conflict: 'The request conflicts with the current state',
  order_not_payable: 'The order cannot take a payment now',
  fx_rate_unavailable: 'No fresh exchange rate prices this payment',
  refund_exceeds_remaining: 'The refund is more than what remains of the payment',
  already_refunded: 'The payment is already refunded in full',
  refund_not_supported: "The payment's provider cannot refund",
  card_declined: 'The card was declined',
  card_velocity_exceeded: 'Too many card attempts',
  card_testing_suspected: 'Card attempts are paused: too many were declined',
  payment_method_not_allowed: "The payment method is not one of the order's",
  payment_method_not_configured: 'The payment method is not set up for this merchant',
  provider_unavailable: 'The payment provider could not be reached',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'Unsupported content type',
  idempotency_key_reused: 'The Idempotency-Key was used with another request',
  rate_limited: 'Too many requests',
  internal_error: 'Internal error',
  service_unavailable: 'The service is unavailable',
};

/** Fastify's own request errors (parsing, limits) mapped onto our codes. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
};

export interface Problem {
  status: number;
  headers: Record<string, string>;
  body: {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    code: ErrorCode;
    request_id: string;
    errors?: FieldError[];
    errors_omitted?: number;
    decline_code?: string;
  };
}

export function problemType(code: ErrorCode): string {
  return `urn:payorders:problem:${code}`;
}

/** Any thrown thing → RFC 9457 problem details. Unknown failures become a 500 that reveals nothing. */
export function toProblem(error: unknown, instance: string, requestId: string): Problem {
  const known = classify(error);
  const status = STATUS[known.code];
  return {
    status,
    headers: known.headers,
    body: {
      type: problemType(known.code),
      title: TITLE[known.code],
      status,
      detail: known.detail,
      instance,
      code: known.code,
      request_id: requestId,
      ...(known.fields.length ? { errors: known.fields } : {}),
      ...(known.omitted ? { errors_omitted: known.omitted } : {}),
      ...known.extensions,
    },
  };
}

function classify(error: unknown): { code: ErrorCode; detail: string; fields: FieldError[]; headers: Record<string, string>; omitted?: number; extensions?: AppError['extensions'] } {
  if (error instanceof AppError) return { code: error.code, detail: error.message, fields: error.fields, headers: error.headers, omitted: error.omittedFields, extensions: error.extensions };
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown };
  if (fastifyError.code && FASTIFY_CODES[fastifyError.code]) {
    return { code: FASTIFY_CODES[fastifyError.code]!, detail: fastifyError.message ?? '', fields: [], headers: {} };
  }
  if (error instanceof SyntaxError && fastifyError.statusCode === 400) {
    return { code: 'invalid_json', detail: error.message, fields: [], headers: {} };
  }
  if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return { code: 'bad_request', detail: fastifyError.message ?? 'Bad request', fields: [], headers: {} };
  }
  return { code: 'internal_error', detail: 'Something went wrong on our side; the request id identifies it in our logs', fields: [], headers: {} };
}
