import type { Static } from '@sinclair/typebox';
import type { RefundDestination as Destination } from '../../../rails/connector.js';
import type { RefundDestination } from './schema.js';

/** The body's destination in the connectors' spelling; the rail checks it (Rail.checkRefundDestination). */
export function destinationOf(body: Static<typeof RefundDestination>): Destination {
  switch (body.type) {
    case 'br_bank_account':
      return {
        type: body.type,
        bankCode: body.bank_code,
        branch: body.branch,
        account: body.account,
        accountType: body.account_type,
        holderName: body.holder_name,
        holderTaxId: body.holder_tax_id,
      };
    case 'ar_bank_account':
      return { type: body.type, cbu: body.cbu, holderName: body.holder_name, holderTaxId: body.holder_tax_id };
    case 'trc20_address':
      return { type: body.type, address: body.address };
  }
}
