// `list`: the catalogue, as a table or as JSON.
import { catalogue } from '../../scenarios/index.ts';
import { clientChecks } from '../../scenarios/client.ts';
import { PROFILES, profilesFor } from '../auth/profile-support.ts';

export function listCommand(opts: { json: boolean }): number {
  const rows: { id: string; family: string; title: string; severity: string; spec: string[]; revisions: readonly string[]; needs: string[]; profiles: string[]; flaw: string }[] = catalogue.map((c) => ({
    id: c.id,
    family: c.family,
    title: c.title,
    severity: c.severity,
    spec: c.spec,
    revisions: c.revisions,
    needs: c.needs,
    // Auth profiles it can run under (some need more: an oracle, JWT tokens, a short token TTL…).
    profiles: profilesFor(c.needs),
    flaw: c.flaw,
  }));
  // Run by `mcp-auth-harness client` against a client or proxy; the flaw is a fixtures/clients/ program.
  for (const c of clientChecks) rows.push({ id: c.id, family: c.family, title: c.title, severity: c.severity, spec: c.spec, revisions: [], needs: [], profiles: [], flaw: c.flaw });
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  for (const r of rows) process.stdout.write(`${r.id.padEnd(width)}  ${r.severity.padEnd(6)}  ${r.title}  [flaw: ${r.flaw}]\n`);
  process.stdout.write(`${rows.length} checks\n`);
  const runs = PROFILES.map((p) => `${p} ${catalogue.filter((c) => profilesFor(c.needs).includes(p)).length}`);
  process.stdout.write(`server checks that can run per auth profile (of ${catalogue.length}): ${runs.join(', ')}\n`);
  return 0;
}
