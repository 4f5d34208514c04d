import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { Nullable, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { DEFAULT_PUBLISHABLE_OVERLAP_MS, MAX_PUBLISHABLE_OVERLAP_MS, publishableKeyView, rollPublishableKey } from '../../../services/publishable-keys.js';
import { requireMerchantWide } from '../events/schema.js';
import { CARD_TAG } from '../tokens/schema.js';
import { PublishableKeyObject } from './schema.js';

export default function registerRollPublishableKey(app: App, services: Services) {
  app.post(
    '/v1/publishable_keys/roll',
    {
      schema: {
        operationId: 'rollPublishableKey',
        tags: [CARD_TAG],
        summary: "Replace the caller's mode's publishable key",
        description:
          'The new key (in this answer) works at once, and checkout pages embed it from now. The old one (`replaced`) keeps ' +
          'tokenizing until `replaced.revoked_at`, so pages already served go on working: `overlap_seconds`, default 86400 (24 h), ' +
          'at most a week; 0 revokes it now (it leaked). Servers may accept a revoked key for up to 10 s from their cache. API keys and owner users only.',
        body: Type.Object(
          {
            overlap_seconds: Type.Optional(
              Type.Integer({ minimum: 0, maximum: MAX_PUBLISHABLE_OVERLAP_MS / 1000, default: DEFAULT_PUBLISHABLE_OVERLAP_MS / 1000 }),
            ),
          },
          { additionalProperties: false, examples: [{ overlap_seconds: 3600 }] },
        ),
        response: {
          200: Type.Object({ ...PublishableKeyObject.properties, replaced: Nullable(PublishableKeyObject) }),
          ...problems(...WRITE_PROBLEMS, 403),
        },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      const overlapMs = (req.body.overlap_seconds ?? DEFAULT_PUBLISHABLE_OVERLAP_MS / 1000) * 1000;
      return sendWrite(services, req, reply, async (tx) => {
        const { key, replaced } = await rollPublishableKey(tx, services.clock, req.actor.merchantId, req.actor.livemode, overlapMs);
        const now = services.clock.now();
        return { status: 200, body: JSON.stringify({ ...publishableKeyView(key, now), replaced: replaced && publishableKeyView(replaced, now) }) };
      });
    },
  );
}
