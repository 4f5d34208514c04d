import type { Queryable } from './db.js';

/** The merchant's next boleto number for the mode, from 1; the row lock serializes concurrent issues. */
export async function nextBoletoSequence(db: Queryable, merchantId: string, livemode: boolean): Promise<number> {
  const rows = await db.query<{ last_value: string | number }>(
    `INSERT INTO boleto_sequences (merchant_id, livemode, last_value) VALUES ($1, $2, 1)
     ON CONFLICT (merchant_id, livemode) DO UPDATE SET last_value = boleto_sequences.last_value + 1
     RETURNING last_value`,
    [merchantId, livemode],
  );
  return Number(rows[0]!.last_value);
}
