import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { getCustomer } from '../../../services/customers.js';
import { fromGlomopayId } from '../../../domain/glomopay-ids.js';
import { errors } from '../schema.js';
import { customerJson, GlomopayCustomer, TAG_CUSTOMERS } from './schema.js';

export default function registerRetrieveCustomer(app: App, services: Services) {
  app.get(
    '/api/v1/customers/:id',
    {
      schema: {
        operationId: 'getcustomerbyid',
        tags: [TAG_CUSTOMERS],
        summary: 'Get a customer',
        description: "An id that does not start with 'cust_' is a 400; an unknown one, or another merchant's or mode's, a 404.",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'cust_…' }) }),
        response: { 200: GlomopayCustomer, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const uuid = fromGlomopayId('customer', req.params.id);
      if (!uuid) throw new AppError('resource_missing', 'Customer not found');
      return customerJson(await getCustomer(services.db, req.actor, uuid));
    },
  );
}
