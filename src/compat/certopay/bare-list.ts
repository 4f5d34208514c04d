import { Type, type TSchema } from '@sinclair/typebox';
import type { Actor } from '../../domain/actor.js';
import type { App, Services } from '../../http/context.js';
import type { Queryable } from '../../store/db.js';
import type { Page } from '../../store/list-query.js';
import { errors, LIST_LIMIT } from './schema.js';

/** A CertoPay list route: GET `path` answers a bare array of the newest LIST_LIMIT objects, as CertoPay does. */
export interface BareList<T> {
  path: string;
  operationId: string;
  tag: string;
  /** The objects' plural, for the summary: "orders". */
  noun: string;
  item: TSchema;
  list(db: Queryable, actor: Actor, page: Page): Promise<T[]>;
  render(object: T): unknown;
}

export function registerBareList<T>(app: App, services: Services, route: BareList<T>) {
  app.get(
    route.path,
    {
      schema: {
        operationId: route.operationId,
        tags: [route.tag],
        summary: `List ${route.noun}, newest first`,
        description: `A bare array, as CertoPay answers; at most the ${LIST_LIMIT} newest (CertoPay documents no paging).`,
        response: { 200: Type.Array(route.item), ...errors(401, 429) },
      },
    },
    async (req) => (await route.list(services.db, req.actor, { limit: LIST_LIMIT })).map(route.render),
  );
}
