import { AppError } from './errors.js';

/** Key/value strings attached by the merchant; bounded so a row stays small. */
export type Metadata = Record<string, string>;

export const METADATA_LIMITS = { keys: 50, keyLength: 40, valueLength: 500 } as const;

/** Applies an update: a string sets a key, null removes it. The result must stay within the limits. */
export function mergeMetadata(current: Metadata, update: Record<string, string | null>, param = 'metadata'): Metadata {
  const merged: Metadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  if (Object.keys(merged).length > METADATA_LIMITS.keys) {
    throw AppError.invalidField(param, 'too_many_keys', `may hold at most ${METADATA_LIMITS.keys} keys`);
  }
  return merged;
}
