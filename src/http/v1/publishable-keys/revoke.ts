import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { publishableKeyView, revokePublishableKeyOf } from '../../../services/publishable-keys.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { KeyParams, PublishableKeyObject } from './schema.js';

export default function registerRevokePublishableKey(app: App, services: Services) {
  app.post(
    '/v1/publishable_keys/:key/revoke',
    {
      schema: {
        operationId: 'revokePublishableKey',
        tags: [CARD_TAG],
        summary: 'Revoke a publishable key now',
        description:
          'POST /v1/tokens refuses it from now (servers may accept it for up to 10 s from their cache), one still in its overlap after a ' +
          'roll too. Revoking the active key leaves the mode without one until a new one is made: by a roll, or by the next checkout ' +
          "page that needs one. Another mode's or merchant's key is 404; one revoked already, 409. API keys and owner users only.",
        params: KeyParams,
        body: Type.Optional(Type.Object({}, { additionalProperties: false, examples: [{}] })),
        response: { 200: PublishableKeyObject, ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => {
        const revoked = await revokePublishableKeyOf(tx, services.clock, req.actor.merchantId, req.actor.livemode, req.params.key);
        return { status: 200, body: JSON.stringify(publishableKeyView(revoked, services.clock.now())) };
      });
    },
  );
}
