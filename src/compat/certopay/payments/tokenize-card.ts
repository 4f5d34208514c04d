import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { isValidCpf } from '../../../domain/tax-id.js';
import type { App, Services } from '../../../http/context.js';
import { getCustomer } from '../../../services/customers.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { errors, TAG_PAYMENTS } from '../schema.js';
import { CertoPayCard, tokenizeCertoPayCard } from './card.js';

const body = Type.Object({
  customerId: Type.String({ minLength: 1, maxLength: 64, description: "The customer's UUID, from POST /api/customers" }),
  cpf: Type.String({ maxLength: 64, description: "The card holder's CPF: 11 digits, no punctuation" }),
  ...CertoPayCard.properties,
  birthDate: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
  phone: Type.Optional(Type.String({ maxLength: 40 })),
  billingAddress: Type.Optional(Type.Record(Type.String({ maxLength: 40 }), Type.Unknown())),
});

/**
 * CertoPay's tokenize-card: the card goes to the acquirer (the sandbox's test cards, or the real one in live mode)
 * and only what may be shown is kept; the answer's cardToken pays one CARD payment. Unlike CertoPay's, it lasts
 * PAYORDERS_CARD_TOKEN_MINUTES (15) and pays once (the compatibility table says so).
 */
export default function registerTokenizeCard(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/payment-gateway/tokenize-card',
    {
      schema: {
        operationId: 'tokenizeCard',
        tags: [TAG_PAYMENTS],
        summary: 'Tokenize a card for one CARD payment',
        body,
        response: {
          200: Type.Object({
            cardToken: Type.String({ description: 'Send it as cardToken to /api/payment-gateway/process (once)' }),
            brand: Type.String(),
            lastFourDigits: Type.String(),
            expiresAt: Type.String({ format: 'date-time' }),
          }),
          ...errors(400, 401, 402, 404, 422, 429, 503),
        },
      },
    },
    async (req) => {
      if (!isValidCpf(req.body.cpf)) throw AppError.invalidField('cpf', 'invalid_tax_id', 'must be a valid CPF (11 digits, no punctuation)');
      if (req.body.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(req.body.birthDate)) throw AppError.invalidField('birthDate', 'invalid', 'must be YYYY-MM-DD');
      await getCustomer(services.db, req.actor, req.body.customerId).catch((error: unknown) => {
        throw error instanceof AppError && error.code === 'resource_missing' ? new AppError('resource_missing', 'Customer not found') : error;
      });
      const token = await tokenizeCertoPayCard(services.db, deps, req.actor, req.body, req.ip);
      return { cardToken: token.id, brand: token.brand, lastFourDigits: token.last4, expiresAt: token.expiresAt.toISOString() };
    },
  );
}
