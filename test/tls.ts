import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Certificates for a fake provider that requires mutual TLS, made with openssl at test time in a temporary
 * directory (no key is ever committed): a CA, the provider's server certificate for 127.0.0.1 signed by it, a
 * client certificate it issued, and a client certificate from another CA, which the provider must refuse.
 */
export interface TestCertificates {
  dir: string;
  caFile: string;
  server: { cert: Buffer; key: Buffer; ca: Buffer };
  client: { certFile: string; keyFile: string };
  strangerClient: { certFile: string; keyFile: string };
  remove(): void;
}

export const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'payorders-tls-'));
  const path = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path(name));
  const ca = (name: string, subject: string) => {
    key(`${name}.key`);
    openssl('req', '-x509', '-new', '-key', path(`${name}.key`), '-subj', subject, '-days', '2', '-out', path(`${name}.crt`));
  };
  const issued = (name: string, subject: string, by: string, extensions: string) => {
    key(`${name}.key`);
    openssl('req', '-new', '-key', path(`${name}.key`), '-subj', subject, '-out', path(`${name}.csr`));
    writeFileSync(path(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', path(`${name}.csr`), '-CA', path(`${by}.crt`), '-CAkey', path(`${by}.key`), '-CAcreateserial', '-days', '2', '-extfile', path(`${name}.ext`), '-out', path(`${name}.crt`));
  };
  ca('ca', '/CN=Fake PSP CA');
  ca('stranger-ca', '/CN=Someone else');
  issued('server', '/CN=127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issued('client', '/CN=payorders-merchant', 'ca', 'extendedKeyUsage=clientAuth\n');
  issued('stranger', '/CN=payorders-merchant', 'stranger-ca', 'extendedKeyUsage=clientAuth\n');
  return {
    dir,
    caFile: path('ca.crt'),
    server: { cert: readFileSync(path('server.crt')), key: readFileSync(path('server.key')), ca: readFileSync(path('ca.crt')) },
    client: { certFile: path('client.crt'), keyFile: path('client.key') },
    strangerClient: { certFile: path('stranger.crt'), keyFile: path('stranger.key') },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
