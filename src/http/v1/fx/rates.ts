import type { App, Services } from '../../context.js';
import { NoQuery, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { AppError } from '../../../domain/errors.js';
import { fxDeps, ratesView, setOperatorRates } from '../../../services/fx.js';
import { FX_TAG, FxRates, FxRatesBody } from './schema.js';

/** The operator rates payments in another currency than their order are priced with: read by anyone, set by owners. */
export default function registerFxRates(app: App, services: Services) {
  const fx = fxDeps(services);
  app.get(
    '/v1/fx/rates',
    {
      schema: {
        operationId: 'retrieveFxRates',
        tags: [FX_TAG],
        summary: "The exchange rates the caller's payments are priced with",
        description:
          "The merchant's own rates for the caller's mode (PUT /v1/fx/rates), then the installation's rates file for pairs it does not set. " +
          'A rate older than max_age_seconds is stale: a payment priced with it is refused (422 fx_rate_unavailable) until it is set again.',
        querystring: NoQuery,
        response: { 200: FxRates, ...problems(400, 401, 429) },
      },
    },
    async (req) => ratesView(services.db, fx, req.actor, services.clock.now()),
  );
  app.put(
    '/v1/fx/rates',
    {
      schema: {
        operationId: 'replaceFxRates',
        tags: [FX_TAG],
        summary: "Replace the merchant's exchange rates for the caller's mode",
        description:
          'Owners and API keys only (403 otherwise). Every rate given is taken now (its fetched_at); pairs not given are removed. ' +
          '`rate` is units of `quote` per unit of `base` (the order is priced in base, paid in quote), a decimal string read exactly. ' +
          '409 when this installation takes its rates from a rates API (PAYORDERS_FX_SOURCE=http).',
        body: FxRatesBody,
        response: { 200: FxRates, ...problems(...WRITE_PROBLEMS, 403) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        if (req.actor.role !== 'owner') throw new AppError('forbidden', 'Exchange rates are set by API keys and owner users only');
        const view = await setOperatorRates(tx, fx, services.clock, req.actor, req.body.rates);
        return { status: 200, body: JSON.stringify(view) };
      }),
  );
}
