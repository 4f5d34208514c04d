import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_DIR } from '../config.js';

/** The page's words, one file per locale: messages/checkout/<locale>.json (the keys of en-US.json). */
export type Messages = Record<string, string>;

const MESSAGE_DIR = join(INSTALL_DIR, 'messages', 'checkout');
const DEFAULT_LOCALE = 'en-US';
/** Which locale a bare language means. */
const LANGUAGE_DEFAULTS: Record<string, string> = { pt: 'pt-BR', es: 'es-AR', en: 'en-US', fr: 'fr-FR', nl: 'nl-NL' };

const catalogue: ReadonlyMap<string, Messages> = new Map(
  readdirSync(MESSAGE_DIR)
    .filter((file) => file.endsWith('.json'))
    .map((file) => [file.slice(0, -'.json'.length), JSON.parse(readFileSync(join(MESSAGE_DIR, file), 'utf8')) as Messages]),
);

export const CHECKOUT_LOCALES = [...catalogue.keys()].sort();

function match(tag: string): string | undefined {
  const exact = CHECKOUT_LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
  const language = tag.split('-')[0]!.toLowerCase();
  return exact ?? LANGUAGE_DEFAULTS[language] ?? CHECKOUT_LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === language);
}

/** The order's locale when there are messages for it (or its language), else the browser's Accept-Language by weight, else en-US. */
export function negotiateLocale(orderLocale: string | null, acceptLanguage: string | undefined): string {
  const fromOrder = orderLocale && match(orderLocale);
  if (fromOrder) return fromOrder;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag: tag!.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((w) => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(w.tag) && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    const found = match(tag);
    if (found) return found;
  }
  return DEFAULT_LOCALE;
}

export function messagesFor(locale: string): Messages {
  return catalogue.get(locale) ?? catalogue.get(DEFAULT_LOCALE)!;
}

/** A template split once into its text (even indexes) and placeholder names (odd): the messages are few, the pages many. */
const compiled = new Map<string, string[]>();

function partsOf(template: string): string[] {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(/\{([a-z_]+)\}/);
    // Templates come from the message files, but a caller's value must not grow the cache without bound.
    if (compiled.size < 10_000) compiled.set(template, parts);
  }
  return parts;
}

/** `{name}` → its value; a placeholder without one stays as written, so a typo shows. */
export function fill(template: string, values: Record<string, string | number> = {}): string {
  const parts = partsOf(template);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = values[parts[i]!];
    out += (value === undefined ? `{${parts[i]}}` : String(value)) + parts[i + 1]!;
  }
  return out;
}
