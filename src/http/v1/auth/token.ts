import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { problems } from '../../schemas.js';
import { SIGN_IN_ATTEMPTS, SIGN_IN_WINDOW_MS } from '../../../services/sign-in-throttle.js';
import { TokenResponse } from './schema.js';

export default function registerIssueToken(app: App, services: Services) {
  app.post(
    '/v1/auth/token',
    {
      config: { public: true },
      schema: {
        operationId: 'issueToken',
        tags: ['Auth'],
        summary: "Exchange a user's email and password for an access token",
        description:
          'Starts a session: an access token (a one-hour JWT) and a refresh token for POST /v1/auth/refresh. Store users see ' +
          "only their store's orders, branch users only their branch's. `livemode` picks test (default) or live data for " +
          `the life of the session. After ${SIGN_IN_ATTEMPTS} failed attempts for one email, further attempts answer 429 ` +
          `until ${SIGN_IN_WINDOW_MS / 60_000} minutes from the first have passed.`,
        security: [],
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            merchant: Type.Optional(Type.String({ maxLength: 64, description: 'Needed only when the email belongs to users of several merchants' })),
            livemode: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false, examples: [{ email: 'owner@example.com', password: 'correct horse battery staple', livemode: false }] },
        ),
        response: {
          200: TokenResponse,
          ...problems(400, 401, 429),
        },
      },
    },
    async (req) => services.auth.issueToken(req.body.email, req.body.password, req.body.merchant, req.body.livemode ?? false),
  );
}
