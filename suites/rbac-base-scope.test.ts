// An identity without the server's base scope is refused at sign-in (the reference answers 403
// insufficient_scope): the rbac checks judge that refusal as the answer to each of its calls.
import { expect, it } from 'vitest';
import { referenceConfig } from '../src/reference/harness-config.ts';
import { runHarness } from '../src/runner/harness.ts';
import { catalogue } from '../scenarios/index.ts';

const rbac = catalogue.filter((c) => c.family === 'rbac' && c.id.startsWith('rbac.') && !c.id.startsWith('rbac.injection'));

it('a sign-in refused 403 insufficient_scope is a denial to judge, never an error', async () => {
  const config = referenceConfig();
  config.target.revisions = ['2025-11-25'];
  const { report } = await runHarness(config, { checks: rbac });
  expect(report.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  const challenge = report.checks.find((c) => c.id === 'rbac.deny.challenge')!;
  const refusal = challenge.evidence.exchanges?.find((e) => e.request.startsWith('[guest (sign-in refused) calls echo]'));
  expect(refusal).toMatchObject({ status: 403, headers: { 'www-authenticate': expect.stringMatching(/error="insufficient_scope".*scope="user"/) } });
});

it('a table that allows the refused identity something fails rbac.allow.succeeds with the refusal', async () => {
  const config = referenceConfig();
  config.target.revisions = ['2026-07-28'];
  config.rbac = { ...config.rbac, rules: [{ tool: 'echo', arguments: { text: 'hi' }, allow: ['*'] }] };
  const { report } = await runHarness(config, { checks: catalogue.filter((c) => c.id === 'rbac.allow.succeeds') });
  expect(report.checks[0]).toMatchObject({ status: 'fail', reason: expect.stringMatching(/guest \(sign-in refused\) calls echo: refused \(HTTP 403\)/) });
});
