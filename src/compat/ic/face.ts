import type { FaceDefinition } from '../face.js';
import registerLogin from './auth/login.js';
import registerRefresh from './auth/refresh.js';
import { icError } from './errors.js';
import registerCreateOrder from './orders/create.js';
import registerRetrieveOrder from './orders/retrieve.js';
import registerTronPoll from './orders/tron.js';
import { ORDER_STATUSES } from './statuses.js';

/**
 * IC, the LatAm gateway documented at developer.ic.com.py: `Authorization: Bearer` with a store or branch
 * user's access token (or a merchant's secret key), orders priced in USD and paid in BRL, ARS or USDT,
 * NestJS-style errors. IC documents no rate limit, and its clients poll each open order every 15 s, so only
 * the service-wide limit applies.
 */
export const ic: FaceDefinition = {
  name: 'ic',
  title: 'IC compatible API',
  description:
    "IC's payment orders (USD, paid in BRL by Pix, ARS by transfer QR or USDT on Tron) on Payorders: point an IC integration at " +
    'this base URL. Send `Authorization: Bearer` with a store or branch user\'s access token from POST /api/v1/auth/login, or a ' +
    'Payorders secret key (sk_test_… or sk_live_…). Errors are {statusCode, message, error}. See the README for what differs.',
  apiKey: (req) => /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1],
  userTokens: true,
  securityScheme: { type: 'http', scheme: 'bearer', description: 'A user access token from POST /api/v1/auth/login, or a Payorders secret key' },
  renderError: icError,
  orderStatuses: ORDER_STATUSES,
  routes: [registerLogin, registerRefresh, registerCreateOrder, registerRetrieveOrder, registerTronPoll],
};
