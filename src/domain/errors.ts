/**
 * One error family for the whole service. Each error has a stable `code`; the HTTP face turns it into
 * RFC 9457 problem+json in one place (src/http/problem.ts), compat faces into their vendor's shape.
 */
export type ErrorCode =
  | 'validation_error'
  | 'invalid_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'resource_missing'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'uri_too_long'
  | 'headers_too_large'
  | 'request_timeout'
  | 'invalid_state_transition'
  | 'authentication_required'
  | 'invalid_credentials'
  | 'forbidden'
  | 'rate_limited'
  | 'idempotency_key_invalid'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_use'
  | 'conflict'
  | 'payment_method_not_allowed'
  | 'payment_method_not_configured'
  | 'order_not_payable'
  | 'fx_rate_unavailable'
  | 'refund_exceeds_remaining'
  | 'already_refunded'
  | 'refund_not_supported'
  | 'card_declined'
  | 'card_velocity_exceeded'
  | 'card_testing_suspected'
  | 'provider_unavailable'
  | 'service_unavailable'
  | 'bad_request'
  | 'internal_error';

export interface FieldError {
  /** JSON Pointer to the offending field, e.g. `/amount` or `/line_items/0/type`. */
  path: string;
  /** Where the field is: body (default), query, path or header. */
  in?: string;
  code: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
    readonly headers: Record<string, string> = {},
    /** Invalid fields found beyond those listed in `fields`. */
    readonly omittedFields = 0,
    /** Members the problem carries beyond the standard ones: a card decline's `decline_code`. */
    readonly extensions: { decline_code?: string } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  static invalidField(param: string, code: string, message: string): AppError {
    const path = param.startsWith('/') ? param : `/${param.replaceAll('.', '/')}`;
    return new AppError('validation_error', `${path.slice(1).replaceAll('/', '.')} ${message}`, [{ path, code, message }]);
  }

  static notFound(kind: string, id: string): AppError {
    return new AppError('resource_missing', `No such ${kind}: '${id}'`);
  }
}
