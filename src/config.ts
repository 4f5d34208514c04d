import { existsSync, readFileSync, statSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';

/**
 * The directory Payorders is installed in (holding package.json and migrations/), whether this runs as
 * TypeScript from src/ or compiled from dist/. The server and the CLI resolve their store from it, never
 * from the working directory, so `payorders` run from anywhere finds the store `npm start` uses.
 */
export const INSTALL_DIR = fileURLToPath(new URL('..', import.meta.url));

export interface Config {
  host: string;
  port: number;
  /** Set: the PostgreSQL server of record. Unset: the embedded PGlite store in `dataDir`. */
  databaseUrl: string | undefined;
  /** PostgreSQL schema to use (created when missing); default: the server's search_path. */
  dbSchema: string | undefined;
  dataDir: string;
  /**
   * Seals what must be kept but never stored in the clear (a Glomopay order's secret key, which signs its
   * checkout result): 32 bytes from PAYORDERS_SEALING_KEY (64 hex digits); unset: the key file below.
   */
  sealingKey: Buffer | undefined;
  /** The sealing key's file, made on first use when missing (PAYORDERS_SEALING_KEY_FILE; default `<dataDir>/sealing.key`). */
  sealingKeyFile: string;
  /** The embedded store's buffer pool, a PostgreSQL size (16MB); unset: the store's default (see db.ts). */
  pgliteSharedBuffers: string | undefined;
  /** At start-up, how long to wait for a PostgreSQL server that cannot be reached yet (compose, systemd). */
  dbWaitMs: number;
  publicBaseUrl: string;
  /** False when publicBaseUrl was made up from HOST and PORT. */
  publicBaseUrlSet: boolean;
  logLevel: string;
  /** Requests per second allowed per API key or user (0 turns the limit off). */
  rateLimitPerSecond: number;
  idempotencyRetentionHours: number;
  jobIntervalMs: number;
  bodyLimitBytes: number;
  /** Whose X-Forwarded-For to believe: false (default), true (any peer), or the proxies' addresses/CIDRs. */
  trustProxy: boolean | string[];
  /** A PSP's Pix API (the Banco Central's API Pix: /oauth/token, /v2/cob); unset: Pix on the sandbox only. */
  pixApi: ProviderApiConfig | undefined;
  /** A bank's or PSP's boleto registration API (see src/rails/boleto/provider-api-boleto.ts); unset: boleto on the sandbox only. */
  boletoApi: ProviderApiConfig | undefined;
  webhooks: WebhookConfig;
  /** Payer notifications and the merchant's notices: where email, SMS and WhatsApp go out. */
  notifications: NotificationConfig;
  /** GET /v1/orders/{id}/events/stream: a comment line this often keeps proxies from closing an idle stream. */
  streamHeartbeatMs: number;
  /** How often each node looks for new events of the orders its streams follow (only while one is open). */
  streamPollMs: number;
  /** Where /metrics is served: a port of its own (on `host`), else the API's port; `token` guards it either way. */
  metrics: { port: number | undefined; host: string; token: string | undefined };
  fx: FxConfig;
  arTransferQr: ArTransferQrConfig;
  usdt: UsdtConfig;
  cards: CardConfig;
  /** Where each vendor-compatible API is served (see src/compat/face.ts). */
  faces: Record<FaceName, FaceConfig>;
}

/** Cards: the real acquirer, how long tokens and authorisations last, and the card-testing defences. */
export interface CardConfig {
  /** A card acquirer's API (see src/rails/card/provider-api.ts); unset: cards on the sandbox only, and live card payments refused. */
  acquirerApi: ProviderApiConfig | undefined;
  /** An uncaptured authorisation is voided and expires after this long (default 7 days). */
  authorizationLifetimeMs: number;
  /** A card payment still waiting on its 3-D Secure challenge this long after it was made expires (default 30 minutes). */
  challengeLifetimeMs: number;
  /** A tok_… is good for this long (default 15 minutes), and once. */
  tokenLifetimeMs: number;
  /** Tokenizations and card payments allowed per minute per API key, and per client address (0: no limit). */
  velocityPerKeyPerMinute: number;
  velocityPerAddressPerMinute: number;
  /** The decline-rate breaker: over `breakerWindowMs`, once `breakerMinAttempts` card payments were tried, a decline rate above `breakerDeclineRatePercent` refuses more. */
  breakerWindowMs: number;
  breakerMinAttempts: number;
  breakerDeclineRatePercent: number;
}

/** USDT on Tron: the token, when money counts, and the chain API live payments are watched on. */
export interface UsdtConfig {
  /** The TRC20 contract whose Transfer events count (the official USDT by default; a testnet's for testing). */
  contract: string;
  /** Blocks on top of a transfer's before it is credited (19: Tron's solidified depth, about a minute). */
  confirmations: number;
  /** Transfers below this many µUSDT are recorded, never credited. */
  dustMicros: number;
  /** How long after a payment's expiry its address is still watched for late money. */
  lateWatchMs: number;
  /** A refund's transaction the merchant recorded and the watcher has not seen this long after fails the refund (default 24 hours). */
  refundTransactionWindowMs: number;
  /** At most this many pages of 200 events per scan: the work of one tick is bounded. */
  maxPagesPerTick: number;
  /** A TronGrid-compatible API for live payments (provider trongrid); unset: USDT on the in-process sandbox chain only. */
  tronApi: { url: string; apiKey: string | undefined; timeoutMs: number } | undefined;
}

/** The Argentine transfer QR: the scheme identifier its payloads carry, and a PSP's API for live payments. */
export interface ArTransferQrConfig {
  /** 51.00 of every payload: the scheme's globally unique identifier (PAYORDERS_AR_QR_SCHEME_GUI). */
  schemeGui: string;
  /** Set: provider ar_psp_api takes live payments through this API. */
  api: { url: string; apiKey: string; webhookSecret: string | undefined; timeoutMs: number } | undefined;
}

/** Where FX rates come from and how long they and the prices made with them last. */
export interface FxConfig {
  /** operator: rates set through PUT /v1/fx/rates or the rates file; http: a rates API (Coinbase's /v2/exchange-rates shape). */
  source: 'operator' | 'http';
  /** A rate older than this is refused rather than priced with. */
  maxRateAgeMs: number;
  /** How long a payment's locked price lasts (its expiry is no later). */
  quoteLifetimeMs: number;
  /** The rates file's rates (PAYORDERS_FX_RATES_FILE), read once at start-up; operator source only. */
  fileRates: Array<{ base: string; quote: string; rate: string; fetchedAt: Date }>;
  http: { url: string; apiKey: string | undefined; timeoutMs: number; cacheMs: number } | undefined;
}

/** The vendor APIs Payorders speaks, each under src/compat/<name>/. */
export const FACE_NAMES = ['certopay', 'ic', 'paybyrd', 'glomopay'] as const;
export type FaceName = (typeof FACE_NAMES)[number];

/** PAYORDERS_FACE_<NAME>_PREFIX / _PORT / _HOST / _RATE_LIMIT. */
export interface FaceConfig {
  /** The path the face is served under on the main port, e.g. /compat/certopay. */
  prefix: string;
  /** Set: the face also answers at the root of this port (no prefix), on HOST. */
  port: number | undefined;
  /** Host names (lower case, no port) at whose root the face answers on the main port. */
  hosts: string[];
  /** Requests per key in the vendor's window (CertoPay's: a minute); unset: the vendor's documented limit; 0: off. */
  rateLimit: number | undefined;
}

/** Where webhooks may go: for test-mode endpoints only (the default), for every endpoint, or for none. */
export type WebhookAllowance = 'test' | 'all' | 'none';

export interface WebhookConfig {
  /** http:// endpoint URLs (otherwise https only). */
  allowHttp: WebhookAllowance;
  /** Loopback, private and link-local destinations (local receivers, self-hosting). */
  allowPrivate: WebhookAllowance;
  timeoutMs: number;
  /** How often the fan-out and delivery jobs look for work. */
  pollMs: number;
  /** How many of one endpoint's deliveries may be in flight at once (started in event order). */
  parallelPerEndpoint: number;
  /** An endpoint whose attempts have all failed for this long is disabled (and the merchant told). */
  disableAfterHours: number;
  /** Finished deliveries are kept this long. */
  deliveryRetentionDays: number;
  /** Events are kept this long once no delivery needs them; 0 keeps them (they are also the audit trail). */
  eventRetentionDays: number;
}

/** Unset channels are not sent: their messages are recorded as failed (not_configured). */
export interface NotificationConfig {
  /** PAYORDERS_SMTP_*: nodemailer's SMTP transport. */
  smtp: { host: string; port: number; tls: 'starttls' | 'implicit' | 'none'; user: string | undefined; password: string | undefined; from: string } | undefined;
  /** PAYORDERS_SMS_*: an API shaped like Twilio's Messages API (POST {url}/2010-04-01/Accounts/{sid}/Messages.json). */
  sms: { url: string; accountSid: string; authToken: string; from: string } | undefined;
  /** PAYORDERS_WHATSAPP_*: an API shaped like Meta's WhatsApp Cloud API (POST {url}/{phone number id}/messages). */
  whatsapp: { url: string; phoneNumberId: string; token: string } | undefined;
  /** How long one send may take (SMTP or HTTP). */
  timeoutMs: number;
  /** How often the sender looks for messages due. */
  pollMs: number;
}

/** A real provider's HTTP API: PAYORDERS_PIX_API_* or PAYORDERS_BOLETO_API_*. */
export interface ProviderApiConfig {
  url: string;
  clientId: string;
  clientSecret: string;
  /** Authenticates callbacks (a secret in the registered URL, an HMAC of the body); unset: every callback only triggers a query. */
  webhookSecret: string | undefined;
  timeoutMs: number;
  /** Mutual TLS towards the API: PEM files of the client certificate the provider issued and its key. */
  clientCertificate?: { certFile: string; keyFile: string };
  /** A PEM file of the CA(s) to trust for the API's server certificate, instead of the system's. */
  caFile?: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/**
 * Environment variables win over an optional `.env` file in the working directory, which wins over one
 * in the installation directory.
 */
export function environmentWithDotEnv(env: NodeJS.ProcessEnv = process.env, dotEnvPaths = [join(INSTALL_DIR, '.env'), resolve('.env')]): NodeJS.ProcessEnv {
  const files = [...new Set(dotEnvPaths)].filter((path) => existsSync(path));
  return Object.assign({}, ...files.map((path) => parseEnv(readFileSync(path, 'utf8'))), env);
}

export function loadConfig(env: NodeJS.ProcessEnv = environmentWithDotEnv()): Config {
  const host = env.HOST || '127.0.0.1';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  const dbSchema = env.PAYORDERS_DB_SCHEMA || undefined;
  if (dbSchema && !/^[a-z_][a-z0-9_]{0,62}$/.test(dbSchema)) {
    throw new ConfigError('PAYORDERS_DB_SCHEMA', 'must be a lower-case SQL identifier (letters, digits, underscore)');
  }
  // Listening on every interface names no address a client could use: this machine's first external one stands in.
  const linkHost = isWildcardHost(host) ? (externalAddresses()[0] ?? '127.0.0.1') : host;
  const publicBaseUrl = (env.PUBLIC_BASE_URL || `http://${linkHost.includes(':') ? `[${linkHost}]` : linkHost}:${port}`).replace(/\/+$/, '');
  try {
    const url = new URL(publicBaseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError('PUBLIC_BASE_URL', 'must be an absolute http(s) URL');
  }
  return {
    host,
    port,
    databaseUrl,
    dbSchema,
    // Relative to the installation, not the working directory (see INSTALL_DIR).
    dataDir: resolve(INSTALL_DIR, env.PAYORDERS_DATA_DIR || 'data'),
    sealingKey: sealingKey(env.PAYORDERS_SEALING_KEY),
    sealingKeyFile: resolve(INSTALL_DIR, env.PAYORDERS_SEALING_KEY_FILE || join(env.PAYORDERS_DATA_DIR || 'data', 'sealing.key')),
    dbWaitMs: integer(env, 'PAYORDERS_DB_WAIT_SECONDS', 60, 0, 86_400) * 1000,
    pgliteSharedBuffers: pgliteSharedBuffers(env.PAYORDERS_PGLITE_SHARED_BUFFERS),
    publicBaseUrl,
    publicBaseUrlSet: Boolean(env.PUBLIC_BASE_URL),
    logLevel: oneOf(env, 'LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    rateLimitPerSecond: integer(env, 'PAYORDERS_RATE_LIMIT', 100, 0, 1_000_000),
    idempotencyRetentionHours: integer(env, 'PAYORDERS_IDEMPOTENCY_RETENTION_HOURS', 24, 1, 24 * 365),
    jobIntervalMs: integer(env, 'PAYORDERS_JOB_INTERVAL_MS', 1000, 10, 3_600_000),
    bodyLimitBytes: integer(env, 'PAYORDERS_BODY_LIMIT_BYTES', 256 * 1024, 1024, 50 * 1024 * 1024),
    trustProxy: trustProxy(env.PAYORDERS_TRUST_PROXY),
    pixApi: providerApi(env, 'PAYORDERS_PIX_API'),
    boletoApi: providerApi(env, 'PAYORDERS_BOLETO_API'),
    webhooks: webhooks(env),
    notifications: notifications(env),
    streamHeartbeatMs: integer(env, 'PAYORDERS_STREAM_HEARTBEAT_MS', 15_000, 100, 300_000),
    streamPollMs: integer(env, 'PAYORDERS_STREAM_POLL_MS', 250, 10, 10_000),
    metrics: {
      port: env.PAYORDERS_METRICS_PORT ? integer(env, 'PAYORDERS_METRICS_PORT', 0, 0, 65535) : undefined,
      host: env.PAYORDERS_METRICS_HOST || '127.0.0.1',
      token: env.PAYORDERS_METRICS_TOKEN || undefined,
    },
    fx: fx(env),
    arTransferQr: arTransferQr(env),
    usdt: usdt(env),
    cards: {
      acquirerApi: providerApi(env, 'PAYORDERS_CARD_ACQUIRER'),
      authorizationLifetimeMs: integer(env, 'PAYORDERS_CARD_AUTHORIZATION_HOURS', 168, 1, 31 * 24) * 3_600_000,
      challengeLifetimeMs: integer(env, 'PAYORDERS_CARD_CHALLENGE_MINUTES', 30, 1, 24 * 60) * 60_000,
      tokenLifetimeMs: integer(env, 'PAYORDERS_CARD_TOKEN_MINUTES', 15, 1, 24 * 60) * 60_000,
      velocityPerKeyPerMinute: integer(env, 'PAYORDERS_CARD_VELOCITY_PER_KEY', 120, 0, 1_000_000),
      velocityPerAddressPerMinute: integer(env, 'PAYORDERS_CARD_VELOCITY_PER_ADDRESS', 20, 0, 1_000_000),
      breakerWindowMs: integer(env, 'PAYORDERS_CARD_BREAKER_WINDOW_MINUTES', 10, 1, 24 * 60) * 60_000,
      breakerMinAttempts: integer(env, 'PAYORDERS_CARD_BREAKER_MIN_ATTEMPTS', 20, 1, 1_000_000),
      breakerDeclineRatePercent: integer(env, 'PAYORDERS_CARD_BREAKER_DECLINE_PERCENT', 60, 1, 100),
    },
    faces: faces(env, port),
  };
}

/**
 * The scheme identifier is the scheme's to give (COELSA, Red Link, Prisma): test mode may use the made-up default,
 * which no payer app recognises, but a live PSP API needs it set.
 */
function arTransferQr(env: NodeJS.ProcessEnv): ArTransferQrConfig {
  const gui = env.PAYORDERS_AR_QR_SCHEME_GUI;
  if (gui !== undefined && gui !== '' && !/^[\x21-\x7e]{1,32}$/.test(gui)) throw new ConfigError('PAYORDERS_AR_QR_SCHEME_GUI', 'must be 1 to 32 printable characters');
  const url = env.PAYORDERS_AR_QR_API_URL;
  if (!url) return { schemeGui: gui || 'ar.payorders.sandbox', api: undefined };
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new ConfigError('PAYORDERS_AR_QR_API_URL', 'must be an absolute http(s) URL');
  if (!gui) throw new ConfigError('PAYORDERS_AR_QR_SCHEME_GUI', 'is required with PAYORDERS_AR_QR_API_URL (the identifier the scheme gave the PSP)');
  const apiKey = env.PAYORDERS_AR_QR_API_KEY;
  if (!apiKey) throw new ConfigError('PAYORDERS_AR_QR_API_KEY', 'is required with PAYORDERS_AR_QR_API_URL');
  return {
    schemeGui: gui,
    api: {
      url: url.replace(/\/+$/, ''),
      apiKey,
      webhookSecret: env.PAYORDERS_AR_QR_API_WEBHOOK_SECRET || undefined,
      timeoutMs: integer(env, 'PAYORDERS_AR_QR_API_TIMEOUT_MS', 10_000, 100, 120_000),
    },
  };
}

function usdt(env: NodeJS.ProcessEnv): UsdtConfig {
  const contract = env.PAYORDERS_USDT_CONTRACT || 'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t';
  if (!/^T[1-9A-HJ-NP-Za-km-z]{33}$/.test(contract)) throw new ConfigError('PAYORDERS_USDT_CONTRACT', 'must be a base58 Tron address (T…)');
  const url = env.PAYORDERS_TRON_API_URL;
  if (url && (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))) throw new ConfigError('PAYORDERS_TRON_API_URL', 'must be an absolute http(s) URL');
  return {
    contract,
    confirmations: integer(env, 'PAYORDERS_USDT_CONFIRMATIONS', 19, 1, 1000),
    dustMicros: integer(env, 'PAYORDERS_USDT_DUST_MICROS', 10_000, 0, 1_000_000_000),
    lateWatchMs: integer(env, 'PAYORDERS_USDT_LATE_WATCH_HOURS', 24, 0, 24 * 90) * 3_600_000,
    refundTransactionWindowMs: integer(env, 'PAYORDERS_USDT_REFUND_TRANSACTION_HOURS', 24, 1, 24 * 30) * 3_600_000,
    maxPagesPerTick: integer(env, 'PAYORDERS_USDT_MAX_PAGES_PER_TICK', 100, 1, 10_000),
    tronApi: url ? { url: url.replace(/\/+$/, ''), apiKey: env.PAYORDERS_TRON_API_KEY || undefined, timeoutMs: integer(env, 'PAYORDERS_TRON_API_TIMEOUT_MS', 10_000, 100, 120_000) } : undefined,
  };
}

function fx(env: NodeJS.ProcessEnv): FxConfig {
  const source = oneOf(env, 'PAYORDERS_FX_SOURCE', ['operator', 'http'] as const, 'operator');
  const url = env.PAYORDERS_FX_HTTP_URL;
  if (source === 'http' && !url) throw new ConfigError('PAYORDERS_FX_HTTP_URL', 'is required with PAYORDERS_FX_SOURCE=http');
  if (url && (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))) throw new ConfigError('PAYORDERS_FX_HTTP_URL', 'must be an absolute http(s) URL');
  return {
    source,
    maxRateAgeMs: integer(env, 'PAYORDERS_FX_MAX_RATE_AGE_SECONDS', 3600, 1, 30 * 86_400) * 1000,
    quoteLifetimeMs: integer(env, 'PAYORDERS_FX_QUOTE_LIFETIME_SECONDS', 900, 10, 7 * 86_400) * 1000,
    fileRates: env.PAYORDERS_FX_RATES_FILE ? readRatesFile(env.PAYORDERS_FX_RATES_FILE) : [],
    http:
      source === 'http'
        ? {
            url: url!.replace(/\/+$/, ''),
            apiKey: env.PAYORDERS_FX_HTTP_API_KEY || undefined,
            timeoutMs: integer(env, 'PAYORDERS_FX_HTTP_TIMEOUT_MS', 5_000, 100, 60_000),
            cacheMs: integer(env, 'PAYORDERS_FX_HTTP_CACHE_SECONDS', 60, 0, 3600) * 1000,
          }
        : undefined,
  };
}

/**
 * The rates file: `{"fetched_at"?: ISO time, "rates": [{"base": "USD", "quote": "BRL", "rate": "5.4321"}]}`. Its rates
 * date from `fetched_at`, or from the file's modification time, so an old file is refused as stale, not trusted.
 */
function readRatesFile(path: string): FxConfig['fileRates'] {
  const fail = (problem: string): never => {
    throw new ConfigError('PAYORDERS_FX_RATES_FILE', problem);
  };
  let parsed: { fetched_at?: unknown; rates?: unknown };
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return fail(`cannot be read as JSON (${(error as Error).message})`);
  }
  const fetchedAt = parsed.fetched_at === undefined ? statSync(path).mtime : new Date(String(parsed.fetched_at));
  if (Number.isNaN(fetchedAt.getTime())) fail('has a fetched_at that is not an ISO 8601 time');
  if (!Array.isArray(parsed.rates)) fail('must hold a "rates" array');
  return (parsed.rates as Array<Record<string, unknown>>).map((r, i) => {
    const code = (v: unknown) => (typeof v === 'string' && /^[A-Z]{3,5}$/.test(v) ? v : fail(`rates[${i}] needs base and quote currency codes`));
    if (typeof r?.rate !== 'string' || !/^\d{1,12}(\.\d{1,24})?$/.test(r.rate) || !/[1-9]/.test(r.rate)) fail(`rates[${i}].rate must be a positive decimal string such as "5.4321"`);
    return { base: code(r.base), quote: code(r.quote), rate: r.rate as string, fetchedAt };
  });
}

function faces(env: NodeJS.ProcessEnv, mainPort: number): Record<FaceName, FaceConfig> {
  const claimedHosts = new Map<string, string>();
  const claimedPorts = new Map<number, string>([[mainPort, 'PORT']]);
  const entries = FACE_NAMES.map((name): [FaceName, FaceConfig] => {
    const variable = (part: string) => `PAYORDERS_FACE_${name.toUpperCase()}_${part}`;
    const prefix = (env[variable('PREFIX')] || `/compat/${name}`).replace(/\/+$/, '');
    if (!/^(\/[a-z0-9][a-z0-9._-]*)+$/.test(prefix) || prefix === '/v1' || prefix.startsWith('/v1/')) {
      throw new ConfigError(variable('PREFIX'), 'must be a lower-case path like /compat/name, outside /v1');
    }
    const port = env[variable('PORT')] ? integer(env, variable('PORT'), 0, 0, 65535) : undefined;
    if (port && claimedPorts.has(port)) throw new ConfigError(variable('PORT'), `is already taken by ${claimedPorts.get(port)}`);
    if (port) claimedPorts.set(port, variable('PORT'));
    const hosts = (env[variable('HOST')] || '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
    for (const host of hosts) {
      if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(host)) {
        throw new ConfigError(variable('HOST'), `must be host names separated by commas (got "${host}")`);
      }
      if (claimedHosts.has(host)) throw new ConfigError(variable('HOST'), `names ${host}, already taken by ${claimedHosts.get(host)}`);
      claimedHosts.set(host, variable('HOST'));
    }
    const rateLimit = env[variable('RATE_LIMIT')] ? integer(env, variable('RATE_LIMIT'), 0, 0, 1_000_000) : undefined;
    return [name, { prefix, port, hosts, rateLimit }];
  });
  for (const [name, face] of entries) {
    const other = entries.find(([n, f]) => n !== name && (f.prefix === face.prefix || face.prefix.startsWith(`${f.prefix}/`)));
    if (other) throw new ConfigError(`PAYORDERS_FACE_${name.toUpperCase()}_PREFIX`, `overlaps the ${other[0]} face's prefix (${other[1].prefix})`);
  }
  return Object.fromEntries(entries) as Record<FaceName, FaceConfig>;
}

function webhooks(env: NodeJS.ProcessEnv): WebhookConfig {
  const allowances = ['test', 'all', 'none'] as const;
  return {
    allowHttp: oneOf(env, 'PAYORDERS_WEBHOOK_ALLOW_HTTP', allowances, 'test'),
    allowPrivate: oneOf(env, 'PAYORDERS_WEBHOOK_ALLOW_PRIVATE', allowances, 'test'),
    timeoutMs: integer(env, 'PAYORDERS_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    pollMs: integer(env, 'PAYORDERS_WEBHOOK_POLL_MS', 200, 10, 60_000),
    parallelPerEndpoint: integer(env, 'PAYORDERS_WEBHOOK_PARALLEL', 8, 1, 64),
    disableAfterHours: integer(env, 'PAYORDERS_WEBHOOK_DISABLE_AFTER_HOURS', 120, 1, 24 * 365),
    deliveryRetentionDays: integer(env, 'PAYORDERS_WEBHOOK_RETENTION_DAYS', 30, 1, 3650),
    eventRetentionDays: integer(env, 'PAYORDERS_EVENT_RETENTION_DAYS', 0, 0, 36500),
  };
}

function notifications(env: NodeJS.ProcessEnv): NotificationConfig {
  const httpUrl = (name: string) => {
    const url = env[name]!.replace(/\/+$/, '');
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new ConfigError(name, 'must be an absolute http(s) URL');
    return url;
  };
  const requiredWith = (name: string, by: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(name, `is required with ${by}`);
    return value;
  };
  const tls = oneOf(env, 'PAYORDERS_SMTP_TLS', ['starttls', 'implicit', 'none'] as const, 'starttls');
  return {
    smtp: env.PAYORDERS_SMTP_HOST
      ? {
          host: env.PAYORDERS_SMTP_HOST,
          port: integer(env, 'PAYORDERS_SMTP_PORT', tls === 'implicit' ? 465 : 587, 1, 65535),
          tls,
          user: env.PAYORDERS_SMTP_USER || undefined,
          password: env.PAYORDERS_SMTP_PASSWORD || undefined,
          from: requiredWith('PAYORDERS_SMTP_FROM', 'PAYORDERS_SMTP_HOST'),
        }
      : undefined,
    sms: env.PAYORDERS_SMS_API_URL
      ? {
          url: httpUrl('PAYORDERS_SMS_API_URL'),
          accountSid: requiredWith('PAYORDERS_SMS_ACCOUNT_SID', 'PAYORDERS_SMS_API_URL'),
          authToken: requiredWith('PAYORDERS_SMS_AUTH_TOKEN', 'PAYORDERS_SMS_API_URL'),
          from: requiredWith('PAYORDERS_SMS_FROM', 'PAYORDERS_SMS_API_URL'),
        }
      : undefined,
    whatsapp: env.PAYORDERS_WHATSAPP_API_URL
      ? {
          url: httpUrl('PAYORDERS_WHATSAPP_API_URL'),
          phoneNumberId: requiredWith('PAYORDERS_WHATSAPP_PHONE_NUMBER_ID', 'PAYORDERS_WHATSAPP_API_URL'),
          token: requiredWith('PAYORDERS_WHATSAPP_TOKEN', 'PAYORDERS_WHATSAPP_API_URL'),
        }
      : undefined,
    timeoutMs: integer(env, 'PAYORDERS_NOTIFY_TIMEOUT_MS', 10_000, 100, 120_000),
    pollMs: integer(env, 'PAYORDERS_NOTIFY_POLL_MS', 500, 10, 60_000),
  };
}

function providerApi(env: NodeJS.ProcessEnv, prefix: string): ProviderApiConfig | undefined {
  const url = env[`${prefix}_URL`];
  if (!url) return undefined;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) throw new ConfigError(`${prefix}_URL`, 'must be an absolute http(s) URL');
  const required = (name: string) => {
    const value = env[name];
    if (!value) throw new ConfigError(name, `is required with ${prefix}_URL`);
    return value;
  };
  const readable = (name: string) => {
    const path = env[name];
    if (path && !existsSync(path)) throw new ConfigError(name, `names a file that does not exist (${path})`);
    return path || undefined;
  };
  const certFile = readable(`${prefix}_CERT_FILE`);
  const keyFile = readable(`${prefix}_KEY_FILE`);
  if (Boolean(certFile) !== Boolean(keyFile)) throw new ConfigError(certFile ? `${prefix}_KEY_FILE` : `${prefix}_CERT_FILE`, `is required with ${certFile ? `${prefix}_CERT_FILE` : `${prefix}_KEY_FILE`}`);
  return {
    url: url.replace(/\/+$/, ''),
    clientId: required(`${prefix}_CLIENT_ID`),
    clientSecret: required(`${prefix}_CLIENT_SECRET`),
    webhookSecret: env[`${prefix}_WEBHOOK_SECRET`] || undefined,
    timeoutMs: integer(env, `${prefix}_TIMEOUT_MS`, 10_000, 100, 120_000),
    ...(certFile && keyFile ? { clientCertificate: { certFile, keyFile } } : {}),
    ...(env[`${prefix}_CA_FILE`] ? { caFile: readable(`${prefix}_CA_FILE`) } : {}),
  };
}

function pgliteSharedBuffers(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  if (!/^[1-9]\d{0,5}(kB|MB|GB)$/.test(raw)) throw new ConfigError('PAYORDERS_PGLITE_SHARED_BUFFERS', `must be a size such as 16MB or 1GB (got "${raw}")`);
  return raw;
}

/** HOST values that listen on every interface. */
export const isWildcardHost = (host: string) => ['0.0.0.0', '::', '[::]'].includes(host);

/** This machine's addresses other machines may reach it at: IPv4 first, no loopback. */
export function externalAddresses(): string[] {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((a) => !a.internal);
  return [...all.filter((a) => a.family === 'IPv4'), ...all.filter((a) => a.family === 'IPv6' && !a.address.startsWith('fe80'))].map((a) => a.address);
}

/** Where a PostgreSQL URL points, as `host:port` (a Unix socket directory given as `?host=` included). */
export function databaseAddress(url: string): string {
  if (!URL.canParse(url)) return '(an unparsable DATABASE_URL)';
  const parsed = new URL(url);
  const host = parsed.searchParams.get('host') ?? (decodeURIComponent(parsed.hostname) || 'localhost');
  return `${host}:${parsed.port || '5432'}`;
}

/** The store a configuration names, in words: what the banner and the CLI say they use. */
export function describeStore(config: Pick<Config, 'databaseUrl' | 'dbSchema' | 'dataDir'>): string {
  if (!config.databaseUrl) return `embedded PGlite in ${config.dataDir}`;
  const database = URL.canParse(config.databaseUrl) ? decodeURIComponent(new URL(config.databaseUrl).pathname.slice(1)) : '';
  return `PostgreSQL at ${databaseAddress(config.databaseUrl)}${database ? `, database ${database}` : ''}${config.dbSchema ? `, schema ${config.dbSchema}` : ''} (DATABASE_URL)`;
}

function sealingKey(value: string | undefined): Buffer | undefined {
  if (!value) return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new ConfigError('PAYORDERS_SEALING_KEY', 'must be 64 hex digits (32 random bytes: openssl rand -hex 32)');
  return Buffer.from(value, 'hex');
}

/** The configuration as `payorders config` prints it: secrets and passwords masked. */
export function describeConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl && maskDatabaseUrl(config.databaseUrl),
    sealingKey: config.sealingKey && '****',
    metrics: { ...config.metrics, token: config.metrics.token && '****' },
    pixApi: config.pixApi && { ...config.pixApi, clientSecret: '****', webhookSecret: config.pixApi.webhookSecret && '****' },
    boletoApi: config.boletoApi && { ...config.boletoApi, clientSecret: '****', webhookSecret: config.boletoApi.webhookSecret && '****' },
    notifications: {
      ...config.notifications,
      smtp: config.notifications.smtp && { ...config.notifications.smtp, password: config.notifications.smtp.password && '****' },
      sms: config.notifications.sms && { ...config.notifications.sms, authToken: '****' },
      whatsapp: config.notifications.whatsapp && { ...config.notifications.whatsapp, token: '****' },
    },
    cards: { ...config.cards, acquirerApi: config.cards.acquirerApi && { ...config.cards.acquirerApi, clientSecret: '****', webhookSecret: config.cards.acquirerApi.webhookSecret && '****' } },
    usdt: { ...config.usdt, tronApi: config.usdt.tronApi && { ...config.usdt.tronApi, apiKey: config.usdt.tronApi.apiKey && '****' } },
    arTransferQr: { ...config.arTransferQr, api: config.arTransferQr.api && { ...config.arTransferQr.api, apiKey: '****', webhookSecret: config.arTransferQr.api.webhookSecret && '****' } },
    fx: { ...config.fx, fileRates: config.fx.fileRates.length, http: config.fx.http && { ...config.fx.http, apiKey: config.fx.http.apiKey && '****' } },
    store: config.databaseUrl ? 'postgres' : 'pglite (embedded)',
  };
}

