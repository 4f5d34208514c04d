import { Type, type TSchema } from '@sinclair/typebox';
import { StringEnum } from '../../http/schemas.js';
import { BYRD } from './codes.js';
import { decimalAmount } from './order-view.js';
import { PAYBYRD_ORDER_STATUS, PAYBYRD_TRANSACTION_STATUS } from './status.js';

/** Schemas shared by the Paybyrd routes, for their OpenAPI document; each route keeps its request schema beside it. */

export const TAG_ORDERS = 'Orders';
export const TAG_TRANSACTIONS = 'Transactions';

const open = (description: string) => Type.Object({}, { additionalProperties: true, description });
const Code = StringEnum(Object.keys(BYRD) as [string, ...string[]]);

export const PaybyrdErrorBody = Type.Object(
  {
    code: Code,
    description: Type.String(),
    message: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { description: "Paybyrd's answer: its return code and description, what went wrong, and each invalid field" },
);

export function errors(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, PaybyrdErrorBody]));
}

const orderFields = {
  orderId: Type.String({ format: 'uuid' }),
  orderDate: Type.String({ description: 'UTC, to the second' }),
  expiresAt: Type.Optional(Type.String({ description: 'orderDate + orderOptions.expiresIn + paymentOptions.sessionExpiresIn' })),
  checkoutUrl: Type.String({ description: "The order's hosted checkout page" }),
  checkoutKey: Type.String({ description: 'The key in checkoutUrl' }),
  status: StringEnum([...new Set(Object.values(PAYBYRD_ORDER_STATUS))] as [string, ...string[]]),
  isoAmount: Type.Integer({ description: 'Minor units' }),
  amount: Type.String({ description: 'Major units, e.g. "50.00"' }),
  currency: Type.String(),
  orderRef: Type.Union([Type.String(), Type.Null()]),
  shopper: Type.Optional(open('As sent, with a shopperId')),
  shoppingCart: Type.Optional(Type.Array(open('Product, Travel or TravelWithStay item'))),
  orderOptions: open('redirectUrl, culture, expiresIn, notifyBy, checkoutVersion as sent'),
  paymentOptions: Type.Optional(open('maxAttempts, sessionExpiresIn, allowedPaymentMethods, cardOptions, tokenOptions as sent')),
  metadata: Type.Optional(open('As sent')),
};

export const PaybyrdOrder = Type.Object({ ...orderFields, code: Code, description: Type.String() }, { additionalProperties: true });

export const PaybyrdTransaction = Type.Object({
  transactionId: Type.String({ format: 'uuid' }),
  status: StringEnum([...new Set(Object.values(PAYBYRD_TRANSACTION_STATUS))] as [string, ...string[]]),
  isoAmount: Type.Integer(),
  amount: Type.String(),
  currency: Type.String(),
  paymentMethod: Type.String(),
  operationType: Type.Literal('Payment'),
  createdDate: Type.String(),
});

export const PaybyrdOrderDetail = Type.Object(
  {
    ...orderFields,
    refundedAmount: Type.String(),
    isoRefundedAmount: Type.Integer(),
    canceledDate: Type.Union([Type.String(), Type.Null()]),
    lastTransactionId: Type.Union([Type.String(), Type.Null()]),
    transactions: Type.Array(PaybyrdTransaction),
    code: Code,
    description: Type.String(),
  },
  { additionalProperties: true },
);

export const OrderIdParams = Type.Object({
  orderId: Type.String({ minLength: 1, maxLength: 64, description: 'The orderId (a GUID; the /v1 ord_… spelling works too)' }),
});

export const PaybyrdTransactionDetail = Type.Object({
  ...PaybyrdTransaction.properties,
  orderId: Type.String({ format: 'uuid' }),
  orderRef: Type.Union([Type.String(), Type.Null()]),
  brand: Type.String(),
  transactionDate: Type.Union([Type.String(), Type.Null()], { description: 'When the money arrived' }),
  referencedTransactions: Type.Array(Type.String()),
  code: Code,
  description: Type.String(),
});

export const TransactionIdParams = Type.Object({
  transactionId: Type.String({ minLength: 1, maxLength: 64, description: 'The transactionId (a GUID; the /v1 pay_… spelling works too)' }),
});

/** An amount as Paybyrd answers it: the decimal `amount` in major units beside `isoAmount` in minor units. */
export const money = (minor: number, currency: string) => ({ amount: decimalAmount(minor, currency), isoAmount: minor });
export const Money = { amount: Type.String({ description: 'Major units, e.g. "10.00"' }), isoAmount: Type.Integer({ description: 'Minor units' }) };
