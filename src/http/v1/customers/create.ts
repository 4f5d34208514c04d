import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { Metadata, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { createCustomer } from '../../../services/customers.js';
import { Customer, customerFields } from './schema.js';

export default function registerCreateCustomer(app: App, services: Services) {
  app.post(
    '/v1/customers',
    {
      schema: {
        operationId: 'createCustomer',
        tags: ['Customers'],
        summary: 'Create a customer',
        body: Type.Object({ ...customerFields, metadata: Type.Optional(Metadata) }, { additionalProperties: false }),
        response: { 201: Customer, ...problems(...WRITE_PROBLEMS) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { json } = await createCustomer(tx, services.clock, req.actor, req.body);
        return { status: 201, body: json };
      }),
  );
}
