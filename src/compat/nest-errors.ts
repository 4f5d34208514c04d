import { STATUS_CODES } from 'node:http';
import { Type, type TSchema } from '@sinclair/typebox';
import type { FaceError } from './face-definition.js';

/**
 * The error body of vendors whose APIs are NestJS services (CertoPay, and IC as Payorders reads it):
 * `{statusCode, message, error}`, as NestJS's HttpException serializes.
 */
export function nestError(statusCode: number, message: string) {
  return { statusCode, message, error: STATUS_CODES[statusCode] ?? 'Error' };
}

export const NestError = Type.Object(
  {
    statusCode: Type.Integer(),
    message: Type.String(),
    error: Type.String(),
  },
  { description: "NestJS's error body" },
);

/** The error responses a route documents, all NestJS bodies. */
export function nestErrors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, NestError]));
}

/** The vendor's own words for refusals NestJS leaves to the application. */
export interface NestWording {
  authenticationRequired: string;
  invalidCredentials: (error: FaceError) => string;
  rateLimited: string;
}

/**
 * NestJS wording where the vendor's clients may read it: a missing route is "Cannot GET /path"; a validation
 * error names the first invalid field as class-validator does ("buyerDoc is required"); a missing object is
 * "<Kind> not found"; a server error says nothing more.
 */
export function nestMessage(error: FaceError, wording: NestWording): string {
  switch (error.code) {
    case 'route_not_found':
      return `Cannot ${error.method} ${error.path}`;
    case 'authentication_required':
      return wording.authenticationRequired;
    case 'invalid_credentials':
      return wording.invalidCredentials(error);
    case 'rate_limited':
      return wording.rateLimited;
    case 'resource_missing': {
      // "No such webhook delivery: 'x'" (services) → "Webhook delivery not found".
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
