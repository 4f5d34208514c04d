import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { NoQuery, problems } from '../../schemas.js';
import { publishableKeysOf, publishableKeyView } from '../../../services/publishable-keys.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { PublishableKeyObject } from './schema.js';

export default function registerListPublishableKeys(app: App, services: Services) {
  app.get(
    '/v1/publishable_keys',
    {
      schema: {
        operationId: 'listPublishableKeys',
        tags: [CARD_TAG],
        summary: "The caller's mode's publishable keys, newest first",
        description: 'Active, replaced ones still in their overlap (expiring) and revoked ones. API keys and owner users only.',
        querystring: NoQuery,
        response: { 200: Type.Object({ object: Type.Literal('list'), data: Type.Array(PublishableKeyObject) }), ...problems(400, 401, 403, 429) },
      },
    },
    async (req) => {
      requireMerchantWide(req);
      const now = services.clock.now();
      const keys = await publishableKeysOf(services.db, req.actor.merchantId, req.actor.livemode);
      return { object: 'list' as const, data: keys.map((k) => publishableKeyView(k, now)) };
    },
  );
}
