// The catalogue against the reference server built into an image and run as a container target
// (host networking, trusting this run's issuer): the compliant image passes everything, flawed
// containers fail their own checks, and when the container dies its logs land in the report.
import { beforeAll, expect, it } from 'vitest';
import type { Check } from '../src/check.ts';
import { runHarness } from '../src/runner/harness.ts';
import { testcontainers } from '../src/targets/docker-engine.ts';
import { LABEL_PID } from '../src/targets/container-labels.ts';
import { catalogue } from '../scenarios/index.ts';
import { FLAWS } from '../src/reference/flaws.ts';
import { describeWithDocker } from './support/docker-gate.ts';
import { containerReferenceConfig } from './support/container-reference.ts';
import { NOTHING, leftBy } from './support/docker-inventory.ts';
import { buildProjectImages } from './support/images.ts';

const JWT_SHAPE = /eyJ[\w-]{8,}\.[\w-]{8,}/;

describeWithDocker('the reference as a container target', () => {
  beforeAll(async () => {
    const { buildMs, built } = await buildProjectImages();
    console.log(`container suite: images ${built.length ? `built (${built.join(', ')})` : 'up to date'} in ${(buildMs / 1000).toFixed(1)} s`);
  }, 300_000);

  it('passes every check of the catalogue in every revision', async () => {
    const started = Date.now();
    let firstCheckMs = 0;
    const { report } = await runHarness(containerReferenceConfig(), {
      checks: catalogue,
      onResult: () => (firstCheckMs ||= Date.now() - started),
    });
    const bad = report.checks.filter((c) => c.status === 'fail' || c.status === 'error').map((c) => `${c.id}@${c.revision}: ${c.reason}`);
    expect(bad).toEqual([]);
    expect(report.checks.filter((c) => c.status === 'pass').length).toBeGreaterThan(150);
    expect(await leftBy(process.pid)).toEqual(NOTHING);
    console.log(
      `container target: start to first check ${firstCheckMs} ms; ${report.checks.length} results in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  });

  const byFlaw = new Map<string, Check[]>();
  for (const check of catalogue) byFlaw.set(check.flaw, [...(byFlaw.get(check.flaw) ?? []), check]);
  // One flaw per family is enough here: the flaws suite proves every flaw on the process target.
  // The last three need the container to reach the harness's issuer (JWKS and attacker JWKS
  // fetches counted there) or to get its HS256 secret through the templated environment.
  const sample = ['accept-alg-none', 'ignore-aud', 'no-prm', 'unauthenticated-get', 'jwks-refetch-on-unknown-kid', 'follow-jku', 'weak-secret'];

  it.each(sample)('FLAW=%s in the container fails its own checks', async (flaw) => {
    const checks = byFlaw.get(flaw) ?? [];
    expect(checks.length, `no check names ${flaw}`).toBeGreaterThan(0);
    const profile = FLAWS.find((f) => f.name === flaw)?.profile ?? 'jwks';
    // strict: kid-flood is hardening, a warning by default (suites/flaws.test.ts proves that part)
    const { report } = await runHarness({ ...containerReferenceConfig({ flaw, profile }), strict: true }, { checks, flaw });
    for (const check of checks) {
      const results = report.checks.filter((r) => r.id === check.id);
      expect(results.some((r) => r.status === 'fail'), `${check.id}: ${results.map((r) => `${r.revision}:${r.status}`).join(' ')}`).toBe(true);
    }
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });

  it('when the container dies mid-run, the report carries its exit and its last log lines, without tokens', async () => {
    const { getContainerRuntimeClient } = await testcontainers();
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    // A check like any other, that kills the target: the checks after it meet a dead server.
    const killer: Check = {
      ...catalogue.find((c) => c.family === 'headers')!,
      id: 'test.kill-target',
      guarded: false,
      async run() {
        const ours = await docker.listContainers({ filters: { label: [`${LABEL_PID}=${process.pid}`] } });
        await Promise.all(ours.map((c) => docker.getContainer(c.Id).kill()));
        await Promise.all(ours.map((c) => docker.getContainer(c.Id).wait()));
        return { status: 'pass' };
      },
    };
    const headers = catalogue.filter((c) => c.family === 'headers');
    const { report, secrets } = await runHarness(containerReferenceConfig(), { checks: [killer, ...headers] });
    expect(report.checks.some((c) => c.status === 'error')).toBe(true);
    const target = report.metrics.target as { exit?: string; logs: string[] };
    expect(target.exit).toBe('exited with code 137');
    expect(target.logs.some((l) => l.includes('"ready":true'))).toBe(true);
    const text = JSON.stringify(target);
    expect(text).not.toMatch(JWT_SHAPE);
    for (const s of secrets) expect(text).not.toContain(s);
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });

  it('a container that exits before answering: one line with its exit code and output, nothing left behind', async () => {
    const config = containerReferenceConfig();
    config.target.env = { ...config.target.env, FLAW: 'no-such-flaw' };
    const error = await runHarness(config, { checks: catalogue.slice(0, 1) }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/exited with code 2 before it answered.*unknown flaw: no-such-flaw/);
    expect(error?.message.split('\n')).toHaveLength(1);
    expect(await leftBy(process.pid)).toEqual(NOTHING);
  });
});
