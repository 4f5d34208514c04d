import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Actor } from '../domain/actor.js';
import type { Authenticator } from '../services/authenticator.js';
import type { Db } from '../store/db.js';

/** What a route handler may use; handed to each route when it registers, never imported as a global. */
export interface Services {
  db: Db;
  clock: Clock;
  config: Config;
  auth: Authenticator;
}

export type App = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, TypeBoxTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook on every route that is not public. */
    actor: Actor;
    /** What a write did, for the request's log line: the object it answered with, whether it was a replay. */
    audit?: { object: string | undefined; replayed: boolean };
  }
  interface FastifyContextConfig {
    /** Routes that answer without credentials. */
    public?: boolean;
  }
}
