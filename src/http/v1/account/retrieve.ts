import { Type } from '@sinclair/typebox';
import { encodeId } from '../../../domain/ids.js';
import { maskApiKey } from '../../../services/credentials.js';
import { describeCaller } from '../../../services/accounts.js';
import type { App, Services } from '../../context.js';
import { Livemode, NoQuery, Nullable, problems, StringEnum, Timestamp } from '../../schemas.js';

const ApiKeyCredential = Type.Object({
  type: Type.Literal('api_key'),
  id: Type.String({ description: 'key_…' }),
  name: Nullable(Type.String()),
  masked: Type.String({ description: 'The key with all but its mode and last four characters hidden: sk_test_…a1b2' }),
  expires_at: Nullable(Timestamp),
});

const UserCredential = Type.Object({
  type: Type.Literal('user'),
  id: Type.String({ description: 'usr_…' }),
  email: Type.String(),
  role: StringEnum(['owner', 'store', 'branch'] as const),
  store: Nullable(Type.String({ description: 'sto_…: the store a store or branch user sees' })),
  branch: Nullable(Type.String({ description: 'bra_…: the branch a branch user sees' })),
});

export const Account = Type.Object(
  {
    object: Type.Literal('account'),
    merchant: Type.Object({ id: Type.String({ description: 'mer_…' }), name: Type.String() }),
    livemode: Livemode,
    mode: StringEnum(['test', 'live'] as const),
    credential: Type.Union([ApiKeyCredential, UserCredential], { description: 'The API key or the signed-in user the request authenticated as' }),
  },
  { $id: 'Account' },
);

export default function registerRetrieveAccount(app: App, services: Services) {
  app.get(
    '/v1/account',
    {
      schema: {
        operationId: 'retrieveAccount',
        tags: ['Account'],
        summary: 'Who the credential is',
        description:
          "The merchant, the mode, and the API key or user behind the request's credential: a way to check which key a deployment holds. Any credential.",
        querystring: NoQuery,
        response: { 200: Account, ...problems(400, 401, 429) },
      },
    },
    async (req) => {
      const { actor } = req;
      const { merchant, key, user } = await describeCaller(services.db, actor);
      return {
        object: 'account' as const,
        merchant: { id: encodeId('merchant', merchant.merchantId), name: merchant.name },
        livemode: actor.livemode,
        mode: actor.livemode ? ('live' as const) : ('test' as const),
        credential: key
          ? {
              type: 'api_key' as const,
              id: encodeId('apiKey', key.keyId),
              name: key.name,
              masked: maskApiKey(key.livemode, key.last4),
              expires_at: key.expiresAt?.toISOString() ?? null,
            }
          : {
              type: 'user' as const,
              id: encodeId('user', user!.userId),
              email: user!.email,
              role: user!.role,
              store: user!.storeId && encodeId('store', user!.storeId),
              branch: user!.branchId && encodeId('branch', user!.branchId),
            },
      };
    },
  );
}
