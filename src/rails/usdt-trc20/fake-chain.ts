import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../clock.js';
import { hexAddress } from './address.js';
import { PAGE_SIZE } from './chain.js';

/**
 * A local Tron chain speaking the TronGrid subset the watcher uses (src/rails/usdt-trc20/chain.ts), for the sandbox
 * and the tests: a block every 3 s by the injected clock (so tests move the clock, and a running service's chain
 * advances with time), and TRC20 Transfer events put on it by `transfer`, visible once their block is produced.
 * Addresses in event results are `0x…` hex, as TronGrid writes them.
 */
export const BLOCK_MS = 3_000;

interface StoredEvent {
  listedUnder?: string;
  transaction_id: string;
  event_index: number;
  block_number: number;
  block_timestamp: number;
  contract_address: string;
  event_name: string;
  result: { from: string; to: string; value: string };
}

export class FakeTronChain {
  private readonly events: StoredEvent[] = [];
  private server: Server | null = null;
  private listening: Promise<string> | null = null;
  /** Requests served, by path: the bench and the tests count them. */
  readonly requests = new Map<string, number>();

  constructor(
    /** The sandbox's chain takes the service's clock when the service first uses it (see useClock). */
    private clock: Clock,
    private readonly genesisMs = Date.UTC(2026, 0, 1),
    /** Set: requests must carry it as TRON-PRO-API-KEY. */
    private readonly apiKey?: string,
  ) {}

  useClock(clock: Clock): void {
    this.clock = clock;
  }

  head() {
    const number = Math.floor((this.clock.now().getTime() - this.genesisMs) / BLOCK_MS);
    return { number, timestampMs: this.genesisMs + number * BLOCK_MS };
  }

  /** Puts a transfer of `value` base units into the next block; answers its transaction id. */
  transfer(t: { contract: string; from: string; to: string; value: bigint | number; eventName?: string; listedUnder?: string }): string {
    const block = this.head().number + 1;
    const transactionId = randomBytes(32).toString('hex');
    const hex = (address: string) => `0x${hexAddress(address).slice(2)}`;
    const event: StoredEvent = {
      transaction_id: transactionId,
      event_index: 0,
      block_number: block,
      block_timestamp: this.genesisMs + block * BLOCK_MS,
      contract_address: t.contract,
      event_name: t.eventName ?? 'Transfer',
      result: { from: hex(t.from), to: hex(t.to), value: String(t.value) },
    };
    // Kept in block order: a transfer always goes into the newest block. `listedUnder` serves it under another
    // contract's path, as a misbehaving or spoofed API would: the watcher must check each row's contract itself.
    this.events.push({ ...event, listedUnder: t.listedUnder ?? t.contract });
    return transactionId;
  }

  /** Serves the chain on loopback; answers its base URL. */
  url(): Promise<string> {
    this.listening ??= new Promise((resolve) => {
      this.server = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://chain');
        this.requests.set(url.pathname, (this.requests.get(url.pathname) ?? 0) + 1);
        const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        req.resume();
        if (this.apiKey && req.headers['tron-pro-api-key'] !== this.apiKey) return send(401, { Error: 'ApiKey not exists' });
        if (url.pathname === '/wallet/getnowblock') {
          const head = this.head();
          return send(200, { blockID: head.number.toString(16).padStart(64, '0'), block_header: { raw_data: { number: head.number, timestamp: head.timestampMs } } });
        }
        const contract = /^\/v1\/contracts\/(T\w+)\/events$/.exec(url.pathname)?.[1];
        if (!contract) return send(404, { Error: 'not found' });
        return send(200, this.page(contract, url.searchParams));
      });
      this.server.unref();
      this.server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`));
    });
    return this.listening;
  }

  private page(contract: string, q: URLSearchParams) {
    const head = this.head().number;
    const min = Number(q.get('min_block_timestamp') ?? 0);
    const max = Number(q.get('max_block_timestamp') ?? Number.MAX_SAFE_INTEGER);
    const limit = Math.min(Number(q.get('limit') ?? 20), PAGE_SIZE);
    const offset = Number(Buffer.from(q.get('fingerprint') ?? '', 'base64url').toString() || 0);
    const matching = this.events.filter(
      (e) => e.listedUnder === contract && e.block_number <= head && e.block_timestamp >= min && e.block_timestamp <= max && (!q.get('event_name') || e.event_name === q.get('event_name')),
    );
    const data = matching.slice(offset, offset + limit).map(({ listedUnder: _, ...row }) => row);
    const more = offset + limit < matching.length;
    return { data, success: true, meta: { at: this.clock.now().getTime(), page_size: data.length, ...(more ? { fingerprint: Buffer.from(String(offset + limit)).toString('base64url') } : {}) } };
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
