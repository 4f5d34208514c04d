import { Type, type TSchema } from '@sinclair/typebox';
import { formatPayAmount } from '../../domain/fx.js';
import { amountDue } from '../../domain/order-money.js';
import type { Order } from '../../domain/orders.js';
import type { Payment } from '../../domain/payments.js';
import type { Actor } from '../../domain/actor.js';
import type { Services } from '../../http/context.js';
import { retrieveOrderWithTransfers, type UsdtTransfer } from '../../services/chain-transfers.js';
import { nestErrors } from '../nest-errors.js';
import { ORDER_STATUSES } from './statuses.js';

/** Schemas and the order rendering shared by the IC routes; each route keeps its request schema beside it. */

export const TAG_AUTH = 'Auth';
export const TAG_ORDERS = 'Payment orders';

/** The error responses a route documents, all NestJS bodies. */
export const errors = nestErrors;

export const OrderIdParams = Type.Object({
  orderId: Type.String({ minLength: 1, maxLength: 64, description: 'The order\'s UUID (its /v1 spelling, ord_…, works too)' }),
});

const Decimal = (description: string) => Type.String({ pattern: '^\\d+\\.\\d+$', description });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

const ProviderMetadata = Type.Object(
  {
    network: Type.Literal('TRC20'),
    transactionHash: Type.String({ description: 'The Tron transaction id (64 hex digits)' }),
    fromAddress: Type.String(),
    toAddress: Type.String({ description: "The order's deposit address" }),
    amount: Decimal('USDT sent, six decimals'),
    blockNumber: Type.Integer(),
    blockTimestamp: Type.String({ format: 'date-time' }),
    confirmed: Type.Boolean({ description: 'false while the block waits for its confirmations; the order is completed (or underpaid) once true' }),
  },
  { description: 'Present once the chain watcher has seen the transfer to the deposit address (stage 1 of the USDT flow)' },
);

export const IcOrder = Type.Object({
  id: Type.String({ format: 'uuid' }),
  amount: Decimal('What the order is for, in USD (the order\'s currency), as sent'),
  currency: Type.String({ description: 'What the payer pays in: BRL, ARS or USDT' }),
  status: Type.Unsafe<string>({ type: 'string', enum: [...new Set(Object.values(ORDER_STATUSES))] }),
  qrData: Nullable(Type.String({ description: 'BRL: the Pix BR Code; ARS: the interoperable transfer QR payload; USDT: the deposit address' })),
  paymentAmount: Nullable(Decimal('What the payer sends, in `currency`, at the locked exchange rate (USDT to six decimals)')),
  exchangeRate: Nullable(Type.String({ description: 'Units of `currency` per USD the payment was priced at, spread included' })),
  walletAddress: Type.Optional(Type.String({ description: 'USDT: the Tron (TRC20) deposit address for this order alone' })),
  network: Type.Optional(Type.Literal('TRC20')),
  totalAmount: Decimal('USD received so far'),
  pendingAmount: Decimal('USD still owed: the amount of the new order an underpaid client creates'),
  expiresAt: Nullable(Type.String({ format: 'date-time', description: 'When the QR, address or quote stops being payable' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  providerMetadata: Type.Optional(ProviderMetadata),
});

/** An order as IC shows it: the canonical order, its latest payment (the QR or address) and, for USDT, what the chain watcher saw. */
export interface IcOrderParts {
  order: Order;
  payment: Payment | null;
  transfers: UsdtTransfer[];
}

export function orderJson({ order, payment, transfers }: IcOrderParts) {
  const instructions = (payment?.instructions ?? {}) as Record<string, string>;
  const first = transfers[0];
  return {
    id: order.id,
    amount: formatPayAmount(order.amount, order.currency),
    currency: payment?.currency ?? order.currency,
    status: ORDER_STATUSES[order.status],
    qrData: instructions.emv ?? instructions.address ?? null,
    paymentAmount: payment ? formatPayAmount(payment.amount, payment.currency) : null,
    exchangeRate: payment?.quote?.rateApplied ?? null,
    ...(payment?.method === 'usdt_trc20' ? { walletAddress: instructions.address!, network: 'TRC20' as const } : {}),
    totalAmount: formatPayAmount(order.amountPaid, order.currency),
    pendingAmount: formatPayAmount(amountDue(order), order.currency),
    expiresAt: (payment?.expiresAt ?? order.expiresAt)?.toISOString() ?? null,
    createdAt: order.createdAt.toISOString(),
    updatedAt: (payment && payment.updatedAt > order.updatedAt ? payment.updatedAt : order.updatedAt).toISOString(),
    ...(first
      ? {
          providerMetadata: {
            network: 'TRC20' as const,
            transactionHash: first.transactionId,
            fromAddress: first.fromAddress,
            toAddress: first.address,
            amount: formatPayAmount(first.amount, 'USDT'),
            blockNumber: first.blockNumber,
            blockTimestamp: first.blockTimestamp.toISOString(),
            confirmed: first.status !== 'seen',
          },
        }
      : {}),
  };
}

/** The order, its latest payment and that payment's detected transfers, as the caller may see them. */
export async function readIcOrder(services: Services, actor: Actor, id: string): Promise<IcOrderParts> {
  const { order, payment, transfers } = await retrieveOrderWithTransfers(services.db, actor, id);
  return { order, payment, transfers: payment?.method === 'usdt_trc20' ? transfers : [] };
}
