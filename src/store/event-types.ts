/**
 * SQL that tells whether the event type `type` matches any pattern of the text[] `patterns`: the type
 * itself, `prefix.*` (every type under the prefix) or `*` (see EVENT_TYPE_PATTERN). One definition for
 * the events list's filter and for which endpoints an event fans out to, so the two never disagree.
 */
export function typeMatchesAny(patterns: string, type: string): string {
  return `EXISTS (SELECT 1 FROM unnest(${patterns}) AS p(pattern)
    WHERE p.pattern = '*' OR p.pattern = ${type} OR (right(p.pattern, 2) = '.*' AND starts_with(${type}, left(p.pattern, -1))))`;
}
