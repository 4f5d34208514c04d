import { STATUS_CODES } from 'node:http';
import type { FaceAnswer, FaceError } from '../face.js';
import { notFoundMessage } from '../messages.js';

/**
 * Glomopay's flat errors: `{"error": "Bad Request", "message": "…"}`; 401 and 429 carry only `message`.
 * A missing object is `<Kind> not found`; a schema error reads as Glomopay's ("amount must be an integer").
 */
export function glomopayError(error: FaceError): FaceAnswer {
  const { status } = error;
  const message = glomopayMessage(error);
  if (status === 401 || status === 429) return { status, body: { message } };
  return { status, body: { error: STATUS_CODES[status] ?? 'Error', message } };
}

const ARTICLE: Record<string, string> = { integer: 'an integer', object: 'an object', array: 'an array', string: 'a string', number: 'a number', boolean: 'a boolean' };

function glomopayMessage(error: FaceError): string {
  switch (error.code) {
    case 'route_not_found':
    case 'method_not_allowed':
      return `Cannot ${error.method} ${error.path}`;
    case 'authentication_required':
      return 'Authorization header with a Bearer secret key is required';
    case 'invalid_credentials':
      return 'Invalid API key';
    case 'rate_limited':
      return 'Too many requests';
    case 'resource_missing':
      return notFoundMessage(error.message);
    case 'validation_error':
      return error.message.replace(/must be (integer|object|array|string|number|boolean)\b/g, (_m, type: string) => `must be ${ARTICLE[type]}`);
    default:
      return error.status >= 500 ? 'Something went wrong' : error.message;
  }
}
