import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, MetadataUpdate, Nullable, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { updateCustomer } from '../../../services/customers.js';
import { Customer, customerFields } from './schema.js';

export default function registerUpdateCustomer(app: App, services: Services) {
  app.post(
    '/v1/customers/:id',
    {
      schema: {
        operationId: 'updateCustomer',
        tags: ['Customers'],
        summary: 'Update a customer; fields not sent stay as they are, null clears one',
        description:
          '`"metadata": null` removes every key. An update that changes nothing writes nothing (no event, the same updated_at); ' +
          "`customer.updated` carries the changed fields' previous values in `previous_attributes`.",
        params: IdParams,
        body: Type.Object({ ...customerFields, metadata: Type.Optional(Nullable(MetadataUpdate)) }, { additionalProperties: false, examples: [{ email: 'ana.souza@example.com', metadata: { crm_id: null } }] }),
        response: { 200: Customer, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const { json } = await updateCustomer(tx, services.clock, req.actor, req.params.id, req.body);
        return { status: 200, body: json };
      }),
  );
}
