import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromQuery } from '../../write.js';
import { listCustomers } from '../../../services/customers.js';
import { customerView } from '../../../services/views.js';
import { Customer } from './schema.js';

export default function registerListCustomers(app: App, services: Services) {
  app.get(
    '/v1/customers',
    {
      schema: {
        operationId: 'listCustomers',
        tags: ['Customers'],
        summary: 'List customers, newest first',
        querystring: Type.Object({ ...PageQuery, email: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })) }, { additionalProperties: false }),
        response: { 200: listOf(Customer), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = pageFromQuery('customer', req.query);
      const rows = await listCustomers(services.db, req.actor, { email: req.query.email, ...createdRange(req.query) }, page);
      return listBody(req, rows, page, customerView);
    },
  );
}
