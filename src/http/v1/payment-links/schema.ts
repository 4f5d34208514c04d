import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from '../../schemas.js';
import { CreateOrderBody, PaymentMethod } from '../orders/schema.js';

export const PAYMENT_LINK_TAG = 'Payment links';

export const PaymentLink = Type.Object(
  {
    id: Type.String({ description: 'plink_…' }),
    object: Type.Literal('payment_link'),
    livemode: Type.Boolean(),
    url: Type.String({ description: 'The short URL to send the payer (PUBLIC_BASE_URL/l/<code>): each visit opens a checkout' }),
    amount: Type.Integer({ description: 'Minor units of `currency`' }),
    currency: Type.String(),
    description: Nullable(Type.String()),
    reusable: Type.Boolean({ description: 'true: every visit makes a new order; false: the first visit makes the only one' }),
    payment_methods: Nullable(Type.Array(PaymentMethod)),
    locale: Nullable(Type.String()),
    redirect_url: Nullable(Type.String()),
    expires_at: Nullable(Timestamp),
    active: Type.Boolean({ description: 'false once deactivated: visits are told the link is no longer active' }),
    orders_created: Type.Integer(),
    order: Nullable(Type.String({ description: "A single-use link's order (ord_…), once visited" })),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { $id: 'PaymentLink' },
);

const orderField = CreateOrderBody.properties;

export const CreatePaymentLinkBody = Type.Object(
  {
    amount: orderField.amount,
    amount_decimal: orderField.amount_decimal,
    currency: orderField.currency,
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    reusable: Type.Optional(Type.Boolean({ description: 'Default false: single-use' })),
    payment_methods: orderField.payment_methods,
    locale: orderField.locale,
    redirect_url: orderField.redirect_url,
    expires_at: Type.Optional(Type.String({ format: 'date-time', description: 'When the link stops taking visits; default never (at most 366 days)' })),
  },
  {
    additionalProperties: false,
    examples: [{ amount_decimal: '49.90', currency: 'BRL', description: 'Aula de violão', payment_methods: ['pix'], locale: 'pt-BR', reusable: true }],
  },
);
