import type { Metadata } from '../domain/metadata.js';

/**
 * Vendor metadata may hold any JSON value (`{"key1": 1}`); the canonical order's metadata holds strings.
 * A face stores each value as its JSON text there (strings as they are) and keeps what was sent beside
 * the order, so it can answer with the types its client sent.
 */
export function canonicalMetadata(sent: Record<string, unknown>): Metadata {
  return Object.fromEntries(Object.entries(sent).map(([key, value]) => [key, metadataText(value)]));
}

const metadataText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * The canonical metadata (which /v1 may have changed since) with each value as the client typed it where
 * it has not changed: `{"key1": 1}` comes back as 1, not "1"; a value changed since comes back as its string.
 */
export function metadataAsSent(canonical: Metadata, sent: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(canonical).map(([key, value]) => {
      const original = sent?.[key];
      return [key, original !== undefined && metadataText(original) === value ? original : value];
    }),
  );
}
