// The library face: the same catalogue and engine the CLI uses, for a user's own test runner.
export { defineConfig } from './config/config.ts';
export type { HarnessConfig } from './config/config.ts';
export { loadConfig } from './config/load.ts';
export { runHarness } from './runner/harness.ts';
export { referenceConfig } from './reference/harness-config.ts';
export { catalogue } from '../scenarios/index.ts';
export type { Check, CheckResult, Verdict, Status, Family, Revision } from './check.ts';
export type { RunReport } from './report/report.ts';
export { exitCodeFor } from './report/report.ts';
