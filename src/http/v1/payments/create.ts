import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendPreparedGroupedWrite } from '../../write.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { discardPayment, groupedPaymentRecord, startPayment } from '../../../services/payments.js';
import { PaymentMethod } from '../orders/schema.js';
import { cardPaymentFields, cardPaymentOptions, declinedCardProblem } from './card-terms.js';
import { Payment, PAYMENT_TAG } from './schema.js';

export default function registerCreatePayment(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/orders/:id/payments',
    {
      schema: {
        operationId: 'createPayment',
        tags: [PAYMENT_TAG],
        summary: 'Start a payment of an order',
        description:
          'Asks for what the order still owes (amount_due) on the method given, as the merchant set it up (see /v1/settings/payments), ' +
          'and answers the payment with its instructions for the payer. 400 payment_method_not_allowed: the order does not take this method ' +
          '(or its currency); 400 payment_method_not_configured: the merchant has not set the method up in this mode; 409 order_not_payable: ' +
          'the order is paid, canceled, expired or failed; 503 provider_unavailable: the provider could not be reached and nothing was created. ' +
          'A provider that times out leaves the payment processing until the reconciliation job learns its outcome. ' +
          'Cards (method card): a token (tok_…, once) or a saved payment_method; capture_method automatic (charged now: succeeded) or manual ' +
          '(authorised: requires_capture, then POST /v1/payments/{id}/capture or /cancel); 3-D Secure answers requires_action with next_action; ' +
          "402 card_declined: the payment is recorded failed (it counts toward the order's max_attempts) and the problem names its decline_code and payment.",
        params: IdParams,
        body: Type.Object(
          {
            method: PaymentMethod,
            currency: Type.Optional(
              Type.String({
                pattern: '^[A-Za-z]{3,5}$',
                description:
                  "What the payer pays in; default the order's. Another currency is priced at the FX rate with the merchant's spread, and the payment carries the quote (422 fx_rate_unavailable: no fresh rate)",
              }),
            ),
            ...cardPaymentFields,
          },
          { additionalProperties: false, examples: [{ method: 'pix' }] },
        ),
        response: { 201: Payment, ...problems(...WRITE_PROBLEMS, 402, 404, 503) },
      },
    },
    (req, reply) =>
      sendPreparedGroupedWrite(
        services,
        req,
        reply,
        () => startPayment(services.db, deps, req.actor, req.params.id, req.body.method, { currency: req.body.currency, card: cardPaymentOptions(req.body, req.ip) }),
        (started) => groupedPaymentRecord(deps, req.actor, started, ({ object, json }) => declinedCardProblem(object, req) ?? { status: 201, body: json }),
        (started) => discardPayment(services.db, deps, started),
      ),
  );
}
