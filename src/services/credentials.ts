import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { decodeId, encodeId } from '../domain/ids.js';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;

const BASE32 = '0123456789abcdefghjkmnpqrstvwxyz';
const KEY_RE = /^sk_(test|live)_([0-9a-hjkmnp-tv-z]{26})([0-9a-hjkmnp-tv-z]{32})$/;
const PUBLISHABLE_KEY_RE = /^pk_(test|live)_([0-9a-hjkmnp-tv-z]{26})([0-9a-hjkmnp-tv-z]{32})$/;
const REFRESH_TOKEN_RE = /^rt_([0-9a-hjkmnp-tv-z]{26})[0-9a-hjkmnp-tv-z]{32}$/;

/**
 * `<prefix><merchant id, 26 chars><160 random bits, 32 chars>`. The merchant part lets the lookup go
 * straight to the merchant's rows (a single shard when distributed); the random part is the secret.
 */
function merchantSecret(prefix: string, merchantId: string): string {
  const random = [...randomBytes(32)].map((byte) => BASE32[byte & 31]).join('');
  return `${prefix}${encodeId('merchant', merchantId).slice(4)}${random}`;
}

function merchantOf(base32: string): string | null {
  return decodeId('merchant', `mer_${base32}`);
}

export interface NewApiKey {
  /** The full key: shown once, never stored. */
  secret: string;
  secretHash: string;
  last4: string;
}

/** `sk_<mode>_…`, see merchantSecret. */
export function newApiKey(merchantId: string, livemode: boolean): NewApiKey {
  const secret = merchantSecret(`sk_${livemode ? 'live' : 'test'}_`, merchantId);
  return { secret, secretHash: hashSecret(secret), last4: secret.slice(-4) };
}

export function parseApiKey(secret: string): { merchantId: string; livemode: boolean } | null {
  const match = KEY_RE.exec(secret);
  const merchantId = match && merchantOf(match[2]!);
  return merchantId ? { merchantId, livemode: match[1] === 'live' } : null;
}

/**
 * `pk_<mode>_…`, shaped as the secret keys (see merchantSecret), but public: embedded in pages, it only
 * creates card tokens (POST /v1/tokens), so it is kept in full.
 */
export function newPublishableKey(merchantId: string, livemode: boolean): string {
  return merchantSecret(`pk_${livemode ? 'live' : 'test'}_`, merchantId);
}

export function parsePublishableKey(key: string): { merchantId: string; livemode: boolean } | null {
  const match = PUBLISHABLE_KEY_RE.exec(key);
  const merchantId = match && merchantOf(match[2]!);
  return merchantId ? { merchantId, livemode: match[1] === 'live' } : null;
}

/** `rt_…`, see merchantSecret: shown once to the client that signed in, stored only as its hash. */
export function newRefreshToken(merchantId: string): { token: string; tokenHash: string } {
  const token = merchantSecret('rt_', merchantId);
  return { token, tokenHash: hashSecret(token) };
}

/** The merchant a refresh token names, or null when it is not shaped like one. */
export function parseRefreshToken(token: string): string | null {
  const match = REFRESH_TOKEN_RE.exec(token);
  return match && merchantOf(match[1]!);
}

/** API keys and refresh tokens carry 160 random bits, so a fast hash is enough; a password hash would only slow every request. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function maskApiKey(livemode: boolean, last4: string): string {
  return `sk_${livemode ? 'live' : 'test'}_…${last4}`;
}

const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** `scrypt$N$r$p$salt$hash`, base64 parts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, 32, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** A hash to verify against when no user matched, so a miss takes as long as a wrong password. */
export const DECOY_PASSWORD_HASH = await hashPassword(randomBytes(16).toString('hex'));

export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
