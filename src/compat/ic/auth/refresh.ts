import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { errors, TAG_AUTH } from '../schema.js';
import { IcSession, sessionJson } from './schema.js';

export default function registerRefresh(app: App, services: Services) {
  app.post(
    '/api/v1/auth/refresh',
    {
      config: { public: true },
      schema: {
        operationId: 'refreshToken',
        tags: [TAG_AUTH],
        summary: 'Exchange a refresh token for a new access token and refresh token',
        description: 'Each refresh token works once; presenting one already exchanged revokes its session (someone else holds a copy).',
        security: [],
        body: Type.Object({ refreshToken: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: IcSession, ...errors(400, 401, 429) },
      },
    },
    async (req) => sessionJson(await services.auth.refresh(req.body.refreshToken)),
  );
}
