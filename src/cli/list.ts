// `list`: the catalogue, as a table or as JSON (with each check's requirement, level, link,
// impact and fix).
import { catalogue } from '../../scenarios/index.ts';
import { clientChecks } from '../../scenarios/client.ts';
import { PROFILES, profilesFor } from '../auth/profile-support.ts';
import type { Level, Requirement } from '../requirement.ts';
import { requirementIn } from '../requirement.ts';
import type { Revision } from '../revisions.ts';

interface Row {
  id: string;
  family: string;
  title: string;
  severity: string;
  /** The level of its requirement; see `levels` where a revision states it at another level. */
  level?: Level;
  /** Per revision the check runs in, when the level is not the same in all of them. */
  levels?: Partial<Record<Revision, Level>>;
  url?: string;
  requirement?: Requirement;
  impact?: string;
  fix?: string;
  spec: string[];
  revisions: readonly string[];
  needs: string[];
  profiles: string[];
  flaw: string;
}

interface Listed {
  id: string;
  family: string;
  title: string;
  severity: string;
  spec: string[];
  flaw: string;
  requirement?: Requirement;
  impact?: string;
  fix?: string;
}

function finding(c: Listed, revisions: readonly Revision[]): Pick<Row, 'level' | 'levels' | 'url' | 'requirement' | 'impact' | 'fix'> {
  const r = c.requirement;
  const byRevision = r ? Object.fromEntries(revisions.map((rev) => [rev, requirementIn(r, rev).level])) : {};
  const varies = new Set(Object.values(byRevision)).size > 1;
  return {
    ...(r ? { level: r.level, url: r.url, requirement: r } : {}),
    ...(varies ? { levels: byRevision } : {}),
    ...(c.impact ? { impact: c.impact } : {}),
    ...(c.fix ? { fix: c.fix } : {}),
  };
}

export function listCommand(opts: { json: boolean }): number {
  const rows: Row[] = catalogue.map((c) => ({
    id: c.id,
    family: c.family,
    title: c.title,
    severity: c.severity,
    ...finding(c, c.revisions),
    spec: c.spec,
    revisions: c.revisions,
    needs: c.needs,
    // Auth profiles it can run under (some need more: an oracle, JWT tokens, a short token TTL…).
    profiles: profilesFor(c.needs),
    flaw: c.flaw,
  }));
  // Run by `mcp-auth-harness client` against a client or proxy; the flaw is a fixtures/clients/ program.
  for (const c of clientChecks) {
    rows.push({ id: c.id, family: c.family, title: c.title, severity: c.severity, ...finding(c, []), spec: c.spec, revisions: [], needs: [], profiles: [], flaw: c.flaw });
  }
  if (opts.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return 0;
  }
  const width = Math.max(...rows.map((r) => r.id.length));
  const otherLevels = (r: Row) => Object.entries(r.levels ?? {}).filter(([, l]) => l !== r.level).map(([rev, l]) => `${l} in ${rev}`);
  for (const r of rows) {
    const level = `${r.level ?? '-'}${r.levels ? '*' : ''}`;
    const also = r.levels ? `  [${otherLevels(r).join(', ')}]` : '';
    process.stdout.write(`${r.id.padEnd(width)}  ${level.padEnd(10)}  ${r.severity.padEnd(6)}  ${r.title}  [flaw: ${r.flaw}]${also}\n`);
  }
  process.stdout.write(`${rows.length} checks\n`);
  const byLevel = (l: Level) => rows.filter((r) => r.level === l).length;
  process.stdout.write(`levels: MUST ${byLevel('MUST')}, SHOULD ${byLevel('SHOULD')}, hardening ${byLevel('hardening')} (* another level in some revision); a violated MUST fails, SHOULD and hardening warn unless --strict\n`);
  const runs = PROFILES.map((p) => `${p} ${catalogue.filter((c) => profilesFor(c.needs).includes(p)).length}`);
  process.stdout.write(`server checks that can run per auth profile (of ${catalogue.length}): ${runs.join(', ')}\n`);
  return 0;
}
