import { SignJWT, decodeJwt, jwtVerify, errors as joseErrors } from 'jose';
import type { Clock } from '../clock.js';
import type { Actor } from '../domain/actor.js';
import { AppError } from '../domain/errors.js';
import { decodeId, encodeId, isUuid, uuidv7 } from '../domain/ids.js';
import { findApiKeyBySecretHash, findUsersByEmail, touchApiKey, type UserRecord } from '../store/accounts.sql.js';
import { findPublishableKey } from '../store/cards.sql.js';
import type { Db, Queryable } from '../store/db.js';
import * as sessions from '../store/sessions.sql.js';
import { DECOY_PASSWORD_HASH, hashSecret, newRefreshToken, parseApiKey, parsePublishableKey, parseRefreshToken, verifyPassword } from './credentials.js';
import { SignInThrottle } from './sign-in-throttle.js';
import { ACCESS_TOKEN_LIFETIME_SECONDS, currentSigningKey } from './signing-keys.js';

/** A session ends when its refresh token goes unused this long; each refresh starts the period again. */
export const SESSION_IDLE_LIFETIME_MS = 30 * 86_400_000;
/** How long a looked-up key, session or signing key stays cached: a revocation reaches every node within this time. */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX_ENTRIES = 10_000;
const JWT_CLAIMS = { issuer: 'payorders', audience: 'payorders-api' };

/** Lookups kept for CACHE_TTL_MS; a value may end sooner (a rolled API key, a retired signing key). */
class ShortCache<T> {
  private readonly entries = new Map<string, { value: T | null; validUntil: number; cachedUntil: number }>();

  constructor(
    private readonly clock: Clock,
    /** False where a miss may turn into a hit at any moment (a signing key just rotated in). */
    private readonly rememberMisses: boolean,
  ) {}

  /** A cached lookup still within its time to live: the value, null when refused, undefined when not cached. */
  fresh(key: string): T | null | undefined {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    if (!hit || hit.cachedUntil <= now) return undefined;
    return hit.validUntil > now ? hit.value : null;
  }

