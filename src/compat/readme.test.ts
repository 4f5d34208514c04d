import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../http/app.js';
import { startTestApp, type TestApp } from '../../test/helpers.js';
import { FACES } from './index.js';

/** The README's subsection for a face: from its `### … (`name`)` heading to the next heading. */
function section(name: string): string {
  const readme = readFileSync('README.md', 'utf8');
  const start = readme.search(new RegExp(`^### .*\\(\`${name}\`\\)\\s*$`, 'm'));
  if (start === -1) return '';
  const end = readme.slice(start + 4).search(/^#{2,3} /m);
  return end === -1 ? readme.slice(start) : readme.slice(start, start + 4 + end);
}

/** The two-column table whose header row starts with `heading`, as a map of its backquoted cells. */
function mapping(text: string, heading: string): Record<string, string> {
  const lines = text.split('\n');
  const header = lines.findIndex((line) => line.startsWith(`| ${heading} `));
  const rows: Record<string, string> = {};
  if (header === -1) return rows;
  for (const line of lines.slice(header + 2)) {
    const cells = /^\| `([^`]+)` \| `([^`]+)` \|$/.exec(line);
    if (!cells) break;
    rows[cells[1]!] = cells[2]!;
  }
  return rows;
}

describe('the README compatibility table is true of every face', () => {
  let t: TestApp;
  let routes: Array<{ method: string; url: string }>;
  beforeAll(async () => {
    t = await startTestApp();
    const built = await buildApp(t.services);
    await built.app.ready();
    routes = built.routes();
    await built.app.close();
  });
  afterAll(() => t.close());

  it.each(FACES.map((face) => [face.name, face] as const))('%s: every route it serves appears in its section', (name) => {
    const text = section(name);
    expect(text, `README has no "### … (\`${name}\`)" section`).not.toBe('');
    const prefix = t.services.config.faces[name].prefix;
    const served = routes.filter((r) => r.url.startsWith(`${prefix}/`) && r.method !== 'HEAD' && r.url !== `${prefix}/openapi.json`);
    expect(served.length).toBeGreaterThan(0);
    for (const route of served) {
      const written = `\`${route.method} ${route.url.slice(prefix.length).replace(/:(\w+)/g, '{$1}')}`;
      expect(text, `${written}\` is missing from the README`).toContain(written);
    }
  });

  it.each(FACES.map((face) => [face.name, face] as const))('%s: its status tables map every canonical status as the code does', (name, face) => {
    const text = section(name);
    expect(mapping(text, 'Canonical order status')).toEqual(face.orderStatuses);
    if (face.paymentStatuses) expect(mapping(text, 'Canonical payment status')).toEqual(face.paymentStatuses);
  });
});
