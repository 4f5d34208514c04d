import { orderBody, type TestApp } from '../../../../test/helpers.js';

/** Who calls, in the customers security tests: in a store A and its branch A1, for the store and branch user. */
export type CallerName = 'api key' | 'owner' | 'store user' | 'branch user';
export const CALLERS: CallerName[] = ['api key', 'owner', 'store user', 'branch user'];

/** One customer of each kind a store or branch user must tell apart, and who may see it; all others get 404. */
const VISIBLE_TO = {
  'created by the store user': ['api key', 'owner', 'store user'],
  'created by the branch user': ['api key', 'owner', 'store user', 'branch user'],
  'placed in the other branch of the store': ['api key', 'owner', 'store user'],
  'placed in another store': ['api key', 'owner'],
  'merchant-wide': ['api key', 'owner'],
  'attached to an order of the store': ['api key', 'owner', 'store user'],
  'attached to an order of the branch': ['api key', 'owner', 'store user', 'branch user'],
} satisfies Record<string, CallerName[]>;
export type PlacedName = keyof typeof VISIBLE_TO;
/** In creation order, so a list shows them reversed. */
export const PLACED_NAMES = Object.keys(VISIBLE_TO) as PlacedName[];

export const canSee = (caller: CallerName, customer: PlacedName) => (VISIBLE_TO[customer] as CallerName[]).includes(caller);

export interface Placed {
  tokens: Record<CallerName, string>;
  /** Each customer as its creator got it back. */
  customers: Record<PlacedName, { id: string; name: string; email: string }>;
}

/** A new merchant holding one customer of each kind, each with its own email. */
export async function placeCustomers(t: TestApp): Promise<Placed> {
  const merchant = await t.newMerchant();
  const storeA = await t.newStore(merchant.merchantId);
  const storeB = await t.newStore(merchant.merchantId);
  const branchA1 = await t.newBranch(merchant.merchantId, storeA.storeId);
  const branchA2 = await t.newBranch(merchant.merchantId, storeA.storeId);
  const tokens: Record<CallerName, string> = {
    'api key': merchant.token,
    owner: (await t.newUser(merchant.merchantId, 'owner')).token,
    'store user': (await t.newUser(merchant.merchantId, 'store', { storeId: storeA.storeId })).token,
    'branch user': (await t.newUser(merchant.merchantId, 'branch', { branchId: branchA1.branchId })).token,
  };
  const ok = <T>(res: { status: number; body: T }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const create = async (name: PlacedName, caller: CallerName, place: { store?: string; branch?: string } = {}) => {
    const email = `placed-${PLACED_NAMES.indexOf(name)}@example.com`;
    return ok(await t.request('POST', '/v1/customers', { token: tokens[caller], body: { name, email, ...place } }), 201);
  };
  // Two orders each, so a customer seen in one place many times must still be listed once.
  const attach = async (customer: { id: string }, place: { store?: string; branch?: string }) => {
    for (const reference of ['first', 'second']) {
      ok(await t.request('POST', '/v1/orders', { token: tokens.owner, body: orderBody({ customer: customer.id, reference, ...place }) }), 201);
    }
  };

  const customers: Placed['customers'] = {
    'created by the store user': await create('created by the store user', 'store user'),
    'created by the branch user': await create('created by the branch user', 'branch user'),
    'placed in the other branch of the store': await create('placed in the other branch of the store', 'owner', { branch: branchA2.id }),
    'placed in another store': await create('placed in another store', 'owner', { store: storeB.id }),
    'merchant-wide': await create('merchant-wide', 'api key'),
    'attached to an order of the store': await create('attached to an order of the store', 'owner'),
    'attached to an order of the branch': await create('attached to an order of the branch', 'owner', { store: storeB.id }),
  };
  await attach(customers['attached to an order of the store'], { store: storeA.id });
  await attach(customers['attached to an order of the branch'], { branch: branchA1.id });
  // Placed in branch A1 and attached there as well.
  await attach(customers['created by the branch user'], { branch: branchA1.id });
  return { tokens, customers };
}
