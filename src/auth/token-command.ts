// identities[].tokenCommand: a command the team scripts (a device flow, a CLI login, a vault
// read) that prints an access token — the token alone, or JSON with access_token/expires_in.
// Bounded in time and output; its stderr is quoted (redacted) only when it fails.
import { spawn } from 'node:child_process';
import { redactText } from '../report/redact.ts';
import { IdpError } from './idp-error.ts';
import type { IssuedToken } from './token-request.ts';

export interface TokenCommandOptions {
  identity: string;
  command: string;
  cwd?: string;
  timeoutMs: number;
  env?: Record<string, string>;
  secrets?: Iterable<string>;
}

const MAX_OUTPUT = 64 * 1024;

export async function runTokenCommand(opts: TokenCommandOptions): Promise<IssuedToken> {
  const started = Date.now();
  const { code, stdout, stderr, timedOut, spawnError } = await execute(opts);
  const who = `tokenCommand for ${opts.identity}`;
  const tail = () => {
    const last = stderr.split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
    return last ? `: ${redactText(last.slice(0, 200), [...(opts.secrets ?? []), ...tokensIn(stdout)])}` : '';
  };
  if (spawnError) throw new IdpError(`${who} could not start: ${spawnError}`);
  if (timedOut) throw new IdpError(`${who} did not finish within ${opts.timeoutMs} ms (stopped)`);
  if (code !== 0) throw new IdpError(`${who} exited with code ${code}${tail()}`);
  const token = parseOutput(stdout, started);
  if (!token) throw new IdpError(`${who} printed no token (expected the token alone, or JSON with access_token)${tail()}`);
  return token;
}

/** The token alone (last non-empty line), or a token response as JSON. */
export function parseOutput(stdout: string, started = Date.now()): IssuedToken | undefined {
  const text = stdout.trim();
  if (text.startsWith('{')) {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      if (typeof json.access_token !== 'string' || !json.access_token) return undefined;
      const expiresIn = Number(json.expires_in);
      return {
        accessToken: json.access_token,
        ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
        ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expiresAt: started + expiresIn * 1000 } : {}),
      };
    } catch {
      return undefined;
    }
  }
  const last = text.split('\n').map((l) => l.trim()).filter(Boolean).at(-1);
  if (!last || /\s/.test(last)) return undefined;
  return { accessToken: last.replace(/^bearer\s+/i, '') };
}

function tokensIn(stdout: string): string[] {
  return stdout.split(/\s+/).filter((w) => w.length >= 8);
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  spawnError?: string;
}

function execute(opts: TokenCommandOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn(opts.command, {
      shell: true,
      cwd: opts.cwd,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: a timeout stops the shell's children too
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone already
      }
    };
    child.stdout!.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (stdout.length > MAX_OUTPUT) kill();
    });
    child.stderr!.on('data', (c: Buffer) => {
      stderr = (stderr + c.toString('utf8')).slice(-MAX_OUTPUT);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: null, stdout, stderr, timedOut, spawnError: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.slice(0, MAX_OUTPUT), stderr, timedOut });
    });
  });
}
