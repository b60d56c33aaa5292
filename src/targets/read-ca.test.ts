import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTestCa, type TestCa } from '../../suites/support/tls/test-ca.ts';
import { readCa } from './read-ca.ts';

let ca: TestCa;
beforeAll(async () => {
  ca = await makeTestCa();
});
afterAll(() => ca?.remove());

describe('readCa', () => {
  it('reads a PEM file relative to the config folder, or takes PEM text as is', async () => {
    expect(await readCa('ca.pem', 'target.ca', path.dirname(ca.caFile))).toContain('-----BEGIN CERTIFICATE-----');
    expect(await readCa(ca.caPem, 'target.ca')).toContain('-----END CERTIFICATE-----');
  });

  it('says in one line what is wrong', async () => {
    await expect(readCa('missing.pem', 'target.ca', '/nonexistent')).rejects.toThrow(/^target\.ca: cannot read \/nonexistent\/missing\.pem: no such file$/);
    const notPem = path.join(path.dirname(ca.caFile), 'not.pem');
    await writeFile(notPem, 'hello');
    await expect(readCa(notPem, 'target.ca')).rejects.toThrow(/^target\.ca: no PEM certificate/);
    const broken = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----';
    await expect(readCa(broken, 'auth.ca')).rejects.toThrow('auth.ca: certificate #1 is not a valid X.509 certificate');
  });

  it('never accepts a private key in place of a certificate', async () => {
    await expect(readCa(ca.keyPem, 'target.ca')).rejects.toThrow(/no PEM certificate/);
  });
});
