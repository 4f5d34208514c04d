import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPreparedWrite } from '../../write.js';
import { recordCapture, startCapture } from '../../../services/card-payments.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { Payment, PAYMENT_TAG } from './schema.js';

export default function registerCapturePayment(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/payments/:id/capture',
    {
      schema: {
        operationId: 'capturePayment',
        tags: [PAYMENT_TAG],
        summary: 'Capture an authorised card payment',
        description:
          'A card payment made with capture_method manual is authorised (requires_capture) until captured, voided (POST /v1/payments/{id}/cancel) ' +
          'or expired (PAYORDERS_CARD_AUTHORIZATION_HOURS, 7 days by default). Capture once, the whole amount (default) or part of it: the rest ' +
          'is released. The payment succeeds with amount_received the amount captured (events payment.succeeded, payment.captured); the order ' +
          'is paid or partially_paid. 409: not authorised (captured already, voided, expired); 400: more than authorised.',
        params: IdParams,
        body: Type.Object({ amount: Type.Optional(Type.Integer({ minimum: 1, description: 'Minor units, at most the amount authorised; default all of it' })) }, { additionalProperties: false, examples: [{ amount: 20000 }] }),
        response: { 200: Payment, ...problems(...WRITE_PROBLEMS, 404, 503) },
      },
    },
    (req, reply) =>
      sendPreparedWrite(
        services,
        req,
        reply,
        () => startCapture(services.db, deps, req.actor, req.params.id, req.body.amount),
        async (tx, started) => ({ status: 200, body: (await recordCapture(tx, deps, req.actor, started)).json }),
        // A capture made and not recorded is not undone: the expiry job finds the authorisation captured and records the money.
        async () => undefined,
      ),
  );
}
