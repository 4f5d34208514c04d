import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { Livemode, NoQuery, problems } from '../../schemas.js';
import { balances } from '../../../store/ledger.sql.js';
import { requireMerchantWide } from '../events/schema.js';

const Amounts = Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer({ description: 'Minor units' }) }));

export default function registerRetrieveBalance(app: App, services: Services) {
  app.get(
    '/v1/balance',
    {
      schema: {
        operationId: 'retrieveBalance',
        tags: ['Balance'],
        summary: "The merchant's balance, per currency",
        description:
          'pending: received, less fees, not yet paid out by the rail (boleto: a day after confirmation); available: paid out (Pix: at once). ' +
          'Each is the sum of its ledger entries. API keys and owner users only.',
        querystring: NoQuery,
        response: {
          200: Type.Object({ object: Type.Literal('balance'), livemode: Livemode, pending: Amounts, available: Amounts }),
          ...problems(400, 401, 403, 429),
        },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const rows = await balances(services.db, req.actor.merchantId, req.actor.livemode);
      return {
        object: 'balance' as const,
        livemode: req.actor.livemode,
        pending: rows.map((b) => ({ currency: b.currency, amount: b.pending })),
        available: rows.map((b) => ({ currency: b.currency, amount: b.available })),
      };
    },
  );
}
