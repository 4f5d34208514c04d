import { readFileSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.js';
import { PAYMENT_METHODS, type PaymentMethod } from '../domain/orders.js';
import { OPEN_PAYMENT_STATUSES } from '../domain/payments.js';
import { AttemptsExhausted, cancelFromCheckout, checkoutMerchantName as merchantNameOf, checkoutDocument, currentPayment, openCheckout, payFromCheckout, usdtProgress, type Checkout } from '../services/checkout.js';
import { CHECKOUT_PATH, checkoutUrlFor, PAYMENT_LINK_PATH } from '../services/checkout-links.js';
import { visitPaymentLink } from '../services/payment-links.js';
import { EventFeed, orderStreamStart } from '../services/event-feed.js';
import { paymentDeps } from '../services/payment-context.js';
import type { Clock } from '../clock.js';
import type { Queryable } from '../store/db.js';
import type { App, Services } from '../http/context.js';
import { EventStreams } from '../http/event-stream.js';
import { ASSET_PATH, type RenderedPage } from './layout.js';
import { negotiateLocale } from './messages.js';
import { checkoutPage, messagePage, NOTICES, statusVersion, type Notice } from './page.js';

const ASSETS: Record<string, { type: string; body: Buffer }> = Object.fromEntries(
  [
    ['checkout.js', 'text/javascript; charset=utf-8'],
    ['checkout.css', 'text/css; charset=utf-8'],
  ].map(([name, type]) => [name, { type: type!, body: readFileSync(new URL(`./assets/${name}`, import.meta.url)) }]),
);

const LOGO = /^data:(image\/(?:png|jpeg|webp));base64,([A-Za-z0-9+/=]+)$/;

interface KeyParams {
  key: string;
}

/**
 * The hosted checkout (/c/<checkout key>): server-rendered pages a payer opens without an API key, the
 * forms they post (choose a method, cancel), the documents of their payment, and the status their page's
 * script follows (an event stream, or polling). Every route is public and rate limited per client address;
 * the key in the path is the only credential, and it takes nothing once the order has ended.
 */
export default function registerCheckout(app: App, services: Services) {
  const deps = paymentDeps(services);
  const feed = new EventFeed(services.db, services.config.streamPollMs, (err) => app.log.error({ err }, 'checkout stream poll failed'));
  const streams = new EventStreams(app, services.config.streamHeartbeatMs);
  const page = { config: { public: true }, schema: { hide: true } } as const;

  const send = (reply: FastifyReply, status: number, rendered: RenderedPage) => reply.code(status).headers(rendered.headers).send(rendered.html);
  const locale = (req: FastifyRequest, checkout: Checkout | null) => negotiateLocale(checkout?.order.locale ?? null, req.headers['accept-language']);
  const notFound = (req: FastifyRequest, reply: FastifyReply) => send(reply, 404, messagePage(locale(req, null), 'not_found_title', 'not_found_text'));

  for (const [name, asset] of Object.entries(ASSETS)) {
    app.get(`${ASSET_PATH}${name}`, page, (_req, reply) => reply.type(asset.type).header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(asset.body));
  }

  app.register(async (scope) => {
    // The page's forms work without JavaScript: they post as browsers do.
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.get<{ Params: KeyParams; Querystring: { notice?: string } }>(`${CHECKOUT_PATH}:key`, page, async (req, reply) => {
      const checkout = await openCheckout(services.db, deps, req.params.key);
      if (!checkout) return notFound(req, reply);
      const notice = req.query.notice && req.query.notice in NOTICES ? (req.query.notice as Notice) : undefined;
      const usdt = await usdtOf(services.db, services.clock, checkout);
      return send(reply, 200, checkoutPage({ checkout, key: req.params.key, locale: locale(req, checkout), now: services.clock.now(), usdt, notice }));
    });

    scope.post<{ Params: KeyParams; Body: { method?: string; token?: string; payment_method?: string; installments?: string; save_card?: string } }>(`${CHECKOUT_PATH}:key/pay`, page, async (req, reply) => {
      const checkout = await openCheckout(services.db, deps, req.params.key);
      if (!checkout) return notFound(req, reply);
      const { method, token, payment_method: paymentMethod, installments, save_card: saveCard } = req.body ?? {};
      const back = `${CHECKOUT_PATH}${req.params.key}`;
      if (!PAYMENT_METHODS.includes(method as PaymentMethod)) return reply.redirect(`${back}?notice=unavailable`, 303);
      // A card pays with the token the page's form made, or a saved card it offered; 3-D Secure returns the payer to this page.
      const card =
        method === 'card'
          ? {
              token: token || undefined,
              paymentMethod: paymentMethod || undefined,
              installments: installments ? Number(installments) : undefined,
              saveCard: saveCard === 'on',
              clientAddress: req.ip,
              returnUrl: checkoutUrlFor(checkout.order),
            }
          : undefined;
      let payment;
      try {
        payment = await payFromCheckout(services.db, deps, checkout, method as PaymentMethod, card);
      } catch (error) {
        const notice = noticeOf(error);
        if (notice === undefined) throw error;
        return reply.redirect(notice ? `${back}?notice=${notice}` : back, 303);
      }
      // A 3-D Secure challenge is opened by the page (a link its script follows), not by this redirect: the
      // page's CSP lets its forms post only to itself, and browsers apply that to where a post redirects.
      return reply.redirect(payment?.status === 'failed' ? `${back}?notice=failed` : back, 303);
    });

    scope.post<{ Params: KeyParams }>(`${CHECKOUT_PATH}:key/cancel`, page, async (req, reply) => {
      const checkout = await openCheckout(services.db, deps, req.params.key);
      if (!checkout) return notFound(req, reply);
      if (checkout.canCancel) await cancelFromCheckout(services.db, services.clock, checkout);
      return reply.redirect(`${CHECKOUT_PATH}${req.params.key}`, 303);
    });
  });

  // A payment link's short URL: each visit that may make an order is sent on to that order's checkout.
  app.get<{ Params: { code: string } }>(`${PAYMENT_LINK_PATH}:code`, page, async (req, reply) => {
    const visit = await visitPaymentLink(services.db, services.clock, req.params.code);
    if ('checkoutKey' in visit) return reply.header('cache-control', 'no-store').redirect(`${CHECKOUT_PATH}${visit.checkoutKey}`, 303);
    const lang = negotiateLocale(visit.link?.locale ?? null, req.headers['accept-language']);
    if (visit.refused === 'not_found') return send(reply, 404, messagePage(lang, 'not_found_title', 'not_found_text'));
    const merchant = visit.link ? await merchantNameOf(services.db, visit.link.merchantId, visit.link.livemode) : '';
    const [title, text] = visit.refused === 'used' ? ['link_used_title', 'link_used_text'] : ['link_inactive_title', 'link_inactive_text'];
    return send(reply, 410, messagePage(lang, title, text, { merchant }));
  });

  app.get<{ Params: KeyParams }>(`${CHECKOUT_PATH}:key/status`, page, async (req, reply) => {
    const checkout = await openCheckout(services.db, deps, req.params.key);
    if (!checkout) return reply.code(404).header('cache-control', 'no-store').send({ status: 'not_found' });
    return reply.header('cache-control', 'no-store').send(await statusOf(services.db, services.clock, checkout));
  });

  app.get<{ Params: KeyParams }>(`${CHECKOUT_PATH}:key/events`, page, async (req, reply) => {
    const first = await openCheckout(services.db, deps, req.params.key);
    if (!first) return reply.code(404).header('cache-control', 'no-store').send({ status: 'not_found' });
    const { order } = first;
    const { known } = await orderStreamStart(services.db, order, null);
    const status = async () => {
      const checkout = await openCheckout(services.db, deps, req.params.key);
      return checkout && `event: status\ndata: ${JSON.stringify(await statusOf(services.db, services.clock, checkout))}\n\n`;
    };
    const opening = await status();
    return streams.send(reply, 'no-store, no-transform', (stream) => {
      if (opening) stream.write(opening);
      const update = () =>
        void status().then(
          (text) => text && stream.write(text),
          (err) => req.log.error({ err }, 'checkout stream update failed'),
        );
      // The order's events, and those of the payments still open when the page loaded (a payment that fails
      // leaves its order open: only the payment's event says so). A payment started later reloads the page.
      const open = first.payments.filter((p) => OPEN_PAYMENT_STATUSES.includes(p.status));
      const stops = [feed.subscribe(order.merchantId, order.id, known, update), ...open.map((p) => feed.subscribe(order.merchantId, p.id, [], update))];
      // The heartbeat also picks up what no event announces (a USDT transfer's confirmations).
      return { beat: update, stop: () => stops.forEach((stop) => stop()) };
    });
  });

  app.get<{ Params: KeyParams & { payment: string; document: string } }>(`${CHECKOUT_PATH}:key/payments/:payment/:document`, page, async (req, reply) => {
    const checkout = await openCheckout(services.db, deps, req.params.key);
    const document = checkout && (await checkoutDocument(deps, checkout, req.params.payment, req.params.document));
    if (!document) return notFound(req, reply);
    return reply.type(document.contentType).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(document.body);
  });

  app.get<{ Params: KeyParams }>(`${CHECKOUT_PATH}:key/logo`, page, async (req, reply) => {
    const checkout = await openCheckout(services.db, deps, req.params.key);
    const logo = checkout?.settings.logo && LOGO.exec(checkout.settings.logo);
    if (!logo) return notFound(req, reply);
    return reply.type(logo[1]!).header('cache-control', 'private, max-age=300').header('x-content-type-options', 'nosniff').send(Buffer.from(logo[2]!, 'base64'));
  });
}

async function usdtOf(db: Queryable, clock: Clock, checkout: Checkout) {
  const current = currentPayment(checkout);
  return current?.method === 'usdt_trc20' ? usdtProgress(db, clock, current) : null;
}

async function statusOf(db: Queryable, clock: Clock, checkout: Checkout) {
  const usdt = await usdtOf(db, clock, checkout);
  return { version: statusVersion(checkout, usdt), status: checkout.order.status, ended: checkout.ended };
}

/** What page the payer is sent back to after a payment that could not start: a notice, none (''), or undefined (not the payer's doing). */
function noticeOf(error: unknown): Notice | '' | undefined {
  if (!(error instanceof AppError)) return undefined;
  if (['payment_method_not_allowed', 'payment_method_not_configured', 'provider_unavailable', 'fx_rate_unavailable'].includes(error.code)) return 'unavailable';
  // A card the acquirer or its checks refused before any payment was made (an expired token, too many attempts).
  if (['validation_error', 'card_declined', 'rate_limited', 'card_velocity_exceeded', 'card_testing_suspected'].includes(error.code)) return 'failed';
  if (error instanceof AttemptsExhausted) return 'attempts';
  // The order changed meanwhile (paid, expired, what it owes, its session ended): the page shows how it is now.
  if (error.code === 'order_not_payable' || error.code === 'conflict') return '';
  return undefined;
}
