// Runs a composite action's steps the way a GitHub runner does, for the subset action.yml uses:
// `run` steps under `bash --noprofile --norc -eo pipefail`, `${{ }}` expressions over inputs and
// step outputs, `if:` with always()/success(), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
// `uses` steps are not run: they are recorded with their evaluated `with`, to be asserted on.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import YAML from 'yaml';

interface Step {
  name?: string;
  id?: string;
  if?: string;
  uses?: string;
  with?: Record<string, string>;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepRecord {
  name: string;
  ran: boolean;
  uses?: string;
  with?: Record<string, string>;
  exitCode?: number;
  output?: string;
}

export interface ActionRun {
  steps: StepRecord[];
  /** The action's outputs, as a workflow reads them. */
  outputs: Record<string, string>;
  /** Everything the steps appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** Whether the job would fail. */
  failed: boolean;
}

export async function runCompositeAction(actionFile: string, opts: { inputs: Record<string, string>; workspace: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ActionRun> {
  const action = YAML.parse(await readFile(actionFile, 'utf8')) as ActionFile;
  if (action.runs.using !== 'composite') throw new Error(`${actionFile} is not a composite action`);
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = opts.inputs[name] ?? spec.default ?? '';
  const unknown = Object.keys(opts.inputs).filter((k) => !(k in action.inputs));
  if (unknown.length) throw new Error(`unknown inputs: ${unknown.join(', ')}`);

  const temp = await mkdtemp(join(tmpdir(), 'composite-action-'));
  const summaryFile = join(temp, 'step-summary.md');
  await writeFile(summaryFile, '');
  const stepOutputs: Context['steps'] = {};
  const records: StepRecord[] = [];
  let failed = false;

  for (const [i, step] of action.runs.steps.entries()) {
    const context = { inputs, steps: stepOutputs };
    const name = step.name ?? step.uses ?? `step ${i}`;
    const condition = step.if ?? 'success()';
    if (!truthy(evaluate(unwrap(condition), context, failed, true))) {
      records.push({ name, ran: false, ...(step.uses ? { uses: step.uses } : {}) });
      continue;
    }
    if (step.uses) {
      const withArgs = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), context, failed)]));
      records.push({ name, ran: true, uses: step.uses, with: withArgs });
      continue;
    }
    if (step.shell !== 'bash' || !step.run) throw new Error(`${name}: only bash run steps are supported`);
    const outputFile = join(temp, `output-${i}`);
    const script = join(temp, `step-${i}.sh`);
    await writeFile(outputFile, '');
    await writeFile(script, step.run);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...opts.env,
      // The runner's `node` is the one setup-node installed: here, the Node running the tests.
      PATH: `${dirname(process.execPath)}${delimiter}${opts.env?.PATH ?? process.env.PATH ?? ''}`,
      GITHUB_ACTION_PATH: dirname(actionFile),
      GITHUB_WORKSPACE: opts.workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      RUNNER_TEMP: temp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), context, failed)])),
    };
    const { code, output } = await bash(script, opts.workspace, env, opts.timeoutMs ?? 120_000);
    if (step.id) stepOutputs[step.id] = { outputs: parseOutputs(await readFile(outputFile, 'utf8')) };
    records.push({ name, ran: true, exitCode: code, output });
    if (code !== 0) failed = true;
  }
  const context = { inputs, steps: stepOutputs };
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, interpolate(v.value, context, failed)]));
  return { steps: records, outputs, summary: await readFile(summaryFile, 'utf8'), failed };
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`step did not finish in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** `name=value` lines and `name<<DELIMITER` blocks, as GitHub reads GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2]!, i + 1);
      out[heredoc[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return out;
}

type Context = { inputs: Record<string, string>; steps: Record<string, { outputs: Record<string, string> }> };

function interpolate(s: string, context: Context, failed: boolean): string {
  return s.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr, context, failed, false)));
}

function unwrap(condition: string): string {
  const m = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(condition);
  return m ? m[1]! : condition;
}

function truthy(v: string | boolean): boolean {
  return v !== false && v !== '' && v !== 'false';
}

/** A small subset of GitHub's expression language: ||, &&, ==, !=, ( ), '…', status functions, dotted context. */
function evaluate(expr: string, context: Context, failed: boolean, isCondition: boolean): string | boolean {
  const tokens = expr.match(/\|\||&&|==|!=|\(|\)|'(?:[^']|'')*'|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*/g) ?? [];
  let pos = 0;
  let usedStatus = false;
  const peek = () => tokens[pos];
  const or = (): string | boolean => {
    let v = and();
    while (peek() === '||') {
      pos++;
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const and = (): string | boolean => {
    let v = cmp();
    while (peek() === '&&') {
      pos++;
      const r = cmp();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const cmp = (): string | boolean => {
    const l = primary();
    const op = peek();
    if (op !== '==' && op !== '!=') return l;
    pos++;
    const r = primary();
    const equal = String(l).toLowerCase() === String(r).toLowerCase();
    return op === '==' ? equal : !equal;
  };
  const primary = (): string | boolean => {
    const t = tokens[pos++];
    if (t === undefined) throw new Error(`incomplete expression: ${expr}`);
    if (t === '(') {
      const v = or();
      if (tokens[pos++] !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'always()') return (usedStatus = true);
    if (t === 'success()') return ((usedStatus = true), !failed);
    if (t === 'failure()') return ((usedStatus = true), failed);
    if (t === 'true' || t === 'false') return t === 'true';
    const [root, ...path] = t.split('.');
    let v: unknown = root === 'inputs' ? context.inputs : root === 'steps' ? context.steps : undefined;
    if (v === undefined) throw new Error(`unsupported context in ${expr}: ${t}`);
    for (const key of path) v = (v as Record<string, unknown> | undefined)?.[key];
    return v === undefined ? '' : String(v);
  };
  const value = or();
  if (pos !== tokens.length) throw new Error(`cannot parse ${expr}`);
  // A condition without a status function means `success() && (condition)`.
  return isCondition && !usedStatus ? !failed && truthy(value) : value;
}
