import { createHash } from 'node:crypto';
import { accessibleAccent } from '../domain/accent-colour.js';
import { html, type Html } from './html.js';

/** Where the page's one stylesheet and one script are served (src/checkout/assets/, as files). */
export const ASSET_PATH = '/checkout/assets/';

export interface Layout {
  locale: string;
  title: string;
  merchantName: string | null;
  /** Served by the checkout (/c/<key>/logo) when the merchant set one. */
  logoUrl: string | null;
  accent: string | null;
  frameAncestors: readonly string[];
  body: Html;
}

export interface RenderedPage {
  html: string;
  headers: Record<string, string>;
}

/**
 * A whole page and the headers it must go with. The only inline code is the accent colour's <style>, which
 * the Content-Security-Policy allows by its hash; scripts come from the checkout's own file only.
 */
export function renderPage(page: Layout): RenderedPage {
  const { style, headers } = lookOf(page.accent, page.frameAncestors);
  const document = html`<!doctype html>
<html lang="${page.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${page.title}</title>
<link rel="stylesheet" href="${ASSET_PATH}checkout.css">
<style>${style}</style>
<script src="${ASSET_PATH}checkout.js" defer></script>
</head>
<body>
<header class="brand">
${page.logoUrl ? html`<img class="logo" src="${page.logoUrl}" alt="${page.merchantName ?? ''}" height="40">` : ''}
${page.merchantName ? html`<p class="merchant">${page.merchantName}</p>` : ''}
</header>
<main id="main">
${page.body}
</main>
</body>
</html>
`;
  return { html: document.text, headers };
}

/** A merchant's accent and framing make the page's style and headers; merchants are few, so each is made once. */
const looks = new Map<string, { style: string; headers: Record<string, string> }>();
const MAX_LOOKS = 10_000;

function lookOf(accentSet: string | null, frameAncestors: readonly string[]): { style: string; headers: Record<string, string> } {
  const key = `${accentSet ?? ''}|${frameAncestors.join(' ')}`;
  let look = looks.get(key);
  if (look) return look;
  const accent = accessibleAccent(accentSet);
  const style = `:root{--accent:${accent}}`;
  const styleHash = createHash('sha256').update(style).digest('base64');
  look = {
    style,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': [
        "default-src 'none'",
        "script-src 'self'",
        `style-src 'self' 'sha256-${styleHash}'`,
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        `frame-ancestors ${frameAncestors.length ? frameAncestors.join(' ') : "'none'"}`,
      ].join('; '),
      // The page holds the payer's instructions: never kept by a browser or a proxy.
      'cache-control': 'no-store',
      // The URL holds the checkout key: the merchant's site it links to must not receive it.
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    },
  };
  if (looks.size >= MAX_LOOKS) looks.clear();
  looks.set(key, look);
  return look;
}
