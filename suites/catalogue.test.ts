// The catalogue's own rules: stable unique ids, spec references, and a named reference flaw
// behind every check (a check no flaw can fail is a check that cannot fail).
import { describe, expect, it } from 'vitest';
import { catalogue, families } from '../scenarios/index.ts';
import { FLAWS } from '../src/reference/flaws.ts';

describe('the catalogue', () => {
  it('has at least 60 checks, every family some', () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(60);
    for (const family of families) expect(family.checks.length, family.name).toBeGreaterThan(0);
  });

  it('has unique, family-prefixed ids', () => {
    const ids = catalogue.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of catalogue) expect(c.id.startsWith(`${c.family}.`), c.id).toBe(true);
  });

  it('names a known reference flaw and at least one spec reference for every check', () => {
    const known = new Set(FLAWS.map((f) => f.name));
    for (const c of catalogue) {
      expect(known.has(c.flaw), `${c.id} names unknown flaw ${c.flaw}`).toBe(true);
      expect(c.spec.length, c.id).toBeGreaterThan(0);
      expect(c.revisions.length, c.id).toBeGreaterThan(0);
    }
  });
});
