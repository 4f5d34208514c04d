import { Type } from '@sinclair/typebox';
import { glomopayTime } from '../order-view.js';
import type { Actor } from '../../../domain/actor.js';
import type { WebhookEndpoint } from '../../../domain/webhooks.js';
import { listFaceEndpoints } from '../../../services/face-webhooks.js';
import type { Queryable } from '../../../store/db.js';
import { GLOMOPAY_FORMAT } from './format.js';

export const TAG_WEBHOOKS = 'Webhooks';
export const WEBHOOK_PATH = '/api/v1/webhook_settings';
export const WEBHOOK_NOT_FOUND = 'Webhook not found';

export const GlomopayWebhook = Type.Object({
  url: Type.String(),
  secret: Type.String({ description: 'Signs each delivery: X-Glomopay-Signature = hex HMAC-SHA256(secret, raw body)' }),
  status: Type.Unsafe<string>({ type: 'string', enum: ['active', 'inactive'] }),
  created_at: Type.String(),
  updated_at: Type.String(),
});

/** Glomopay keeps one webhook URL per account and mode, set in its dashboard: here, the merchant's endpoint of the glomopay format. */
export async function accountWebhook(db: Queryable, actor: Actor): Promise<WebhookEndpoint | undefined> {
  return (await listFaceEndpoints(db, actor, 'glomopay', GLOMOPAY_FORMAT))[0]?.endpoint;
}

export function webhookJson(endpoint: WebhookEndpoint) {
  return {
    url: endpoint.url,
    secret: endpoint.secret,
    status: endpoint.status === 'enabled' ? 'active' : 'inactive',
    created_at: glomopayTime(endpoint.createdAt),
    updated_at: glomopayTime(endpoint.updatedAt),
  };
}
