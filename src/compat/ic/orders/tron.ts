import { AppError } from '../../../domain/errors.js';
import type { App, Services } from '../../../http/context.js';
import { errors, IcOrder, OrderIdParams, orderJson, readIcOrder, TAG_ORDERS } from '../schema.js';

/**
 * IC's "webhook" for USDT is one the merchant polls (every 15 s, per the guide). Thousands of orders are
 * polled at once, so each poll is answered from our rows: the chain watcher (src/services/usdt-watcher.ts)
 * does the chain work, and the order gains `providerMetadata` once the watcher has seen the transfer (still
 * pending until its confirmations), then turns completed, or underpaid with totalAmount and pendingAmount.
 */
export default function registerTronPoll(app: App, services: Services) {
  app.post(
    '/api/v1/payment/webhook/:orderId/tron',
    {
      // IC's clients POST here with no body, some with the Content-Type of their other calls; an empty body is
      // no body (as Express's JSON parser, IC's, takes it), not a JSON error.
      preParsing: async (req) => {
        const { 'content-length': length, 'transfer-encoding': chunked } = req.headers;
        if (chunked === undefined && (length === undefined || length === '0')) delete req.headers['content-type'];
      },
      schema: {
        operationId: 'confirmTronPayment',
        tags: [TAG_ORDERS],
        summary: 'Poll a USDT order for its transfer on Tron',
        description:
          'Answers the order. Without `providerMetadata` until the transfer to its address is seen on chain; with it (status still pending) ' +
          'while the block is confirmed; then completed, or underpaid. 400 for an order not paid in USDT. No body is needed.',
        params: OrderIdParams,
        response: { 200: IcOrder, ...errors(400, 401, 404, 429) },
      },
    },
    async (req) => {
      const parts = await readIcOrder(services, req.actor, req.params.orderId);
      if (parts.payment?.method !== 'usdt_trc20') throw AppError.invalidField('orderId', 'not_usdt', 'is not an order paid in USDT on Tron');
      return orderJson(parts);
    },
  );
}
