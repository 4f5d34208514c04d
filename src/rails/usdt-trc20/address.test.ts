import { pbkdf2Sync } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { addressFromPublicKey, decodeAddress, depositAddress, hexAddress, isTronAddress, normalizeAddress, parseXpub, USDT_CONTRACT } from './address.js';

/** BIP39 seed of a mnemonic (PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic"): test-only, to reach published vectors. */
const seedOf = (mnemonic: string) => pbkdf2Sync(mnemonic.normalize('NFKD'), 'mnemonic', 2048, 64, 'sha512');
/** The account xpub m/44'/195'/0' a wallet would export, derived with its private keys (hardened): an independent path. */
const accountXpub = (mnemonic: string) => HDKey.fromMasterSeed(seedOf(mnemonic)).derive("m/44'/195'/0'").publicExtendedKey;

const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const COOK = 'cook voyage document eight skate token alien guide drink uncle term abuse';

describe('Tron deposit addresses from an xpub', () => {
  // Published: the BIP39 test mnemonic at m/44'/195'/0'/0/0 (wallet test suites), and a wallet SDK's test account
  // (tether wdk-wallet-tron: address and compressed public key).
  it('the BIP39 test mnemonic\'s first Tron address, from its account xpub', () => {
    expect(depositAddress(accountXpub(ABANDON), 0)).toBe('TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH');
  });

  it('a wallet SDK\'s published account: its public key and its address', () => {
    const xpub = accountXpub(COOK);
    expect(Buffer.from(parseXpub(xpub).deriveChild(0).deriveChild(0).publicKey!).toString('hex')).toBe('03ebdf0c06e1523a5931e7593e3ac231f5a123b898eb6c02af61aa83b32f8603b0');
    expect(addressFromPublicKey(Buffer.from('03ebdf0c06e1523a5931e7593e3ac231f5a123b898eb6c02af61aa83b32f8603b0', 'hex'))).toBe('TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb');
    expect(depositAddress(xpub, 0)).toBe('TXngH8bVadn9ZWtKBgjKQcqN1GsZ7A1jcb');
  });

  it('public derivation agrees with private derivation at every index tried, and indexes give distinct addresses', () => {
    const root = HDKey.fromMasterSeed(seedOf(ABANDON));
    const xpub = root.derive("m/44'/195'/0'").publicExtendedKey;
    const seen = new Set<string>();
    for (const index of [0, 1, 2, 19, 1000, 2 ** 31 - 1]) {
      const viaPrivate = addressFromPublicKey(root.derive(`m/44'/195'/0'/0/${index}`).publicKey!);
      const address = depositAddress(xpub, index);
      expect(address).toBe(viaPrivate);
      seen.add(address);
    }
    expect(seen.size).toBe(6);
  });

  it('refuses an xprv, garbage, and indexes out of range', () => {
    const xprv = HDKey.fromMasterSeed(seedOf(ABANDON)).derive("m/44'/195'/0'").privateExtendedKey;
    expect(() => parseXpub(xprv)).toThrow(/never an xprv/);
    expect(() => parseXpub('xpub123')).toThrow();
    expect(() => parseXpub(`${accountXpub(ABANDON).slice(0, -1)}x`)).toThrow(/does not decode/);
    expect(() => depositAddress(accountXpub(ABANDON), -1)).toThrow(RangeError);
    expect(() => depositAddress(accountXpub(ABANDON), 2 ** 31)).toThrow(RangeError);
  });
});

describe('Tron address format', () => {
  it('the official USDT contract address is valid base58check with the 0x41 prefix, and its hex form is the published one', () => {
    expect(isTronAddress(USDT_CONTRACT)).toBe(true);
    // Tether's TRC20 contract in hex, as Tronscan and TronGrid show it.
    expect(hexAddress(USDT_CONTRACT)).toBe('41a614f803b6fd780986a42c78ec9c7f77e6ded13c');
    expect(normalizeAddress('41a614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe(USDT_CONTRACT);
    expect(normalizeAddress('0xa614f803b6fd780986a42c78ec9c7f77e6ded13c')).toBe(USDT_CONTRACT);
  });

  it.each([
    'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u', // one character changed: the checksum fails
    'TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6', // short
    '0xdAC17F958D2ee523a2206206994597C13D831ec7', // Ethereum's USDT, as text: not base58
    'tr7nhqjekqxgtci8q8zy4pl8otszgjlj6t',
    '',
  ])('%j is no Tron address', (address) => {
    expect(decodeAddress(address)).toBeNull();
  });
});
