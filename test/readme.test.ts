import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readmeBlock } from '../scripts/state-diagram.js';
import { ORDER_STATUSES, ORDER_TRANSITIONS } from '../src/domain/order-status.js';

describe('README', () => {
  it('shows the state diagram generated from the transition table (run `npm run docs:state` after changing it)', () => {
    expect(readFileSync('README.md', 'utf8')).toContain(readmeBlock());
  });

  it('the diagram has every status and every transition of the table', () => {
    const block = readmeBlock();
    for (const from of ORDER_STATUSES) {
      for (const to of ORDER_TRANSITIONS[from]) expect(block).toContain(`  ${from} --> ${to}\n`);
    }
  });
});
