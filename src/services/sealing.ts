import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config.js';

/**
 * Sealing: AES-256-GCM under a server key, for what must be kept but never stored in the clear (Payorders
 * keeps API secret keys only as hashes, yet a Glomopay checkout result is signed with the secret key). A
 * sealed value is `v1.<base64url of nonce, ciphertext, tag>`, bound to its context (its merchant) so a sealed
 * value moved to another row does not open there.
 *
 * The key is PAYORDERS_SEALING_KEY when set; else a file of 64 hex digits, made with 0600 on first use
 * (`<dataDir>/sealing.key`): every node of one database must share it (set the variable for several).
 */
export interface Sealer {
  seal(plain: string, context: string): string;
  /** The sealed value, or null when it does not open (another key, another context, altered). */
  open(sealed: string, context: string): string | null;
}

const PREFIX = 'v1.';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function sealerWith(key: Buffer): Sealer {
  return {
    seal(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(Buffer.from(context));
      const sealed = Buffer.concat([nonce, cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${PREFIX}${sealed.toString('base64url')}`;
    },
    open(sealed, context) {
      if (!sealed.startsWith(PREFIX)) return null;
      const bytes = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      if (bytes.length < NONCE_BYTES + TAG_BYTES) return null;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, NONCE_BYTES)).setAAD(Buffer.from(context));
        decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
        return Buffer.concat([decipher.update(bytes.subarray(NONCE_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch {
        return null;
      }
    },
  };
}

const byFile = new Map<string, Sealer>();

/**
 * The installation's sealer: the configured key, or the key file's, read (or made) at its first use and
 * then kept, one per file: a server that never seals anything never makes a key.
 */
export function installationSealer(config: Pick<Config, 'sealingKey' | 'sealingKeyFile'>): Sealer {
  if (config.sealingKey) return sealerWith(config.sealingKey);
  const { sealingKeyFile: file } = config;
  const loaded = () => {
    let sealer = byFile.get(file);
    if (!sealer) byFile.set(file, (sealer = sealerWith(keyFromFile(file))));
    return sealer;
  };
  return { seal: (plain, context) => loaded().seal(plain, context), open: (sealed, context) => loaded().open(sealed, context) };
}

function keyFromFile(file: string): Buffer {
  const hex = readKeyFile(file) ?? makeKeyFile(file);
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${file} does not hold a sealing key (64 hex digits)`);
  return Buffer.from(hex, 'hex');
}

function readKeyFile(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Written whole beside it, then linked into place: of two processes making it at once, one links and the
 * other reads what it linked, never a half-written file.
 */
function makeKeyFile(file: string): string {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const made = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(made, `${randomBytes(32).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(made, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(made);
  }
  return readFileSync(file, 'utf8').trim();
}
