import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isChargeTxid, isStaticTxid, newTxid } from './txid.js';

describe('txid', () => {
  it('is pinned by its random source', () => {
    const counting = (size: number) => Uint8Array.from({ length: size }, (_, i) => i * 17);
    expect(newTxid(counting)).toBe('00112233445566778899aabbccddeeff');
  });

  it("is always a charge txid, whatever the random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const txid = newTxid(() => bytes);
        expect(txid).toHaveLength(32);
        expect(isChargeTxid(txid)).toBe(true);
      }),
    );
    expect(newTxid(randomBytes)).not.toBe(newTxid(randomBytes));
  });

  it('refuses a random source that gives the wrong number of bytes', () => {
    expect(() => newTxid(() => new Uint8Array(15))).toThrow(RangeError);
  });

  it('tells charge txids (26 to 35) from static ones (up to 25), letters and digits only', () => {
    expect(['a'.repeat(26), 'Z9'.repeat(17) + 'x'].map(isChargeTxid)).toEqual([true, true]);
    expect(['a'.repeat(25), 'a'.repeat(36), `${'a'.repeat(30)}-`, `${'a'.repeat(30)}ç`].map(isChargeTxid)).toEqual([false, false, false, false]);
    expect(['A', 'Pedido1001', 'a'.repeat(25)].map(isStaticTxid)).toEqual([true, true, true]);
    expect(['', '***', 'a'.repeat(26), 'pedido-1001', 'pedido 1001'].map(isStaticTxid)).toEqual([false, false, false, false, false]);
  });
});
