import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Log } from 'sarif';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mixedReport, sampleReport, sampleResult } from './sample-report.ts';
import { toSarif } from './sarif.ts';

// The official SARIF 2.1.0 schema and validator, both shipped in Microsoft's sarif-multitool package.
const require = createRequire(import.meta.url);
const MULTITOOL: string = require('@microsoft/sarif-multitool');
const SCHEMA = JSON.parse(await readFile(join(dirname(MULTITOOL), 'sarif-2.1.0.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(SCHEMA);

function schemaErrors(log: unknown): string[] {
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sarif-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('toSarif', () => {
  it('is valid against the official SARIF 2.1.0 schema, with and without findings', () => {
    expect(schemaErrors(toSarif(mixedReport()))).toEqual([]);
    expect(schemaErrors(toSarif(sampleReport([sampleResult()])))).toEqual([]);
    expect(schemaErrors(toSarif(sampleReport([])))).toEqual([]);
  });

  it('the schema check can fail: a wrong level is caught', () => {
    const log = toSarif(mixedReport());
    (log.runs[0]!.results![0] as { level: string }).level = 'fatal';
    expect(schemaErrors(log).join('\n')).toMatch(/level must be equal to one of the allowed values/);
  });

  it('passes the SARIF multitool validator with no error', async () => {
    const input = join(dir, 'report.sarif');
    const output = join(dir, 'validation.sarif');
    await writeFile(input, JSON.stringify(toSarif(mixedReport()), null, 2));
    await promisify(execFile)(MULTITOOL, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], { timeout: 60_000 });
    const validation = JSON.parse(await readFile(output, 'utf8')) as Log;
    const findings = validation.runs[0]!.results ?? [];
    const rules = validation.runs[0]!.tool.driver.rules ?? [];
    const errors = findings.filter((r) => (r.level ?? rules[r.ruleIndex ?? -1]?.defaultConfiguration?.level ?? 'warning') === 'error');
    expect(errors.map((r) => `${r.ruleId}: ${JSON.stringify(r.message)}`)).toEqual([]);
    // The validator is live: a result without a message is an error to it.
    const broken = toSarif(mixedReport());
    delete (broken.runs[0]!.results![0] as { message?: unknown }).message;
    await writeFile(input, JSON.stringify(broken));
    await promisify(execFile)(MULTITOOL, ['validate', input, '--output', output, '--log', 'ForceOverwrite'], { timeout: 60_000 });
    const again = JSON.parse(await readFile(output, 'utf8')) as Log;
    expect(again.runs[0]!.results!.map((r) => r.ruleId)).toContain('JSON1002');
  });

  it('has one rule per check: name, help from impact and fix, helpUri, security-severity, tags', () => {
    const run = toSarif(mixedReport()).runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(['claims.aud.foreign', 'headers.challenge.scope', 'signature.alg.none', 'claims.exp.expired', 'rbac.admin.denied', 'sessions.binding.foreign']);
    const aud = rules[0]!;
    expect(aud.name).toBe('ClaimsAudForeign');
    expect(aud.helpUri).toBe('https://www.rfc-editor.org/rfc/rfc8707#section-2');
    expect(aud.help!.text).toContain('Impact: A token issued for another service works here.');
    expect(aud.help!.text).toContain('Fix: Check that aud contains this server’s canonical URI.');
    expect(aud.help!.markdown).toContain('[RFC 8707 §2](https://www.rfc-editor.org/rfc/rfc8707#section-2)');
    expect(aud.properties).toMatchObject({ 'security-severity': '8.0', tags: ['security', 'claims', 'MUST'] });
    expect(aud.defaultConfiguration!.level).toBe('error');
    expect(rules[1]!.properties).toMatchObject({ 'security-severity': '3.0', tags: ['security', 'headers', 'SHOULD'] });
    expect(rules[1]!.defaultConfiguration!.level).toBe('warning');
  });

  it('falls back to the title and spec references when a check has no requirement data', () => {
    const rule = toSarif(mixedReport()).runs[0]!.tool.driver.rules!.find((r) => r.id === 'signature.alg.none')!;
    expect(rule.helpUri).toBeUndefined();
    expect(rule.help!.text).toBe('See: RFC 6750 §3.1');
    expect(rule.properties!.tags).toEqual(['security', 'signature']);
  });

  it('has one result per failing or warning check, once across revisions, located at the target URL', () => {
    const run = toSarif(mixedReport()).runs[0]!;
    const results = run.results!;
    expect(results.map((r) => [r.ruleId, r.level])).toEqual([
      ['claims.aud.foreign', 'error'],
      ['headers.challenge.scope', 'warning'],
      ['signature.alg.none', 'error'],
    ]);
    expect(results[0]!.message.text).toBe('A token for another audience is refused: HTTP 200 for a foreign aud (revisions 2025-11-25, 2026-07-28)');
    expect(results[0]!.locations![0]!.physicalLocation!.artifactLocation!.uri).toBe('http://127.0.0.1:3000/mcp');
    expect(run.artifacts![0]!.location!.uri).toBe('http://127.0.0.1:3000/mcp');
    expect(results[0]!.properties!.evidence).toContain('POST /mcp (Authorization: Bearer <token:foreign-aud>)');
    for (const r of results) expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
  });

  it('marks a baselined failure as suppressed and reports errors as notifications, not results', () => {
    const run = toSarif(mixedReport()).runs[0]!;
    expect(run.results!.find((r) => r.ruleId === 'signature.alg.none')!.suppressions).toEqual([{ kind: 'external', justification: 'listed in the baseline file of known failures' }]);
    expect(run.results!.find((r) => r.ruleId === 'claims.aud.foreign')!.suppressions).toBeUndefined();
    expect(run.invocations![0]!.toolExecutionNotifications!.map((n) => n.message.text)).toEqual(['sessions.binding.foreign (2025-11-25) could not be judged: target died']);
  });

  it('never links to anything but http(s)', () => {
    const report = mixedReport();
    (report.checks[0] as unknown as { requirement: { url: string } }).requirement.url = 'javascript:alert(1)';
    const rule = toSarif(report).runs[0]!.tool.driver.rules![0]!;
    expect(rule.helpUri).toBeUndefined();
    expect(JSON.stringify(rule)).not.toContain('javascript:');
  });
});
