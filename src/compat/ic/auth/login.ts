import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../../http/context.js';
import { SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS } from '../../../services/sign-in-throttle.js';
import { errors, TAG_AUTH } from '../schema.js';
import { IcSession, sessionJson } from './schema.js';

export default function registerLogin(app: App, services: Services) {
  app.post(
    '/api/v1/auth/login',
    {
      config: { public: true },
      schema: {
        operationId: 'login',
        tags: [TAG_AUTH],
        summary: "Sign a store or branch user in: an access token for the order routes",
        description:
          'A Payorders addition (IC documents none): the user\'s email and password give an access token (one hour) and a refresh token. ' +
          '`livemode` picks test (default) or live data for the session; `merchantId` is needed only when the email signs in to several ' +
          `merchants. After ${SIGN_IN_ATTEMPTS} failed attempts for one email, 429 until ${SIGN_IN_WINDOW_MS / 60_000} minutes have passed.`,
        security: [],
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 254 }),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
          merchantId: Type.Optional(Type.String({ maxLength: 64 })),
          livemode: Type.Optional(Type.Boolean()),
        }),
        response: { 200: IcSession, ...errors(400, 401, 429) },
      },
    },
    async (req) => sessionJson(await services.auth.issueToken(req.body.email, req.body.password, req.body.merchantId, req.body.livemode ?? false)),
  );
}
