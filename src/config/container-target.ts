// Container and compose targets: their settings, one-line validation, and paths made absolute.
import path from 'node:path';

/** A target run as a container with host networking: an image as is, or built from a Dockerfile. */
export interface ContainerTargetConfig {
  image?: string;
  /** Like compose's `build:`: context folder, Dockerfile (relative to the context), build args. */
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
}

/** A service of a compose file; `target.env` becomes the variables the file interpolates. */
export interface ComposeTargetConfig {
  file: string;
  service: string;
  profiles?: string[];
  /** Build the service's image before starting it (`up --build`). Default true: never test a stale image. */
  build?: boolean;
}

/** The settings of the harness's own issuer. */
export interface IssuerConfig {
  /** A fixed loopback port, for a target started beforehand that trusts http://127.0.0.1:<port>. Default: any free port. */
  port?: number;
}

type Obj = Record<string, unknown>;
type Fail = (path: string, what: string) => never;

export const TARGET_KINDS = ['command', 'container', 'compose'] as const;

export function validateContainerTargets(t: Obj, fail: Fail): void {
  const kinds = TARGET_KINDS.filter((k) => t[k] !== undefined);
  if (kinds.length > 1) fail('target', `has ${kinds.join(' and ')}: give at most one way to start the target`);
  if (t.container !== undefined) validateContainer(t.container, fail);
  if (t.compose !== undefined) validateCompose(t.compose, fail);
  if ((t.container !== undefined || t.compose !== undefined) && t.cwd !== undefined) fail('target.cwd', `applies to command targets only (not ${kinds[0]})`);
}

export function validateIssuer(v: unknown, fail: Fail): void {
  const i = object(v, 'issuer', fail);
  known(i, 'issuer', ['port'], fail);
  if (i.port !== undefined && !(Number.isInteger(i.port) && (i.port as number) > 0 && (i.port as number) < 65536)) fail('issuer.port', 'must be a port number (1–65535)');
}

function validateContainer(v: unknown, fail: Fail): void {
  const c = object(v, 'target.container', fail);
  known(c, 'target.container', ['image', 'build'], fail);
  if ((c.image === undefined) === (c.build === undefined)) fail('target.container', 'needs exactly one of image or build');
  if (c.image !== undefined) text(c.image, 'target.container.image', fail);
  if (c.build !== undefined) {
    const b = object(c.build, 'target.container.build', fail);
    known(b, 'target.container.build', ['context', 'dockerfile', 'args'], fail);
    text(b.context, 'target.container.build.context', fail);
    if (b.dockerfile !== undefined) text(b.dockerfile, 'target.container.build.dockerfile', fail);
    if (b.args !== undefined) strings(b.args, 'target.container.build.args', fail);
  }
}

function validateCompose(v: unknown, fail: Fail): void {
  const c = object(v, 'target.compose', fail);
  known(c, 'target.compose', ['file', 'service', 'profiles', 'build'], fail);
  text(c.file, 'target.compose.file', fail);
  text(c.service, 'target.compose.service', fail);
  if (c.profiles !== undefined && !(Array.isArray(c.profiles) && c.profiles.every((p) => typeof p === 'string' && p))) {
    fail('target.compose.profiles', 'must be a list of profile names');
  }
  if (c.build !== undefined && typeof c.build !== 'boolean') fail('target.compose.build', 'must be true or false');
}

/** Relative build contexts and compose files are relative to the config file's folder. */
export function resolveContainerPaths(target: { container?: ContainerTargetConfig; compose?: ComposeTargetConfig }, dir: string): void {
  if (target.container?.build) target.container.build.context = path.resolve(dir, target.container.build.context);
  if (target.compose) target.compose.file = path.resolve(dir, target.compose.file);
}

function object(v: unknown, where: string, fail: Fail): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : fail(where, 'must be an object');
}

function text(v: unknown, where: string, fail: Fail): void {
  if (typeof v !== 'string' || !v) fail(where, 'must be a non-empty string');
}

function strings(v: unknown, where: string, fail: Fail): void {
  for (const [k, val] of Object.entries(object(v, where, fail))) if (typeof val !== 'string') fail(`${where}.${k}`, 'must be a string');
}

function known(o: Obj, where: string, keys: string[], fail: Fail): void {
  for (const k of Object.keys(o)) if (!keys.includes(k)) fail(`${where}.${k}`, `is not a known setting (expected one of: ${keys.join(', ')})`);
}
