import type { FaceError } from '../face.js';
import { nestMessage } from '../nest-errors.js';

export { nestError } from '../nest-errors.js';

/** NestJS wording (nestMessage), with CertoPay's own for a missing or wrong key and @nestjs/throttler's for a rate limit. */
export function certopayMessage(error: FaceError): string {
  return nestMessage(error, {
    authenticationRequired: 'API key is required (X-Api-Key)',
    invalidCredentials: () => 'Invalid API key',
    rateLimited: 'ThrottlerException: Too Many Requests',
  });
}
