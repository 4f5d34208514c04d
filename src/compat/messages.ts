/**
 * Wording the vendors share: a missing object is "<Kind> not found". Services say "No such order: 'x'";
 * a face that words it as its vendor does reads the kind from there.
 */
export function notFoundMessage(serviceMessage: string): string {
  const kind = /^No such (\w+)/.exec(serviceMessage)?.[1];
  return kind ? `${kind[0]!.toUpperCase()}${kind.slice(1)} not found` : serviceMessage;
}
