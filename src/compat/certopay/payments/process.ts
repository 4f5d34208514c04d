import { Type } from '@sinclair/typebox';
import { AppError } from '../../../domain/errors.js';
import { MAX_AMOUNT } from '../../../domain/money.js';
import { amountDue } from '../../../domain/order-money.js';
import type { PaymentMethod } from '../../../domain/orders.js';
import { isValidCpf } from '../../../domain/tax-id.js';
import type { App, Services } from '../../../http/context.js';
import { sendPreparedGroupedWrite } from '../../../http/write.js';
import { getOrder } from '../../../services/orders.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { discardPayment, groupedPaymentRecord, startPayment } from '../../../services/payments.js';
import { CertoPayTransaction, errors, TAG_PAYMENTS, transactionJson } from '../schema.js';
import { CertoPayCard, certoPayCardTerms, tokenizeCertoPayCard } from './card.js';

const METHODS: Record<string, PaymentMethod> = { PIX: 'pix', BOLETO: 'boleto', CARD: 'card', CREDIT_CARD: 'card' };

const BRAZILIAN_STATES = new Set('AC AL AP AM BA CE DF ES GO MA MT MS MG PA PB PR PE PI RJ RN RS RO RR SC SP SE TO'.split(' '));
const CEP = /^\d{5}-?\d{3}$/;

const address = Type.Object({
  postal_code: Type.String({ maxLength: 16, description: 'CEP: 8 digits, "01310100" or "01310-100"' }),
  street: Type.String({ minLength: 1, maxLength: 200 }),
  number: Type.String({ minLength: 1, maxLength: 20 }),
  neighborhood: Type.String({ minLength: 1, maxLength: 100 }),
  city: Type.String({ minLength: 1, maxLength: 100 }),
  state: Type.String({ maxLength: 2, description: 'UF, two capital letters: SP, RJ, …' }),
});

const body = Type.Object({
  orderId: Type.String({ minLength: 1, maxLength: 64, description: 'The order\'s UUID, from POST /api/orders' }),
  method: Type.String({ maxLength: 20, description: 'PIX, BOLETO, or CARD (CREDIT_CARD is the same)' }),
  amount: Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Centavos: what the order still owes' }),
  buyerDoc: Type.String({ maxLength: 64, description: 'The buyer\'s CPF: 11 digits, no punctuation' }),
  buyerCellNumber: Type.Optional(Type.String({ maxLength: 40 })),
  buyerAddress: Type.Optional(address),
  cardToken: Type.Optional(Type.String({ maxLength: 64, description: 'CARD: a token from /api/payment-gateway/tokenize-card (pays once)' })),
  card: Type.Optional(CertoPayCard),
  installments: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'CARD: 1 to 12 (default 1)' })),
});

/**
 * CertoPay's one payment endpoint: validates the request as CertoPay does (CPF, CEP, UF; an address is
 * required for a boleto, whose payer must be identified), then starts a payment of the order on the
 * merchant's Pix, boleto or card rail. The amount must be what the order still owes. A card is charged at
 * once (authorised and captured: CAPTURED, or REFUSED with the decline), from a cardToken or from the raw
 * card, tokenized first. Idempotency-Key is honoured for 24 hours (PAYORDERS_IDEMPOTENCY_RETENTION_HOURS)
 * with /v1's records: a retry answers the first response.
 */
export default function registerProcessPayment(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/payment-gateway/process',
    {
      schema: {
        operationId: 'processPayment',
        tags: [TAG_PAYMENTS],
        summary: 'Charge an order by Pix, boleto or card',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ description: 'Any unique string (a UUIDv4); 24 h' })) }),
        body,
        response: { 200: CertoPayTransaction, ...errors(400, 401, 402, 404, 409, 422, 429, 503) },
      },
    },
    (req, reply) => {
      const { orderId, amount, buyerDoc, buyerAddress, cardToken, card, installments } = req.body;
      if (!(req.body.method in METHODS)) throw AppError.invalidField('method', 'not_allowed', `must be one of: ${Object.keys(METHODS).join(', ')}`);
      if (!isValidCpf(buyerDoc)) throw AppError.invalidField('buyerDoc', 'invalid_tax_id', 'must be a valid CPF (11 digits, no punctuation)');
      if (buyerAddress) checkAddress(buyerAddress);
      const method = METHODS[req.body.method]!;
      if (method === 'boleto' && !buyerAddress) throw AppError.invalidField('buyerAddress', 'missing', 'is required for BOLETO');
      checkCardTerms(method, req.body);
      return sendPreparedGroupedWrite(
        services,
        req,
        reply,
        async () => {
          const order = await getOrder(services.db, req.actor, orderId);
          const due = amountDue(order);
          if (due > 0 && amount !== due) throw AppError.invalidField('amount', 'amount_mismatch', `must be ${due}, what the order still owes (centavos)`);
          if (method !== 'card') return startPayment(services.db, deps, req.actor, order.id, method);
          const token = cardToken ?? (await tokenizeCertoPayCard(services.db, deps, req.actor, card!, req.ip)).id;
          return startPayment(services.db, deps, req.actor, order.id, method, { card: certoPayCardTerms(token, installments, req.ip) });
        },
        (started) => groupedPaymentRecord(deps, req.actor, started, ({ object }) => ({ status: 200, body: JSON.stringify(transactionJson(services.config, object)) })),
        (started) => discardPayment(services.db, deps, started),
      );
    },
  );
}

/** A card payment names its card one way; the card fields are for CARD only. */
function checkCardTerms(method: PaymentMethod, body: { cardToken?: string; card?: unknown; installments?: number }) {
  if (method !== 'card') {
    const given = (['cardToken', 'card', 'installments'] as const).find((name) => body[name] !== undefined);
    if (given) throw AppError.invalidField(given, 'card_only', 'is for CARD payments');
    return;
  }
  if ((body.cardToken === undefined) === (body.card === undefined)) throw AppError.invalidField('cardToken', 'missing', 'or card (the raw card data) is required for CARD, not both');
}

function checkAddress(address: { postal_code: string; state: string }) {
  if (!CEP.test(address.postal_code) || /^0{5}-?0{3}$/.test(address.postal_code)) {
    throw AppError.invalidField('buyerAddress.postal_code', 'invalid', 'must be a CEP of 8 digits');
  }
  if (!BRAZILIAN_STATES.has(address.state)) throw AppError.invalidField('buyerAddress.state', 'invalid', 'must be a Brazilian state (UF), e.g. SP');
}
