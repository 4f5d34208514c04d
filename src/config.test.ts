import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeConfig, environmentWithDotEnv, loadConfig } from './config.js';

describe('configuration', () => {
  it('has working defaults: embedded store in ./data, port 3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, databaseUrl: undefined, publicBaseUrl: 'http://127.0.0.1:3000' });
    expect(config.dataDir).toMatch(/\/data$/);
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/x'],
    ['PUBLIC_BASE_URL', 'ftp://example.com'],
    ['PAYORDERS_DB_SCHEMA', 'Robert"; DROP'],
    ['PAYORDERS_RATE_LIMIT', '-1'],
    ['LOG_LEVEL', 'loud'],
    ['PAYORDERS_WEBHOOK_ALLOW_PRIVATE', 'yes'],
    ['PAYORDERS_WEBHOOK_TIMEOUT_MS', '10s'],
    ['PAYORDERS_STREAM_POLL_MS', '0'],
  ])('names %s when its value (%s) is invalid', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(`Invalid configuration: ${variable}`);
  });

  it('keeps webhooks to https and public addresses for live endpoints unless told otherwise', () => {
    expect(loadConfig({}).webhooks).toEqual({
      allowHttp: 'test',
      allowPrivate: 'test',
      timeoutMs: 10_000,
      pollMs: 200,
      parallelPerEndpoint: 8,
      disableAfterHours: 120,
      deliveryRetentionDays: 30,
      eventRetentionDays: 0,
    });
    expect(loadConfig({ PAYORDERS_WEBHOOK_ALLOW_HTTP: 'all', PAYORDERS_WEBHOOK_ALLOW_PRIVATE: 'none' }).webhooks).toMatchObject({ allowHttp: 'all', allowPrivate: 'none' });
    expect(loadConfig({ PAYORDERS_WEBHOOK_PARALLEL: '1' }).webhooks.parallelPerEndpoint).toBe(1);
    expect(() => loadConfig({ PAYORDERS_WEBHOOK_PARALLEL: '0' })).toThrow(/PAYORDERS_WEBHOOK_PARALLEL/);
  });

  it('ignores PAYORDERS_JWT_SECRET(_FILE), left from before signing keys moved into the database', () => {
    expect(() => loadConfig({ PAYORDERS_JWT_SECRET: 'short', PAYORDERS_JWT_SECRET_FILE: '/nowhere/jwt' })).not.toThrow();
  });

  it('takes the embedded store\'s buffer pool as a PostgreSQL size, and refuses anything else naming the variable', () => {
    expect(loadConfig({}).pgliteSharedBuffers).toBeUndefined();
    expect(loadConfig({ PAYORDERS_PGLITE_SHARED_BUFFERS: '64MB' }).pgliteSharedBuffers).toBe('64MB');
    expect(() => loadConfig({ PAYORDERS_PGLITE_SHARED_BUFFERS: '64' })).toThrow(/PAYORDERS_PGLITE_SHARED_BUFFERS must be a size such as 16MB/);
  });

  it('lets the environment win over .env', () => {
    const dir = mkdtempSync(join(tmpdir(), 'payorders-config-'));
    writeFileSync(join(dir, '.env'), 'PORT=4000\nHOST=0.0.0.0\n');
    const env = environmentWithDotEnv({ PORT: '5000' }, [join(dir, '.env')]);
    expect(loadConfig(env)).toMatchObject({ port: 5000, host: '0.0.0.0' });
  });

  it('masks the database password when described', () => {
    const described = describeConfig(loadConfig({ DATABASE_URL: 'postgres://app:hunter2@db:5432/pay' }));
    expect(JSON.stringify(described)).not.toContain('hunter2');
    expect(described.databaseUrl).toBe('postgres://app:****@db:5432/pay');
  });

  it('reads a Pix PSP (API Pix) with its credentials, requires them, and masks its secrets when described', () => {
    const env = { PAYORDERS_PIX_API_URL: 'https://pix.psp.example/api/', PAYORDERS_PIX_API_CLIENT_ID: 'id', PAYORDERS_PIX_API_CLIENT_SECRET: 's3cret', PAYORDERS_PIX_API_WEBHOOK_SECRET: 'wh00k' };
    expect(loadConfig({}).pixApi).toBeUndefined();
    expect(loadConfig(env).pixApi).toEqual({ url: 'https://pix.psp.example/api', clientId: 'id', clientSecret: 's3cret', webhookSecret: 'wh00k', timeoutMs: 10_000 });
    expect(() => loadConfig({ ...env, PAYORDERS_PIX_API_CLIENT_SECRET: '' })).toThrow('Invalid configuration: PAYORDERS_PIX_API_CLIENT_SECRET');
    expect(() => loadConfig({ ...env, PAYORDERS_PIX_API_URL: 'ftp://x' })).toThrow('Invalid configuration: PAYORDERS_PIX_API_URL');
    const described = JSON.stringify(describeConfig(loadConfig(env)));
    expect(described).not.toContain('s3cret');
    expect(described).not.toContain('wh00k');
  });
});
