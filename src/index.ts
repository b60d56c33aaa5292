// The library face: the same catalogue and engine the CLI uses, for a user's own test runner.
import type { ConfigInput, CoreConfigInput } from './config/config.ts';
import { catalogue, type CatalogueSettings } from '../scenarios/index.ts';
import { createHarness as createHarnessFor, type CreateHarnessOptions, type Harness } from './create-harness.ts';

/** A harness config as a user writes it: the engine's sections and the catalogue families' sections. */
export type HarnessConfig = CoreConfigInput & CatalogueSettings;

/** For harness.config.ts files: `export default defineConfig({...})`. */
export function defineConfig(config: HarnessConfig): HarnessConfig {
  return config;
}

export { loadConfig } from './config/load.ts';
export { parseConfig } from './config/parse.ts';
export { ConfigError } from './config/config-error.ts';
export { runHarness } from './runner/harness.ts';
export { writeReports, REPORT_FORMATS, type ReportFormat, type ReportPaths } from './report/write.ts';
export { referenceConfig } from './reference/harness-config.ts';
export { catalogue, families } from '../scenarios/index.ts';
// For runClientHarness (mcp-auth-harness/client-harness): the `client` family and the reference as the client's server.
export { clientChecks } from '../scenarios/client.ts';
export { referenceMcpServer } from './reference/client-server.ts';
export { defineFamily, type Family, type FamilyDefinition, type CheckSpec } from './family.ts';
export type { Check, CheckResult, Verdict, Status, Revision, Requirement, Level } from './check.ts';
export type { RunReport } from './report/report.ts';
export { exitCodeFor } from './report/report.ts';

/** The vitest face: issuer and target start once; `run(check)` per test (default checks: the catalogue). */
export function createHarness(config: ConfigInput, opts: Partial<CreateHarnessOptions> = {}): Promise<Harness> {
  return createHarnessFor(config, { ...opts, checks: opts.checks ?? catalogue });
}
export { CheckFailure, type Harness, type CreateHarnessOptions } from './create-harness.ts';
