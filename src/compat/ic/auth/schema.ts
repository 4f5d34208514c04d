import { Type } from '@sinclair/typebox';
import type { Authenticator } from '../../../services/authenticator.js';
import { decodeId } from '../../../domain/ids.js';

/**
 * IC's sign-in is undocumented: its clients hold a store or branch user's access token. Ours answers the
 * Payorders session (a one-hour access token and a single-use refresh token) in IC's camelCase, with the
 * user's place as UUIDs.
 */
export const IcSession = Type.Object({
  accessToken: Type.String({ description: 'Send as "Authorization: Bearer <accessToken>"; a JWT that lasts `expiresIn` seconds' }),
  refreshToken: Type.String({ description: 'Exchanges once for a new pair at POST /api/v1/auth/refresh' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
  user: Type.Object({
    id: Type.String({ format: 'uuid' }),
    email: Type.String(),
    role: Type.Unsafe<string>({ type: 'string', enum: ['owner', 'store', 'branch'], description: 'store users see their store\'s orders, branch users their branch\'s' }),
    storeId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    branchId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    livemode: Type.Boolean(),
  }),
});

type Issued = Awaited<ReturnType<Authenticator['refresh']>>;

export function sessionJson(issued: Issued) {
  const { user } = issued;
  return {
    accessToken: issued.access_token,
    refreshToken: issued.refresh_token,
    tokenType: issued.token_type,
    expiresIn: issued.expires_in,
    user: {
      id: decodeId('user', user.id)!,
      email: user.email,
      role: user.role,
      storeId: user.store && decodeId('store', user.store),
      branchId: user.branch && decodeId('branch', user.branch),
      livemode: user.livemode,
    },
  };
}
