import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listCustomersByPage } from '../../../services/customers.js';
import { PagedList, pageAsked, pagedList, PagingQuery } from '../paging.js';
import { errors } from '../schema.js';
import { customerJson, GlomopayCustomer, TAG_CUSTOMERS } from './schema.js';

export default function registerListCustomers(app: App, services: Services) {
  app.get(
    '/api/v1/customers',
    {
      schema: {
        operationId: 'getcustomers',
        tags: [TAG_CUSTOMERS],
        summary: 'List customers, newest first',
        description: "Every customer of the merchant in the key's mode, also those made through /v1; paged as the orders list is.",
        querystring: Type.Object(PagingQuery),
        response: { 200: PagedList(GlomopayCustomer), ...errors(400, 401, 429) },
      },
    },
    async (req) => {
      const asked = pageAsked(req.query);
      const { customers, count } = await listCustomersByPage(services.db, req.actor, asked.page, asked.perPage);
      return pagedList(customers.map(customerJson), asked, count);
    },
  );
}
