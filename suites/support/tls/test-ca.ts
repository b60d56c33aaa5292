// A certificate authority made for one test run, and a server certificate it signs for
// 127.0.0.1 / localhost: what a deployment behind a private CA looks like. openssl does the
// X.509 work (node:crypto parses certificates but cannot issue them); keys never leave the temp dir.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  /** The CA certificate (PEM): what a client trusts. */
  caPem: string;
  /** Its path on disk, for target.ca or NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** The server's certificate (PEM, signed by the CA) and private key. */
  certPem: string;
  keyPem: string;
  remove(): Promise<void>;
}

export async function makeTestCa(): Promise<TestCa> {
  const dir = await mkdtemp(path.join(tmpdir(), 'mcp-auth-harness-ca-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir }).catch((e: Error) => {
    throw new Error(`openssl ${args[0]} failed (is openssl installed?): ${e.message.split('\n')[0]}`);
  });
  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=mcp-auth-harness test CA', '-keyout', 'ca.key', '-out', 'ca.pem',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  await openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=127.0.0.1', '-keyout', 'server.key', '-out', 'server.csr');
  await writeFile(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2', '-extfile', 'server.ext', '-out', 'server.pem');
  const [caPem, certPem, keyPem] = await Promise.all(['ca.pem', 'server.pem', 'server.key'].map((n) => readFile(file(n), 'utf8')));
  await rm(file('ca.key'));
  return { caPem, caFile: file('ca.pem'), certPem, keyPem, remove: () => rm(dir, { recursive: true, force: true }) };
}
