// target.ca / auth.ca: a PEM file (relative to the config file) or the PEM text itself, checked
// to hold at least one certificate so a wrong path fails in one line before any request.
import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function readCa(value: string, where: string, baseDir = process.cwd()): Promise<string> {
  let pem = value;
  if (!value.includes('-----BEGIN')) {
    const file = path.resolve(baseDir, value);
    try {
      pem = await readFile(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new Error(`${where}: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message)}`);
    }
  }
  const certificates = pem.match(PEM_CERTIFICATE) ?? [];
  if (!certificates.length) throw new Error(`${where}: no PEM certificate (-----BEGIN CERTIFICATE-----) in ${pem === value ? 'the value' : value}`);
  for (const [n, cert] of certificates.entries()) {
    try {
      new X509Certificate(cert);
    } catch {
      throw new Error(`${where}: certificate #${n + 1} is not a valid X.509 certificate`);
    }
  }
  return certificates.join('\n') + '\n';
}
