import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { AppError } from '../../../domain/errors.js';
import { decodeId } from '../../../domain/ids.js';
import { balanceTransactionExists, listBalanceTransactions } from '../../../store/ledger.sql.js';
import { balanceTransactionView } from '../../../services/views.js';
import { Livemode, listOf, PageQuery, problems, StringEnum, Timestamp } from '../../schemas.js';
import { createdRange, listBody, pageFromCursor } from '../../write.js';
import { requireMerchantWide } from '../events/schema.js';
import { BalanceFx } from '../fx/schema.js';

const BalanceTransaction = Type.Object(
  {
    id: Type.String({ description: 'txn_…' }),
    object: Type.Literal('balance_transaction'),
    livemode: Livemode,
    type: StringEnum(['payment', 'refund'] as const),
    source: Type.String({ description: 'The payment (pay_…), or for a refund the refund (re_…); amount and net are then negative' }),
    currency: Type.String(),
    amount: Type.Integer({ description: 'What counted toward the order' }),
    fee: Type.Integer({ description: "The rail's fee, on all that was received" }),
    net: Type.Integer({ description: "amount - fee: what the merchant's balance gained (negative when all of it is owed back)" }),
    owed_to_payer: Type.Integer({ description: 'Received beyond what counted: to refund' }),
    status: StringEnum(['pending', 'available'] as const),
    available_on: Timestamp,
    created_at: Timestamp,
    fx: BalanceFx,
  },
  { $id: 'BalanceTransaction' },
);

export default function registerListBalanceTransactions(app: App, services: Services) {
  app.get(
    '/v1/balance_transactions',
    {
      schema: {
        operationId: 'listBalanceTransactions',
        tags: ['Balance'],
        summary: "What each confirmed payment did to the merchant's balance, newest first",
        description: 'API keys and owner users only.',
        querystring: Type.Object(
          {
            ...PageQuery,
            payment: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: "Only this payment's" })),
            status: Type.Optional(StringEnum(['pending', 'available'] as const)),
          },
          { additionalProperties: false },
        ),
        response: { 200: listOf(BalanceTransaction), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const { merchantId, livemode } = req.actor;
      const page = await pageFromCursor('balanceTransaction', req.query, async (id) => {
        const uuid = decodeId('balanceTransaction', id);
        return uuid !== null && balanceTransactionExists(services.db, merchantId, livemode, uuid);
      });
      const paymentId = req.query.payment === undefined ? undefined : decodeId('payment', req.query.payment);
      if (paymentId === null) throw new AppError('validation_error', 'payment is not a payment id', [{ path: '/payment', in: 'query', code: 'invalid_id', message: 'is not a payment id' }]);
      const rows = await listBalanceTransactions(
        services.db,
        { merchantId, livemode, paymentId, status: req.query.status, ...createdRange(req.query) },
        page,
      );
      return listBody(req, rows, page, balanceTransactionView);
    },
  );
}
