import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { getFaceEndpoint } from '../../../services/face-webhooks.js';
import { errors } from '../schema.js';
import { PAYBYRD_FORMAT } from './format.js';
import { FACE, Settings, SETTINGS_NOT_FOUND, SettingsIdParams, settingsJson, TAG_WEBHOOKS, type PaybyrdSettings } from './schema.js';

export default function registerRetrieveSettings(app: App, services: Services) {
  app.get(
    '/api/v1/settings/:id',
    {
      schema: {
        operationId: 'webhook-settings-get',
        tags: [TAG_WEBHOOKS],
        summary: 'Get webhook settings',
        params: SettingsIdParams,
        response: { 200: Type.Object({ data: Settings }), ...errors(401, 404, 429) },
      },
    },
    async (req) => ({ data: settingsJson(await getFaceEndpoint<PaybyrdSettings>(services.db, req.actor, FACE, PAYBYRD_FORMAT, req.params.id, SETTINGS_NOT_FOUND)) }),
  );
}
