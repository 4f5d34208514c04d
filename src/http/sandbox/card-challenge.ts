import type { FastifyReply } from 'fastify';
import type { App, Services } from '../context.js';
import { html, type Html } from '../../checkout/html.js';
import { CHALLENGE_PATH } from '../../rails/card/sandbox.js';
import { decimalOf } from '../../rails/provider-api.js';
import { completeSandboxChallenge, openSandboxChallenge } from '../../services/card-payments.js';
import { paymentDeps } from '../../services/payment-context.js';

interface ChallengeParams {
  merchant: string;
  reference: string;
}

/** No script at all, no framing, nothing cached: a test stand-in for an issuer's 3-D Secure page. */
const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
};

const STYLE = `body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:2rem;color:#1a1a1a;background:#f6f6f6}
main{max-width:28rem;margin:auto;background:#fff;padding:1.5rem;border-radius:.5rem;border:1px solid #ccc}
.actions{display:flex;gap:1rem;margin-top:1.5rem}button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:2px solid #1a1a1a;cursor:pointer}
.pass{background:#0b6b2e;color:#fff;border-color:#0b6b2e}.fail{background:#fff;color:#8a1111;border-color:#8a1111}
button:focus-visible{outline:3px solid #1e4fd8;outline-offset:2px}`;

function page(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title><style>${STYLE}</style></head>
<body><main>${body}</main></body></html>`.text;
}

/**
 * The sandbox acquirer's 3-D Secure challenge (cards 4000000000003220 and 4000002500003155): the payer
 * passes or fails it with one of two buttons (a form, keyboard-reachable, no script). The outcome reaches
 * the payment as the sandbox's signed notification, and the payer returns to the order's redirect_url.
 */
export default function registerCardChallenge(app: App, services: Services) {
  const deps = paymentDeps(services);
  const route = { config: { public: true }, schema: { hide: true } } as const;
  const over = (reply: FastifyReply) =>
    reply.code(410).headers(HEADERS).send(page('Challenge over', html`<h1>This challenge is over</h1><p>The payment it was for has passed or failed it already, or was canceled.</p>`));

  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))));

    scope.get<{ Params: ChallengeParams }>(`${CHALLENGE_PATH}/:merchant/:reference`, route, async (req, reply) => {
      const charge = await openSandboxChallenge(services.db, deps, req.params.merchant, req.params.reference);
      if (!charge) return over(reply);
      const body = html`<h1>3-D Secure test challenge</h1>
<p>Sandbox: no bank is asked. Choose what the cardholder's bank decides about this payment of <strong>${decimalOf(charge.amount)}</strong>.</p>
<form method="post" action="${CHALLENGE_PATH}/${req.params.merchant}/${req.params.reference}">
<div class="actions"><button class="pass" type="submit" name="outcome" value="pass">Pass authentication</button>
<button class="fail" type="submit" name="outcome" value="fail">Fail authentication</button></div>
</form>`;
      return reply.code(200).headers(HEADERS).send(page('3-D Secure test challenge', body));
    });

    scope.post<{ Params: ChallengeParams; Body: { outcome?: string } }>(`${CHALLENGE_PATH}/:merchant/:reference`, route, async (req, reply) => {
      const outcome = req.body?.outcome;
      if (outcome !== 'pass' && outcome !== 'fail') return reply.code(400).headers(HEADERS).send(page('Choose an outcome', html`<h1>Choose pass or fail</h1>`));
      const done = await completeSandboxChallenge(services.db, deps, req.params.merchant, req.params.reference, outcome === 'pass');
      if (!done) return over(reply);
      if (done.returnUrl) return reply.redirect(done.returnUrl, 303);
      const word = outcome === 'pass' ? 'passed' : 'failed';
      return reply.code(200).headers(HEADERS).send(page(`Authentication ${word}`, html`<h1>Authentication ${word}</h1><p>You may close this window.</p>`));
    });
  });
}
