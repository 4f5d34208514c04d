import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../clock.js';
import type { Actor, Role } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId } from '../domain/ids.js';
import { findApiKeyBySecretHash, findUser, findUsersByEmail } from '../store/accounts.sql.js';
import type { Queryable } from '../store/db.js';
import { DECOY_PASSWORD_HASH, hashApiKey, parseApiKey, verifyPassword } from './credentials.js';

const TOKEN_LIFETIME_SECONDS = 3600;
/** How long a looked-up key or user stays cached: a revocation reaches every node within this time. */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;

interface Cached {
  actor: Actor | null;
  /** A rolled key ends at its own expiry even while cached. */
  validUntil: number;
  cachedUntil: number;
}

/** Resolves `Authorization: Bearer …` (an API key or a user's access token) to an Actor. */
export class Authenticator {
  private readonly cache = new Map<string, Cached>();
  private readonly secret: Uint8Array;

  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    jwtSecret: string,
  ) {
    this.secret = new TextEncoder().encode(jwtSecret);
  }

  /**
   * The caller behind `Authorization: Bearer …`. Synchronous when the API key was looked up in the last
   * few seconds (the common case: no promise on the hot path), else a promise.
   */
  authenticate(authorization: string | undefined): Actor | Promise<Actor> {
    const match = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) {
      throw new AppError('authentication_required', 'Send an API key or access token as "Authorization: Bearer <key>"');
    }
    const token = match[1]!;
    if (!token.startsWith('sk_')) return this.tokenActor(token).then(orRefuse);
    const parsed = parseApiKey(token);
    if (!parsed) return orRefuse(null);
    const secretHash = hashApiKey(token);
    const hit = this.fresh(secretHash);
    if (hit !== undefined) return orRefuse(hit);
    return this.cached(secretHash, async () => {
      const key = await findApiKeyBySecretHash(this.db, parsed.merchantId, secretHash);
      if (!key || key.revokedAt || key.livemode !== parsed.livemode) return null;
      return {
        validUntil: key.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
        actor: {
          merchantId: key.merchantId,
          livemode: key.livemode,
          role: 'owner',
          storeId: null,
          branchId: null,
          principal: { kind: 'api_key', id: key.keyId },
        },
      };
    }).then(orRefuse);
  }

  /** A cached lookup still within its time to live: the actor, null when refused, undefined when not cached. */
  private fresh(cacheKey: string): Actor | null | undefined {
    const now = this.clock.now().getTime();
    const hit = this.cache.get(cacheKey);
    if (!hit || hit.cachedUntil <= now) return undefined;
    return hit.validUntil > now ? hit.actor : null;
  }

  private async cached(cacheKey: string, load: () => Promise<{ actor: Actor; validUntil: number } | null>): Promise<Actor | null> {
    const hit = this.fresh(cacheKey);
    if (hit !== undefined) return hit;
    const now = this.clock.now().getTime();
    const loaded = await load();
    if (this.cache.size >= CACHE_MAX_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, { actor: loaded?.actor ?? null, validUntil: loaded?.validUntil ?? 0, cachedUntil: now + CACHE_TTL_MS });
    return loaded && loaded.validUntil > now ? loaded.actor : null;
  }

  private async tokenActor(token: string): Promise<Actor | null> {
    let claims: { sub?: string; mid?: string; live?: boolean };
    try {
      ({ payload: claims } = await jwtVerify(token, this.secret, {
        algorithms: ['HS256'],
        issuer: 'payorders',
        audience: 'payorders-api',
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
    const { sub, mid, live } = claims;
    if (typeof sub !== 'string' || typeof mid !== 'string' || typeof live !== 'boolean') return null;
    // The user is re-read (cached briefly) so a disabled user or changed role takes effect before the token expires.
    return this.cached(`user:${mid}:${sub}:${live}`, async () => {
      const user = await findUser(this.db, mid, sub);
      if (!user || user.disabledAt) return null;
      return { validUntil: Number.POSITIVE_INFINITY, actor: userActor(user, live) };
    });
  }

  /** Signs a user in; one generic failure for unknown email and wrong password alike. */
  async issueToken(email: string, password: string, merchant: string | undefined, livemode: boolean) {
    const merchantId = merchant === undefined ? undefined : decodeId('merchant', merchant);
    const candidates = (await findUsersByEmail(this.db, email)).filter(
      (u) => !u.disabledAt && (merchantId === undefined || u.merchantId === merchantId),
    );
    if (candidates.length > 1) {
      // Ask for the merchant only once the password fits one of them, so a guesser learns nothing about the email.
      const fits = await Promise.all(candidates.map((u) => verifyPassword(password, u.passwordHash)));
      if (!fits.includes(true)) throw new AppError('invalid_credentials', 'The email or password is wrong');
      throw AppError.invalidField('merchant', 'required', 'is required: this email signs in to several merchants');
    }
    const user = candidates[0];
    const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !ok) throw new AppError('invalid_credentials', 'The email or password is wrong');
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ mid: user.merchantId, role: user.role, live: livemode })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.userId)
      .setIssuer('payorders')
      .setAudience('payorders-api')
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.secret);
    return {
      access_token: accessToken,
      token_type: 'Bearer' as const,
      expires_in: TOKEN_LIFETIME_SECONDS,
      user: {
        id: encodeId('user', user.userId),
        object: 'user' as const,
        email: user.email,
        role: user.role,
        merchant: encodeId('merchant', user.merchantId),
        store: user.storeId && encodeId('store', user.storeId),
        branch: user.branchId && encodeId('branch', user.branchId),
        livemode,
      },
    };
  }
}

function orRefuse(actor: Actor | null): Actor {
  if (!actor) throw new AppError('invalid_credentials', 'The API key or access token is invalid, expired or revoked');
  return actor;
}

function userActor(user: { merchantId: string; userId: string; role: Role; storeId: string | null; branchId: string | null }, livemode: boolean): Actor {
  return {
    merchantId: user.merchantId,
    livemode,
    role: user.role,
    storeId: user.storeId,
    branchId: user.branchId,
    principal: { kind: 'user', id: user.userId },
  };
}
