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
        description:
          "A customer is placed like an order. A store or branch user's customers land in its own store or branch (a store " +
          'user may name a `branch` of its store); an owner or API key may name a `store` or `branch`, or neither: the customer ' +
          'is then merchant-wide, seen by owners and API keys only. Store and branch users see the customers placed in their ' +
          'store or branch and those attached to its orders; any other answers 404.',
        body: Type.Object(
          {
            ...customerFields,
            metadata: Type.Optional(Metadata),
            store: Type.Optional(Type.String({ maxLength: 64, description: 'sto_…: the store to place the customer in' })),
            branch: Type.Optional(Type.String({ maxLength: 64, description: 'bra_…: the branch to place the customer in (its store follows)' })),
          },
          {
            additionalProperties: false,
            examples: [{ name: 'Ana Souza', email: 'ana@example.com', phone: '+5521977776666', tax_id: { type: 'br_cpf', value: '529.982.247-25' }, metadata: { crm_id: '8812' } }],
          },
        ),
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
