import { Type } from '@sinclair/typebox';
import type { Actor } from '../../../domain/actor.js';
import { AppError } from '../../../domain/errors.js';
import { MAX_AMOUNT, parseDecimalAmount, requireCurrency } from '../../../domain/money.js';
import { amountDue } from '../../../domain/order-money.js';
import type { Order } from '../../../domain/orders.js';
import type { Payment } from '../../../domain/payments.js';
import type { App, Services } from '../../../http/context.js';
import { sendPreparedGroupedWrite } from '../../../http/write.js';
import { planFaceOrder } from '../../../services/face-orders.js';
import { getOrder, type PlannedOrder } from '../../../services/orders.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { discardPayment, groupedPaymentRecord, groupedPlannedOrderPayment, startPaymentOf, type StartedPayment } from '../../../services/payments.js';
import { bindObject, bool, decimal, int64, invalid, modelSchema, object, text, type Bound, type Model } from '../binding.js';
import { amountOf, checkRedirectUrl, SHOPPER, type PaybyrdAttributes } from '../order-request.js';
import { errors, Money, TAG_TRANSACTIONS } from '../schema.js';
import { PAYBYRD_CARD, paybyrdCardTerms, paybyrdPaymentAnswer, withPaybyrdCardFields, type PaybyrdCard } from './card.js';

const PAYMENT: Model = {
  type: text(40),
  orderId: text(64),
  isoAmount: int64(1, MAX_AMOUNT),
  amount: decimal,
  currency: text(10),
  orderRef: text(200),
  redirectUrl: text(2000),
  isPreAuth: bool,
  card: object(PAYBYRD_CARD),
  shopper: object(SHOPPER),
};

interface PaybyrdPayment {
  type?: string;
  orderId?: string;
  isoAmount?: number;
  amount?: string;
  currency?: string;
  orderRef?: string;
  redirectUrl?: string;
  isPreAuth?: boolean;
  card?: PaybyrdCard;
  shopper?: Bound;
}

/**
 * Paybyrd's server-to-server payment, for cards (the one `type` of it Payorders has a rail for). Paybyrd
 * keeps a payment apart from its orders; here every payment pays an order: the one `orderId` names (its
 * amount, when sent, must be what the order still owes), or, without `orderId`, a new order of `isoAmount`
 * (or the legacy decimal `amount`), `currency` and `orderRef` made with it, both written together or not
 * at all. The acquirer is asked before the transaction, as /v1's payments are; a charge that ends up not
 * recorded is undone there. Idempotency-Key is honoured as on /v1.
 */
