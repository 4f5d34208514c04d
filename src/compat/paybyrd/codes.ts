import type { ErrorCode } from '../../domain/errors.js';
import type { FaceAnswer, FaceError } from '../face.js';

/** Paybyrd's return codes and their descriptions, word for word from its OpenAPI (PaybyrdCode, PaybyrdDescription). */
export const BYRD = {
  BYRD010: 'Request accepted',
  BYRD200: 'Operation successfully completed',
  BYRD201: 'Payment being processed. Waiting for shopper',
  BYRD203: 'An error occurred while processing the payment. Please query the transaction to confirm its status',
  BYRD205: 'Operation rejected',
  BYRD206: 'Operation blocked by velocity',
  BYRD207: 'Pending redirect',
  BYRD208: 'Payment canceled by the shopper',
  BYRD230: 'Payment already refunded',
  BYRD231: 'The refund amount exceeds the remaining balance of the original payment',
  BYRD240: 'Token is expired',
  BYRD290: 'An error occurred while pre processing the transaction. Please review your request and try again',
  BYRD291: 'An error occurred during while preparing transaction for acquiring. Please review your request and try again',
  BYRD292: "No payment methods available for this operation. Please contact Paybyrd's support",
  BYRD294: 'Transaction could not be updated. Please review your request and try again',
  BYRD299: 'Operation could not be completed. Please review your request and try again',
  BYRD401: 'Resource access unauthorized',
  BYRD403: 'Resource access is forbidden',
  BYRD900: 'Invalid input',
  BYRD901: 'Resource not found',
  BYRD999: 'Operation failed',
} as const;
export type ByrdCode = keyof typeof BYRD;

export const byrd = (code: ByrdCode) => ({ code, description: BYRD[code] });

/** How each service error reaches a Paybyrd client: HTTP status and return code. */
const BY_ERROR: Partial<Record<ErrorCode, [number, ByrdCode]>> = {
  validation_error: [400, 'BYRD900'],
  invalid_json: [400, 'BYRD900'],
  bad_request: [400, 'BYRD900'],
  unsupported_media_type: [415, 'BYRD900'],
  payload_too_large: [413, 'BYRD900'],
  uri_too_long: [414, 'BYRD900'],
  idempotency_key_invalid: [400, 'BYRD900'],
  idempotency_key_reused: [422, 'BYRD900'],
  idempotency_key_in_use: [409, 'BYRD299'],
  resource_missing: [404, 'BYRD901'],
  route_not_found: [404, 'BYRD901'],
  method_not_allowed: [405, 'BYRD901'],
  authentication_required: [401, 'BYRD401'],
  invalid_credentials: [401, 'BYRD401'],
  forbidden: [403, 'BYRD403'],
  invalid_state_transition: [400, 'BYRD299'],
  conflict: [409, 'BYRD299'],
  rate_limited: [429, 'BYRD999'],
  refund_exceeds_remaining: [400, 'BYRD231'],
  already_refunded: [400, 'BYRD230'],
  refund_not_supported: [400, 'BYRD292'],
  payment_method_not_configured: [400, 'BYRD292'],
  payment_method_not_allowed: [400, 'BYRD292'],
  order_not_payable: [400, 'BYRD299'],
  fx_rate_unavailable: [422, 'BYRD299'],
  card_declined: [400, 'BYRD205'],
  card_velocity_exceeded: [429, 'BYRD206'],
  card_testing_suspected: [429, 'BYRD206'],
  provider_unavailable: [503, 'BYRD291'],
};

/**
 * A Paybyrd error body: `{code, description}` as on every Paybyrd answer, with `message` saying what went
 * wrong and, for invalid input, `errors` naming each field in Paybyrd's spelling (`shopper.phoneNumber`).
 */
export function paybyrdError(error: FaceError): FaceAnswer {
  const [status, code] = BY_ERROR[error.code] ?? [500, 'BYRD999'];
  const body: Record<string, unknown> = { ...byrd(code), message: status < 500 ? error.message : BYRD[code] };
  if (error.fields.length) {
    body.errors = error.fields.map((field) => ({ field: field.path.slice(1).replaceAll('/', '.'), message: field.message }));
  }
  return { status, body };
}
