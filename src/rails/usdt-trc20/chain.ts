import { normalizeAddress } from './address.js';

/**
 * The part of TronGrid's HTTP API the watcher uses (a self-hosted java-tron node with its event plugin answers the
 * same): the head block, and a contract's Transfer events by block-time range, 200 a page, paginated by
 * `meta.fingerprint` with the other filters unchanged.
 */
export interface ChainHead {
  number: number;
  timestampMs: number;
}

export interface TransferEvent {
  transactionId: string;
  eventIndex: number;
  blockNumber: number;
  blockTimestampMs: number;
  contract: string;
  from: string;
  to: string;
  /** Base units of the token (µUSDT), exact. */
  value: bigint;
}

export interface EventPage {
  events: TransferEvent[];
  /** Set when more rows follow. */
  fingerprint: string | null;
  /** Rows the API gave that were not well-formed Transfer events: skipped, counted. */
  skipped: number;
}

export interface ChainClient {
  head(): Promise<ChainHead>;
  transfers(contract: string, fromMs: number, toMs: number, fingerprint: string | null): Promise<EventPage>;
}

export class ChainError extends Error {}

export const PAGE_SIZE = 200;

function eventOf(row: any): TransferEvent | null {
  const contract = normalizeAddress(row?.contract_address);
  const from = normalizeAddress(row?.result?.from);
  const to = normalizeAddress(row?.result?.to);
  const value = typeof row?.result?.value === 'string' && /^\d{1,30}$/.test(row.result.value) ? BigInt(row.result.value) : null;
  if (row?.event_name !== 'Transfer' || !contract || !from || !to || value === null || typeof row.transaction_id !== 'string') return null;
  if (!Number.isSafeInteger(row.block_number) || !Number.isSafeInteger(row.block_timestamp)) return null;
  return { transactionId: row.transaction_id, eventIndex: Number.isSafeInteger(row.event_index) ? row.event_index : 0, blockNumber: row.block_number, blockTimestampMs: row.block_timestamp, contract, from, to, value };
}

export function tronGridClient(config: { url: string; apiKey: string | undefined; timeoutMs: number }, fetchImpl: typeof fetch = fetch): ChainClient {
  async function call(path: string, init: RequestInit = {}): Promise<any> {
    let res: Response;
    try {
      res = await fetchImpl(`${config.url}${path}`, {
        ...init,
        headers: { accept: 'application/json', ...(config.apiKey ? { 'TRON-PRO-API-KEY': config.apiKey } : {}), ...(init.body ? { 'content-type': 'application/json' } : {}) },
        signal: AbortSignal.timeout(config.timeoutMs),
      });
    } catch (error) {
      throw new ChainError(`the Tron API could not be reached (${(error as Error).name})`);
    }
    const body = await res.json().catch(() => null);
    if (!res.ok || body === null) throw new ChainError(`the Tron API answered HTTP ${res.status}`);
    return body;
  }

  return {
    async head() {
      const body = await call('/wallet/getnowblock', { method: 'POST', body: '{}' });
      const raw = body?.block_header?.raw_data;
      if (!Number.isSafeInteger(raw?.number) || !Number.isSafeInteger(raw?.timestamp)) throw new ChainError('the Tron API gave no head block');
      return { number: raw.number, timestampMs: raw.timestamp };
    },
    async transfers(contract, fromMs, toMs, fingerprint) {
      const query = new URLSearchParams({ event_name: 'Transfer', min_block_timestamp: String(fromMs), max_block_timestamp: String(toMs), order_by: 'block_timestamp,asc', limit: String(PAGE_SIZE) });
      if (fingerprint) query.set('fingerprint', fingerprint);
      const body = await call(`/v1/contracts/${contract}/events?${query}`);
      if (!Array.isArray(body?.data)) throw new ChainError('the Tron API answered no event list');
      const events = (body.data as unknown[]).map(eventOf);
      return { events: events.filter((e): e is TransferEvent => e !== null), skipped: events.filter((e) => e === null).length, fingerprint: typeof body.meta?.fingerprint === 'string' ? body.meta.fingerprint : null };
    },
  };
}
