// In a clone, code that imports 'mcp-auth-harness' by name (a TS config file) gets the sources
// running beside it, through the package's "mcp-auth-harness-source" export condition, rather than
// a dist/ that may be stale or not built. Built (installed from npm), it registers nothing.
import { registerHooks } from 'node:module';

const CONDITION = 'mcp-auth-harness-source';
let registered = false;

/** Per thread: hooks do not reach worker threads, so a worker that loads configs calls this too. */
export function resolveOwnNameToSources(): void {
  if (registered || !import.meta.url.endsWith('.ts')) return;
  registered = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier !== 'mcp-auth-harness' && !specifier.startsWith('mcp-auth-harness/')) return nextResolve(specifier, context);
      return nextResolve(specifier, { ...context, conditions: [...(context.conditions ?? []), CONDITION] });
    },
  });
}
