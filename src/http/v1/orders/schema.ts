import { Type } from '@sinclair/typebox';
import { ORDER_STATUSES } from '../../../domain/order-status.js';
import { CANCELLATION_REASONS, LINE_ITEM_TYPES, PAYMENT_METHODS, TRAVEL_TYPES } from '../../../domain/orders.js';
import { MAX_AMOUNT } from '../../../domain/money.js';
import { E164_PATTERN, NOTIFY_CHANNELS } from '../../../domain/payer-notifications.js';
import { StringEnum, Livemode, Metadata, Nullable, Timestamp } from '../../schemas.js';

const text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, description });

export const OrderStatus = StringEnum(ORDER_STATUSES);
export const PaymentMethod = StringEnum(PAYMENT_METHODS);
export const CancellationReason = StringEnum(CANCELLATION_REASONS);

export const LineItem = Type.Object(
  {
    type: StringEnum(LINE_ITEM_TYPES),
    description: Type.Optional(text(500)),
    sku: Type.Optional(text(100)),
    quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    unit_amount: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_AMOUNT, description: 'Minor units, per unit' })),
    categories: Type.Optional(Type.Array(text(100), { maxItems: 20 })),
    shipping_method: Type.Optional(text(20)),
    travel: Type.Optional(
      Type.Object(
        {
          travel_type: Type.Optional(StringEnum(TRAVEL_TYPES)),
          departure: Type.Optional(text(10, 'IATA code of the departure airport or station')),
          destination: Type.Optional(text(10, 'IATA code of the destination')),
          destination_country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3' })),
          departure_at: Type.Optional(Timestamp),
          return_at: Type.Optional(Nullable(Timestamp)),
          travelers: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
          carrier: Type.Optional(text(10, 'IATA code of the first carrier')),
          has_insurance: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    stay: Type.Optional(
      Type.Object(
        {
          room_range: Type.Optional(text(100)),
          check_in: Type.Optional(Type.String({ format: 'date' })),
          check_out: Type.Optional(Type.String({ format: 'date' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const Order = Type.Object(
  {
    id: Type.String({ description: 'ord_… (the same id as a UUID is accepted everywhere)' }),
    object: Type.Literal('order'),
    livemode: Livemode,
    status: OrderStatus,
    amount: Type.Integer({ description: 'Minor units of `currency` (cents; yen; fils)' }),
    currency: Type.String({ description: 'ISO 4217 code, upper case' }),
    amount_paid: Type.Integer({ description: 'Every minor unit received from its payments, including what is owed back' }),
    amount_due: Type.Integer({ description: 'What is still to pay: 0 once paid (a tolerated shortfall included) or overpaid' }),
    amount_overpaid: Type.Integer({ description: 'The part of amount_paid owed back to payers' }),
    amount_refunded: Type.Integer(),
    customer: Nullable(Type.String()),
    reference: Nullable(Type.String()),
    description: Nullable(Type.String()),
    metadata: Metadata,
    line_items: Type.Array(LineItem),
    payment_methods: Nullable(Type.Array(PaymentMethod, { description: 'null: every method enabled for the merchant' })),
    locale: Nullable(Type.String()),
    redirect_url: Nullable(Type.String()),
    store: Nullable(Type.String()),
    branch: Nullable(Type.String()),
    expires_at: Nullable(Timestamp),
    created_at: Timestamp,
    updated_at: Timestamp,
    canceled_at: Nullable(Timestamp),
    cancellation_reason: Nullable(CancellationReason),
    expired_at: Nullable(Timestamp),
    payments: Type.Array(Type.String(), { description: "Its payments' ids (pay_…), oldest first" }),
    checkout_url: Type.String({ description: 'Its hosted checkout page (PUBLIC_BASE_URL/c/<key>), for the payer: it needs no API key and stops taking payments when the order ends' }),
  },
  { $id: 'Order' },
);

export const CreateOrderBody = Type.Object(
  {
    amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Minor units of `currency`: 29700 is R$ 297,00' })),
    amount_decimal: Type.Optional(
      Type.String({
        pattern: '^[0-9]{1,16}([.][0-9]{1,4})?$',
        description: 'Instead of `amount`: the amount in major units as a decimal string, e.g. "297.00"; parsed exactly',
      }),
    ),
    currency: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217 code' }),
    customer: Type.Optional(Type.String({ maxLength: 64, description: 'A customer id' })),
    reference: Type.Optional(text(200, 'Your reference for reconciliation (order number, invoice)')),
    description: Type.Optional(text(1000)),
    metadata: Type.Optional(Metadata),
    line_items: Type.Optional(Type.Array(LineItem, { maxItems: 100 })),
    payment_methods: Type.Optional(Type.Array(PaymentMethod, { minItems: 1, maxItems: 20 })),
    expires_at: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 24 hours after creation; at most 366 days' })),
    redirect_url: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 })),
    locale: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', maxLength: 35, description: 'BCP 47, e.g. pt-BR' })),
    store: Type.Optional(Type.String({ maxLength: 64 })),
    branch: Type.Optional(Type.String({ maxLength: 64 })),
    notify: Type.Optional(
      Type.Object(
        {
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          phone: Type.Optional(Type.String({ pattern: E164_PATTERN, description: 'E.164, e.g. +5511987654321' })),
          channels: Type.Array(StringEnum(NOTIFY_CHANNELS), { minItems: 1, maxItems: 3 }),
        },
        {
          additionalProperties: false,
          description:
            'Tell the payer: a message with the payment link (the order\'s redirect_url, until the hosted checkout) now, and a receipt once paid, ' +
            'on each channel (email needs `email`; sms and whatsapp need `phone`), in the order\'s locale. See GET /v1/orders/{id}/notifications',
        },
      ),
    ),
  },
  {
    additionalProperties: false,
    examples: [{ amount: 29700, currency: 'BRL', reference: '1001', payment_methods: ['pix', 'boleto'], metadata: { cart: 'c-88' } }],
  },
);
