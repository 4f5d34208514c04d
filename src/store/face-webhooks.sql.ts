import type { Queryable } from './db.js';

/** A face's settings of its webhook endpoint (see migrations/0023_face_webhooks.sql). */
export interface FaceWebhookSettingsRecord {
  merchantId: string;
  endpointId: string;
  face: string;
  settings: Record<string, unknown>;
}

export async function insertFaceWebhookSettings(db: Queryable, r: FaceWebhookSettingsRecord): Promise<void> {
  await db.query('INSERT INTO face_webhook_settings (merchant_id, endpoint_id, face, settings) VALUES ($1, $2, $3, $4)', [
    r.merchantId,
    r.endpointId,
    r.face,
    JSON.stringify(r.settings),
  ]);
}

/** The face's settings of each of the merchant's endpoints named, by endpoint id (absent: none kept). */
export async function findFaceWebhookSettings(db: Queryable, merchantId: string, face: string, endpointIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await db.query<{ endpoint_id: string; settings: Record<string, unknown> | string }>(
    'SELECT endpoint_id, settings FROM face_webhook_settings WHERE merchant_id = $1 AND face = $2 AND endpoint_id = ANY($3::uuid[])',
    [merchantId, face, `{${endpointIds.join(',')}}`],
  );
  return new Map(rows.map((r) => [r.endpoint_id, typeof r.settings === 'string' ? JSON.parse(r.settings) : r.settings]));
}
