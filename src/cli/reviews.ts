import { holdOrderForReview, decideReview, orderReviewView, stillAsked, type OrderReview } from '../services/order-reviews.js';
import { optionalString, parseId, requiredId, UsageError } from './args.js';
import { command, requireMerchant, str, type Command } from './command.js';

const DOCUMENT_TYPE = /^[A-Za-z0-9_ -]{1,64}$/;

/** What a review command prints: the order's status and what is still asked of the merchant. */
function reviewOutput(review: OrderReview, did: string) {
  const view = orderReviewView(review);
  const asked = stillAsked(review.requests).map((r) => r.type);
  return { json: view, text: `${did} order ${view.id}: now ${view.status}${asked.length ? `; documents asked for: ${asked.join(', ')}` : ''}.` };
}

/**
 * Compliance review of orders, by the operator: hold an open order (it takes no payment meanwhile), asking
 * the merchant for documents (Glomopay's RFI), then approve it (open again) or reject it (failed).
 */
export const REVIEW_COMMANDS: Command[] = [
  command({
    name: 'review hold',
    args: '--merchant <id> <order-id> [--documents <type,type,…>]',
    summary: 'Hold an open order for compliance review, asking the merchant for documents of these types (passport,proof_of_address)',
    options: { merchant: str, documents: str },
    positionals: ['order-id'],
    prepare: (v, [order]) => {
      const types = (optionalString(v, 'documents') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const bad = types.find((type) => !DOCUMENT_TYPE.test(type));
      if (bad !== undefined) throw new UsageError(`option --documents: "${bad}" is not a document type (letters, digits, _ - and spaces, at most 64)`);
      return { merchantId: requiredId(v, 'merchant', 'merchant'), orderId: parseId('order', order!, 'order-id'), types };
    },
    run: async ({ merchantId, orderId, types }, { db, clock }) => {
      await requireMerchant(db, merchantId);
      return reviewOutput(await db.transaction((tx) => holdOrderForReview(tx, clock, merchantId, orderId, types)), 'Held');
    },
  }),
  ...(['approve', 'reject'] as const).map((decision) =>
    command({
      name: `review ${decision}`,
      args: '--merchant <id> <order-id>',
      summary: decision === 'approve' ? 'Approve an order under review: it is open again and may be paid' : 'Reject an order under review: it fails and takes no payment',
      options: { merchant: str },
      positionals: ['order-id'],
      prepare: (v, [order]) => ({ merchantId: requiredId(v, 'merchant', 'merchant'), orderId: parseId('order', order!, 'order-id') }),
      run: async ({ merchantId, orderId }, { db, clock }) => {
        await requireMerchant(db, merchantId);
        return reviewOutput(await db.transaction((tx) => decideReview(tx, clock, merchantId, orderId, decision)), decision === 'approve' ? 'Approved' : 'Rejected');
      },
    }),
  ),
];
