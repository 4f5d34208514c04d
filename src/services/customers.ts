import { actorScope, type Actor } from '../domain/actor.js';
import type { Customer } from '../domain/customers.js';
import { AppError } from '../domain/errors.js';
import { causedBy, type EventCause } from '../domain/event-cause.js';
import { decodeId, uuidv7 } from '../domain/ids.js';
import { mergeMetadata, type Metadata } from '../domain/metadata.js';
import { compactTaxId, normalizeTaxId, type TaxId } from '../domain/tax-id.js';
import type { Clock } from '../clock.js';
import * as customers from '../store/customers.sql.js';
import type { Queryable } from '../store/db.js';
import { insertEvents } from '../store/events.sql.js';
import type { Page } from '../store/list-query.js';
import { changedFields, resolvePlacement, type Written } from './orders.js';
import { customerView } from './views.js';

export interface CustomerInput {
  name?: string | null;
  email?: string | null;
  phone?: string | null;
  tax_id?: TaxId | null;
}

/**
 * Placed as an order is (resolvePlacement): a store or branch user's customer in its own store or branch;
 * an owner's or API key's in the store or branch named, or merchant-wide, seen by owners only, when none is.
 */
export async function createCustomer(
  tx: Queryable,
  clock: Clock,
  actor: Actor,
  input: CustomerInput & { metadata?: Metadata; store?: string; branch?: string },
): Promise<Written<Customer>> {
  const now = clock.now();
  const placement = await resolvePlacement(tx, actor, input.store, input.branch);
  const customer: Customer = {
    id: uuidv7(now.getTime()),
    merchantId: actor.merchantId,
    livemode: actor.livemode,
    name: input.name ?? null,
    email: input.email ?? null,
    phone: input.phone ?? null,
    taxId: input.tax_id ? normalizeTaxId(input.tax_id) : null,
    metadata: input.metadata ?? {},
    storeId: placement.storeId,
    branchId: placement.branchId,
    createdAt: now,
    updatedAt: now,
  };
  await customers.insertCustomer(tx, customer);
  return withEvent(tx, customer, 'customer.created', causedBy(actor));
}

/**
 * Another merchant's customer, the other mode's, or, for a store or branch user, one neither placed in
 * its store/branch nor attached to an order there: all 404, as if it did not exist.
 */
export async function getCustomer(db: Queryable, actor: Actor, id: string, forUpdate = false): Promise<Customer> {
  const uuid = decodeId('customer', id);
  const customer = uuid && (await customers.findCustomer(db, actorScope(actor), uuid, forUpdate));
  if (!customer) throw AppError.notFound('customer', id);
  return customer;
}

export async function updateCustomer(
  tx: Queryable,
  clock: Clock,
  actor: Actor,
  id: string,
  input: CustomerInput & { metadata?: Record<string, string | null> | null },
): Promise<Written<Customer>> {
  const customer = await getCustomer(tx, actor, id, true);
  const before = customerView(customer);
  if (input.name !== undefined) customer.name = input.name;
  if (input.email !== undefined) customer.email = input.email;
  if (input.phone !== undefined) customer.phone = input.phone;
  if (input.tax_id !== undefined) customer.taxId = input.tax_id && normalizeTaxId(input.tax_id);
  if (input.metadata !== undefined) customer.metadata = input.metadata === null ? {} : mergeMetadata(customer.metadata, input.metadata);
  // An update that changes nothing writes nothing; customer.updated says what the change changed.
  const previous = changedFields(before, customerView(customer));
  if (!previous) return { object: customer, json: JSON.stringify(before) };
  customer.updatedAt = clock.now();
  await customers.saveCustomer(tx, customer);
  return withEvent(tx, customer, 'customer.updated', causedBy(actor), previous);
}

export interface CustomerFilters {
  email?: string;
  /** A tax id's value, punctuated (123.456.789-09) or not. */
  taxId?: string;
  createdGte?: Date;
  createdLt?: Date;
}

export async function listCustomers(db: Queryable, actor: Actor, filters: CustomerFilters, page: Page) {
  const scope = actorScope(actor);
  const { taxId, ...rest } = filters;
  const taxIds = taxId === undefined ? undefined : [...new Set([taxId.trim(), compactTaxId(taxId)])];
  return customers.listCustomers(db, scope, { ...rest, taxIds }, page);
}

/** A numbered page (1-based) of the caller's customers, newest first, and how many there are in all. */
export async function listCustomersByPage(db: Queryable, actor: Actor, page: number, perPage: number): Promise<{ customers: Customer[]; count: number }> {
  return customers.numberedCustomerPage(db, actorScope(actor), (page - 1) * perPage, perPage);
}

async function withEvent(tx: Queryable, customer: Customer, type: string, cause: EventCause, previous?: Record<string, unknown>): Promise<Written<Customer>> {
  const json = JSON.stringify(customerView(customer));
  await insertEvents(tx, [
    {
      merchantId: customer.merchantId,
      eventId: uuidv7(customer.updatedAt.getTime()),
      livemode: customer.livemode,
      type,
      objectId: customer.id,
      data: json,
      createdAt: customer.updatedAt,
      cause,
      ...(previous ? { previousAttributes: JSON.stringify(previous) } : {}),
    },
  ]);
  return { object: customer, json };
}
