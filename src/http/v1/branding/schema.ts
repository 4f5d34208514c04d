import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from '../../schemas.js';
import { accessibleAccent } from '../../../domain/accent-colour.js';
import type { CheckoutSettings } from '../../../services/checkout.js';

const HEX_COLOUR = '^#[0-9A-Fa-f]{6}$';

export const CheckoutSettingsSchema = Type.Object(
  {
    object: Type.Literal('checkout_settings'),
    livemode: Type.Boolean(),
    display_name: Nullable(Type.String({ description: "The name the checkout shows; null: the merchant account's name" })),
    logo: Nullable(Type.String({ description: 'A data: URL (PNG, JPEG or WebP, at most 64 KiB), served by the checkout itself' })),
    accent_color: Nullable(Type.String({ description: 'As set, #rrggbb' })),
    accent_color_used: Type.String({ description: 'What the page uses: the accent darkened, if needed, until white on it (and it on white) contrasts 4.5:1 (WCAG AA)' }),
    frame_ancestors: Type.Array(Type.String(), { description: "Origins allowed to frame the checkout (CSP frame-ancestors); empty: none" }),
    allow_cancel: Type.Boolean({ description: 'Whether the payer may cancel the order from its checkout' }),
    max_attempts: Type.Integer({ description: 'Payments the checkout may start for one order (a Paybyrd order\'s maxAttempts wins)' }),
    updated_at: Nullable(Timestamp),
  },
  { $id: 'CheckoutSettings' },
);

export const CheckoutSettingsBody = Type.Object(
  {
    display_name: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    logo: Type.Optional(Nullable(Type.String({ maxLength: 90_000, description: 'data:image/png;base64,… (or jpeg, webp), at most 64 KiB of image' }))),
    accent_color: Type.Optional(Nullable(Type.String({ pattern: HEX_COLOUR, description: '#rrggbb' }))),
    frame_ancestors: Type.Optional(Type.Array(Type.String({ maxLength: 253 }), { maxItems: 10, description: 'https origins, e.g. https://shop.example or https://*.shop.example' })),
    allow_cancel: Type.Optional(Type.Boolean()),
    max_attempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  {
    additionalProperties: false,
    examples: [{ display_name: 'Padaria São João', accent_color: '#0a7c59', frame_ancestors: ['https://shop.example'], allow_cancel: true, max_attempts: 5 }],
  },
);

export function checkoutSettingsView(livemode: boolean, s: CheckoutSettings) {
  return {
    object: 'checkout_settings' as const,
    livemode,
    display_name: s.displayName,
    logo: s.logo,
    accent_color: s.accentColor,
    accent_color_used: accessibleAccent(s.accentColor),
    frame_ancestors: s.frameAncestors,
    allow_cancel: s.allowCancel,
    max_attempts: s.maxAttempts,
    updated_at: s.updatedAt?.toISOString() ?? null,
  };
}
