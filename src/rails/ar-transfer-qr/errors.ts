import { EmvFieldError, type EmvFieldReason } from '../emv.js';

export type ArQrField =
  | 'cbu'
  | 'cuit'
  | 'merchant_name'
  | 'merchant_city'
  | 'merchant_category_code'
  | 'amount'
  | 'reference'
  | 'payload'
  | 'payload_format'
  | 'point_of_initiation'
  | 'merchant_account'
  | 'currency'
  | 'country_code'
  | 'crc';

/** An Argentine transfer QR input that cannot be built, or a payload that does not parse: a validation error naming the field. */
export type ArQrReason = EmvFieldReason | 'check_digit_mismatch';

export class ArQrFormatError extends EmvFieldError<ArQrField, ArQrReason> {
  constructor(field: ArQrField, reason: ArQrReason, detail: string) {
    super(field, reason, detail);
    this.name = 'ArQrFormatError';
  }
}
