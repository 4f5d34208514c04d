import { Type } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { Customer } from '../../domain/customers.js';
import type { Order } from '../../domain/orders.js';
import type { Payment } from '../../domain/payments.js';
import { nestErrors } from '../nest-errors.js';
import { CARD_PAYMENT_STATUSES, METHOD_WORDS, ORDER_STATUSES, PAYMENT_STATUSES } from './statuses.js';

/** Schemas and renderings shared by the CertoPay routes; each route keeps its request schema beside it. */

/** CertoPay's lists are bare arrays without paging: the newest this many. */
export const LIST_LIMIT = 100;

export const TAG_CUSTOMERS = 'Customers';
export const TAG_ORDERS = 'Orders';
export const TAG_PAYMENTS = 'Payments';

/** The error responses a route documents, all NestJS bodies. */
export const errors = nestErrors;

export const UuidParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, description: 'The UUID (a Payorders id in its /v1 spelling works too)' }),
});

export const CertoPayCustomer = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  document: Type.Union([Type.String(), Type.Null()], { description: 'CPF, 11 digits' }),
  phone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const CertoPayOrder = Type.Object({
  id: Type.String({ format: 'uuid' }),
  customerId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null for an order made without a customer (through /v1)' }),
  amount: Type.Integer({ description: 'Centavos' }),
  status: Type.Unsafe<string>({ type: 'string', enum: ['PENDING', 'PAID', 'CANCELLED', 'EXPIRED'] }),
  createdAt: Type.String({ format: 'date-time' }),
});

export function customerJson(customer: Customer) {
  return {
    id: customer.id,
    name: customer.name,
    email: customer.email,
    document: customer.taxId?.value ?? null,
    phone: customer.phone,
    createdAt: customer.createdAt.toISOString(),
  };
}

export function orderJson(order: Order) {
  return {
    id: order.id,
    customerId: order.customerId,
    amount: order.amount,
    status: ORDER_STATUSES[order.status],
    createdAt: order.createdAt.toISOString(),
  };
}

export const CertoPayTransaction = Type.Object({
  transactionId: Type.String({ format: 'uuid' }),
  orderId: Type.String({ format: 'uuid' }),
  status: Type.Unsafe<string>({ type: 'string', enum: [...new Set([...Object.values(PAYMENT_STATUSES), ...Object.values(CARD_PAYMENT_STATUSES)])] }),
  method: Type.String({ description: 'PIX, BOLETO or CARD' }),
  amount: Type.Integer({ description: 'Centavos' }),
  createdAt: Type.String({ format: 'date-time' }),
  paidAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  pix: Type.Optional(
    Type.Object({
      emv: Type.String({ description: 'The Pix copia e cola (BR Code) text' }),
      qrCodeUrl: Type.String({ description: 'PNG of the QR code; fetch it with your X-Api-Key' }),
      expiresAt: Type.String({ format: 'date-time' }),
    }),
  ),
  boleto: Type.Optional(
    Type.Object({
      barcode: Type.String({ description: '44 digits' }),
      digitableLine: Type.String({ description: 'Linha digitável: 47 digits, no punctuation' }),
      pdfUrl: Type.String({ description: 'The printable slip; fetch it with your X-Api-Key' }),
      dueDate: Type.String({ description: 'YYYY-MM-DD' }),
    }),
  ),
  card: Type.Optional(
    Type.Object({
      brand: Type.String(),
      lastFourDigits: Type.String(),
      installments: Type.Integer(),
      declineCode: Type.Union([Type.String(), Type.Null()], { description: 'REFUSED: insufficient_funds, expired_card, incorrect_cvc, card_declined, processing_error' }),
      challengeUrl: Type.Union([Type.String(), Type.Null()], { description: 'PENDING: the 3-D Secure challenge the buyer must pass' }),
    }),
  ),
});

/** A payment as CertoPay's transaction: the Pix or boleto instructions under `pix` or `boleto`. */
export function transactionJson(config: Config, payment: Payment) {
  const documents = `${config.publicBaseUrl}${config.faces.certopay.prefix}/api/transactions/${payment.id}`;
  const instructions = (payment.instructions ?? {}) as Record<string, string>;
  return {
    transactionId: payment.id,
    orderId: payment.orderId,
    status: (payment.method === 'card' ? CARD_PAYMENT_STATUSES : PAYMENT_STATUSES)[payment.status],
    method: METHOD_WORDS[payment.method] ?? payment.method.toUpperCase(),
    amount: payment.amount,
    createdAt: payment.createdAt.toISOString(),
    paidAt: payment.succeededAt?.toISOString() ?? null,
    ...(instructions.type === 'pix'
      ? { pix: { emv: instructions.emv!, qrCodeUrl: `${documents}/qr.png`, expiresAt: instructions.expires_at! } }
      : instructions.type === 'boleto'
        ? { boleto: { barcode: instructions.barcode!, digitableLine: instructions.digitable_line!, pdfUrl: `${documents}/boleto.pdf`, dueDate: instructions.due_date! } }
        : payment.method === 'card'
          ? { card: cardJson(payment) }
          : {}),
  };
}

function cardJson(payment: Payment) {
  const terms = payment.providerMetadata as { card?: { brand: string; last4: string }; installments?: number };
  const challenge = payment.status === 'requires_action' ? (payment.instructions?.next_action as { url?: string } | undefined)?.url : undefined;
  return {
    brand: terms.card?.brand ?? '',
    lastFourDigits: terms.card?.last4 ?? '',
    installments: terms.installments ?? 1,
    declineCode: payment.status === 'failed' ? payment.failureCode : null,
    challengeUrl: challenge ?? null,
  };
}
