// Small zod builders whose refusals read as one line naming what was expected: the config's own
// vocabulary ("must be a non-empty string", "must be an integer from 1 to 1000").
import { z } from 'zod';

const got = (input: unknown) => (input === undefined ? '' : ` (got ${JSON.stringify(input)?.slice(0, 60) ?? String(input)})`);

export function text() {
  const error = 'must be a non-empty string';
  return z.string({ error }).min(1, { error });
}

/** An integer in [min, max]: every number in a config is finite and bounded. */
export function int(min: number, max: number, unit = '') {
  const error = (issue: { input?: unknown }) => `must be an integer from ${min} to ${max}${unit}${got(issue.input)}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A number in (or at) the bounds; `exclusiveMin` for "> 0". */
export function number(min: number, max: number, opts: { exclusiveMin?: boolean; unit?: string } = {}) {
  const range = opts.exclusiveMin ? `> ${min} and ≤ ${max}` : `from ${min} to ${max}`;
  const error = (issue: { input?: unknown }) => `must be a number ${range}${opts.unit ?? ''}${got(issue.input)}`;
  const n = z.number({ error }).max(max, { error });
  return opts.exclusiveMin ? n.gt(min, { error }) : n.min(min, { error });
}

/** Milliseconds, at most ten minutes: nothing the harness waits for may wait forever. */
export function milliseconds(min = 1) {
  return int(min, 600_000, ' ms');
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  const listed = values.length === 2 ? `"${values[0]}" or "${values[1]}"` : `one of ${values.map((v) => `"${v}"`).join(', ')}`;
  return z.enum(values, { error: (issue) => `must be ${listed}${got(issue.input)}` });
}

export function strings() {
  return z.record(z.string(), z.string({ error: 'must be a string' }), { error: 'must be an object of strings' });
}

export function stringList(what = 'strings') {
  return z.array(z.string({ error: `must be a list of ${what}` }), { error: `must be a list of ${what}` });
}

export function bool() {
  return z.boolean({ error: 'must be true or false' });
}

/** An object that refuses unknown keys (reported with a "did you mean"). */
export function section<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape, { error: 'must be an object' });
}

/** A tool and its arguments, as several sections name one. */
export const toolCall = section({ tool: text(), arguments: z.record(z.string(), z.unknown(), { error: 'must be an object' }).optional() });

export function port() {
  const error = (issue: { input?: unknown }) => `must be a port number (1–65535)${got(issue.input)}`;
  return z.number({ error }).int({ error }).min(1, { error }).max(65_535, { error });
}

/** An absolute http(s) URL. */
export function httpUrl() {
  return text().refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), { error: (issue) => `must be an http(s) URL${got(issue.input)}` });
}
