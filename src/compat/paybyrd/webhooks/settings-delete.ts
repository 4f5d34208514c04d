import type { App, Services } from '../../../http/context.js';
import { getFaceEndpoint } from '../../../services/face-webhooks.js';
import { deleteEndpoint } from '../../../services/webhook-endpoints.js';
import { errors } from '../schema.js';
import { PAYBYRD_FORMAT } from './format.js';
import { FACE, SETTINGS_NOT_FOUND, SettingsIdParams, TAG_WEBHOOKS } from './schema.js';

export default function registerDeleteSettings(app: App, services: Services) {
  app.delete(
    '/api/v1/settings/:id',
    {
      schema: {
        operationId: 'webhook-settings-delete',
        tags: [TAG_WEBHOOKS],
        summary: 'Delete webhook settings',
        description: 'Nothing more is sent to it; its webhooks and their attempts go with it.',
        params: SettingsIdParams,
        response: { 204: { type: 'null', description: 'Deleted' }, ...errors(401, 404, 429) },
      },
    },
    async (req, reply) => {
      await services.db.transaction(async (tx) => {
        const { endpoint } = await getFaceEndpoint(tx, req.actor, FACE, PAYBYRD_FORMAT, req.params.id, SETTINGS_NOT_FOUND, true);
        await deleteEndpoint(tx, req.actor, endpoint.id);
      });
      return reply.code(204).send();
    },
  );
}
