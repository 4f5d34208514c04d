import type { App, Services } from '../../../http/context.js';
import { retrieveOrder } from '../../../services/orders.js';
import { getPayment } from '../../../services/payments.js';
import { paybyrdTransactionDetail } from '../order-view.js';
import { errors, PaybyrdTransactionDetail, TAG_TRANSACTIONS, TransactionIdParams } from '../schema.js';

/** Paybyrd's transaction query, for the payments Payorders has (Pix, boleto); card fields come with cards. */
export default function registerRetrieveTransaction(app: App, services: Services) {
  app.get(
    '/api/v2/transactions/:transactionId',
    {
      schema: {
        operationId: 'api-transactions-query',
        tags: [TAG_TRANSACTIONS],
        summary: 'Query Transaction',
        description: "A payment of an order: its PascalCase status, amounts, method and its order's orderId and orderRef; code BYRD200 once it succeeded, BYRD201 while waiting for the payer.",
        params: TransactionIdParams,
        response: { 200: PaybyrdTransactionDetail, ...errors(401, 404, 429) },
      },
    },
    async (req) => {
      const payment = await getPayment(services.db, req.actor, req.params.transactionId);
      const order = await retrieveOrder(services.db, req.actor, payment.orderId);
      return paybyrdTransactionDetail(payment, order);
    },
  );
}
