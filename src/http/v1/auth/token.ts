import { Type } from '@sinclair/typebox';
import type { App, Services } from '../../context.js';
import { problems } from '../../schemas.js';

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
          'Returns a JWT (HS256, one hour) to send as "Authorization: Bearer <token>". Store users see only their store\'s ' +
          "orders, branch users only their branch's. `livemode` picks test (default) or live data for the token's life.",
        security: [],
        body: Type.Object(
          {
            email: Type.String({ format: 'email', maxLength: 254 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            merchant: Type.Optional(Type.String({ maxLength: 64, description: 'Needed only when the email belongs to users of several merchants' })),
            livemode: Type.Optional(Type.Boolean({ default: false })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            access_token: Type.String(),
            token_type: Type.Literal('Bearer'),
            expires_in: Type.Integer(),
            user: Type.Object({
              id: Type.String(),
              object: Type.Literal('user'),
              email: Type.String(),
              role: Type.String(),
              merchant: Type.String(),
              store: Type.Union([Type.String(), Type.Null()]),
              branch: Type.Union([Type.String(), Type.Null()]),
              livemode: Type.Boolean(),
            }),
          }),
          ...problems(400, 401, 429),
        },
      },
    },
    async (req) => services.auth.issueToken(req.body.email, req.body.password, req.body.merchant, req.body.livemode ?? false),
  );
}
