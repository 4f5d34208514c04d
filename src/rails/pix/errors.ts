import { EmvFieldError, type EmvFieldReason } from '../emv.js';

export type PixErrorReason = EmvFieldReason | 'check_digit_mismatch';

/** The inputs of a BR Code, and the parts of one that parsing checks. */
export type PixField =
  | 'key'
  | 'location'
  | 'merchant_name'
  | 'merchant_city'
  | 'merchant_category_code'
  | 'amount'
  | 'description'
  | 'txid'
  | 'payload'
  | 'payload_format'
  | 'point_of_initiation'
  | 'merchant_account'
  | 'currency'
  | 'country_code'
  | 'crc';

/**
 * A Pix input that cannot be built, or a BR Code that does not parse. Like the boleto rail's error it is a
 * validation error of the service's one family, so a face renders a merchant's bad key like any invalid field; a
 * connector that gets one while checking a provider's answer maps it to a provider failure instead.
 */
export class PixFormatError extends EmvFieldError<PixField, PixErrorReason> {
  constructor(field: PixField, reason: PixErrorReason, detail: string) {
    super(field, reason, detail);
    this.name = 'PixFormatError';
  }
}
