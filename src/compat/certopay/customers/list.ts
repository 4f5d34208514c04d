import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listCustomers } from '../../../services/customers.js';
import { CertoPayCustomer, customerJson, errors, LIST_LIMIT, TAG_CUSTOMERS } from '../schema.js';

export default function registerListCustomers(app: App, services: Services) {
  app.get(
    '/api/customers',
    {
      schema: {
        operationId: 'listCustomers',
        tags: [TAG_CUSTOMERS],
        summary: 'List customers, newest first',
        description: `A bare array, as CertoPay answers; at most the ${LIST_LIMIT} newest (CertoPay documents no paging).`,
        response: { 200: Type.Array(CertoPayCustomer), ...errors(401, 429) },
      },
    },
    async (req) => (await listCustomers(services.db, req.actor, {}, { limit: LIST_LIMIT })).map(customerJson),
  );
}
