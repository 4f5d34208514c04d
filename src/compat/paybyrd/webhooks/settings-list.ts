import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { listFaceEndpoints } from '../../../services/face-webhooks.js';
import { errors } from '../schema.js';
import { PAYBYRD_FORMAT } from './format.js';
import { FACE, Settings, settingsJson, TAG_WEBHOOKS, type PaybyrdSettings } from './schema.js';

export default function registerListSettings(app: App, services: Services) {
  app.get(
    '/api/v1/settings',
    {
      schema: {
        operationId: 'webhook-settings-list',
        tags: [TAG_WEBHOOKS],
        summary: 'List webhook settings',
        description: 'Every subscription of the key\'s mode, newest first.',
        response: { 200: Type.Object({ data: Type.Array(Settings) }), ...errors(401, 429) },
      },
    },
    async (req) => ({ data: (await listFaceEndpoints<PaybyrdSettings>(services.db, req.actor, FACE, PAYBYRD_FORMAT)).map(settingsJson) }),
  );
}
