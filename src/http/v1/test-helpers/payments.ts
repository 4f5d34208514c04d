import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendGroupedWrite } from '../../write.js';
import { MAX_AMOUNT } from '../../../domain/money.js';
import { paymentDeps } from '../../../services/payment-context.js';
import { simulateAtSandbox } from '../../../services/sandbox-helpers.js';
import { Payment } from '../payments/schema.js';

const TAG = 'Test helpers';
const TEST_MODE_ONLY =
  'Test mode only (a live credential gets 404). Acts through the sandbox provider: it changes its own record of the charge and sends its ' +
  'signed notification through the same path as POST /hooks/<rail>/sandbox. 409 for a payment not on the sandbox or already paid there.';

const answered = ({ json }: { json: string }) => ({ status: 200, body: json });

/** What a payer does at the sandbox: pay (any amount, even late) or fail. */
export default function registerPaymentTestHelpers(app: App, services: Services) {
  const deps = paymentDeps(services);
  app.post(
    '/v1/test_helpers/payments/:id/pay',
    {
      schema: {
        operationId: 'testHelperPayPayment',
        tags: [TAG],
        summary: 'Pay a sandbox payment',
        description: `Pays \`amount\` (default: the payment's amount; less is a partial payment, more an overpayment; after expiry, a late one). ${TEST_MODE_ONLY}`,
        params: IdParams,
        body: Type.Object(
          { amount: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Minor units the payer sends' })) },
          { additionalProperties: false, examples: [{ amount: 10000 }] },
        ),
        response: { 200: Payment, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendGroupedWrite(services, req, reply, simulateAtSandbox(deps, req.actor, req.params.id, { type: 'pay', amount: req.body.amount }, answered)),
  );
  app.post(
    '/v1/test_helpers/payments/:id/fail',
    {
      schema: {
        operationId: 'testHelperFailPayment',
        tags: [TAG],
        summary: 'Make a sandbox payment fail',
        description: TEST_MODE_ONLY,
        params: IdParams,
        body: Type.Object({}, { additionalProperties: false, examples: [{}] }),
        response: { 200: Payment, ...problems(...WRITE_PROBLEMS, 404) },
      },
    },
    (req, reply) =>
      sendGroupedWrite(services, req, reply, simulateAtSandbox(deps, req.actor, req.params.id, { type: 'fail' }, answered)),
  );
}
