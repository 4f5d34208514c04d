import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { listOf, PageQuery, problems } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { getCustomer, listCustomers } from '../../../services/customers.js';
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
        querystring: Type.Object(
          {
            ...PageQuery,
            email: Type.Optional(Type.String({ minLength: 1, maxLength: 254, description: 'Only customers with this email, in any case' })),
            tax_id: Type.Optional(
              Type.String({ minLength: 1, maxLength: 64, description: "Only customers with this tax id's value, punctuated or not (123.456.789-09 or 12345678909)" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(Customer), ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const page = await pageFromCursor('customer', req.query, (id) => getCustomer(services.db, req.actor, id));
      const filters = { email: req.query.email, taxId: req.query.tax_id, ...createdRange(req.query) };
      const rows = await listCustomers(services.db, req.actor, filters, page);
      return listBody(req, rows, page, customerView);
    },
  );
}
