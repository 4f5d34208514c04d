import type { App, Services } from '../../context.js';
import { IdParams, NoQuery, problems } from '../../schemas.js';
import { getCustomer } from '../../../services/customers.js';
import { customerView } from '../../../services/views.js';
import { Customer } from './schema.js';

export default function registerRetrieveCustomer(app: App, services: Services) {
  app.get(
    '/v1/customers/:id',
    {
      schema: {
        operationId: 'retrieveCustomer',
        tags: ['Customers'],
        summary: 'Retrieve a customer',
        params: IdParams,
        querystring: NoQuery,
        response: { 200: Customer, ...problems(400, 401, 404, 429) },
      },
    },
    async (req) => customerView(await getCustomer(services.db, req.actor, req.params.id)),
  );
}
