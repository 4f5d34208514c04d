import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createCustomer } from '../../../services/customers.js';
import { canonicalMetadata } from '../../metadata.js';
import { Notes } from '../order-request.js';
import { errors } from '../schema.js';
import { customerJson, GlomopayCustomer, TAG_CUSTOMERS } from './schema.js';

/**
 * Glomopay's customers (cust_…), which its orders name in `customer_id`. Glomopay's customer reference was
 * not among the pages the contract was taken from: these are the fields every customer API has (name,
 * email, phone) and `notes` as on orders, our choice; the customer is the same one /v1 has.
 */
export default function registerCreateCustomer(app: App, services: Services) {
  app.post(
    '/api/v1/customers',
    {
      schema: {
        operationId: 'createcustomer',
        tags: [TAG_CUSTOMERS],
        summary: 'Create a customer',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
          notes: Notes,
        }),
        response: { 201: GlomopayCustomer, ...errors(400, 401, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { name, email, phone, notes } = req.body;
        const { object } = await createCustomer(tx, services.clock, req.actor, { name, email, phone, metadata: notes ? canonicalMetadata(notes) : undefined });
        return { status: 201, body: JSON.stringify(customerJson(object)) };
      }),
  );
}
