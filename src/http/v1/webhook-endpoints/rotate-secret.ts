import { Type } from '@sinclair/typebox';
import { DEFAULT_ROTATION_OVERLAP_S, MAX_ROTATION_OVERLAP_S } from '../../../domain/webhooks.js';
import { rotateSecret } from '../../../services/webhook-endpoints.js';
import type { App, Services } from '../../context.js';
import { IdParams, problems, WRITE_PROBLEMS } from '../../schemas.js';
import { sendWrite } from '../../write.js';
import { WebhookEndpointWithSecret } from './schema.js';
import { requireMerchantWide } from '../events/schema.js';

export default function registerRotateWebhookSecret(app: App, services: Services) {
  app.post(
    '/v1/webhook_endpoints/:id/rotate_secret',
    {
      schema: {
        operationId: 'rotateWebhookEndpointSecret',
        tags: ['Webhooks'],
        summary: 'Replace the signing secret; the old one keeps signing beside it for the overlap',
        description:
          'Deliveries carry two signatures (`v1,… v1,…`) until `previous_secret_expires_at`, so receivers can switch to the ' +
          'new secret (shown in this answer only) without missing one. A secret from an earlier rotation that is still ' +
          'overlapping stops signing now. `overlap_seconds: 0` stops the old secret at once (it leaked).',
        params: IdParams,
        body: Type.Object(
          {
            overlap_seconds: Type.Optional(
              Type.Integer({ minimum: 0, maximum: MAX_ROTATION_OVERLAP_S, default: DEFAULT_ROTATION_OVERLAP_S, description: 'Default 86400 (24 h), at most a week' }),
            ),
          },
          { additionalProperties: false, examples: [{ overlap_seconds: 3600 }] },
        ),
        response: { 200: WebhookEndpointWithSecret, ...problems(...WRITE_PROBLEMS, 403, 404) },
      },
    },
    (req, reply) => {
      requireMerchantWide(req);
      return sendWrite(services, req, reply, async (tx) => ({
        status: 200,
        body: await rotateSecret(tx, services.clock, req.actor, req.params.id, req.body.overlap_seconds),
      }));
    },
  );
}
