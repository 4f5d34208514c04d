import { STATUS_CODES } from 'node:http';

/**
 * The published contract: what @fastify/swagger generates from the route schemas, finished for client
 * generators and readers in one pass over the whole document, so every route (whoever adds it) gets the
 * same headers, problem media type, named components and descriptions without repeating them.
 */

type Json = Record<string, any>;

const SCHEMAS = '#/components/schemas/';

export const API_DESCRIPTION = `Payment orders over Pix, boleto, cards, QR transfers, USDT and European rails.

## Minor units
Every amount is an integer in the currency's minor units: \`29700\` BRL is R$ 297,00, \`1500\` EUR is 15,00 €,
\`1500\` JPY is ¥1500 (no minor unit), \`1500\` BHD is 1.500 BHD (three decimals). Where a field has an
\`_decimal\` twin (\`amount_decimal: "297.00"\`) it takes major units as a decimal string with a dot, parsed
exactly; send one of the two, never both. No amount is ever a float.

## Idempotency
Every POST that creates or changes something takes an \`Idempotency-Key\` header (1 to 255 visible ASCII
characters, e.g. a UUID). Retrying with the same key and the same request answers the first answer again,
with \`Idempotent-Replayed: true\`, and changes nothing; the same key with another request is a 422
\`idempotency_key_reused\`; while the first is still running, a 409 \`idempotency_key_in_use\`. Keys are
kept 24 hours, per merchant, mode and caller.

## Pagination
Lists answer \`{"object": "list", "data": […], "has_more": …, "url": …}\`, newest first, \`limit\` (1 to 100,
default 10) at a time. The next page is \`starting_after=<the last id>\`, the previous one
\`ending_before=<the first id>\` (one of the two, never both; an id that is not of the list's kind is a 400).
\`created[gte]\`, \`created[gt]\`, \`created[lt]\` and \`created[lte]\` take an RFC 3339 timestamp or unix seconds.

## Errors
Every error is an RFC 9457 problem (\`application/problem+json\`) with a stable \`code\` to branch on, a
\`detail\` for people, the \`request_id\` (also the \`Request-Id\` header) to quote, and for invalid fields
\`errors\`: each field's JSON Pointer, where it was (\`body\`, \`query\`, \`path\`, \`header\`), a code and a reason.
A 429 says when to retry in \`Retry-After\`; \`X-RateLimit-Limit\`, \`-Remaining\` and \`-Reset\` tell the budget.

## Roles
An API key (\`sk_test_…\` test mode, \`sk_live_…\` live mode) acts for its whole merchant. A user signs in
(\`POST /v1/auth/token\`) and acts with its role: an **owner** sees and does everything a key does; a **store**
user sees and creates only its store's orders and customers, a **branch** user only its branch's; webhooks,
settings and the balance are for owners and keys. Something outside the caller's reach answers 404, as if
it did not exist; something it may see but not do, 403.`;

/** Tag sections of the reference; a tag used by a route and missing here fails the contract test. */
const TAGS: Record<string, string> = {
  Auth: "Users sign in with their email and password for a one-hour access token and a refresh token (see Roles). API keys need no sign-in.",
  Account: 'Who a credential is: its merchant, mode, and the key or user behind it.',
  Orders:
    'An order is what a buyer owes: an amount in minor units of a currency, optionally its customer, line items and the payment methods offered. ' +
    'It is open until paid, canceled or expired; its payments pay it.',
  Customers: 'The buyers of a merchant, with their tax ids (CPF/CNPJ, …), to attach to orders.',
  Payments: "A payment is one attempt to pay an order by one method (Pix, boleto, …): its instructions say what the payer does.",
  Cards:
    "Card numbers are tokenized with a publishable key (`POST /v1/tokens`), so they never pass through the merchant's server; a payment then takes the token.",
  'Payment links': "A short URL to send a payer: a visit makes an order on the link's terms and opens its hosted checkout (once, or per visit when reusable).",
  Refunds: "A refund gives back part or all of what a payment received, by the payment's method or to a destination the payer names.",
  'Test helpers': 'Test mode only: act as the sandbox provider, paying or failing a payment.',
  Events: 'Every state change writes an event (order.created, payment.succeeded, …), kept in order; webhooks send them.',
  Webhooks: 'Endpoints that receive events, signed as Standard Webhooks, retried on failure; their deliveries and attempts.',
  Settings: "The merchant's payment settings per mode: which methods are on and their provider's configuration.",
  Balance: "Money received, pending and available, and the ledger's balance transactions.",
  FX: 'Exchange rates that price a payment in another currency than its order.',
  'Provider hooks': "Payment providers' notifications and callbacks; they move no money unless verified.",
};

