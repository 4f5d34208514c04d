import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { Metadata, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPreparedWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { createRefund, refundView } from '../../../services/refunds.js';
import { destinationOf } from './destination.js';
import { Refund, RefundDestination, REFUND_TAG } from './schema.js';

export default function registerCreateRefund(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/refunds',
    {
      schema: {
        operationId: 'createRefund',
        tags: [REFUND_TAG],
        summary: 'Refund a payment, in part or in full',
        description:
          'Sends `amount` (default: all that remains) of a succeeded payment back to the payer, through its rail: a card refund, a Pix ' +
          'devolução, a transfer to the bank account given in `destination` (boleto, ar_transfer_qr), or for usdt_trc20 a transfer the ' +
          'merchant sends to the address given (the refund is requires_action until its transaction is recorded: POST /v1/refunds/{id}/transaction). ' +
          'Several refunds may be made of a payment until they add up to what it received. 409 refund_exceeds_remaining: more than remains; ' +
          '409 already_refunded: nothing remains; 422 refund_not_supported: the provider cannot refund. The refund is recorded before its ' +
          'provider is asked; an answer that is lost leaves it pending until the reconciliation job learns the outcome.',
        body: Type.Object(
          {
            payment: Type.String({ minLength: 1, maxLength: 64, description: 'The payment to refund (pay_…)' }),
            amount: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000_000_000_000, description: "In minor units of the payment's currency" })),
            reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
            metadata: Type.Optional(Metadata),
            destination: Type.Optional(RefundDestination),
          },
          { additionalProperties: false, examples: [{ payment: 'pay_01jdq8x7k2m5n9p3r6t0v4w8yz', amount: 9700, reason: 'One of the two shirts came back', metadata: { rma: 'R-2231' } }] },
        ),
        response: { 201: Refund, ...problems(...WRITE_PROBLEMS, 404, 503) },
      },
    },
    (req, reply) =>
      sendPreparedWrite(
        services,
        req,
        reply,
        () => createRefund(services.db, deps, req.actor, { ...req.body, destination: req.body.destination && destinationOf(req.body.destination) }),
        async (_tx, refund) => ({ status: 201, body: JSON.stringify(refundView(refund)) }),
        // A refund is recorded before its provider is asked: nothing to undo when the response is not.
        async () => undefined,
      ),
  );
}
