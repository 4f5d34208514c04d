import type { FastifyRequest } from 'fastify';

/** The key of `Authorization: Bearer <key>`, as Glomopay's clients send their secret or publishable key. */
export function bearerKey(req: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
}
