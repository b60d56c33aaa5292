// The catalogue's own rules: stable unique ids, spec references, and a named reference flaw
// behind every check (a check no flaw can fail is a check that cannot fail); every check (server
// and client) states the requirement it tests, with its level and a link, and what a failure
// gives an attacker and how to fix it.
import { describe, expect, it } from 'vitest';
import { catalogue, families } from '../scenarios/index.ts';
import { clientChecks } from '../scenarios/client.ts';
import { refs } from '../scenarios/requirements/index.ts';
import { REVISIONS } from '../src/revisions.ts';
import type { Requirement } from '../src/requirement.ts';
import { FLAWS } from '../src/reference/flaws.ts';

const LEVELS = ['MUST', 'SHOULD', 'hardening'];

function requirementProblems(id: string, r: Requirement | undefined): string[] {
  if (!r) return [`${id}: no requirement`];
  const all = [r, ...Object.values(r.inRevision ?? {})];
  const problems: string[] = [];
  for (const q of all) {
    if (!LEVELS.includes(q.level)) problems.push(`${id}: level ${q.level}`);
    if (!q.doc.trim() || !q.section.trim()) problems.push(`${id}: requirement without doc or section`);
    if (!URL.canParse(q.url) || new URL(q.url).protocol !== 'https:') problems.push(`${id}: requirement URL ${q.url} is not https`);
    if (q.text.trim().length < 20) problems.push(`${id}: requirement text too short`);
  }
  for (const rev of Object.keys(r.inRevision ?? {})) if (!(REVISIONS as readonly string[]).includes(rev)) problems.push(`${id}: unknown revision ${rev}`);
  return problems;
}

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

  it('states for every check the requirement it tests (level, https link), the impact and the fix', () => {
    const problems: string[] = [];
    for (const c of [...catalogue, ...clientChecks]) {
      problems.push(...requirementProblems(c.id, c.requirement));
      for (const [field, text] of [['impact', c.impact], ['fix', c.fix]] as const) {
        if (!text || text.trim().length < 20) problems.push(`${c.id}: no ${field}`);
        else if (/\n/.test(text) || !/[.!)]$/.test(text.trim())) problems.push(`${c.id}: ${field} is not one sentence: ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('derives each spec list from its requirement: the requirement comes first', () => {
    for (const c of catalogue) expect(c.spec[0], c.id).toBe(`${c.requirement!.doc} ${c.requirement!.section}`.trim());
  });

  it('links every further reference over https', () => {
    for (const [name, r] of Object.entries(refs)) expect(new URL(r.url).protocol, name).toBe('https:');
  });

  it('has checks of every level, so the level policy has something to decide', () => {
    const levels = new Set(catalogue.flatMap((c) => [c.requirement!.level, ...Object.values(c.requirement!.inRevision ?? {}).map((r) => r.level)]));
    expect([...levels].sort()).toEqual(['MUST', 'SHOULD', 'hardening']);
  });
});
