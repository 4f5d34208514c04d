import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installationSealer, sealerWith } from './sealing.js';

const dir = mkdtempSync(join(tmpdir(), 'payorders-sealer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sealing', () => {
  const sealer = sealerWith(randomBytes(32));

  it('opens what it sealed in the same context, and nothing altered, moved or sealed under another key', () => {
    const sealed = sealer.seal('sk_test_secret', 'merchant-a');
    expect(sealed).not.toContain('sk_test_secret');
    expect(sealer.seal('sk_test_secret', 'merchant-a')).not.toBe(sealed);
    expect(sealer.open(sealed, 'merchant-a')).toBe('sk_test_secret');
    expect(sealer.open(sealed, 'merchant-b')).toBeNull();
    expect(sealerWith(randomBytes(32)).open(sealed, 'merchant-a')).toBeNull();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    bytes[14] = bytes[14]! ^ 1;
    expect(sealer.open(`v1.${bytes.toString('base64url')}`, 'merchant-a')).toBeNull();
    expect(sealer.open('v1.', 'merchant-a')).toBeNull();
    expect(sealer.open('plain', 'merchant-a')).toBeNull();
  });

  it('makes its key file at first use, not before, and every sealer of the file shares it', () => {
    const file = join(dir, 'nested', 'sealing.key');
    const first = installationSealer({ sealingKey: undefined, sealingKeyFile: file });
    expect(() => readFileSync(file)).toThrow(/ENOENT/);
    const sealed = first.seal('x', 'c');
    expect(readFileSync(file, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    expect(installationSealer({ sealingKey: undefined, sealingKeyFile: file }).open(sealed, 'c')).toBe('x');
    expect(installationSealer({ sealingKey: randomBytes(32), sealingKeyFile: file }).open(sealed, 'c')).toBeNull();
  });
});
