import { Type } from '@sinclair/typebox';
import { SESSION_IDLE_LIFETIME_MS } from '../../../services/authenticator.js';
import { Nullable } from '../../schemas.js';

/** What sign-in and refresh answer: the same pair of tokens and the user they belong to. */
export const TokenResponse = Type.Object({
  access_token: Type.String({ description: 'A JWT (HS256, one hour) to send as "Authorization: Bearer <token>"' }),
  token_type: Type.Literal('Bearer'),
  expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
  refresh_token: Type.String({
    description: `Exchanges for a new pair at POST /v1/auth/refresh, once; unused for ${SESSION_IDLE_LIFETIME_MS / 86_400_000} days, it expires. Keep it secret.`,
  }),
  user: Type.Object({
    id: Type.String(),
    object: Type.Literal('user'),
    email: Type.String(),
    role: Type.String(),
    merchant: Type.String(),
    store: Nullable(Type.String()),
    branch: Nullable(Type.String()),
    livemode: Type.Boolean(),
  }),
});

export const RefreshToken = Type.String({ minLength: 1, maxLength: 128, description: 'A refresh token (rt_…)' });
