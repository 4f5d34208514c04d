import { Type } from '@sinclair/typebox';
import { Livemode, Nullable, StringEnum, Timestamp } from '../../schemas.js';

export const PublishableKeyObject = Type.Object(
  {
    object: Type.Literal('publishable_key'),
    key: Type.String({ description: 'pk_test_…/pk_live_…: public (pages embed it), good for POST /v1/tokens only' }),
    livemode: Livemode,
    status: StringEnum(['active', 'expiring', 'revoked'] as const, {
      description: 'active: what pages embed; expiring: replaced by a roll, still working until revoked_at; revoked: refused',
    }),
    created_at: Timestamp,
    revoked_at: Nullable(Timestamp),
  },
  { $id: 'PublishableKey' },
);

export const KeyParams = Type.Object({ key: Type.String({ pattern: '^pk_(test|live)_[A-Za-z0-9]+$', maxLength: 200, description: 'The publishable key itself (pk_…)' }) });
