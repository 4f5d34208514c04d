import { encodeId } from '../../src/domain/ids.js';
import type { Response, TestApp } from '../helpers.js';

export interface FaceCall {
  body?: unknown;
  /** The secret key sent the vendor's way; null sends none. Default: the test merchant's test key. */
  key?: string | null;
  headers?: Record<string, string>;
}

/** A call to the Paybyrd face, the key in `x-api-key`. */
export function paybyrd<T = any>(t: TestApp, method: string, path: string, call: FaceCall = {}): Promise<Response<T>> {
  const key = call.key === undefined ? t.merchant.token : call.key;
  return t.request(method, `/compat/paybyrd${path}`, { token: null, body: call.body, headers: { ...(key ? { 'x-api-key': key } : {}), ...call.headers } });
}

/** A call to the Glomopay face, the key as `Authorization: Bearer`. */
export function glomopay<T = any>(t: TestApp, method: string, path: string, call: FaceCall = {}): Promise<Response<T>> {
  const key = call.key === undefined ? t.merchant.token : call.key;
  return t.request(method, `/compat/glomopay${path}`, { token: null, body: call.body, headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...call.headers } });
}

/** The /v1 spelling of an order's UUID. */
export const v1OrderId = (uuid: string) => encodeId('order', uuid);

/** A customer made through /v1, and its Glomopay spelling. */
export async function newCustomer(t: TestApp, token = t.merchant.token): Promise<{ id: string; glomopayId: string }> {
  const res = await t.request('POST', '/v1/customers', { token, body: { name: 'Ada Lovelace', email: 'ada@example.com' } });
  if (res.status !== 201) throw new Error(`customer: ${JSON.stringify(res.body)}`);
  return { id: res.body.id, glomopayId: `cust_${(res.body.id as string).slice(4)}` };
}
