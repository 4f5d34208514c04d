import { FACE_MESSAGES, type FaceError } from '../face.js';
import { nestError } from '../certopay/errors.js';
import { notFoundMessage } from '../messages.js';

/**
 * IC documents no error body. Its API is a Node service under /api/v1 with store and branch users, and the
 * body its clients most plausibly read is the NestJS one CertoPay's clients read too: `{statusCode, message,
 * error}`, the message naming the first invalid field as class-validator does ("amount is required").
 */
export function icError(error: FaceError) {
  return { status: error.status, body: nestError(error.status, icMessage(error)) };
}

function icMessage(error: FaceError): string {
  switch (error.code) {
    case 'route_not_found':
      return `Cannot ${error.method} ${error.path}`;
    case 'authentication_required':
      return 'Unauthorized';
    case 'invalid_credentials':
      // A Bearer that is no key or token of ours; sign-in and refresh keep their own wording.
      return error.message === FACE_MESSAGES.invalid_credentials ? 'Invalid or expired token' : error.message;
    case 'rate_limited':
      return 'Too Many Requests';
    case 'resource_missing':
      return notFoundMessage(error.message);
    case 'validation_error': {
      const field = error.fields[0];
      return field ? `${field.path.slice(1).replaceAll('/', '.') || 'body'} ${field.message}` : error.message;
    }
    default:
      return error.status >= 500 ? 'Internal server error' : error.message;
  }
}