/**
 * A PostgreSQL URL holds secrets in its userinfo and in query parameters: `password` (node-postgres reads it
 * as libpq does) and `sslpassword` (libpq's, for tools given the same URL). It is parsed as node-postgres
 * parses it (a WHATWG URL), so the parts masked are the ones it would use; one that does not parse is not
 * shown at all, since where a secret ends cannot be told.
 */
function maskDatabaseUrl(raw: string): string {
  // As node-postgres does, a URL without a host (`postgres://user:pass@/db?host=/socket`) gets one put in.
  const noHost = '@payorders-no-host/';
  const text = URL.canParse(raw) ? raw : raw.replace('@/', noHost);
  if (!URL.canParse(text)) return '(set; not shown: it does not parse as a URL)';
  const url = new URL(text);
  if (url.password) url.password = '****';
  // Pair by pair, so the rest of the query reads as it was written; names decoded as node-postgres decodes them.
  url.search = url.search.replace(/([?&])([^=&]*)=[^&]*/g, (pair, separator: string, name: string) =>
    /password/i.test(new URLSearchParams(`${name}=`).keys().next().value ?? '') ? `${separator}${name}=****` : pair,
  );
  return url.href.replace(noHost, '@/');
}

const PROXY_ADDRESS = /^[0-9a-f.:]+(\/\d{1,3})?$/i;

function trustProxy(raw: string | undefined): Config['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  const addresses = raw.split(',').map((a) => a.trim());
  if (!addresses.every((a) => PROXY_ADDRESS.test(a) || ['loopback', 'linklocal', 'uniquelocal'].includes(a))) {
    throw new ConfigError('PAYORDERS_TRUST_PROXY', 'must be true, false, or comma-separated proxy addresses/CIDRs (or loopback, linklocal, uniquelocal)');
  }
  return addresses;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer from ${min} to ${max} (got "${raw}")`);
  }
  return Number(raw);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new ConfigError(name, `must be one of ${allowed.join(', ')} (got "${raw}")`);
  return raw as T;
}