  async get(key: string, load: () => Promise<{ value: T; validUntil: number } | null>): Promise<T | null> {
    const hit = this.fresh(key);
    if (hit !== undefined) return hit;
    const now = this.clock.now().getTime();
    const loaded = await load();
    if (loaded || this.rememberMisses) {
      if (this.entries.size >= CACHE_MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { value: loaded?.value ?? null, validUntil: loaded?.validUntil ?? 0, cachedUntil: now + CACHE_TTL_MS });
    }
    return loaded && loaded.validUntil > now ? loaded.value : null;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/** A key's last use is written at most this often per node: `keys list` shows it to the minute. */
const KEY_USE_RESOLUTION_MS = 60_000;

const sessionKey = (merchantId: string, sessionId: string) => `session:${merchantId}:${sessionId}`;

/**
 * Resolves `Authorization: Bearer …` (an API key or a user's access token) to an Actor, and runs user
 * sign-in: sessions, their access and refresh tokens, sign-out.
 */
export class Authenticator {
  private readonly actors: ShortCache<Actor>;
  private readonly signingKeys: ShortCache<Uint8Array>;
  /** The session behind each user actor this authenticator made (an Actor names no session). */
  private readonly sessionOf = new WeakMap<Actor, string>();
  private readonly throttle: SignInThrottle;
  /** When this node last wrote each key's use. */
  private readonly keyUseWritten = new Map<string, number>();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.actors = new ShortCache(clock, true);
    this.signingKeys = new ShortCache(clock, false);
    this.throttle = new SignInThrottle(clock);
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
    if (token.startsWith('pk_')) throw new AppError('forbidden', 'A publishable key (pk_…) only creates card tokens (POST /v1/tokens); use a secret key (sk_…)');
    if (!token.startsWith('sk_')) return this.tokenActor(token).then(orRefuse);
    const parsed = parseApiKey(token);
    if (!parsed) return orRefuse(null);
    const secretHash = hashSecret(token);
    const hit = this.actors.fresh(secretHash);
    if (hit !== undefined) return this.keyUsed(orRefuse(hit));
    return this.actors.get(secretHash, async () => {
      const key = await findApiKeyBySecretHash(this.db, parsed.merchantId, secretHash);
      if (!key || key.revokedAt || key.livemode !== parsed.livemode) return null;
      return {
        validUntil: key.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY,
        value: {
          merchantId: key.merchantId,
          livemode: key.livemode,
          role: 'owner',
          storeId: null,
          branchId: null,
          principal: { kind: 'api_key', id: key.keyId },
        },
      };
    }).then((actor) => this.keyUsed(orRefuse(actor)));
  }

  /** The caller behind a publishable key (pk_…): only POST /v1/tokens authenticates with this; a secret key there goes through authenticate. */
  async authenticatePublishable(key: string): Promise<Actor> {
    const parsed = parsePublishableKey(key);
    if (!parsed) return orRefuse(null);
    const actor = await this.actors.get(`pk:${key}`, async () => {
      const found = await findPublishableKey(this.db, parsed.merchantId, key);
      if (!found || found.livemode !== parsed.livemode) return null;
      // A rolled key works until its overlap ends (revoked_at ahead); a revoked one not at all.
      return {
        validUntil: found.revokedAt?.getTime() ?? Number.POSITIVE_INFINITY,
        value: { merchantId: found.merchantId, livemode: found.livemode, role: 'owner', storeId: null, branchId: null, principal: { kind: 'api_key', id: found.keyId } },
      };
    });
    return orRefuse(actor);
  }

  /** Records the key's use, off the request's path: a failed write only means an older last-used time. */
  private keyUsed(actor: Actor): Actor {
    const now = this.clock.now().getTime();
    const keyId = actor.principal.id;
    const written = this.keyUseWritten.get(keyId);
    if (written === undefined || now - written >= KEY_USE_RESOLUTION_MS) {
      this.keyUseWritten.set(keyId, now);
      touchApiKey(this.db, actor.merchantId, keyId, new Date(now)).catch(() => this.keyUseWritten.delete(keyId));
    }
    return actor;
  }

  private async tokenActor(token: string): Promise<Actor | null> {
    let claims: { sub?: string; sid?: string; live?: boolean };
    let merchantId: string;
    try {
      // The merchant picks the key, so it is read before the signature is checked; the check then covers it.
      const { mid } = decodeJwt(token);
      if (typeof mid !== 'string' || !isUuid(mid)) return null;
      merchantId = mid;
      ({ payload: claims } = await jwtVerify(token, (header) => this.verificationKey(mid, header.kid), {
        ...JWT_CLAIMS,
        algorithms: ['HS256'],
        requiredClaims: ['sub', 'sid', 'exp'],
        maxTokenAge: ACCESS_TOKEN_LIFETIME_SECONDS,
        currentDate: this.clock.now(),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) return null;
      throw error;
    }
    const { sub, sid, live } = claims;
    if (typeof sid !== 'string' || !isUuid(sid)) return null;
    // The session and its user are re-read (cached briefly) so sign-out, a disabled user or a changed role
    // take effect before the token expires.
    const actor = await this.actors.get(sessionKey(merchantId, sid), async () => {
      const found = await sessions.findSessionWithUser(this.db, merchantId, sid);
      if (!found || found.session.revokedAt || found.user.disabledAt) return null;
      const value = userActor(found.user, found.session.livemode);
      this.sessionOf.set(value, sid);
      return { value, validUntil: Number.POSITIVE_INFINITY };
    });
    // Tokens are signed for the session's own user and mode: anything else was not signed by Payorders.
    return actor && actor.principal.id === sub && actor.livemode === live ? actor : null;
  }

  private async verificationKey(merchantId: string, kid: string | undefined): Promise<Uint8Array> {
    const generation = kid !== undefined && /^[1-9][0-9]{0,8}$/.test(kid) ? Number(kid) : null;
    const key =
      generation &&
      (await this.signingKeys.get(`${merchantId}:${generation}`, async () => {
        const found = await sessions.findSigningKey(this.db, merchantId, generation);
        return found && { value: found.secret, validUntil: found.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY };
      }));
    if (!key) throw new joseErrors.JWKSNoMatchingKey();
    return key;
  }

  /** Signs a user in; one generic failure for unknown email and wrong password alike. */
  async issueToken(email: string, password: string, merchant: string | undefined, livemode: boolean) {
    this.throttle.take(email);
    const merchantId = merchant === undefined ? undefined : decodeId('merchant', merchant);
    const candidates = (await findUsersByEmail(this.db, email)).filter(
      (u) => !u.disabledAt && (merchantId === undefined || u.merchantId === merchantId),
    );
    if (candidates.length > 1) {
      // Ask for the merchant only once the password fits one of them, so a guesser learns nothing about the email.
      const fits = await Promise.all(candidates.map((u) => verifyPassword(password, u.passwordHash)));
      if (!fits.includes(true)) throw new AppError('invalid_credentials', 'The email or password is wrong');
      this.throttle.clear(email);
      throw AppError.invalidField('merchant', 'required', 'is required: this email signs in to several merchants');
    }
    const user = candidates[0];
    const ok = await verifyPassword(password, user?.passwordHash ?? DECOY_PASSWORD_HASH);
    if (!user || !ok) throw new AppError('invalid_credentials', 'The email or password is wrong');
    this.throttle.clear(email);
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const session: sessions.SessionRecord = {
        merchantId: user.merchantId,
        sessionId: uuidv7(now.getTime()),
        userId: user.userId,
        livemode,
        createdAt: now,
        expiresAt: new Date(now.getTime() + SESSION_IDLE_LIFETIME_MS),
        revokedAt: null,
      };
      await sessions.insertSession(tx, session);
      return this.issue(tx, user, session);
    });
  }

  /**
   * A new access token and a new refresh token for the refresh token's session. Each refresh token works
   * once: presenting one again means two parties hold it, so the session is revoked for both.
   */
  async refresh(refreshToken: string) {
    const merchantId = parseRefreshToken(refreshToken);
    if (!merchantId) throw invalidRefreshToken();
    const outcome = await this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const used = await sessions.useRefreshToken(tx, merchantId, hashSecret(refreshToken), now);
      if (!used) return null;
      if (used.reused) {
        await sessions.revokeSession(tx, merchantId, used.sessionId, now, 'refresh_token_reused');
        return { revoked: used.sessionId };
      }
      const found = await sessions.findSessionWithUser(tx, merchantId, used.sessionId);
      if (!found || found.session.revokedAt || found.session.expiresAt <= now || found.user.disabledAt) return null;
      const session = { ...found.session, expiresAt: new Date(now.getTime() + SESSION_IDLE_LIFETIME_MS) };
      await sessions.extendSession(tx, merchantId, session.sessionId, session.expiresAt);
      return { issued: await this.issue(tx, found.user, session) };
    });
    if (outcome?.revoked) this.actors.delete(sessionKey(merchantId, outcome.revoked));
    if (!outcome?.issued) throw invalidRefreshToken();
    return outcome.issued;
  }

  /**
   * Sign-out: revokes the caller's session, or the session of `refreshToken` when it is one of the
   * caller's. Any other refresh token is answered the same way and revokes nothing (RFC 7009 §2.2), so
   * a caller learns nothing about tokens that are not its own.
   */
  async revoke(actor: Actor, refreshToken: string | undefined): Promise<void> {
    const own = this.sessionOf.get(actor);
    if (own === undefined) throw new AppError('forbidden', 'Sign-out takes a user access token, not an API key');
    const sessionId = refreshToken === undefined ? own : await this.sessionOfRefreshToken(actor, refreshToken);
    if (sessionId === null) return;
    await sessions.revokeSession(this.db, actor.merchantId, sessionId, this.clock.now(), 'sign_out');
    this.actors.delete(sessionKey(actor.merchantId, sessionId));
  }

  private async sessionOfRefreshToken(actor: Actor, refreshToken: string): Promise<string | null> {
    if (parseRefreshToken(refreshToken) !== actor.merchantId) return null;
    const sessionId = await sessions.findRefreshTokenSession(this.db, actor.merchantId, hashSecret(refreshToken));
    const found = sessionId && (await sessions.findSessionWithUser(this.db, actor.merchantId, sessionId));
    return found && found.user.userId === actor.principal.id ? found.session.sessionId : null;
  }

  /** The sign-in answer: an access token for the session, signed with the merchant's current key, and a fresh refresh token. */
  private async issue(tx: Queryable, user: UserRecord, session: sessions.SessionRecord) {
    const refresh = newRefreshToken(user.merchantId);
    await sessions.insertRefreshToken(tx, user.merchantId, refresh.tokenHash, session.sessionId, this.clock.now());
    const key = await currentSigningKey(tx, this.clock, user.merchantId);
    const now = Math.floor(this.clock.now().getTime() / 1000);
    const accessToken = await new SignJWT({ mid: user.merchantId, sid: session.sessionId, role: user.role, live: session.livemode })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: String(key.generation) })
      .setSubject(user.userId)
      .setIssuer(JWT_CLAIMS.issuer)
      .setAudience(JWT_CLAIMS.audience)
      .setIssuedAt(now)
      .setExpirationTime(now + ACCESS_TOKEN_LIFETIME_SECONDS)
      .sign(key.secret);
    return {
      access_token: accessToken,
      token_type: 'Bearer' as const,
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      refresh_token: refresh.token,
      user: {
        id: encodeId('user', user.userId),
        object: 'user' as const,
        email: user.email,
        role: user.role,
        merchant: encodeId('merchant', user.merchantId),
        store: user.storeId && encodeId('store', user.storeId),
        branch: user.branchId && encodeId('branch', user.branchId),
        livemode: session.livemode,
      },
    };
  }
}

function orRefuse(actor: Actor | null): Actor {
  if (!actor) throw new AppError('invalid_credentials', 'The API key or access token is invalid, expired or revoked');
  return actor;
}

function invalidRefreshToken(): AppError {
  return new AppError('invalid_credentials', 'The refresh token is invalid, expired or revoked');
}

function userActor(user: UserRecord, livemode: boolean): Actor {
  return {
    merchantId: user.merchantId,
    livemode,
    role: user.role,
    storeId: user.storeId,
    branchId: user.branchId,
    principal: { kind: 'user', id: user.userId },
  };
}
