import { Type, type Static } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../../domain/errors.js';
import { encodeId } from '../../../domain/ids.js';
import type { Payment } from '../../../domain/payments.js';
import type { CardPaymentOptions } from '../../../services/cards.js';
import { pathOf } from '../../routing.js';
import { toProblem } from '../../problem.js';
import { StringEnum } from '../../schemas.js';

/** The card terms of POST /v1/orders/{id}/payments, beside its method and currency. */
export const cardPaymentFields = {
  token: Type.Optional(Type.String({ maxLength: 64, description: 'card: tok_… from POST /v1/tokens (pays once)' })),
  payment_method: Type.Optional(Type.String({ maxLength: 64, description: 'card: a saved card, pm_…' })),
  capture_method: Type.Optional(StringEnum(['automatic', 'manual'] as const, { description: 'card: automatic (default) charges now; manual authorises only (a pre-authorisation)' })),
  installments: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'card: 1-12, BRL orders only (default 1)' })),
  save_payment_method: Type.Optional(StringEnum(['on_session', 'off_session'] as const, { description: "card: save the token's card (on_session: card on file; off_session: for merchant-initiated payments)" })),
  payment_method_reference: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "card: what the saved card is listed by (GET /v1/payment_methods?reference=…); default the order's reference" })),
  merchant_initiated: Type.Optional(Type.Boolean({ description: 'card, with payment_method: no payer present (a subscription charge); no 3-D Secure unless the card demands it' })),
};

type CardTerms = Static<ReturnType<typeof Type.Object<typeof cardPaymentFields>>>;

/** The card terms of the body, or undefined for another method (which may send none). */
export function cardPaymentOptions(body: CardTerms & { method: string }, clientAddress: string): CardPaymentOptions | undefined {
  const given = Object.keys(cardPaymentFields).find((name) => body[name as keyof typeof cardPaymentFields] !== undefined);
  if (body.method !== 'card') {
    if (given) throw AppError.invalidField(`/${given}`, 'card_only', `is for card payments, not ${body.method}`);
    return undefined;
  }
  return {
    token: body.token,
    paymentMethod: body.payment_method,
    captureMethod: body.capture_method,
    installments: body.installments,
    savePaymentMethod: body.save_payment_method,
    paymentMethodReference: body.payment_method_reference,
    merchantInitiated: body.merchant_initiated,
    clientAddress,
  };
}

/** A declined card payment is recorded (it counts as an attempt) and answered as a 402 problem naming it. */
export function declinedCardProblem(payment: Payment, req: FastifyRequest): { status: number; body: string } | null {
  if (payment.method !== 'card' || payment.status !== 'failed') return null;
  const code = payment.failureCode ?? 'card_declined';
  const problem = toProblem(new AppError('card_declined', payment.failureMessage ?? 'The card was declined', [], {}, 0, { decline_code: code }), pathOf(req.url), req.id);
  return { status: problem.status, body: JSON.stringify({ ...problem.body, payment: encodeId('payment', payment.id) }) };
}