const HEADERS: Json = {
  RequestId: {
    description: "The request's id (`req_…`, or the `X-Request-Id` you sent when it is 1 to 128 of `[A-Za-z0-9_.:-]`): quote it when asking about a request",
    schema: { type: 'string' },
  },
  RateLimitLimit: { description: 'Requests allowed per window (one second) for this caller', schema: { type: 'integer' } },
  RateLimitRemaining: { description: 'Requests left in the current window', schema: { type: 'integer' } },
  RateLimitReset: { description: 'Seconds until the window resets', schema: { type: 'integer' } },
  RetryAfter: { description: 'Seconds to wait before retrying', schema: { type: 'integer' } },
  IdempotentReplayed: {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key (nothing was done again)',
    schema: { type: 'string', enum: ['true'] },
  },
};

const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes a retry safe: the same key and request answers the first answer again and does nothing twice (see Idempotency)',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  example: '6f1c2c3e-2d7b-4f0e-9a51-0c6f7e3b9d11',
};

const PROBLEM_DESCRIPTIONS: Record<string, string> = {
  400: 'The request is invalid: `errors` names each invalid field with its JSON Pointer and the reason',
  401: 'No credential, or one that is not valid',
  403: 'The credential may see this but not do it (for example a store user on merchant-wide settings)',
  404: 'No such object for this merchant and mode, or one outside the caller’s store or branch',
  405: 'The path exists but not for this method; `Allow` lists those it takes',
  409: 'The object’s state does not allow this now, or a request with this Idempotency-Key is still running',
  413: 'The body is larger than the limit the server is configured with',
  415: 'The body is not `application/json` (UTF-8)',
  422: 'The Idempotency-Key was used with another request, or the request cannot be carried out as asked',
  429: 'Too many requests: wait `Retry-After` seconds',
  500: 'Something went wrong on our side; the request id identifies it in our logs',
  503: 'A payment provider or the service is unavailable: retry later',
};

/** The finishing pass, as @fastify/swagger's transformObject. */
export function finishDocument({ openapiObject }: { openapiObject: Json }): Json {
  const doc = openapiObject;
  doc.components = { ...doc.components, headers: HEADERS, parameters: { IdempotencyKey: IDEMPOTENCY_KEY } };
  const schemas: Json = doc.components.schemas ?? {};
  const byShape = new Map(Object.entries(schemas).map(([name, schema]) => [canonical(schema), name]));
  const used = new Set<string>();
  const paths: Json = {};
  for (const [path, operations] of Object.entries<Json>(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries<Json>(operations)) {
      (operation.tags ?? []).forEach((tag: string) => used.add(tag));
      finishOperation(method, operation, schemas, byShape);
    }
    paths[namedWildcard(path, operations)] = operations;
  }
  doc.paths = paths;
  doc.tags = [...used].map((name) => (TAGS[name] ? { name, description: TAGS[name] } : { name }));
  return escapeDescriptions(doc);
}

function finishOperation(method: string, operation: Json, schemas: Json, byShape: Map<string, string>): void {
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  // A route that must not keep a record of its request (a card's) says so with `'x-idempotency-key': false`.
  const takesKey = method === 'post' && !isPublic && operation[NO_KEY] !== false;
  delete operation[NO_KEY];
  for (const parameter of operation.parameters ?? []) {
    // Fastify reads a repeated query parameter (`status=open&status=paid`) as an array.
    if (parameter.in === 'query' && parameter.schema?.type === 'array') Object.assign(parameter, { style: 'form', explode: true });
  }
  if (takesKey) operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/IdempotencyKey' }];
  const body = operation.requestBody?.content?.['application/json'];
  if (body) {
    // A POST sent without a body is one with no parameters (see app.ts): a body with nothing required is optional.
    if (!body.schema?.required?.length) operation.requestBody.required = false;
    // An example the route gives on its body schema becomes the request's example, where clients look.
    const example = body.schema?.examples?.[0];
    if (example !== undefined) {
      body.example = example;
      delete body.schema.examples;
    }
    body.schema = named(body.schema, byShape, schemas, `${pascal(operation.operationId)}Request`);
  }
  for (const [status, response] of Object.entries<Json>(operation.responses ?? {})) {
    const code = Number(status);
    const headers: Json = { 'Request-Id': ref('RequestId') };
    headers['X-RateLimit-Limit'] = ref('RateLimitLimit');
    headers['X-RateLimit-Remaining'] = ref('RateLimitRemaining');
    headers['X-RateLimit-Reset'] = ref('RateLimitReset');
    if (code === 429) headers['Retry-After'] = ref('RetryAfter');
    if (code >= 400) {
      const media = response.content?.['application/json'];
      if (media) response.content = { 'application/problem+json': media };
      if (response.description === 'Default Response' || response.description === 'RFC 9457 problem details') {
        response.description = PROBLEM_DESCRIPTIONS[status] ?? STATUS_CODES[code] ?? 'An error';
      }
    } else {
      if (takesKey && response.content) headers['Idempotent-Replayed'] = ref('IdempotentReplayed');
      const media = response.content?.['application/json'];
      const anonymous = `${pascal(operation.operationId)}Response`;
      if (media) media.schema = named(media.schema, byShape, schemas, anonymous);
      if (response.description === 'Default Response') {
        response.description = successDescription(code, media?.schema.$ref === `${SCHEMAS}${anonymous}` ? undefined : media?.schema, operation);
      }
    }
    response.headers = { ...response.headers, ...headers };
  }
}

