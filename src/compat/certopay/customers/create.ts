import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { isValidCpf } from '../../../domain/tax-id.js';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createCustomer } from '../../../services/customers.js';
import { CertoPayCustomer, customerJson, errors, TAG_CUSTOMERS } from '../schema.js';

export default function registerCreateCustomer(app: App, services: Services) {
  app.post(
    '/api/customers',
    {
      schema: {
        operationId: 'createCustomer',
        tags: [TAG_CUSTOMERS],
        summary: 'Register a customer',
        body: Type.Object({
          name: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.String({ format: 'email', maxLength: 254 }),
          document: Type.String({ maxLength: 64, description: 'CPF: 11 digits, no punctuation, valid check digits' }),
          phone: Type.Optional(Type.String({ maxLength: 40, description: 'As the client writes it, e.g. "(11) 99999-9999"' })),
        }),
        response: { 201: CertoPayCustomer, ...errors(400, 401, 429) },
      },
    },
    (req, reply) => {
      const { name, email, document, phone } = req.body;
      if (!isValidCpf(document)) throw AppError.invalidField('document', 'invalid_tax_id', 'must be a valid CPF (11 digits, no punctuation)');
      return sendWrite(services, req, reply, async (tx) => {
        const { object } = await createCustomer(tx, services.clock, req.actor, { name, email, phone, tax_id: { type: 'br_cpf', value: document } });
        return { status: 201, body: JSON.stringify(customerJson(object)) };
      });
    },
  );
}
