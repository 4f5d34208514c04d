import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';

describe('face configuration', () => {
  it('serves every face under /compat/<name> by default, at no port or Host of its own', () => {
    expect(loadConfig({}).faces.certopay).toEqual({ prefix: '/compat/certopay', port: undefined, hosts: [], rateLimit: undefined });
  });

  it.each([
    [{ PAYORDERS_FACE_CERTOPAY_PREFIX: 'compat/certopay' }, 'PAYORDERS_FACE_CERTOPAY_PREFIX'],
    [{ PAYORDERS_FACE_CERTOPAY_PREFIX: '/v1/certopay' }, 'PAYORDERS_FACE_CERTOPAY_PREFIX'],
    [{ PAYORDERS_FACE_CERTOPAY_PREFIX: '/Compat/CertoPay' }, 'PAYORDERS_FACE_CERTOPAY_PREFIX'],
    [{ PAYORDERS_FACE_CERTOPAY_PREFIX: '/compat/ic/x' }, 'PAYORDERS_FACE_CERTOPAY_PREFIX'],
    [{ PAYORDERS_FACE_CERTOPAY_PORT: '3000' }, 'PAYORDERS_FACE_CERTOPAY_PORT'],
    [{ PAYORDERS_FACE_CERTOPAY_PORT: '8443', PAYORDERS_FACE_IC_PORT: '8443' }, 'PAYORDERS_FACE_IC_PORT'],
    [{ PAYORDERS_FACE_CERTOPAY_PORT: 'https' }, 'PAYORDERS_FACE_CERTOPAY_PORT'],
    [{ PAYORDERS_FACE_CERTOPAY_HOST: 'pay.example.com/x' }, 'PAYORDERS_FACE_CERTOPAY_HOST'],
    [{ PAYORDERS_FACE_CERTOPAY_RATE_LIMIT: '-1' }, 'PAYORDERS_FACE_CERTOPAY_RATE_LIMIT'],
    [{ PAYORDERS_FACE_CERTOPAY_HOST: 'a.example.com', PAYORDERS_FACE_IC_HOST: 'b.example.com,A.example.com' }, 'PAYORDERS_FACE_IC_HOST'],
  ])('refuses %o, naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(`Invalid configuration: ${variable}`);
  });

  it('reads a prefix without its trailing slash, a port, and Host names in lower case', () => {
    const { certopay } = loadConfig({
      PAYORDERS_FACE_CERTOPAY_PREFIX: '/gateways/certopay/',
      PAYORDERS_FACE_CERTOPAY_PORT: '8443',
      PAYORDERS_FACE_CERTOPAY_HOST: 'CertoPay.Pay.example.com, api.example.com',
      PAYORDERS_FACE_CERTOPAY_RATE_LIMIT: '0',
    }).faces;
    expect(certopay).toEqual({ prefix: '/gateways/certopay', port: 8443, hosts: ['certopay.pay.example.com', 'api.example.com'], rateLimit: 0 });
  });
});