const COMPONENT = 'x-component';
const NO_KEY = 'x-idempotency-key';

/**
 * @fastify/swagger's transform: a route's body or response schema that has an `$id` is inlined in the
 * document without it, so the name is carried along to be made a component by finishDocument.
 */
export function keepSchemaNames({ schema, url }: { schema: Json; url: string }): { schema: Json; url: string } {
  if (!schema) return { schema, url };
  const mark = (s: Json | undefined) => (s?.$id ? { ...s, [COMPONENT]: s.$id } : s);
  const response = schema.response && Object.fromEntries(Object.entries<Json>(schema.response).map(([status, s]) => [status, mark(s)]));
  return { schema: { ...schema, body: mark(schema.body), ...(response ? { response } : {}) }, url };
}

/**
 * The schema as a $ref to a component: the one it names or equals; a page of a component is `<Name>List`;
 * any other gets a component named after its operation (`<OperationId>Response` / `Request`).
 */
function named(schema: Json | undefined, byShape: Map<string, string>, schemas: Json, fallbackName: string): Json {
  if (!schema || schema.$ref || schema.type !== 'object') return schema ?? {};
  const marked: string | undefined = schema[COMPONENT];
  delete schema[COMPONENT];
  const item: string | undefined = schema.properties?.data?.items?.$ref;
  const isPage = schema.properties?.object?.enum?.[0] === 'list' && item?.startsWith(SCHEMAS);
  const name = marked ?? byShape.get(canonical(schema)) ?? (isPage ? `${item!.slice(SCHEMAS.length)}List` : fallbackName);
  if (!schemas[name]) {
    schemas[name] = isPage ? { ...schema, description: `A page of ${noun(item!)} objects (see Pagination)` } : schema;
    byShape.set(canonical(schema), name);
  }
  return canonical(schemas[name]) === canonical(schema) || isPage ? { $ref: `${SCHEMAS}${name}` } : schema;
}

function successDescription(code: number, schema: Json | undefined, operation: Json): string {
  const target: string | undefined = schema?.$ref;
  if (target?.endsWith('List')) return `A page of ${noun(target.slice(0, -'List'.length))} objects, newest first (see Pagination)`;
  if (target) return `${code === 201 ? 'Created: the' : 'The'} ${noun(target)}`;
  return operation.summary ?? STATUS_CODES[code] ?? 'Success';
}

/** `#/components/schemas/WebhookEndpoint` → `webhook endpoint`. */
function noun(ref: string): string {
  return ref
    .slice(ref.lastIndexOf('/') + 1)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

const ref = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** A catch-all path segment (`/*`) has no name OpenAPI accepts: it is published as `{path}`. */
function namedWildcard(path: string, operations: Json): string {
  if (!path.endsWith('/{*}')) return path;
  for (const operation of Object.values<Json>(operations)) {
    for (const parameter of operation.parameters ?? []) {
      if (parameter.in === 'path' && parameter.name === '*') {
        parameter.name = 'path';
        parameter.description ??= 'The rest of the path';
      }
    }
  }
  return `${path.slice(0, -'{*}'.length)}{path}`;
}

/** JSON with object keys sorted, so two equal schemas compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

const CODE_SPAN = /(`[^`]*`)/;

/**
 * Descriptions are Markdown, where `<token>` is an HTML tag the reference drops: outside code spans `<`,
 * `>` and `&` are written as entities so the text reads as written.
 */
function escapeDescriptions(value: any): any {
  if (Array.isArray(value)) return value.map(escapeDescriptions);
  if (!value || typeof value !== 'object') return value;
  for (const [key, v] of Object.entries(value)) {
    if ((key === 'description' || key === 'summary') && typeof v === 'string') value[key] = escapeMarkdown(v);
    else if (key !== 'example' && key !== 'examples') value[key] = escapeDescriptions(v);
  }
  return value;
}

export function escapeMarkdown(text: string): string {
  return text
    .split(CODE_SPAN)
    .map((part, i) => (i % 2 === 1 ? part : part.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')))
    .join('');
}
