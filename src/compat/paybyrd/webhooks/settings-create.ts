import { randomUUID } from 'node:crypto';
import type { App, Services } from '../../../http/context.js';
import { sendWrite } from '../../../http/write.js';
import { createFaceEndpoint } from '../../../services/face-webhooks.js';
import { bindObject, invalid, list, modelSchema, text, type Model } from '../binding.js';
import { errors } from '../schema.js';
import { canonicalEventTypes, credentialSecret, PAYBYRD_EVENTS, PAYBYRD_FORMAT, type Credential } from './format.js';
import { FACE, Settings, settingsJson, TAG_WEBHOOKS, type PaybyrdSettings } from './schema.js';
import { Type } from '@sinclair/typebox';

const SETTINGS: Model = {
  url: text(2048),
  credentialType: text(20),
  apiKey: text(256),
  username: text(256),
  password: text(256),
  events: list(text(100), { maxItems: 100 }),
  paymentMethods: list(text(50), { maxItems: 50 }),
  storeId: text(100),
};

interface SettingsBody {
  url?: string;
  credentialType?: string;
  apiKey?: string;
  username?: string;
  password?: string;
  events?: string[];
  paymentMethods?: string[];
  storeId?: string;
}

/** The credential the receiver will check: `api-key` (ours when none is given) or `basic`, as a blank type means. */
function credentialOf(body: SettingsBody): Credential {
  const type = (body.credentialType ?? '').trim().toLowerCase();
  if (type === 'api-key' || type === 'apikey') return { type: 'api-key', apiKey: body.apiKey || randomUUID() };
  if (type !== '' && type !== 'basic') throw invalid('/credentialType', 'invalid_value', 'must be api-key or basic');
  if (!body.username) throw invalid('/username', 'missing', 'is required for basic credentials');
  if (body.username.includes(':')) throw invalid('/username', 'invalid_value', 'must not contain ":"');
  if (!body.password) throw invalid('/password', 'missing', 'is required for basic credentials');
  return { type: 'basic', username: body.username, password: body.password };
}

/**
 * Subscribes a URL to Paybyrd events: a webhook endpoint of the `paybyrd` format (also listed by
 * /v1/webhook_endpoints), whose deliveries carry the credential given, or one generated and answered here.
 */
export default function registerCreateSettings(app: App, services: Services) {
  app.post(
    '/api/v1/settings',
    {
      schema: {
        operationId: 'webhook-settings-create',
        tags: [TAG_WEBHOOKS],
        summary: 'Create webhook settings',
        description:
          'Bound as Paybyrd binds JSON (names in any letter case, unknown properties ignored). `credentialType` `api-key` without `apiKey`: one is generated ' +
          'and answered; blank: basic (`username` and `password` required). An empty `events` list subscribes to every event. `paymentMethods` is kept and echoed, not yet used to filter.',
        body: modelSchema(SETTINGS, 'Settings'),
        response: { 201: Type.Object({ data: Settings }), ...errors(400, 401, 429) },
      },
    },
    (req, reply) =>
      sendWrite(services, req, reply, async (tx) => {
        const body = bindObject(SETTINGS, req.body) as SettingsBody;
        if (!body.url) throw invalid('/url', 'missing', 'is required');
        const events = body.events ?? [];
        for (const [i, event] of events.entries()) {
          if (!PAYBYRD_EVENTS.includes(event)) throw invalid(`/events/${i}`, 'invalid_value', `is not a Paybyrd event (order.paid, transaction.payment.success, …)`);
        }
        const credential = credentialOf(body);
        const settings: PaybyrdSettings = { events, paymentMethods: (body.paymentMethods ?? []).map((m) => m.toLowerCase()), ...(body.storeId ? { storeId: body.storeId } : {}) };
        const created = await createFaceEndpoint(tx, services.clock, services.config.webhooks, req.actor, { url: body.url, enabled_events: canonicalEventTypes(events) }, {
          face: FACE,
          format: PAYBYRD_FORMAT,
          secret: credentialSecret(credential),
          settings,
        });
        return { status: 201, body: JSON.stringify({ data: settingsJson(created) }) };
      }),
  );
}
