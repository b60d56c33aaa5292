// `${env.NAME}` in credential settings: the value comes from the environment at run time, is
// registered as a secret (so reports, logs and error lines redact it) and is never written back.
export const ENV_PLACEHOLDER = /\$\{env\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  /** Every resolved value lands here (the run's secret list). */
  secrets?: Set<string>;
}

/** Replaces each `${env.NAME}`; a variable that is unset or empty is an error naming it (never a value). */
export function resolveEnvPlaceholders(text: string, where: string, opts: ResolveOptions = {}): string {
  const env = opts.env ?? process.env;
  return text.replace(ENV_PLACEHOLDER, (_, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') throw new Error(`${where}: the environment variable ${name} is not set`);
    opts.secrets?.add(value);
    return value;
  });
}

/** The same for every string in a JSON-like value (a copy; the input is never changed). */
export function resolveEnvPlaceholdersDeep<T>(value: T, where: string, opts: ResolveOptions = {}): T {
  if (typeof value === 'string') return resolveEnvPlaceholders(value, where, opts) as T;
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvPlaceholdersDeep(v, `${where}[${i}]`, opts)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveEnvPlaceholdersDeep(v, `${where}.${k}`, opts);
    return out as T;
  }
  return value;
}
