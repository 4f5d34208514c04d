import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { problems } from '../../schemas.js';
import { RefreshToken } from './schema.js';

export default function registerRevokeSession(app: App, services: Services) {
  app.post(
    '/v1/auth/revoke',
    {
      schema: {
        operationId: 'revokeSession',
        tags: ['Auth'],
        summary: 'Sign out: revoke a session',
        description:
          "Revokes the session of the calling access token, or with `refresh_token` that token's session (one of the " +
          "caller's own). Its access tokens stop working (other nodes may accept them for up to 10 s from their cache) " +
          'and its refresh token is refused. A refresh token that is not one of the caller\'s revokes nothing and gets the ' +
          'same answer (RFC 7009). API keys cannot sign out: 403.',
        body: Type.Object({ refresh_token: Type.Optional(RefreshToken) }, { additionalProperties: false, examples: [{ refresh_token: 'rt_01jdq8x7k2m5n9p3r6t0v4w8yz7h3kq9v2m8x4c6b1n5z0t7r2p9w3y8fd' }] }),
        response: { 204: Type.Null({ description: 'Revoked' }), ...problems(400, 401, 403, 429) },
      },
    },
    async (req, reply) => {
      await services.auth.revoke(req.actor, req.body.refresh_token);
      return reply.code(204).send(null);
    },
  );
}
