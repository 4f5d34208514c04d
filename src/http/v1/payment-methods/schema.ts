import { Type } from '@sinclair/typebox';
import { Livemode, Nullable, Timestamp } from '../../schemas.js';
import { ShownCard } from '../tokens/schema.js';

export const PaymentMethodObject = Type.Object(
  {
    id: Type.String({ description: 'pm_…: pays with {"method": "card", "payment_method": …}' }),
    object: Type.Literal('payment_method'),
    livemode: Livemode,
    type: Type.Literal('card'),
    customer: Nullable(Type.String({ description: "cus_…: the customer of the order it was saved with" })),
    reference: Nullable(Type.String({ description: "What it is listed by: the payment's payment_method_reference, or its order's reference (Paybyrd's tokenOptions.customReference)" })),
    usage: Type.String({ description: 'on_session (card on file, the payer present) or off_session (merchant-initiated payments)' }),
    card: ShownCard,
    created_at: Timestamp,
  },
  { $id: 'PaymentMethod' },
);