export default function registerCreatePayment(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/api/v2/payment',
    {
      schema: {
        operationId: 'api-payments-create',
        tags: [TAG_TRANSACTIONS],
        summary: 'Create Payment',
        description:
          '`type` Card, with `card` (number, expiration "MM/YY", cvv, holder) or `card.tokenId` (a tok_… card token or a pm_… saved card); ' +
          '`isPreAuth` holds the amount for POST /api/v2/capture/{transactionId}. Pays the order `orderId` names, or a new order of ' +
          '`isoAmount`/`amount`, `currency` and `orderRef`. 200 with `transactionId`: code BYRD200 approved, BYRD207 with `action.url` ' +
          'when the payer must pass 3-D Secure (the shopper returns to `redirectUrl`), BYRD205 denied, BYRD203 when the acquirer did not answer ' +
          '(query the transaction). Another `type` is 400 BYRD292.',
        body: modelSchema(PAYMENT, 'Payment'),
        response: {
          200: Type.Object(
            {
              type: Type.Literal('Card'),
              transactionId: Type.String({ format: 'uuid' }),
              orderId: Type.String({ format: 'uuid', description: 'The order it pays' }),
              orderRef: Type.Union([Type.String(), Type.Null()]),
              ...Money,
              currency: Type.String(),
              isPreAuth: Type.Boolean(),
              status: Type.String({ description: 'As the transaction query says it: Success, Processing, Denied' }),
              brand: Type.String(),
              fingerprint: Type.String(),
              card: Type.Object({ number: Type.String({ description: 'Masked: the last 4 digits' }), expiration: Type.String(), holder: Type.Union([Type.String(), Type.Null()]) }),
              action: Type.Optional(Type.Object({ type: Type.Literal('redirect'), url: Type.String({ description: 'The 3-D Secure challenge' }) })),
              acquirerResponseCode: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              acquirerResponseMessage: Type.Optional(Type.Union([Type.String(), Type.Null()])),
              code: Type.String(),
              description: Type.String(),
            },
            { additionalProperties: true },
          ),
          ...errors(400, 401, 404, 409, 429, 503),
        },
      },
    },
    (req, reply) => {
      const body = bindObject(PAYMENT, req.body ?? {}) as PaybyrdPayment;
      if (body.type === undefined) throw invalid('type', 'missing', 'is required');
      if (body.type.toLowerCase() !== 'card') throw new AppError('payment_method_not_configured', `Payments of type ${body.type} are not available: only Card`);
      const card = body.card;
      if (!card) throw invalid('card', 'missing', 'is required for a Card payment');
      const returnUrl = body.redirectUrl === undefined ? undefined : checkRedirectUrl(body.redirectUrl, 'redirectUrl');
      // An Idempotency-Key's record keeps a hash of the request: it is taken without the card's number, expiry
      // and CVV (its last 4 stand for them), so nothing of a card is kept there (POST /v1/tokens keeps none).
      req.body = { ...body, card: { holder: card.holder, tokenId: card.tokenId, last4: card.number?.slice(-4) } };
      const answer = (payment: Payment, order: Order) => ({ status: 200, body: JSON.stringify(paybyrdPaymentAnswer(payment, order, card.holder)) });
      const startOn = async (order: Order) => {
        const terms = await paybyrdCardTerms(services.db, deps, req.actor, card, { isPreAuth: body.isPreAuth ?? false, returnUrl, clientAddress: req.ip });
        return startPaymentOf(services.db, deps, req.actor, order, 'card', { card: terms }).catch((error: unknown) => {
          throw withPaybyrdCardFields(error);
        });
      };
      const discard = ({ started }: { started: StartedPayment }) => discardPayment(services.db, deps, started);
      if (body.orderId !== undefined) {
        return sendPreparedGroupedWrite(
          services,
          req,
          reply,
          async () => {
            const order = await orderToPay(services, req.actor, body);
            return { order, started: await startOn(order) };
          },
          ({ order, started }) => groupedPaymentRecord(deps, req.actor, started, ({ object }) => answer(object, order)),
          discard,
        );
      }
      return sendPreparedGroupedWrite(
        services,
        req,
        reply,
        async () => {
          const planned = await newOrder(services, req.actor, body, returnUrl);
          return { planned, started: await startOn(planned.object) };
        },
        ({ planned, started }) => groupedPlannedOrderPayment(deps, req.actor, planned, started, ({ order, payment }) => answer(payment, order)),
        discard,
      );
    },
  );
}

/** The order `orderId` names; an amount or currency sent must be what it still owes. */
async function orderToPay(services: Services, actor: Actor, body: PaybyrdPayment): Promise<Order> {
  const order = await getOrder(services.db, actor, body.orderId!);
  if (body.currency !== undefined && body.currency.toUpperCase() !== order.currency) {
    throw invalid('currency', 'currency_mismatch', `must be ${order.currency}, the order's currency`);
  }
  const due = amountDue(order);
  const param = body.isoAmount !== undefined ? 'isoAmount' : 'amount';
  const amount = body.isoAmount ?? (body.amount === undefined ? undefined : parseDecimalAmount(body.amount, order.currency, 'amount'));
  if (amount !== undefined && due > 0 && amount !== due) throw invalid(param, 'amount_mismatch', `must be what the order still owes: ${due} in minor units`);
  return order;
}

/** The order a payment without `orderId` pays, planned here and written with the payment. */
async function newOrder(services: Services, actor: Actor, body: PaybyrdPayment, returnUrl: string | undefined): Promise<PlannedOrder> {
  if (body.currency === undefined) throw invalid('currency', 'missing', 'is required (or orderId)');
  const currency = requireCurrency(body.currency, 'currency');
  if (body.orderRef === undefined || body.orderRef === '') throw invalid('orderRef', 'missing', 'is required (or orderId)');
  const attributes: PaybyrdAttributes = body.shopper ? { shopper: body.shopper } : {};
  const input = { amount: amountOf(body, currency), currency, reference: body.orderRef, payment_methods: ['card' as const], redirect_url: returnUrl };
  return planFaceOrder(services.db, services.clock, actor, input, { face: 'paybyrd', attributes });
}
