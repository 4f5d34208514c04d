import { FACE_MESSAGES, type FaceError } from '../face.js';
import { nestError, nestMessage } from '../nest-errors.js';

/**
 * IC documents no error body. Its API is a Node service under /api/v1 with store and branch users, and the
 * body its clients most plausibly read is the NestJS one CertoPay's clients read too: `{statusCode, message,
 * error}`, the message naming the first invalid field as class-validator does ("amount is required").
 */
export function icError(error: FaceError) {
  return {
    status: error.status,
    body: nestError(
      error.status,
      nestMessage(error, {
        authenticationRequired: 'Unauthorized',
        // A Bearer that is no key or token of ours; sign-in and refresh keep their own wording.
        invalidCredentials: ({ message }) => (message === FACE_MESSAGES.invalid_credentials ? 'Invalid or expired token' : message),
        rateLimited: 'Too Many Requests',
      }),
    ),
  };
}
