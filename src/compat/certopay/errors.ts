import { STATUS_CODES } from 'node:http';
import type { FaceError } from '../face.js';

/** `{statusCode, message, error}`, as NestJS's HttpException serializes. */
export function nestError(statusCode: number, message: string) {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? 'Error' };
}

/**
 * NestJS wording where CertoPay's clients may read it: a missing route is "Cannot GET /path", a rate limit
 * @nestjs/throttler's message; a validation error names the first invalid field as class-validator does
 * ("buyerDoc is required"); a server error says nothing more.
 */
export function certopayMessage(error: FaceError): string {
  switch (error.code) {
    case 'route_not_found':
      return `Cannot ${error.method} ${error.path}`;
    case 'authentication_required':
      return 'API key is required (X-Api-Key)';
    case 'invalid_credentials':
      return 'Invalid API key';
    case 'rate_limited':
      return 'ThrottlerException: Too Many Requests';
    case 'resource_missing': {
      // "No such webhook delivery: 'x'" (services) → "Webhook delivery not found", as CertoPay words it.
      const kind = /^No such ([a-z ]+):/.exec(error.message)?.[1];
      return kind ? `${kind[0]!.toUpperCase()}${kind.slice(1)} not found` : error.message;
    }
    case 'validation_error': {
      const field = error.fields[0];
      return field ? `${field.path.slice(1).replaceAll('/', '.') || 'body'} ${field.message}` : error.message;
    }
    default:
      return error.status >= 500 ? 'Internal server error' : error.message;
  }
}
