import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { problems } from '../../schemas.js';
import { RefreshToken, TokenResponse } from './schema.js';

export default function registerRefreshToken(app: App, services: Services) {
  app.post(
    '/v1/auth/refresh',
    {
      config: { public: true },
      schema: {
        operationId: 'refreshToken',
        tags: ['Auth'],
        summary: 'Exchange a refresh token for a new access token and refresh token',
        description:
          'Each refresh token works once: the answer carries its replacement. Presenting a refresh token that was ' +
          'already exchanged revokes its session, since someone else holds a copy; sign in again.',
        security: [],
        body: Type.Object({ refresh_token: RefreshToken }, { additionalProperties: false, examples: [{ refresh_token: 'rt_01jdq8x7k2m5n9p3r6t0v4w8yz7h3kq9v2m8x4c6b1n5z0t7r2p9w3y8fd' }] }),
        response: { 200: TokenResponse, ...problems(400, 401, 429) },
      },
    },
    async (req) => services.auth.refresh(req.body.refresh_token),
  );
}
