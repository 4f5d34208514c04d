import { AppError } from '../../domain/errors.js';

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
export class ArQrFormatError extends AppError {
  constructor(
    readonly field: ArQrField,
    readonly reason: string,
    readonly detail: string,
  ) {
    super('validation_error', `${field} ${detail}`, [{ path: `/${field}`, code: reason, message: detail }]);
    this.name = 'ArQrFormatError';
  }
}
